package dev.lakehouse.provision.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An IAM role: its trust policy, description, maximum session duration, attached managed
 * policies (exactly those of the config), permissions boundary, the stack's inline access policy and tags.
 */
public final class IamRoleResource implements ResourceType<RoleSpec> {
  /** The name of the inline policy generated from a role's {@code access}. */
  public static final String ACCESS_POLICY = "lakehouse-access";
  /**
   * IAM's limit on a role's inline policies, in characters not counting white space (all of them
   * together; a fixed quota, not one that can be raised).
   */
  static final int INLINE_POLICY_LIMIT = 10_240;

  /** An AWS managed policy's ARN without a path: its prefix up to {@code policy/}, and its name. */
  private static final Pattern AWS_POLICY_WITHOUT_PATH = Pattern.compile("(arn:[a-z-]+:iam::aws:policy/)([^/]+)");
  /** Paths under which AWS keeps managed policies that are easily named without them. */
  private static final List<String> AWS_POLICY_PATHS = List.of("service-role/", "job-function/");

  /** {@link Outputs#UNKNOWN} as IAM would count it, white space left out. */
  private static final int UNKNOWN_LENGTH = Outputs.UNKNOWN.replace(" ", "").length();

  private final IamClient iam;
  private final int keyArnLength;

  /**
   * @param keyArnLength how long the stack's KMS key's ARN is: a key the same apply makes is named
   *     in a role's plan by {@link Outputs#UNKNOWN}, and the policy's length counts its ARN instead
   */
  public IamRoleResource(IamClient iam, int keyArnLength) {
    this.iam = iam;
    this.keyArnLength = keyArnLength;
  }

  @Override
  public String name() {
    return Addresses.IAM_ROLE;
  }

  /** A generated access policy longer than IAM takes would fail at PutRolePolicy, partway through an apply. */
  @Override
  public List<String> beyondLimits(RoleSpec desired) {
    return policyBeyondLimit(desired, keyArnLength);
  }

  static List<String> policyBeyondLimit(RoleSpec desired, int keyArnLength) {
    if (desired.accessPolicy() == null) {
      return List.of();
    }
    String policy = desired.accessPolicy().toString();
    long length = policy.chars().filter(c -> !Character.isWhitespace(c)).count();
    for (int at = policy.indexOf(Outputs.UNKNOWN); at >= 0; at = policy.indexOf(Outputs.UNKNOWN, at + 1)) {
      length += keyArnLength - UNKNOWN_LENGTH;
    }
    if (length <= INLINE_POLICY_LIMIT) {
      return List.of();
    }
    return List.of("its inline policy " + ACCESS_POLICY + ", made from its access, would be " + length
        + " characters; IAM takes at most " + INLINE_POLICY_LIMIT + " for a role's inline policies: give the role "
        + "access to fewer zones or workgroups, or split it between two roles");
  }

  /**
   * A managed policy the role would be given that IAM does not have: IAM refuses to attach it, after
   * the role is made.
   */
  @Override
  public List<String> createConflicts(RoleSpec desired) {
    return missingPolicies(null, desired);
  }

  /** A managed policy the role would be given that IAM does not have, which IAM refuses to attach. */
  @Override
  public List<String> impossibleChanges(RoleSpec observed, RoleSpec desired) {
    return missingPolicies(observed, desired);
  }

  /** The managed policies the role would be given, as policies or its boundary, that IAM does not have. */
  private List<String> missingPolicies(RoleSpec observed, RoleSpec desired) {
    List<String> attached = observed == null ? List.of() : observed.managedPolicies();
    List<String> missing = new ArrayList<>();
    String boundary = desired.permissionsBoundary();
    if (boundary != null && (observed == null || !boundary.equals(observed.permissionsBoundary()))
        && !policyExists(boundary)) {
      missing.add("there is no managed policy " + boundary + " to be its permissions boundary, and IAM refuses a "
          + "boundary it cannot find" + whatToDoAbout(boundary));
    }
    for (String arn : RoleConverters.policyChanges(attached, desired.managedPolicies()).attach()) {
      if (!policyExists(arn)) {
        missing.add("there is no managed policy " + arn + ", and IAM refuses to attach a policy it cannot find"
            + whatToDoAbout(arn));
      }
    }
    return missing;
  }

  /** For a managed policy IAM does not have: where AWS keeps one of that name, else how to put it right. */
  private String whatToDoAbout(String missingArn) {
    return elsewhere(missingArn).map(found -> "; AWS keeps its policy of that name at " + found)
        .orElse("; correct the ARN (its name and path), or make the policy first");
  }

  /** Whether IAM has the policy; a plan not allowed to ask cannot tell, and leaves it to the apply. */
  private boolean policyExists(String arn) {
    try {
      iam.getPolicy(b -> b.policyArn(arn));
      return true;
    } catch (NoSuchEntityException e) {
      return false;
    } catch (SdkException e) {
      if (AwsErrors.isAccessDenied(e)) {
        return true;
      }
      throw new AwsFailure("read", "IAM managed policy", arn, e);
    }
  }

  /**
   * The AWS managed policy of the same name under one of the paths where AWS keeps many of its
   * policies, for an ARN of one that names no path ({@code AWSGlueServiceRole} is {@code service-role/}'s).
   */
  private Optional<String> elsewhere(String arn) {
    Matcher awsPolicy = AWS_POLICY_WITHOUT_PATH.matcher(arn);
    if (!awsPolicy.matches()) {
      return Optional.empty();
    }
    return AWS_POLICY_PATHS.stream()
        .map(path -> awsPolicy.group(1) + path + awsPolicy.group(2))
        .filter(this::policyExists)
        .findFirst();
  }

  /** Looks for the role, then reads its policies side by side. */
  @Override
  public Optional<RoleSpec> read(RoleSpec desired) {
    Optional<Role> role = role(desired.name());
    return role.map(found -> startReads(desired).apply(found));
  }

  /**
   * Reads the policies of a role just written side by side with the role itself, one
   * round trip in all: when the role is not there after all, their answers are dropped.
   */
  @Override
  public Optional<RoleSpec> readAfterWrite(RoleSpec desired) {
    Function<Role, RoleSpec> attributes = startReads(desired);
    return role(desired.name()).map(attributes);
  }

  private Optional<Role> role(String name) {
    try {
      return Optional.of(iam.getRole(b -> b.roleName(name)).role());
    } catch (NoSuchEntityException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts reading the role's policies; the function gives the whole role from its GetRole answer
   * (which holds the tags, of which it keeps those the stack manages) once they are read.
   */
  private Function<Role, RoleSpec> startReads(RoleSpec desired) {
    String name = desired.name();
    Supplier<List<String>> attached = AttributeReads.start(() -> iam.listAttachedRolePoliciesPaginator(b -> b.roleName(name))
        .attachedPolicies().stream().map(AttachedPolicy::policyArn).toList());
    Supplier<JsonNode> accessPolicy = AttributeReads.start(() -> accessPolicy(name));
    return role -> new RoleSpec(
        name,
        role.description() == null ? "" : role.description(),
        role.maxSessionDuration() == null ? RoleConverters.DEFAULT_SESSION_SECONDS : role.maxSessionDuration(),
        PolicyDocuments.parse(role.assumeRolePolicyDocument()),
        attached.get(),
        role.permissionsBoundary() == null ? null : role.permissionsBoundary().permissionsBoundaryArn(),
        accessPolicy.get(),
        TagChanges.managed(tags(role), desired.tags()),
        role.arn());
  }

  /** The role's tags, which GetRole answers in full (a role has at most 50), unlike ListRoles. */
  private static Map<String, String> tags(Role role) {
    Map<String, String> found = new TreeMap<>();
    role.tags().forEach(tag -> found.put(tag.key(), tag.value()));
    return found;
  }

  private JsonNode accessPolicy(String role) {
    try {
      return PolicyDocuments.parse(iam.getRolePolicy(b -> b.roleName(role).policyName(ACCESS_POLICY)).policyDocument());
    } catch (NoSuchEntityException e) {
      return null;
    }
  }

  @Override
  public void create(RoleSpec desired) {
    iam.createRole(b -> b.roleName(desired.name())
        .assumeRolePolicyDocument(PolicyDocuments.toJson(desired.trustPolicy()))
        .description(desired.description().isEmpty() ? null : desired.description())
        .maxSessionDuration(desired.maxSessionDuration())
        .permissionsBoundary(desired.permissionsBoundary())
        .tags(tags(desired.tags())));
    RoleSpec created = new RoleSpec(desired.name(), desired.description(), desired.maxSessionDuration(),
        desired.trustPolicy(), List.of(), desired.permissionsBoundary(), null, desired.tags(), null);
    update(created, desired, Set.of("managedPolicies", "accessPolicy"));
  }

  @Override
  public void update(RoleSpec observed, RoleSpec desired, Set<String> changed) {
    String name = desired.name();
    if (changed.contains("trustPolicy")) {
      iam.updateAssumeRolePolicy(b -> b.roleName(name).policyDocument(PolicyDocuments.toJson(desired.trustPolicy())));
    }
    if (changed.contains("description") || changed.contains("maxSessionDuration")) {
      iam.updateRole(b -> b.roleName(name).description(desired.description())
          .maxSessionDuration(desired.maxSessionDuration()));
    }
    // A boundary is put before the policies change and taken off after: the role never holds, even for a
    // moment, more than either the old or the new settings allow.
    boolean boundaryChanged = changed.contains("permissionsBoundary");
    if (boundaryChanged && desired.permissionsBoundary() != null) {
      iam.putRolePermissionsBoundary(b -> b.roleName(name).permissionsBoundary(desired.permissionsBoundary()));
    }
    if (changed.contains("managedPolicies")) {
      RoleConverters.PolicyChanges attachments =
          RoleConverters.policyChanges(observed.managedPolicies(), desired.managedPolicies());
      attachments.detach().forEach(arn -> iam.detachRolePolicy(b -> b.roleName(name).policyArn(arn)));
      attachments.attach().forEach(arn -> iam.attachRolePolicy(b -> b.roleName(name).policyArn(arn)));
    }
    if (changed.contains("accessPolicy")) {
      if (desired.accessPolicy() == null) {
        if (observed.accessPolicy() != null) {
          iam.deleteRolePolicy(b -> b.roleName(name).policyName(ACCESS_POLICY));
        }
      } else {
        iam.putRolePolicy(b -> b.roleName(name).policyName(ACCESS_POLICY)
            .policyDocument(PolicyDocuments.toJson(desired.accessPolicy())));
      }
    }
    if (boundaryChanged && desired.permissionsBoundary() == null) {
      iam.deleteRolePermissionsBoundary(b -> b.roleName(name));
    }
    if (changed.contains("tags")) {
      TagChanges tagChanges = TagChanges.between(observed.tags(), desired.tags());
      if (!tagChanges.removed().isEmpty()) {
        iam.untagRole(b -> b.roleName(name).tagKeys(tagChanges.removed()));
      }
      if (!tagChanges.set().isEmpty()) {
        iam.tagRole(b -> b.roleName(name).tags(tags(tagChanges.set())));
      }
    }
  }

  /**
   * What lakehouse did not put on the role and goes with it: inline policies of other names, which
   * the delete removes, and the instance profiles it takes the role out of, whose EC2 instances
   * then run without the role's credentials.
   */
  @Override
  public List<String> deletionNotes(RoleSpec observed) {
    String name = observed.name();
    Supplier<Optional<List<String>>> profiles = AttributeReads.start(() -> unlessDenied(() -> iam
        .listInstanceProfilesForRolePaginator(b -> b.roleName(name)).instanceProfiles().stream()
        .map(InstanceProfile::instanceProfileName).sorted().toList()));
    Optional<List<String>> inline = unlessDenied(() -> iam.listRolePoliciesPaginator(b -> b.roleName(name))
        .policyNames().stream().filter(policy -> !policy.equals(ACCESS_POLICY)).sorted().toList());
    List<String> notes = new ArrayList<>();
    if (inline.isEmpty()) {
      notes.add("the delete removes the role's inline policies, also any lakehouse does not manage, which this "
          + "plan could not list (iam:ListRolePolicies is denied)");
    } else if (!inline.get().isEmpty()) {
      notes.add("the delete removes the role's inline " + (inline.get().size() == 1 ? "policy " : "policies ")
          + String.join(", ", inline.get()) + ", which lakehouse does not manage");
    }
    Optional<List<String>> inProfiles = profiles.get();
    if (inProfiles.isEmpty()) {
      notes.add("the delete takes the role out of any instance profile it is in, which this plan could not list "
          + "(iam:ListInstanceProfilesForRole is denied): EC2 instances that use one lose the role's credentials");
    } else if (!inProfiles.get().isEmpty()) {
      int count = inProfiles.get().size();
      notes.add("the delete takes the role out of instance " + (count == 1 ? "profile " : "profiles ")
          + String.join(", ", inProfiles.get()) + ": EC2 instances that use " + (count == 1 ? "it" : "them")
          + " lose the role's credentials");
    }
    return notes;
  }

  /** What the listing gives; empty when the caller may not list, which only leaves the plan less to tell. */
  private static Optional<List<String>> unlessDenied(Supplier<List<String>> listing) {
    try {
      return Optional.of(listing.get());
    } catch (SdkException e) {
      if (AwsErrors.isAccessDenied(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Deletes the role. IAM refuses to delete a role that still has policies or instance
   * profiles, so they go first, including inline policies and profiles others added: they
   * cannot outlive the role anyway.
   */
  @Override
  public void delete(RoleSpec observed) {
    String name = observed.name();
    for (AttachedPolicy policy : iam.listAttachedRolePoliciesPaginator(b -> b.roleName(name)).attachedPolicies()) {
      goneAlready(() -> iam.detachRolePolicy(b -> b.roleName(name).policyArn(policy.policyArn())));
    }
    Set<String> inline = new HashSet<>();
    iam.listRolePoliciesPaginator(b -> b.roleName(name)).policyNames().forEach(inline::add);
    inline.forEach(policy -> goneAlready(() -> iam.deleteRolePolicy(b -> b.roleName(name).policyName(policy))));
    for (InstanceProfile profile : iam.listInstanceProfilesForRolePaginator(b -> b.roleName(name)).instanceProfiles()) {
      goneAlready(() -> iam.removeRoleFromInstanceProfile(b -> b.roleName(name)
          .instanceProfileName(profile.instanceProfileName())));
    }
    iam.deleteRole(b -> b.roleName(name));
  }

  /**
   * One step of a role's delete, whose "no such entity" means the step is done: the SDK sent it
   * again after an attempt that made it and whose answer was lost, or someone else detached the
   * policy meanwhile. A role that is gone fails the delete's next step, which the engine tells.
   */
  private static void goneAlready(Runnable step) {
    try {
      step.run();
    } catch (NoSuchEntityException e) {
      // Detached, deleted or removed already: what the step is for holds.
    }
  }

  @Override
  public Map<String, String> outputs(RoleSpec observed) {
    return Map.of("arn", observed.arn(), "name", observed.name());
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return new TreeMap<>(tags).entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }
}
