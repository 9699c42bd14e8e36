package dev.lakehouse.testkit.gaps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.EncryptionOption;
import software.amazon.awssdk.services.athena.model.WorkGroup;
import software.amazon.awssdk.services.athena.model.WorkGroupConfiguration;
import software.amazon.awssdk.services.athena.model.WorkGroupState;

/** UpdateWorkGroup through the gap filler changes only what it names, and removes only by its flags. */
class AthenaWorkGroupUpdateGapIT {
  private final MotoServer moto = MotoServer.shared();
  private AwsProxy proxy;
  private TestClients aws;
  private AthenaClient athena;

  @BeforeEach
  void start() {
    moto.reset();
    proxy = AwsProxy.start(moto);
    AthenaWorkGroupUpdateGap.install(proxy);
    aws = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials());
    athena = aws.athena();
    athena.createWorkGroup(b -> b.name("wg").description("before").configuration(c -> c
        .bytesScannedCutoffPerQuery(100_000_000L)
        .publishCloudWatchMetricsEnabled(true)
        .resultConfiguration(r -> r.outputLocation("s3://results/wg/").expectedBucketOwner("123456789012")
            .encryptionConfiguration(e -> e.encryptionOption(EncryptionOption.SSE_S3)))));
  }

  @AfterEach
  void stop() {
    aws.close();
    proxy.close();
  }

  private WorkGroup workgroup() {
    return athena.getWorkGroup(b -> b.workGroup("wg")).workGroup();
  }

  @Test
  void whatAnUpdateNamesChangesAndTheRestStays() {
    athena.updateWorkGroup(b -> b.workGroup("wg").description("after").state(WorkGroupState.DISABLED)
        .configurationUpdates(c -> c.engineVersion(e -> e.selectedEngineVersion("Athena engine version 3"))
            .resultConfigurationUpdates(r -> r.outputLocation("s3://results/elsewhere/"))));

    WorkGroup read = workgroup();
    assertThat(read.description()).isEqualTo("after");
    assertThat(read.state()).isEqualTo(WorkGroupState.DISABLED);
    WorkGroupConfiguration configuration = read.configuration();
    assertThat(configuration.engineVersion().selectedEngineVersion()).isEqualTo("Athena engine version 3");
    assertThat(configuration.resultConfiguration().outputLocation()).isEqualTo("s3://results/elsewhere/");
    assertThat(configuration.resultConfiguration().expectedBucketOwner()).isEqualTo("123456789012");
    assertThat(configuration.bytesScannedCutoffPerQuery()).isEqualTo(100_000_000L);
    assertThat(configuration.publishCloudWatchMetricsEnabled()).isTrue();
  }

  @Test
  void settingsGoOnlyWithTheirRemoveFlags() {
    athena.updateWorkGroup(b -> b.workGroup("wg").configurationUpdates(c -> c.removeBytesScannedCutoffPerQuery(true)
        .resultConfigurationUpdates(r -> r.removeExpectedBucketOwner(true).removeEncryptionConfiguration(true))));

    WorkGroupConfiguration configuration = workgroup().configuration();
    assertThat(configuration.bytesScannedCutoffPerQuery()).isNull();
    assertThat(configuration.resultConfiguration().expectedBucketOwner()).isNull();
    assertThat(configuration.resultConfiguration().encryptionConfiguration()).isNull();
    assertThat(configuration.resultConfiguration().outputLocation()).isEqualTo("s3://results/wg/");
  }

  @Test
  void aWorkgroupMadeAnewHasNoneOfTheOldOnesUpdates() {
    athena.updateWorkGroup(b -> b.workGroup("wg").description("after"));
    athena.deleteWorkGroup(b -> b.workGroup("wg"));
    athena.createWorkGroup(b -> b.name("wg").description("new"));

    assertThat(workgroup().description()).isEqualTo("new");
  }
}
