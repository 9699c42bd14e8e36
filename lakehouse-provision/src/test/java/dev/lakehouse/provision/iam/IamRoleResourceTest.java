package dev.lakehouse.provision.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.provision.SideBySide;
import dev.lakehouse.provision.resource.Outputs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.AttachRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteRolePermissionsBoundaryRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePermissionsBoundaryResponse;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.DeleteRoleRequest;
import software.amazon.awssdk.services.iam.model.DeleteRoleResponse;
import software.amazon.awssdk.services.iam.model.DetachRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DetachRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetPolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesForRoleRequest;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesForRoleResponse;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PermissionsBoundaryAttachmentType;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PutRolePermissionsBoundaryRequest;
import software.amazon.awssdk.services.iam.model.PutRolePermissionsBoundaryResponse;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.RemoveRoleFromInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.RemoveRoleFromInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.TagRoleRequest;
import software.amazon.awssdk.services.iam.model.TagRoleResponse;
import software.amazon.awssdk.services.iam.model.UntagRoleRequest;
import software.amazon.awssdk.services.iam.model.UntagRoleResponse;
import software.amazon.awssdk.services.iam.model.UpdateRoleRequest;
import software.amazon.awssdk.services.iam.model.UpdateRoleResponse;

/** The IAM calls an update and a delete make, against a stubbed client that records them. */
class IamRoleResourceTest {
  private static final JsonNode TRUST = RolePolicies.trust("aws", List.of("glue.amazonaws.com"), List.of());
  private static final JsonNode ACCESS = PolicyDocuments.parse(
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<String> reads = Collections.synchronizedList(new ArrayList<>());
  /** The managed policies IAM has. */
  private final Set<String> policies = Set.of("arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/C",
      "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole");
  private List<String> inlinePolicies = List.of(IamRoleResource.ACCESS_POLICY, "added-by-hand");
  private List<String> instanceProfiles = List.of("profile");
  /** Whether listing a role's inline policies and instance profiles is denied. */
  private boolean listingDenied;

  private static IamException accessDenied() {
    return (IamException) IamException.builder().statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build();
  }
  /** When set, each read of a role waits until this many reads have arrived: they end only side by side. */
  private CountDownLatch readsTogether = new CountDownLatch(0);

  private void read(String what) {
    reads.add(what);
    SideBySide.meet(readsTogether, what);
  }

  private final IamClient iam = new IamClient() {
    @Override
    public AttachRolePolicyResponse attachRolePolicy(AttachRolePolicyRequest r) {
      calls.add("attach " + r.policyArn());
      return AttachRolePolicyResponse.builder().build();
    }

    @Override
    public DetachRolePolicyResponse detachRolePolicy(DetachRolePolicyRequest r) {
      calls.add("detach " + r.policyArn());
      return DetachRolePolicyResponse.builder().build();
    }

    @Override
    public PutRolePolicyResponse putRolePolicy(PutRolePolicyRequest r) {
      calls.add("put inline " + r.policyName());
      return PutRolePolicyResponse.builder().build();
    }

    @Override
    public DeleteRolePolicyResponse deleteRolePolicy(DeleteRolePolicyRequest r) {
      calls.add("delete inline " + r.policyName());
      return DeleteRolePolicyResponse.builder().build();
    }

    @Override
    public PutRolePermissionsBoundaryResponse putRolePermissionsBoundary(PutRolePermissionsBoundaryRequest r) {
      calls.add("put boundary " + r.permissionsBoundary());
      return PutRolePermissionsBoundaryResponse.builder().build();
    }

    @Override
    public DeleteRolePermissionsBoundaryResponse deleteRolePermissionsBoundary(DeleteRolePermissionsBoundaryRequest r) {
      calls.add("delete boundary");
      return DeleteRolePermissionsBoundaryResponse.builder().build();
    }

    @Override
    public UpdateRoleResponse updateRole(UpdateRoleRequest r) {
      calls.add("update description=" + r.description() + " maxSession=" + r.maxSessionDuration());
      return UpdateRoleResponse.builder().build();
    }

    @Override
    public TagRoleResponse tagRole(TagRoleRequest r) {
      calls.add("tag " + r.tags().stream().map(t -> t.key() + "=" + t.value()).toList());
      return TagRoleResponse.builder().build();
    }

    @Override
    public UntagRoleResponse untagRole(UntagRoleRequest r) {
      calls.add("untag " + r.tagKeys());
      return UntagRoleResponse.builder().build();
    }

    @Override
    public GetRoleResponse getRole(GetRoleRequest r) {
      read("GetRole");
      return GetRoleResponse.builder().role(Role.builder().roleName(r.roleName()).description("Analysts")
          .maxSessionDuration(3600).assumeRolePolicyDocument(PolicyDocuments.toJson(TRUST))
          .arn("arn:aws:iam::123456789012:role/" + r.roleName())
          .permissionsBoundary(b -> b.permissionsBoundaryArn("arn:aws:iam::aws:policy/C")
              .permissionsBoundaryType(PermissionsBoundaryAttachmentType.PERMISSIONS_BOUNDARY_POLICY))
          .tags(Tag.builder().key("Owner").value("x").build(),
              Tag.builder().key("cost-tool").value("team42").build())
          .build()).build();
    }

    @Override
    public GetRolePolicyResponse getRolePolicy(GetRolePolicyRequest r) {
      read("GetRolePolicy");
      return GetRolePolicyResponse.builder().policyName(r.policyName()).policyDocument(PolicyDocuments.toJson(ACCESS))
          .build();
    }

    @Override
    public ListAttachedRolePoliciesResponse listAttachedRolePolicies(ListAttachedRolePoliciesRequest r) {
      read("ListAttachedRolePolicies");
      return ListAttachedRolePoliciesResponse.builder().isTruncated(false)
          .attachedPolicies(AttachedPolicy.builder().policyArn("arn:aws:iam::aws:policy/A").build()).build();
    }

    @Override
    public GetPolicyResponse getPolicy(GetPolicyRequest r) {
      reads.add("GetPolicy " + r.policyArn());
      if (r.policyArn().endsWith("/Denied")) {
        throw accessDenied();
      }
      if (!policies.contains(r.policyArn())) {
        throw NoSuchEntityException.builder().message("Policy " + r.policyArn() + " does not exist").build();
      }
      return GetPolicyResponse.builder().policy(Policy.builder().arn(r.policyArn()).build()).build();
    }

    @Override
    public ListRolePoliciesResponse listRolePolicies(ListRolePoliciesRequest r) {
      if (listingDenied) {
        throw accessDenied();
      }
      return ListRolePoliciesResponse.builder().isTruncated(false).policyNames(inlinePolicies).build();
    }

    @Override
    public ListInstanceProfilesForRoleResponse listInstanceProfilesForRole(ListInstanceProfilesForRoleRequest r) {
      if (listingDenied) {
        throw accessDenied();
      }
      return ListInstanceProfilesForRoleResponse.builder().isTruncated(false).instanceProfiles(instanceProfiles
          .stream().map(name -> InstanceProfile.builder().instanceProfileName(name).build()).toList()).build();
    }

    @Override
    public RemoveRoleFromInstanceProfileResponse removeRoleFromInstanceProfile(RemoveRoleFromInstanceProfileRequest r) {
      calls.add("remove from " + r.instanceProfileName());
      return RemoveRoleFromInstanceProfileResponse.builder().build();
    }

    @Override
    public DeleteRoleResponse deleteRole(DeleteRoleRequest r) {
      calls.add("delete role " + r.roleName());
      return DeleteRoleResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "iam";
    }

    @Override
    public void close() {
    }
  };

  private static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  private final IamRoleResource resource = new IamRoleResource(iam, KEY_ARN.length());

  @Test
  void updateTouchesOnlyTheChangedAttributes() {
    RoleSpec observed = role("", 3600, List.of("arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"), ACCESS,
        Map.of("Owner", "x", "Team", "y", "lakehouse:alias", "w"));
    RoleSpec desired = role("Analysts", 7200, List.of("arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/C"), null,
        Map.of("Owner", "z"));
    resource.update(observed, desired, Set.of("description", "maxSessionDuration", "managedPolicies", "accessPolicy",
        "tags"));
    assertThat(calls).containsExactly(
        "update description=Analysts maxSession=7200",
        "detach arn:aws:iam::aws:policy/B",
        "attach arn:aws:iam::aws:policy/C",
        "delete inline " + IamRoleResource.ACCESS_POLICY,
        "untag [lakehouse:alias]",
        "tag [Owner=z]");
  }

  @Test
  void aBoundaryIsPutBeforeThePoliciesChangeAndTakenOffAfter() {
    RoleSpec unbounded = role("", 3600, List.of("arn:aws:iam::aws:policy/A"), null, Map.of());
    RoleSpec boundedByC = bounded("", 3600, List.of("arn:aws:iam::aws:policy/C"), "arn:aws:iam::aws:policy/C", ACCESS,
        Map.of());

    resource.update(unbounded, boundedByC, Set.of("permissionsBoundary", "managedPolicies", "accessPolicy"));
    assertThat(calls).containsExactly(
        "put boundary arn:aws:iam::aws:policy/C",
        "detach arn:aws:iam::aws:policy/A",
        "attach arn:aws:iam::aws:policy/C",
        "put inline " + IamRoleResource.ACCESS_POLICY);

    calls.clear();
    resource.update(boundedByC, unbounded, Set.of("permissionsBoundary", "managedPolicies", "accessPolicy"));
    assertThat(calls).containsExactly(
        "detach arn:aws:iam::aws:policy/C",
        "attach arn:aws:iam::aws:policy/A",
        "delete inline " + IamRoleResource.ACCESS_POLICY,
        "delete boundary");
  }

  @Test
  void aBoundaryIamDoesNotHaveIsRefusedBeforeTheRoleIsMadeOrChanged() {
    RoleSpec desired = bounded("", 3600, List.of(), "arn:aws:iam::aws:policy/AWSGlueServiceRole", null, Map.of());

    assertThat(resource.createConflicts(desired)).containsExactly(
        "there is no managed policy arn:aws:iam::aws:policy/AWSGlueServiceRole to be its permissions boundary, and "
            + "IAM refuses a boundary it cannot find; AWS keeps its policy of that name at "
            + "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole");
    assertThat(resource.impossibleChanges(role("", 3600, List.of(), null, Map.of()),
        bounded("", 3600, List.of(), "arn:aws:iam::123456789012:policy/Gone", null, Map.of())))
        .containsExactly("there is no managed policy arn:aws:iam::123456789012:policy/Gone to be its permissions "
            + "boundary, and IAM refuses a boundary it cannot find; correct the ARN (its name and path), or make the "
            + "policy first");
    reads.clear();
    RoleSpec keptBoundary = bounded("", 3600, List.of(), "arn:aws:iam::123456789012:policy/Gone", null, Map.of());
    assertThat(resource.impossibleChanges(keptBoundary, keptBoundary)).isEmpty();
    assertThat(reads).isEmpty();
  }

  @Test
  void aRoleJustWrittenIsReadBackInOneRoundTrip() {
    readsTogether = new CountDownLatch(3);

    assertThat(resource.readAfterWrite(role("", 3600, List.of(), null, Map.of("Owner", "y")))).get()
        .isEqualTo(new RoleSpec("acme-dev-analyst", "Analysts", 3600, TRUST, List.of("arn:aws:iam::aws:policy/A"),
            "arn:aws:iam::aws:policy/C", ACCESS, Map.of("Owner", "x"), "arn:aws:iam::123456789012:role/acme-dev-analyst"));
    assertThat(reads).containsExactlyInAnyOrder("GetRole", "GetRolePolicy", "ListAttachedRolePolicies");
  }

  @Test
  void deleteEmptiesTheRoleFirstAsIamRequires() {
    resource.delete(role("", 3600, List.of("arn:aws:iam::aws:policy/A"), ACCESS, Map.of()));
    assertThat(calls).containsExactlyInAnyOrder(
        "detach arn:aws:iam::aws:policy/A",
        "delete inline " + IamRoleResource.ACCESS_POLICY,
        "delete inline added-by-hand",
        "remove from profile",
        "delete role acme-dev-analyst");
    assertThat(calls.get(calls.size() - 1)).isEqualTo("delete role acme-dev-analyst");
  }

  @Test
  void aManagedPolicyIamDoesNotHaveIsRefusedBeforeTheRoleIsMade() {
    RoleSpec desired = role("", 3600, List.of("arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/AWSGlueServiceRole",
        "arn:aws:iam::123456789012:policy/team/Analysts"), null, Map.of());

    assertThat(resource.createConflicts(desired)).containsExactly(
        "there is no managed policy arn:aws:iam::123456789012:policy/team/Analysts, and IAM refuses to attach a "
            + "policy it cannot find; correct the ARN (its name and path), or make the policy first",
        "there is no managed policy arn:aws:iam::aws:policy/AWSGlueServiceRole, and IAM refuses to attach a policy it "
            + "cannot find; AWS keeps its policy of that name at "
            + "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole");
  }

  @Test
  void onlyTheManagedPoliciesAChangeAttachesAreLookedFor() {
    RoleSpec observed = role("", 3600, List.of("arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/Gone"), null,
        Map.of());

    assertThat(resource.impossibleChanges(observed, role("", 3600, List.of("arn:aws:iam::aws:policy/A",
        "arn:aws:iam::aws:policy/Gone"), null, Map.of()))).isEmpty();
    assertThat(reads).isEmpty();
    assertThat(resource.impossibleChanges(observed, role("", 3600, List.of("arn:aws:iam::aws:policy/A",
        "arn:aws:iam::aws:policy/C", "arn:aws:iam::aws:policy/B"), null, Map.of()))).singleElement().asString()
        .startsWith("there is no managed policy arn:aws:iam::aws:policy/B,");
    assertThat(reads).contains("GetPolicy arn:aws:iam::aws:policy/B", "GetPolicy arn:aws:iam::aws:policy/C")
        .doesNotContain("GetPolicy arn:aws:iam::aws:policy/A");
  }

  @Test
  void aPlanNotAllowedToLookAManagedPolicyUpLeavesItToTheApply() {
    assertThat(resource.createConflicts(role("", 3600, List.of("arn:aws:iam::aws:policy/Denied"), null, Map.of())))
        .isEmpty();
  }

  @Test
  void theDeletionTellsWhatElseGoesWithTheRole() {
    inlinePolicies = List.of(IamRoleResource.ACCESS_POLICY, "ops-debug", "added-by-hand");
    instanceProfiles = List.of("etl-hosts");

    assertThat(resource.deletionNotes(role("", 3600, List.of(), ACCESS, Map.of()))).containsExactly(
        "the delete removes the role's inline policies added-by-hand, ops-debug, which lakehouse does not manage",
        "the delete takes the role out of instance profile etl-hosts: EC2 instances that use it lose the role's "
            + "credentials");
  }

  @Test
  void aPlanNotAllowedToListWhatGoesWithTheRoleSaysSoRatherThanFailing() {
    listingDenied = true;

    assertThat(resource.deletionNotes(role("", 3600, List.of(), ACCESS, Map.of()))).containsExactly(
        "the delete removes the role's inline policies, also any lakehouse does not manage, which this plan could "
            + "not list (iam:ListRolePolicies is denied)",
        "the delete takes the role out of any instance profile it is in, which this plan could not list "
            + "(iam:ListInstanceProfilesForRole is denied): EC2 instances that use one lose the role's credentials");
  }

  @Test
  void aRoleWithNothingButTheStacksDeletesWithoutNotes() {
    inlinePolicies = List.of(IamRoleResource.ACCESS_POLICY);
    instanceProfiles = List.of();

    assertThat(resource.deletionNotes(role("", 3600, List.of("arn:aws:iam::aws:policy/A"), ACCESS, Map.of())))
        .isEmpty();
  }

  @Test
  void anAccessPolicyLongerThanIamTakesIsRefusedBeforeAnyWrite() {
    assertThat(resource.beyondLimits(role("", 3600, List.of(), null, Map.of()))).isEmpty();
    assertThat(resource.beyondLimits(role("", 3600, List.of(), access(15), Map.of()))).isEmpty();
    assertThat(resource.beyondLimits(role("", 3600, List.of(), access(40), Map.of()))).singleElement().asString()
        .matches("its inline policy lakehouse-access, made from its access, would be 1\\d{4} characters; IAM takes at "
            + "most 10240 for a role's inline policies: give the role access to fewer zones or workgroups, or split "
            + "it between two roles");
  }

  @Test
  void aKeyMadeByTheSameApplyCountsAsLongAsItsArnWillBe() {
    Pattern length = Pattern.compile("would be (\\d+) characters");
    Matcher withKey = length.matcher(resource.beyondLimits(role("", 3600, List.of(), access(40), Map.of())).get(0));
    Matcher beforeKey = length.matcher(
        resource.beyondLimits(role("", 3600, List.of(), access(40, Outputs.UNKNOWN), Map.of())).get(0));
    assertThat(withKey.find()).isTrue();
    assertThat(beforeKey.find()).isTrue();
    assertThat(beforeKey.group(1)).isEqualTo(withKey.group(1));
  }

  /** The access policy of a role that reads and writes this many zones, each with a database, all registered. */
  private static JsonNode access(int zones) {
    return access(zones, KEY_ARN);
  }

  private static JsonNode access(int zones, String keyArn) {
    List<RolePolicies.ZoneAccess> access = java.util.stream.IntStream.range(0, zones)
        .mapToObj(i -> new RolePolicies.ZoneAccess("acme-dev-zone" + i + "-123456789012", "acme_dev_zone" + i, true,
            true)).toList();
    return RolePolicies.access("aws", "us-east-1", "123456789012", new RolePolicies.Access(access, keyArn,
        List.of("acme-dev"), "acme-dev-athena-results-123456789012"));
  }

  private static RoleSpec role(String description, int session, List<String> policies, JsonNode access,
      Map<String, String> tags) {
    return bounded(description, session, policies, null, access, tags);
  }

  private static RoleSpec bounded(String description, int session, List<String> policies, String boundary,
      JsonNode access, Map<String, String> tags) {
    return new RoleSpec("acme-dev-analyst", description, session, TRUST, policies, boundary, access, tags, null);
  }
}
