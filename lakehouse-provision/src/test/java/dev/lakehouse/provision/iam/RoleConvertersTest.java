package dev.lakehouse.provision.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Attachments are brought to exactly the desired ones. */
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
}
