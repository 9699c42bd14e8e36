package dev.lakehouse.provision.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attachments and tags are brought to exactly the desired ones. */
class RoleConvertersTest {
  private static final String ADMIN = "arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin";
  private static final String ATHENA = "arn:aws:iam::aws:policy/AmazonAthenaFullAccess";
  private static final String S3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

  @Test
  void detachesWhatIsNotWantedAndAttachesWhatIsMissing() {
    RoleConverters.PolicyChanges changes = RoleConverters.policyChanges(List.of(S3, ADMIN), List.of(ATHENA, ADMIN));
    assertThat(changes.detach()).containsExactly(S3);
    assertThat(changes.attach()).containsExactly(ATHENA);
  }

  @Test
  void theSamePoliciesInAnotherOrderAreNoChange() {
    RoleConverters.PolicyChanges changes = RoleConverters.policyChanges(List.of(S3, ADMIN), List.of(ADMIN, S3));
    assertThat(changes.detach()).isEmpty();
    assertThat(changes.attach()).isEmpty();
  }

  @Test
  void removesDroppedTagsAndSetsNewAndChangedOnes() {
    RoleConverters.TagChanges changes = RoleConverters.tagChanges(
        Map.of("Owner", "data-platform", "Team", "x", "CostCenter", "DE"),
        Map.of("Owner", "analytics", "CostCenter", "DE", "lakehouse:env", "dev"));
    assertThat(changes.remove()).containsExactly("Team");
    assertThat(changes.put()).containsExactly(Map.entry("Owner", "analytics"), Map.entry("lakehouse:env", "dev"));
  }
}
