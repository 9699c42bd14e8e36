package dev.lakehouse.provision.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.model.CreateWorkGroupRequest;
import software.amazon.awssdk.services.athena.model.EncryptionConfiguration;
import software.amazon.awssdk.services.athena.model.EngineVersion;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.ResultConfigurationUpdates;
import software.amazon.awssdk.services.athena.model.Tag;
import software.amazon.awssdk.services.athena.model.UpdateWorkGroupRequest;
import software.amazon.awssdk.services.athena.model.WorkGroup;
import software.amazon.awssdk.services.athena.model.WorkGroupConfiguration;
import software.amazon.awssdk.services.athena.model.WorkGroupConfigurationUpdates;
import software.amazon.awssdk.services.athena.model.WorkGroupState;

/** Spec -> Athena requests (create, and update for each kind of change) -> spec. */
class WorkgroupConvertersTest {
  static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final WorkgroupSpec DEV = new WorkgroupSpec("acme-dev", "Analysts' queries", "ENABLED",
      "s3://acme-dev-athena-results-111122223333/acme-dev/", "111122223333",
      new WorkgroupSpec.Encryption("SSE_KMS", KEY), true, true, 100L << 30, "AUTO",
      Map.of("Owner", "data-platform", "lakehouse:env", "dev"));

  @Test
  void theArnIsTheOneAthenaTagsWorkgroupsBy() {
    assertThat(WorkgroupConverters.arn("aws", "us-east-1", "111122223333", "acme-dev"))
        .isEqualTo("arn:aws:athena:us-east-1:111122223333:workgroup/acme-dev");
  }

  @Test
  void aNewWorkgroupGetsItsWholeConfigurationAndTags() {
    assertThat(WorkgroupConverters.expandCreate(DEV)).isEqualTo(CreateWorkGroupRequest.builder()
        .name("acme-dev")
        .description("Analysts' queries")
        .configuration(WorkGroupConfiguration.builder()
            .resultConfiguration(ResultConfiguration.builder()
                .outputLocation("s3://acme-dev-athena-results-111122223333/acme-dev/")
                .expectedBucketOwner("111122223333")
                .encryptionConfiguration(EncryptionConfiguration.builder().encryptionOption("SSE_KMS").kmsKey(KEY).build())
                .build())
            .enforceWorkGroupConfiguration(true)
            .publishCloudWatchMetricsEnabled(true)
            .bytesScannedCutoffPerQuery(107374182400L)
            .engineVersion(EngineVersion.builder().selectedEngineVersion("AUTO").build())
            .build())
        .tags(Tag.builder().key("Owner").value("data-platform").build(),
            Tag.builder().key("lakehouse:env").value("dev").build())
        .build());
  }

  @Test
  void withoutAKeyResultsAreEncryptedWithS3KeysAndWithoutALimitNoneIsSent() {
    WorkgroupSpec adhoc = new WorkgroupSpec("acme-dev-adhoc", null, "ENABLED", "s3://r/acme-dev-adhoc/", null,
        new WorkgroupSpec.Encryption("SSE_S3", null), false, false, null, "Athena engine version 3", Map.of());
    CreateWorkGroupRequest request = WorkgroupConverters.expandCreate(adhoc);
    assertThat(request.description()).isNull();
    assertThat(request.configuration().bytesScannedCutoffPerQuery()).isNull();
    assertThat(request.configuration().resultConfiguration().encryptionConfiguration())
        .isEqualTo(EncryptionConfiguration.builder().encryptionOption("SSE_S3").build());
    assertThat(request.configuration().engineVersion().selectedEngineVersion()).isEqualTo("Athena engine version 3");
    assertThat(request.configuration().enforceWorkGroupConfiguration()).isFalse();
  }

  @Test
  void onlyTagsChangedNeedsNoUpdateWorkGroup() {
    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("tags"))).isEmpty();
  }

  @Test
  void aNewDescriptionIsSentAloneAndADroppedOneAsEmpty() {
    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("description")))
        .contains(update().description("Analysts' queries").build());
    WorkgroupSpec none = with(DEV, null, DEV.outputLocation(), DEV.expectedBucketOwner(), DEV.encryption(),
        DEV.bytesScannedCutoffPerQuery());
    assertThat(WorkgroupConverters.expandUpdate(none, Set.of("description")))
        .contains(update().description("").build());
  }

  @Test
  void aDisabledWorkgroupIsEnabled() {
    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("state")))
        .contains(update().state(WorkGroupState.ENABLED).build());
  }

  @Test
  void enforcementMetricsAndEngineVersionAreConfigurationUpdates() {
    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("enforceConfiguration")))
        .contains(update().configurationUpdates(c -> c.enforceWorkGroupConfiguration(true)).build());
    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("publishCloudWatchMetrics")))
        .contains(update().configurationUpdates(c -> c.publishCloudWatchMetricsEnabled(true)).build());
    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("engineVersion")))
        .contains(update().configurationUpdates(c -> c.engineVersion(e -> e.selectedEngineVersion("AUTO"))).build());
  }

  @Test
  void aNewScanLimitIsSetAndADroppedOneRemovedWithItsFlag() {
    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("bytesScannedCutoffPerQuery")))
        .contains(update().configurationUpdates(c -> c.bytesScannedCutoffPerQuery(107374182400L)).build());
    WorkgroupSpec unlimited = with(DEV, DEV.description(), DEV.outputLocation(), DEV.expectedBucketOwner(),
        DEV.encryption(), null);
    assertThat(WorkgroupConverters.expandUpdate(unlimited, Set.of("bytesScannedCutoffPerQuery")))
        .contains(update().configurationUpdates(c -> c.removeBytesScannedCutoffPerQuery(true)).build());
  }

  @Test
  void resultSettingsAreSetOrRemovedEachWithItsOwnFlag() {
    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("outputLocation", "expectedBucketOwner", "encryption")))
        .contains(results(ResultConfigurationUpdates.builder()
            .outputLocation("s3://acme-dev-athena-results-111122223333/acme-dev/")
            .expectedBucketOwner("111122223333")
            .encryptionConfiguration(EncryptionConfiguration.builder().encryptionOption("SSE_KMS").kmsKey(KEY).build())
            .build()));
    WorkgroupSpec bare = with(DEV, DEV.description(), null, null, null, DEV.bytesScannedCutoffPerQuery());
    assertThat(WorkgroupConverters.expandUpdate(bare, Set.of("outputLocation")))
        .contains(results(ResultConfigurationUpdates.builder().removeOutputLocation(true).build()));
    assertThat(WorkgroupConverters.expandUpdate(bare, Set.of("expectedBucketOwner")))
        .contains(results(ResultConfigurationUpdates.builder().removeExpectedBucketOwner(true).build()));
    assertThat(WorkgroupConverters.expandUpdate(bare, Set.of("encryption")))
        .contains(results(ResultConfigurationUpdates.builder().removeEncryptionConfiguration(true).build()));
  }

  @Test
  void requesterPaysReadsAndAResultAclSetOutsideAreReadAndTakenAway() {
    CreateWorkGroupRequest created = WorkgroupConverters.expandCreate(DEV);
    WorkGroup returned = returned(created, configuration -> configuration
        .requesterPaysEnabled(true)
        .resultConfiguration(created.configuration().resultConfiguration().toBuilder()
            .aclConfiguration(a -> a.s3AclOption("BUCKET_OWNER_FULL_CONTROL")).build()));
    WorkgroupSpec read = WorkgroupConverters.flattenWorkgroup(returned, created.tags());
    assertThat(read.requesterPays()).isTrue();
    assertThat(read.acl()).isEqualTo("BUCKET_OWNER_FULL_CONTROL");
    assertThat(read.withTags(DEV.tags())).isEqualTo(read).isNotEqualTo(DEV);

    assertThat(WorkgroupConverters.expandUpdate(DEV, Set.of("requesterPays", "acl"))).contains(update()
        .configurationUpdates(WorkGroupConfigurationUpdates.builder()
            .requesterPaysEnabled(false)
            .resultConfigurationUpdates(r -> r.removeAclConfiguration(true))
            .build())
        .build());
  }

  @Test
  void severalChangesGoInOneRequest() {
    Optional<UpdateWorkGroupRequest> request = WorkgroupConverters.expandUpdate(DEV,
        Set.of("description", "publishCloudWatchMetrics", "encryption", "tags"));
    assertThat(request).contains(update()
        .description("Analysts' queries")
        .configurationUpdates(WorkGroupConfigurationUpdates.builder()
            .publishCloudWatchMetricsEnabled(true)
            .resultConfigurationUpdates(r -> r.encryptionConfiguration(e -> e.encryptionOption("SSE_KMS").kmsKey(KEY)))
            .build())
        .build());
  }

  @Test
  void whatAthenaReturnsReadsAsTheSpecItWasMadeFrom() {
    CreateWorkGroupRequest created = WorkgroupConverters.expandCreate(DEV);
    WorkGroup returned = returned(created, configuration -> configuration
        .engineVersion(e -> e.selectedEngineVersion("AUTO").effectiveEngineVersion("Athena engine version 3"))
        .requesterPaysEnabled(false)
        .enableMinimumEncryptionConfiguration(false));
    assertThat(WorkgroupConverters.flattenWorkgroup(returned, created.tags())).isEqualTo(DEV);
  }

  @Test
  void anEngineVersionChosenByNameReadsAsThatName() {
    WorkGroup returned = WorkGroup.builder().name("wg").state("ENABLED")
        .configuration(c -> c.engineVersion(e -> e.selectedEngineVersion("Athena engine version 3")
            .effectiveEngineVersion("Athena engine version 3")))
        .build();
    assertThat(WorkgroupConverters.flattenWorkgroup(returned, List.of()).engineVersion())
        .isEqualTo("Athena engine version 3");
  }

  @Test
  void whatAthenaLeavesOutReadsAsItsDefaults() {
    WorkGroup returned = WorkGroup.builder().name("wg").description("").state("DISABLED").build();
    assertThat(WorkgroupConverters.flattenWorkgroup(returned, List.of())).isEqualTo(new WorkgroupSpec("wg", null,
        "DISABLED", null, null, null, true, false, null, "AUTO", Map.of()));
  }

  @Test
  void emptyResultSettingsReadAsNone() {
    WorkGroup returned = WorkGroup.builder().name("wg").state("ENABLED")
        .configuration(c -> c.resultConfiguration(r -> r.outputLocation("").encryptionConfiguration(
            EncryptionConfiguration.builder().build())).engineVersion(EngineVersion.builder().build()))
        .build();
    WorkgroupSpec read = WorkgroupConverters.flattenWorkgroup(returned, List.of());
    assertThat(read.outputLocation()).isNull();
    assertThat(read.encryption()).isNull();
    assertThat(read.engineVersion()).isEqualTo("AUTO");
  }

  private static UpdateWorkGroupRequest.Builder update() {
    return UpdateWorkGroupRequest.builder().workGroup("acme-dev");
  }

  private static UpdateWorkGroupRequest results(ResultConfigurationUpdates updates) {
    return update().configurationUpdates(c -> c.resultConfigurationUpdates(updates)).build();
  }

  static WorkgroupSpec with(WorkgroupSpec spec, String description, String outputLocation, String owner,
      WorkgroupSpec.Encryption encryption, Long cutoff) {
    return new WorkgroupSpec(spec.name(), description, spec.state(), outputLocation, owner, encryption,
        spec.enforceConfiguration(), spec.publishCloudWatchMetrics(), cutoff, spec.engineVersion(), spec.tags());
  }

  /**
   * What GetWorkGroup answers for a workgroup made by {@code created}, its configuration as
   * {@code configure} leaves it.
   */
  private static WorkGroup returned(CreateWorkGroupRequest created,
      UnaryOperator<WorkGroupConfiguration.Builder> configure) {
    return WorkGroup.builder()
        .name(created.name())
        .description(created.description())
        .state(WorkGroupState.ENABLED)
        .configuration(configure.apply(created.configuration().toBuilder()).build())
        .build();
  }
}
