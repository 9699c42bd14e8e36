package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.EncryptionConfig;
import dev.lakehouse.config.model.MonitoringConfig;
import dev.lakehouse.config.model.StackConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.resource.ProvisionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringProviderTest {
  private final Stack stack = CanonicalStack.dev();

  private List<Desired<?>> desired(Stack stack) {
    try (AwsClients aws = new AwsClients(new AwsSettings(null, "us-east-1", null), new CallRecorder())) {
      List<Desired<?>> desired = new MonitoringProvider().desired(new ProvisionContext(stack, aws, Overrides.NONE));
      assertThat(aws.recorder().calls()).isEmpty();
      return desired;
    }
  }

  private static Map<Address, Desired<?>> byAddress(List<Desired<?>> desired) {
    Map<Address, Desired<?>> map = new LinkedHashMap<>();
    desired.forEach(d -> map.put(d.address(), d));
    return map;
  }

  @Test
  void declaresTheTopicItsSubscriberTheAlarmsAndTheDashboardInDependencyOrder() {
    Map<Address, Desired<?>> desired = byAddress(desired(stack));
    assertThat(desired.keySet()).containsExactly(
        Addresses.alertTopic(),
        Addresses.subscription("data-platform@example.com"),
        Addresses.alarm("slowQueries"),
        Addresses.alarm("dataScanned"),
        Addresses.alarm("snapshotCount"),
        Addresses.dashboard("acme-dev-lakehouse"));
    assertThat(desired.get(Addresses.alertTopic()).dependsOn()).containsExactly(Addresses.kmsKey());
    assertThat(desired.get(Addresses.subscription("data-platform@example.com")).dependsOn())
        .containsExactly(Addresses.alertTopic());
    assertThat(desired.get(Addresses.alarm("slowQueries")).dependsOn())
        .containsExactlyInAnyOrder(Addresses.alertTopic(), Addresses.workgroup("acme-dev"));
    assertThat(desired.get(Addresses.alarm("snapshotCount")).dependsOn()).containsExactly(Addresses.alertTopic());
    assertThat(desired.get(Addresses.dashboard("acme-dev-lakehouse")).dependsOn()).containsExactlyInAnyOrder(
        Addresses.alarm("slowQueries"), Addresses.alarm("dataScanned"), Addresses.alarm("snapshotCount"));
  }

  @Test
  void theTopicIsEncryptedWithTheStackKeyOnceItIsKnown() {
    Desired<?> topic = byAddress(desired(stack)).get(Addresses.alertTopic());
    Outputs before = (address, key) -> Outputs.UNKNOWN;
    Outputs after = (address, key) -> address.equals(Addresses.kmsKey()) && key.equals("arn")
        ? "arn:aws:kms:us-east-1:123456789012:key/k" : Outputs.UNKNOWN;
    assertThat(((TopicSpec) topic.spec().apply(before)).kmsMasterKeyId()).isEqualTo(Outputs.UNKNOWN);
    TopicSpec spec = (TopicSpec) topic.spec().apply(after);
    assertThat(spec.kmsMasterKeyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/k");
    assertThat(spec.arn()).isEqualTo(CanonicalStack.TOPIC_ARN);
    assertThat(spec.name()).isEqualTo("acme-dev-lakehouse-alerts");
    assertThat(spec.tags()).containsEntry("lakehouse:project", "acme").containsEntry("lakehouse:env", "dev");
  }

  @Test
  void withoutAKeyTheTopicIsNotEncryptedAndWaitsForNothing() {
    Stack plain = new Stack(stack.file(), stack.env(), withoutKey(), stack.region(), stack.account(),
        stack.deletionProtection(), stack.tags());
    Desired<?> topic = byAddress(desired(plain)).get(Addresses.alertTopic());
    assertThat(topic.dependsOn()).isEmpty();
    assertThat(((TopicSpec) topic.spec().apply((address, key) -> Outputs.UNKNOWN)).kmsMasterKeyId()).isNull();
  }

  @Test
  void aStackWithoutATopicDeclaresNothing() {
    Stack none = new Stack(stack.file(), stack.env(), withMonitoring(null), stack.region(), stack.account(),
        stack.deletionProtection(), stack.tags());
    assertThat(desired(none)).isEmpty();
  }

  private StackConfig withoutKey() {
    StackConfig c = stack.config();
    return new StackConfig(c.project(), c.region(), c.variables(), c.environments(),
        c.deletionProtection(), c.tags(), new EncryptionConfig(null), c.zones(), c.tables(),
        c.athena(), c.iam(), c.lakeFormation(), c.monitoring(), c.maintenance());
  }

  private StackConfig withMonitoring(MonitoringConfig m) {
    StackConfig c = stack.config();
    return new StackConfig(c.project(), c.region(), c.variables(), c.environments(),
        c.deletionProtection(), c.tags(), c.encryption(), c.zones(), c.tables(), c.athena(), c.iam(),
        c.lakeFormation(), m, c.maintenance());
  }
}
