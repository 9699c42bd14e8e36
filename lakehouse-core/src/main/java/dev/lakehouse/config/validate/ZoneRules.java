package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.DatabaseConfig;
import dev.lakehouse.config.model.IntelligentTieringConfig;
import dev.lakehouse.config.model.LifecycleRuleConfig;
import dev.lakehouse.config.model.TransitionConfig;
import dev.lakehouse.config.model.ZoneConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Zones: bucket names, lifecycle rules S3 would reject, Intelligent-Tiering, databases. */
final class ZoneRules extends Rules {
  /** S3's storage classes in the order objects may move through them (the lifecycle "waterfall"). */
  static final List<String> STORAGE_CLASSES =
      List.of("STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE");
  private static final Pattern ZONE = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  static final Pattern DATABASE = Pattern.compile("[a-z0-9_]{1,255}");
  private static final int INFREQUENT_ACCESS_MINIMUM_DAYS = 30;
  /** S3 refuses a transition out of GLACIER (to DEEP_ARCHIVE) less than this many days after the one into it. */
  private static final int GLACIER_MINIMUM_DAYS = 90;

  /** The days S3 keeps objects in a storage class before a later transition may move them on; 0 for none. */
  private static int minimumStay(String storageClass) {
    return switch (storageClass) {
      case "STANDARD_IA", "ONEZONE_IA" -> INFREQUENT_ACCESS_MINIMUM_DAYS;
      case "GLACIER" -> GLACIER_MINIMUM_DAYS;
      default -> 0;
    };
  }
  private static final int DATABASE_PARAMETER_VALUE_MAX = 512_000;
  /** The Athena results bucket's address is s3_bucket.athena_results: no zone may take that name. */
  private static final String RESERVED_ZONE = "athena_results";

  ZoneRules(Stack stack, Problems problems) {
    super(stack, problems);
  }

  @Override
  void validate() {
    Map<String, ZoneConfig> zones = stack.config().zones();
    if (zones.isEmpty()) {
      problems.add(ConfigPath.of("zones"), "a stack needs at least one zone (e.g. raw, processed, curated)");
    }
    Map<String, ConfigPath> buckets = new HashMap<>();
    Map<String, ConfigPath> databases = new HashMap<>();
    zones.forEach((name, zone) -> {
      ConfigPath path = ConfigPath.of("zones", name);
      if (!ZONE.matcher(name).matches()) {
        problems.addAtKey(path, "zone names must start with a lowercase letter and hold only lowercase "
            + "letters, digits, '_' and '-'");
      } else if (name.equals(RESERVED_ZONE)) {
        problems.addAtKey(path, "'" + RESERVED_ZONE + "' names the Athena results bucket; call the zone otherwise");
      }
      bucket(zone.bucket(), path.key("bucket"), buckets);
      lifecycle(name, zone, path.key("lifecycle"));
      tiering(zone.intelligentTiering(), path.key("intelligentTiering"));
      database(zone.database(), path.key("database"), databases);
      tags(zone.tags(), path.key("tags"));
      tagCount(zone.tags(), path.key("tags"), zone.database() == null ? "a bucket" : "a bucket and its database");
    });
    if (stack.config().athena() != null) {
      bucket(stack.config().athena().resultsBucket(), ConfigPath.of("athena", "resultsBucket"), buckets);
    }
  }

  private void bucket(String name, ConfigPath path, Map<String, ConfigPath> seen) {
    if (!required(name, path)) {
      return;
    }
    boolean holdsAccount = stack.account() == null && name.contains(ConfigLoader.PLACEHOLDER_ACCOUNT);
    S3Names.whyInvalid(name, holdsAccount).ifPresent(why -> problems.add(path, "bucket name '" + name + "' " + why));
    ConfigPath first = seen.putIfAbsent(name, path);
    if (first != null) {
      problems.add(path, "bucket '" + name + "' is already used by " + first);
    }
  }

  private void lifecycle(String zoneName, ZoneConfig zone, ConfigPath path) {
    List<LifecycleRuleConfig> rules = zone.lifecycle();
    unique(rules, LifecycleRuleConfig::id, path, "id", "lifecycle rule id");
    for (int i = 0; i < rules.size(); i++) {
      LifecycleRuleConfig rule = rules.get(i);
      ConfigPath at = path.index(i);
      if (required(rule.id(), at.key("id")) && rule.id().length() > 255) {
        problems.add(at.key("id"), "a lifecycle rule id must be at most 255 characters long");
      }
      boolean hasAction = !rule.transitions().isEmpty() || rule.expirationDays() != null
          || !rule.noncurrentVersionTransitions().isEmpty() || rule.noncurrentVersionExpirationDays() != null
          || rule.abortIncompleteMultipartUploadDays() != null || rule.expiredObjectDeleteMarker();
      if (!hasAction) {
        problems.add(at, "a lifecycle rule needs at least one action: transitions, expirationDays, "
            + "noncurrentVersionTransitions, noncurrentVersionExpirationDays, abortIncompleteMultipartUploadDays "
            + "or expiredObjectDeleteMarker");
      }
      if (rule.expiredObjectDeleteMarker() && rule.expirationDays() != null) {
        problems.add(at.key("expiredObjectDeleteMarker"), "S3 takes expiredObjectDeleteMarker only in a rule without "
            + "expirationDays (a rule that expires current objects removes expired delete markers itself once they "
            + "are that old); to remove them as soon as they are the last version, give it a rule of its own");
      }
      int lastTransition = transitions(rule.transitions(), at.key("transitions"), "created");
      expiration(rule.expirationDays(), lastTransition, at.key("expirationDays"));
      if (rule.expirationDays() != null && rule.enabled()) {
        tablesUnder(zoneName, rule.prefix(), at.key("expirationDays"));
      }
      if (rule.enabled()) {
        archivedTables(zoneName, zone, rule, at.key("transitions"));
      }
      int lastNoncurrent = transitions(rule.noncurrentVersionTransitions(),
          at.key("noncurrentVersionTransitions"), "noncurrent");
      expiration(rule.noncurrentVersionExpirationDays(), lastNoncurrent, at.key("noncurrentVersionExpirationDays"));
      atLeast(rule.abortIncompleteMultipartUploadDays(), 1, at.key("abortIncompleteMultipartUploadDays"),
          "abortIncompleteMultipartUploadDays");
    }
  }

  /**
   * An expiration that reaches a declared Iceberg table's files deletes them while its snapshots
   * still name them: the table breaks. Iceberg's files go when snapshots expire (maintenance).
   */
  private void tablesUnder(String zoneName, String prefix, ConfigPath path) {
    List<String> reached = tablesReached(zoneName, prefix);
    if (!reached.isEmpty()) {
      problems.add(path, "the rule would delete the files of Iceberg table" + (reached.size() == 1 ? " " : "s ")
          + String.join(", ", reached) + ", which the table's snapshots still need: the table would break. "
          + "Iceberg tables shed old files as their snapshots expire (maintenance.snapshotRetention); give the "
          + "rule a prefix outside the tables' locations");
    }
  }

  /**
   * A transition that takes a declared Iceberg table's files where S3 keeps them archived (Glacier
   * Flexible Retrieval, Deep Archive, or Intelligent-Tiering with its archive tiers on) makes them
   * unreadable until each is restored: a query, or maintain's OPTIMIZE, that needs one fails.
   * Glacier Instant Retrieval and the other classes are read as they are.
   */
  private void archivedTables(String zoneName, ZoneConfig zone, LifecycleRuleConfig rule, ConfigPath path) {
    List<String> reached = tablesReached(zoneName, rule.prefix());
    if (reached.isEmpty()) {
      return;
    }
    IntelligentTieringConfig tiering = zone.intelligentTiering();
    for (int i = 0; i < rule.transitions().size(); i++) {
      String storageClass = rule.transitions().get(i).storageClass();
      List<String> archived = List.of();
      String how = "";
      if ("GLACIER".equals(storageClass) || "DEEP_ARCHIVE".equals(storageClass)) {
        archived = reached;
        how = ", an archive class";
      } else if ("INTELLIGENT_TIERING".equals(storageClass) && tiering != null) {
        List<String> tiered = tablesReached(zoneName, tiering.prefix());
        Integer days = tiering.archiveAfterDays() != null ? tiering.archiveAfterDays() : tiering.deepArchiveAfterDays();
        archived = days == null ? List.of() : reached.stream().filter(tiered::contains).toList();
        how = ", where the zone's intelligentTiering archives the files not read for " + days + " days";
      }
      if (!archived.isEmpty()) {
        problems.add(path.index(i).key("storageClass"), "the rule would move the files of Iceberg table"
            + (archived.size() == 1 ? " " : "s ") + String.join(", ", archived) + " to " + storageClass + how
            + ": Athena queries and maintain fail on an archived file until it is restored. Use GLACIER_IR or "
            + "a warmer class, or give the rule a prefix outside the tables' locations");
        return;
      }
    }
  }

  /**
   * The declared Iceberg tables of the zone whose files a rule with this prefix reaches, each with its
   * prefix in the zone's bucket. Not the bucket's name: the config is checked before the account is
   * known, so a name holding {@code ${account}} would show a placeholder account, not the stack's.
   */
  private List<String> tablesReached(String zoneName, String prefix) {
    return stack.config().tables().stream()
        .filter(table -> zoneName.equals(table.zone()) && table.tableName() != null)
        .filter(table -> prefix == null || prefix.isEmpty() || (table.tableName() + "/").startsWith(prefix)
            || prefix.startsWith(table.tableName() + "/"))
        .map(table -> table.name() + " (under " + table.tableName() + "/ in the zone's bucket)")
        .toList();
  }

  /** Checks the transitions in order; returns the day of the last valid one (or -1). */
  private int transitions(List<TransitionConfig> transitions, ConfigPath path, String since) {
    int previousDays = -1;
    String previousClass = null;
    for (int i = 0; i < transitions.size(); i++) {
      TransitionConfig t = transitions.get(i);
      ConfigPath at = path.index(i);
      boolean complete = required(t.afterDays(), at.key("afterDays")) & required(t.storageClass(), at.key("storageClass"));
      if (!complete) {
        continue;
      }
      if (!STORAGE_CLASSES.contains(t.storageClass())) {
        oneOf(t.storageClass(), STORAGE_CLASSES, at.key("storageClass"), "storage class");
        continue;
      }
      if (t.afterDays() < 0) {
        problems.add(at.key("afterDays"), "must be 0 or more, got " + t.afterDays());
        continue;
      }
      boolean infrequent = t.storageClass().equals("STANDARD_IA") || t.storageClass().equals("ONEZONE_IA");
      if (infrequent && t.afterDays() < INFREQUENT_ACCESS_MINIMUM_DAYS) {
        problems.add(at.key("afterDays"), "S3 allows a transition to " + t.storageClass() + " only "
            + INFREQUENT_ACCESS_MINIMUM_DAYS + " days or more after objects are " + since + ", got " + t.afterDays());
      }
      if (previousClass != null) {
        if (previousClass.equals("ONEZONE_IA") && t.storageClass().equals("GLACIER_IR")) {
          // The one step down the waterfall S3 does not take: One Zone-IA goes on to GLACIER or DEEP_ARCHIVE only.
          problems.add(at.key("storageClass"), "S3 does not move objects from ONEZONE_IA to GLACIER_IR; after "
              + "ONEZONE_IA use GLACIER or DEEP_ARCHIVE, or move them to GLACIER_IR without ONEZONE_IA first");
        } else if (STORAGE_CLASSES.indexOf(t.storageClass()) <= STORAGE_CLASSES.indexOf(previousClass)) {
          problems.add(at.key("storageClass"), "transitions out of order: objects cannot move from "
              + previousClass + " to " + t.storageClass() + "; list them from warmer to colder ("
              + String.join(" -> ", STORAGE_CLASSES) + ")");
        } else if (t.afterDays() <= previousDays) {
          problems.add(at.key("afterDays"), "transitions out of order: day " + t.afterDays()
              + " is not after the previous transition's day " + previousDays);
        } else if (t.afterDays() - previousDays < minimumStay(previousClass)) {
          problems.add(at.key("afterDays"), "objects must stay in " + previousClass + " at least "
              + minimumStay(previousClass) + " days before S3 moves them on: use day "
              + (previousDays + minimumStay(previousClass)) + " or later, got " + t.afterDays());
        }
      }
      previousDays = t.afterDays();
      previousClass = t.storageClass();
    }
    return previousDays;
  }

  private void expiration(Integer days, int lastTransition, ConfigPath path) {
    if (days == null) {
      return;
    }
    if (days < 1) {
      problems.add(path, "must be at least 1, got " + days);
    } else if (days <= lastTransition) {
      problems.add(path, "objects would expire (day " + days + ") before their last transition (day "
          + lastTransition + ")");
    }
  }

  private void tiering(IntelligentTieringConfig tiering, ConfigPath path) {
    if (tiering == null) {
      return;
    }
    if (tiering.archiveAfterDays() == null && tiering.deepArchiveAfterDays() == null) {
      problems.add(path, "set archiveAfterDays, deepArchiveAfterDays or both");
    }
    range(tiering.archiveAfterDays(), 90, 730, path.key("archiveAfterDays"),
        "S3 Intelligent-Tiering Archive Access (days)");
    range(tiering.deepArchiveAfterDays(), 180, 730, path.key("deepArchiveAfterDays"),
        "S3 Intelligent-Tiering Deep Archive Access (days)");
    if (tiering.archiveAfterDays() != null && tiering.deepArchiveAfterDays() != null
        && tiering.deepArchiveAfterDays() <= tiering.archiveAfterDays()) {
      problems.add(path.key("deepArchiveAfterDays"), "must be more than archiveAfterDays ("
          + tiering.archiveAfterDays() + "), got " + tiering.deepArchiveAfterDays());
    }
    if (tiering.id().length() > 64) {
      problems.add(path.key("id"), "an Intelligent-Tiering configuration id must be at most 64 characters long");
    }
  }

  private void database(DatabaseConfig database, ConfigPath path, Map<String, ConfigPath> seen) {
    if (database == null) {
      return;
    }
    if (required(database.name(), path.key("name"))) {
      if (matches(database.name(), DATABASE, path.key("name"),
          "is not a name Athena can query: use lowercase letters, digits and '_' (at most 255)")
          && database.name().equals("default")) {
        problems.add(path.key("name"), "the 'default' database belongs to the account's catalog (Athena looks it "
            + "up for every query); name a database of the stack's own");
      }
      ConfigPath first = seen.putIfAbsent(database.name(), path.key("name"));
      if (first != null) {
        problems.add(path.key("name"), "database '" + database.name() + "' is already used by " + first);
      }
    }
    if (database.description().length() > 2048) {
      problems.add(path.key("description"), "must be at most 2048 characters long");
    }
    database.parameters().forEach((key, value) -> {
      ConfigPath at = path.key("parameters").key(key);
      if (key.isEmpty() || key.length() > 255) {
        problems.addAtKey(at, "a Glue database parameter key must be 1 to 255 characters long");
      }
      if (value.length() > DATABASE_PARAMETER_VALUE_MAX) {
        problems.add(at, "a Glue database parameter value must be at most " + DATABASE_PARAMETER_VALUE_MAX
            + " characters long");
      }
    });
  }
}
