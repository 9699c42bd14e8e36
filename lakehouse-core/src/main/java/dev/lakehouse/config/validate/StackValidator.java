package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.ConfigProblem;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.KmsKeyConfig;
import dev.lakehouse.config.model.StackConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every semantic check of a stack, run before any AWS call: names AWS would reject,
 * settings AWS would refuse, references to things the config does not declare, and
 * settings that would lose data. Problems are collected, not thrown one by one.
 */
public final class StackValidator extends Rules {
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{0,29}");
  private static final Pattern ENV = Pattern.compile("[a-z][a-z0-9-]{0,29}");
  private static final Pattern REGION = Pattern.compile("([a-z]{2}(-gov|-iso[a-z]?)?|eusc-[a-z]{2})-[a-z]+-\\d");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern KMS_ALIAS = Pattern.compile("[a-zA-Z0-9/_-]{1,250}");

  public StackValidator(Stack stack, Problems problems) {
    super(stack, problems);
  }

  @Override
  public void validate() {
    StackConfig config = stack.config();
    if (!required(config.project(), ConfigPath.of("project"))) {
      // Every name and ownership tag derives from the project: the other checks need it.
      return;
    }
    matches(config.project(), PROJECT, ConfigPath.of("project"),
        "must start with a lowercase letter and hold only lowercase letters, digits and hyphens (at most 30)");
    // The regions the file holds, each where it is written; one from --region or AWS_REGION is
    // checked by the loader, which knows where it came from.
    matches(config.region(), REGION, ConfigPath.of("region"), "is not an AWS region name such as us-east-1");
    config.environments().forEach((name, env) -> {
      ConfigPath path = ConfigPath.of("environments", name);
      if (!ENV.matcher(name).matches()) {
        problems.addAtKey(path, "environment names must start with a lowercase letter and hold only "
            + "lowercase letters, digits and hyphens (at most 30)");
      }
      matches(env.account(), ACCOUNT, path.key("account"), "is not a 12-digit AWS account id");
      matches(env.region(), REGION, path.key("region"), "is not an AWS region name such as us-east-1");
      tags(name.equals(stack.env()) ? resolved(env.tags()) : unresolved(env.tags()), path.key("tags"));
    });
    String expectedAccount = config.environments().containsKey(stack.env())
        ? config.environments().get(stack.env()).account() : null;
    if (expectedAccount != null && stack.account() != null && !expectedAccount.equals(stack.account())) {
      problems.add(ConfigPath.of("environments", stack.env(), "account"), "environment '" + stack.env()
          + "' may only run in account " + expectedAccount + ACCOUNT_MISMATCH + stack.account());
    }
    tags(config.tags(), ConfigPath.of("tags"));
    if (stack.tagCountWith(Map.of()) > 50) {
      problems.add(ConfigPath.of("tags"), "a resource can carry at most 50 tags, and these come to "
          + stack.tagCountWith(Map.of()) + " with lakehouse's own three (two ownership tags and the mark of "
          + "the applied config)");
    }
    kmsKey(config.encryption().kmsKey(), ConfigPath.of("encryption", "kmsKey"));
    for (Rules section : List.of(
        new ZoneRules(stack, problems),
        new TableRules(stack, problems),
        new AthenaRules(stack, problems),
        new IamRules(stack, problems),
        new LakeFormationRules(stack, problems),
        new MonitoringRules(stack, problems),
        new MaintenanceRules(stack, problems))) {
      section.validate();
    }
  }

  /** What the problem of credentials of another account than the environment's says, before that account. */
  private static final String ACCOUNT_MISMATCH = ", but the credentials are for account ";

  /**
   * Whether the problem is that the credentials belong to another account than the environment's:
   * a problem of the credentials in use, not of the file, which validate (no AWS call) cannot see.
   */
  public static boolean isAccountMismatch(ConfigProblem problem) {
    return problem.path() != null && problem.path().toString().matches("environments\\.[^.]+\\.account")
        && problem.message().contains(ACCOUNT_MISMATCH);
  }

  /** An environment name as the config's own must be: a lowercase letter, then lowercase letters, digits and '-'. */
  public static boolean isEnvironmentName(String name) {
    return ENV.matcher(name).matches();
  }

  /** Whether the name has the form of an AWS region's, such as us-east-1, us-gov-west-1 or eusc-de-east-1. */
  public static boolean isRegionName(String name) {
    return REGION.matcher(name).matches();
  }

  /** The chosen environment's tags as the stack carries them, their references resolved. */
  private Map<String, String> resolved(Map<String, String> environmentTags) {
    Map<String, String> tags = new LinkedHashMap<>();
    environmentTags.keySet().forEach(key -> tags.put(key, stack.tags().get(key)));
    return tags;
  }

  /**
   * Another environment's tags, which are not resolved for this one: each reference stands as one
   * letter, so that its characters ('$', '{') are not taken for the value's own.
   */
  private static Map<String, String> unresolved(Map<String, String> environmentTags) {
    Map<String, String> tags = new LinkedHashMap<>();
    environmentTags.forEach((key, value) -> tags.put(key, value.replaceAll("\\$\\{[^}]*}", "x")));
    return tags;
  }

  private void kmsKey(KmsKeyConfig key, ConfigPath path) {
    if (key == null) {
      return;
    }
    if (required(key.alias(), path.key("alias"))) {
      String alias = key.alias().startsWith("alias/") ? key.alias().substring(6) : key.alias();
      if (alias.startsWith("aws/")) {
        problems.add(path.key("alias"), "aliases starting with 'aws/' are reserved for AWS managed keys");
      } else {
        matches(alias, KMS_ALIAS, path.key("alias"),
            "may hold only letters, digits, '/', '_' and '-' (at most 250)");
      }
    }
    int keyTags = stack.tagCountWith(Map.of()) + 1;
    if (keyTags > 50 && stack.tagCountWith(Map.of()) <= 50) {
      problems.add(ConfigPath.of("tags"), "the KMS key can carry at most 50 tags, and these come to " + keyTags
          + " with lakehouse's own four (two ownership tags, the mark of the applied config and the key's alias)");
    }
    range(key.deletionWindowDays(), 7, 30, path.key("deletionWindowDays"),
        "the KMS key deletion window (days)");
    if (key.description().length() > 8192) {
      problems.add(path.key("description"), "must be at most 8192 characters long");
    }
  }
}
