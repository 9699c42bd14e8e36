package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.RegisterResourceRequest;
import software.amazon.awssdk.services.lakeformation.model.ResourceInfo;

/** A zone's registration: made with the service-linked role, and one made otherwise refused, never changed. */
class LocationResourceTest {
  private static final String BUCKET = "arn:aws:s3:::acme-dev-processed-123456789012";

  private final FakeLakeFormation lakeFormation = new FakeLakeFormation();
  private final OwnershipLedger ledger = new OwnershipLedger(lakeFormation, "123456789012", "acme", "locationtest");
  private final LocationResource resource = new LocationResource(lakeFormation, ledger);
  private final LocationSpec desired = LocationSpec.wanted(BUCKET);

  @Test
  void aRegistrationTheStackMadeReadsAsTheConfigWantsIt() {
    resource.create(desired);

    LocationSpec observed = resource.read(desired).orElseThrow();

    assertThat(observed).isEqualTo(desired);
    assertThat(resource.impossibleChanges(observed, desired)).isEmpty();
    assertThat(ledger.owns(ledger.entries(), OwnershipLedger.Kind.LOCATION, BUCKET)).isTrue();
  }

  @Test
  void aRegistrationWithAnotherRoleInHybridAccessModeIsRefusedSayingWhatToDo() {
    lakeFormation.locations.put(BUCKET, ResourceInfo.builder().resourceArn(BUCKET)
        .roleArn("arn:aws:iam::123456789012:role/etl-data-access").hybridAccessEnabled(true).build());

    LocationSpec observed = resource.read(desired).orElseThrow();

    assertThat(observed).isNotEqualTo(desired);
    assertThat(resource.impossibleChanges(observed, desired)).containsExactly(BUCKET + " is registered with Lake "
        + "Formation with the role arn:aws:iam::123456789012:role/etl-data-access (which Lake Formation reads and "
        + "writes the data as), in hybrid access mode (where principals not opted in to Lake Formation's permissions "
        + "read the data with their IAM permissions, past the zone's grants and data filters), not as lakehouse "
        + "registers a zone (with Lake Formation's service-linked role, not in hybrid access mode, not federated), so "
        + "the zone's grants may not decide who reads it as the config says; apply neither changes a registration "
        + "in place nor deregisters one it did not make: deregister it (`aws lakeformation deregister-resource "
        + "--resource-arn " + BUCKET + "`) and apply again, which registers it as the config says, or take the zone "
        + "out of lakeFormation.registerZones to leave the registration as it is");
  }

  @Test
  void aFederatedRegistrationWithTheServiceLinkedRoleIsRefusedToo() {
    lakeFormation.locations.put(BUCKET, ResourceInfo.builder().resourceArn(BUCKET)
        .roleArn(FakeLakeFormation.SERVICE_LINKED_ROLE).withFederation(true).build());

    LocationSpec observed = resource.read(desired).orElseThrow();

    assertThat(resource.impossibleChanges(observed, desired)).singleElement().asString()
        .startsWith(BUCKET + " is registered with Lake Formation as a federated resource, not as lakehouse");
    assertThat(lakeFormation.writes()).containsExactly("DescribeResource");
  }

  @Test
  void aRegistrationTheStackMadeThatWasChangedByHandIsRefusedWithoutOfferingToLeaveIt() {
    resource.create(desired);
    lakeFormation.locations.put(BUCKET, lakeFormation.locations.get(BUCKET).toBuilder().hybridAccessEnabled(true)
        .build());

    LocationSpec observed = resource.read(desired).orElseThrow();

    assertThat(resource.impossibleChanges(observed, desired)).singleElement().asString()
        .startsWith(BUCKET + " is registered with Lake Formation in hybrid access mode")
        .endsWith("apply changes no registration in place: deregister it (`aws lakeformation deregister-resource "
            + "--resource-arn " + BUCKET + "`) and apply again, which registers it as the config says");
  }

  @Test
  void aRegistrationRemovedByHandIsMadeAgain() {
    resource.create(desired);
    lakeFormation.locations.clear();

    assertThat(resource.read(desired)).isEmpty();
    resource.create(desired);

    assertThat(resource.read(desired)).contains(desired);
    assertThat(lakeFormation.requests(RegisterResourceRequest.class)).hasSize(2);
  }

  @Test
  void aRoleLakeFormationDoesNotReportIsTheServiceLinkedOne() {
    assertThat(LocationSpec.of(ResourceInfo.builder().resourceArn(BUCKET).build())).isEqualTo(desired);
    assertThat(List.of(LocationSpec.of(ResourceInfo.builder().resourceArn(BUCKET)
        .roleArn(FakeLakeFormation.SERVICE_LINKED_ROLE).build()))).containsExactly(desired);
  }
}
