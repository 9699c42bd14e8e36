package dev.lakehouse.provision.iam;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AccessConfig;
import dev.lakehouse.config.model.RoleConfig;
import dev.lakehouse.config.model.StackConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Ownership;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The stack's IAM roles, {@code iam_role.<name>}, and the roles it made that the config no
 * longer declares.
 */
public final class IamProvider implements ResourceProvider {
  /** The most roles one ListRoles answers (it answers 100 unless asked for more). */
  private static final int LARGEST_PAGE = 1000;

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    IamRoleResource type = new IamRoleResource(context.aws().iam(), keyArnOfItsLength(stack).length());
    List<Desired<?>> desired = new ArrayList<>();
    for (RoleConfig role : stack.config().iam().roles()) {
      desired.add(Desired.of(Addresses.role(role.name()), type, dependsOn(stack.config(), role),
          outputs -> spec(stack, role, outputs)));
    }
    return desired;
  }

  static RoleSpec spec(Stack stack, RoleConfig role, Outputs outputs) {
    return new RoleSpec(
        role.name(),
        role.description() == null ? "" : role.description(),
        role.maxSessionDurationSeconds() == null
            ? RoleConverters.DEFAULT_SESSION_SECONDS : role.maxSessionDurationSeconds(),
        RolePolicies.trust(stack.partition(), role.trustedServices(), role.trustedAccounts()),
        role.managedPolicies(),
        role.permissionsBoundary() == null ? stack.config().iam().permissionsBoundary() : role.permissionsBoundary(),
        role.access() == null ? null : RolePolicies.access(stack.partition(), stack.region(), stack.account(),
            access(stack.config(), role.access(), outputs)),
        stack.roleTagsWith(role.tags()),
        null);
  }

  /**
   * Why the role cannot be made as the config writes it, told from the config alone: what plan
   * refuses before any write (a generated access policy longer than IAM takes), for validate to
   * refuse too. The key's ARN, not known offline, counts as long as the one KMS gives a key.
   */
  public static List<String> beyondLimits(Stack stack, RoleConfig role) {
    String account = stack.account() == null ? ConfigLoader.PLACEHOLDER_ACCOUNT : stack.account();
    Stack inAccount = new Stack(stack.file(), stack.env(), stack.config(), stack.region(), account,
        stack.deletionProtection(), stack.tags(), stack.sources());
    String keyArn = keyArnOfItsLength(inAccount);
    return IamRoleResource.policyBeyondLimit(spec(inAccount, role, (address, key) -> keyArn), keyArn.length());
  }

  /** An ARN as long as the one KMS gives the stack's key: the key's id is a UUID. */
  static String keyArnOfItsLength(Stack stack) {
    String account = stack.account() == null ? ConfigLoader.PLACEHOLDER_ACCOUNT : stack.account();
    return "arn:" + stack.partition() + ":kms:" + stack.region() + ":" + account
        + ":key/00000000-0000-0000-0000-000000000000";
  }

  /** What the config's access names, resolved to buckets, databases, the key and the results bucket. */
  static RolePolicies.Access access(StackConfig config, AccessConfig access, Outputs outputs) {
    List<String> registered = config.lakeFormation() == null ? List.of() : config.lakeFormation().registerZones();
    List<RolePolicies.ZoneAccess> zones = new ArrayList<>();
    for (String name : accessedZones(access)) {
      ZoneConfig zone = config.zone(name);
      zones.add(new RolePolicies.ZoneAccess(zone.bucket(), zone.database() == null ? null : zone.database().name(),
          access.write().contains(name), registered.contains(name)));
    }
    String keyArn = config.encryption().kmsKey() == null ? null : outputs.get(Addresses.kmsKey(), "arn");
    String resultsBucket = config.athena() == null ? null : config.athena().resultsBucket();
    return new RolePolicies.Access(zones, keyArn, access.athenaWorkgroups(), resultsBucket);
  }

  /** The key and the buckets the role's access names: its policy names their ARNs. */
  static Set<Address> dependsOn(StackConfig config, RoleConfig role) {
    Set<Address> dependsOn = new LinkedHashSet<>();
    if (role.access() == null) {
      return dependsOn;
    }
    if (config.encryption().kmsKey() != null) {
      dependsOn.add(Addresses.kmsKey());
    }
    accessedZones(role.access()).forEach(zone -> dependsOn.add(Addresses.zoneBucket(zone)));
    if (!role.access().athenaWorkgroups().isEmpty()) {
      dependsOn.add(Addresses.resultsBucket());
    }
    return dependsOn;
  }

  private static Set<String> accessedZones(AccessConfig access) {
    Set<String> zones = new LinkedHashSet<>(access.read());
    zones.addAll(access.write());
    return zones;
  }

  /**
   * Roles carrying the stack's ownership tags that the config no longer declares. To keep plans
   * fast in accounts with many roles, only roles named with the stack's prefix
   * ({@code <project>-<env>-}, as the canonical stack names them) have their tags read: a role of
   * the stack named otherwise is not found once the config drops it, and stays.
   */
  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    Stack stack = context.stack();
    IamClient iam = context.aws().iam();
    IamRoleResource type = new IamRoleResource(iam, keyArnOfItsLength(stack).length());
    String prefix = stack.project() + "-" + stack.env() + "-";
    // IAM role names are unique regardless of case: a declared role whose name differs from one in
    // the account in case only is that role, never one to delete.
    Set<String> declaredRoles = declared.stream().filter(address -> address.type().equals(Addresses.IAM_ROLE))
        .map(address -> address.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<Discovered<?>> found = new ArrayList<>();
    try {
      for (Role role : roles(context).get()) {
        String name = role.roleName();
        if (!name.regionMatches(true, 0, prefix, 0, prefix.length())
            || declaredRoles.contains(name.toLowerCase(Locale.ROOT)) || !ownedBy(iam, name, stack)) {
          continue;
        }
        type.read(named(name)).ifPresent(observed ->
            found.add(new Discovered<>(Addresses.role(name), type, observed, Set.of())));
      }
    } catch (SdkException e) {
      throw new AwsFailure("find", "the stack's IAM roles", null, e);
    }
    return found;
  }

  /**
   * The account's roles, listed once for all that the context is given to (the search for the
   * stack's roles, and the check of Lake Formation's principals), begun by the first to ask.
   */
  public static Supplier<List<Role>> roles(ProvisionContext context) {
    IamClient iam = context.aws().iam();
    return context.shared("iam roles", () -> AttributeReads.start(
        () -> iam.listRolesPaginator(b -> b.maxItems(LARGEST_PAGE)).roles().stream().toList()));
  }

  private static boolean ownedBy(IamClient iam, String role, Stack stack) {
    Map<String, String> tags = new HashMap<>();
    iam.listRoleTagsPaginator(b -> b.roleName(role)).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
    return Ownership.of(Optional.of(tags), stack) == Ownership.OWNED;
  }

  private static RoleSpec named(String name) {
    return new RoleSpec(name, "", RoleConverters.DEFAULT_SESSION_SECONDS, null, List.of(), null, null, Map.of(), null);
  }
}
