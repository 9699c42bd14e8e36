package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AccessConfig;
import dev.lakehouse.config.model.RoleConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** IAM roles: names, trust, managed policy ARNs, and the zones and workgroups access refers to. */
final class IamRules extends Rules {
  private static final Pattern ROLE = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?");
  static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/[\\w+=,.@/-]+");
  /** The characters IAM allows in a role description. */
  private static final Pattern DESCRIPTION = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
  /** IAM's hard limit on managed policies attached to one role (the default quota is 10, raised on request). */
  static final int MAX_MANAGED_POLICIES = 20;
  /** An AWS managed policy often given as a boundary, for the example in a refusal. */
  private static final String BOUNDARY_EXAMPLE = "PowerUserAccess";

  IamRules(Stack stack, Problems problems) {
    super(stack, problems);
  }

  @Override
  void validate() {
    List<RoleConfig> roles = stack.config().iam().roles();
    ConfigPath path = ConfigPath.of("iam", "roles");
    unique(roles, RoleConfig::name, path, "name", "role");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < roles.size(); i++) {
      String name = roles.get(i).name();
      if (name != null && !seen.add(name.toLowerCase(Locale.ROOT)) && roles.stream().map(RoleConfig::name)
          .filter(name::equals).count() == 1) {
        problems.add(path.index(i).key("name"), "role '" + name + "' differs from another role's name only in "
            + "case, and IAM role names are unique regardless of case");
      }
    }
    for (int i = 0; i < roles.size(); i++) {
      role(roles.get(i), path.index(i));
    }
    String boundary = stack.config().iam().permissionsBoundary();
    if (boundary != null) {
      managedPolicy(boundary, ConfigPath.of("iam", "permissionsBoundary"), BOUNDARY_EXAMPLE);
    }
    if (!roles.isEmpty()) {
      tagKeysOnlyInCase();
      int roleTags = roleTagCount(Map.of());
      if (roleTags > 50 && stack.tagCountWith(Map.of()) <= 50) {
        problems.add(ConfigPath.of("tags"), "an IAM role can carry at most 50 tags, and these come to " + roleTags
            + " with lakehouse's own four (two ownership tags, the stack's region and the mark of the applied "
            + "config)");
      }
    }
  }

  /** How many tags a role carries at most: its own, the stack's, and lakehouse's four (the mark among them). */
  private int roleTagCount(Map<String, String> roleTags) {
    return stack.roleTagsWith(roleTags).size() + 1;
  }

  /**
   * IAM takes a role's tag keys regardless of case (Owner and owner are one key) and refuses a role
   * whose tags hold both, where S3 and the other services take them as two: reported once where the
   * stack's tags hold both, else on each role whose own tags meet another in case only.
   */
  private void tagKeysOnlyInCase() {
    Optional<String[]> stackPair = pairInCaseOnly(writtenOrder(Map.of()));
    stackPair.ifPresent(pair -> {
      ConfigPath at = stack.config().tags().containsKey(pair[1]) ? ConfigPath.of("tags", pair[1])
          : ConfigPath.of("environments", stack.env(), "tags", pair[1]);
      problems.addAtKey(at, "tag keys '" + pair[0] + "' and '" + pair[1] + "' differ only in case, and IAM takes "
          + "a role's tag keys regardless of case: it would refuse the stack's roles; keep one of them");
    });
    if (stackPair.isPresent()) {
      return;
    }
    List<RoleConfig> roles = stack.config().iam().roles();
    for (int i = 0; i < roles.size(); i++) {
      Map<String, String> own = roles.get(i).tags();
      int index = i;
      pairInCaseOnly(writtenOrder(own)).ifPresent(pair -> {
        String ownKey = own.containsKey(pair[1]) ? pair[1] : pair[0];
        problems.addAtKey(ConfigPath.of("iam", "roles").index(index).key("tags").key(ownKey), "tag keys '"
            + pair[0] + "' and '" + pair[1] + "' differ only in case once the stack's tags are added, and IAM "
            + "takes a role's tag keys regardless of case: it would refuse the role; keep one of them");
      });
    }
  }

  /**
   * The tag keys a role carries, in the order the file writes them: the stack's tags, the chosen
   * environment's, the ownership tags, then the role's own (the stack keeps its tags unordered).
   */
  private List<String> writtenOrder(Map<String, String> roleTags) {
    LinkedHashSet<String> keys = new LinkedHashSet<>(stack.config().tags().keySet());
    if (stack.config().environments().containsKey(stack.env())) {
      keys.addAll(stack.config().environments().get(stack.env()).tags().keySet());
    }
    keys.addAll(new TreeSet<>(stack.ownershipTags().keySet()));
    keys.add(Stack.REGION_TAG);
    keys.addAll(roleTags.keySet());
    keys.retainAll(stack.roleTagsWith(roleTags).keySet());
    return List.copyOf(keys);
  }

  /** The first two keys that are equal but for case, in their order; empty when there are none. */
  private static Optional<String[]> pairInCaseOnly(Collection<String> keys) {
    Map<String, String> seen = new HashMap<>();
    for (String key : keys) {
      String first = seen.putIfAbsent(key.toLowerCase(Locale.ROOT), key);
      if (first != null) {
        return Optional.of(new String[] {first, key});
      }
    }
    return Optional.empty();
  }

  /**
   * A managed policy a role is given, to attach or as its permissions boundary: IAM takes AWS's managed
   * policies and those of the role's own account, of its partition.
   */
  private void managedPolicy(String policy, ConfigPath at, String exampleName) {
    if (policy == null || !matches(policy, POLICY_ARN, at,
        "is not a managed policy ARN such as arn:" + stack.partition() + ":iam::aws:policy/" + exampleName)) {
      return;
    }
    inStackPartition(policy, at, "a policy");
    String owner = policy.split(":")[4];
    if (!owner.equals("aws") && stack.account() != null && !owner.equals(stack.account())) {
      problems.add(at, "'" + policy + "' is a policy of account " + owner + ", but IAM gives a role only AWS managed "
          + "policies and those of the role's own account " + stack.account() + "; make the policy in that account");
    }
  }

  private void role(RoleConfig role, ConfigPath path) {
    if (required(role.name(), path.key("name"))) {
      matches(role.name(), ROLE, path.key("name"),
          "is not a valid IAM role name (letters, digits and +=,.@_- only, at most 64)");
    }
    if (role.trustedServices().isEmpty() && role.trustedAccounts().isEmpty()) {
      problems.add(path, "a role needs trustedServices or trustedAccounts: someone must be able to assume it");
    }
    for (int i = 0; i < role.trustedServices().size(); i++) {
      matches(role.trustedServices().get(i), SERVICE, path.key("trustedServices").index(i),
          "is not an AWS service principal such as glue.amazonaws.com");
    }
    for (int i = 0; i < role.trustedAccounts().size(); i++) {
      matches(role.trustedAccounts().get(i), ACCOUNT, path.key("trustedAccounts").index(i),
          "is not a 12-digit AWS account id");
    }
    for (int i = 0; i < role.managedPolicies().size(); i++) {
      managedPolicy(role.managedPolicies().get(i), path.key("managedPolicies").index(i), "AmazonAthenaFullAccess");
    }
    if (role.permissionsBoundary() != null) {
      managedPolicy(role.permissionsBoundary(), path.key("permissionsBoundary"), BOUNDARY_EXAMPLE);
    }
    uniqueValues(role.managedPolicies(), path.key("managedPolicies"), "managed policy");
    if (role.managedPolicies().size() > MAX_MANAGED_POLICIES) {
      problems.add(path.key("managedPolicies"), "IAM attaches at most " + MAX_MANAGED_POLICIES
          + " managed policies to a role, got " + role.managedPolicies().size());
    }
    uniqueValues(role.trustedServices(), path.key("trustedServices"), "service");
    uniqueValues(role.trustedAccounts(), path.key("trustedAccounts"), "account");
    if (role.description() != null) {
      if (role.description().length() > 1000) {
        problems.add(path.key("description"), "a role description must be at most 1000 characters long");
      } else {
        matches(role.description(), DESCRIPTION, path.key("description"),
            "holds characters IAM does not allow in a description (tabs, line breaks and Latin-1 text only)");
      }
    }
    if (role.maxSessionDurationSeconds() != null) {
      range(role.maxSessionDurationSeconds(), 3600, 43200, path.key("maxSessionDurationSeconds"),
          "maxSessionDurationSeconds");
    }
    tags(role.tags(), path.key("tags"));
    if (roleTagCount(role.tags()) > 50 && roleTagCount(Map.of()) <= 50) {
      problems.add(path.key("tags"), "a role can carry at most 50 tags, and these come to "
          + roleTagCount(role.tags()) + " with the stack's tags and lakehouse's own four");
    }
    AccessConfig access = role.access();
    if (access != null) {
      for (int i = 0; i < access.read().size(); i++) {
        zoneExists(access.read().get(i), path.key("access").key("read").index(i));
      }
      for (int i = 0; i < access.write().size(); i++) {
        zoneExists(access.write().get(i), path.key("access").key("write").index(i));
      }
      for (int i = 0; i < access.athenaWorkgroups().size(); i++) {
        workgroupExists(access.athenaWorkgroups().get(i), path.key("access").key("athenaWorkgroups").index(i));
      }
    }
  }
}
