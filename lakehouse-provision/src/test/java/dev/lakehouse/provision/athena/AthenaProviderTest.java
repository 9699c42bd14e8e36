package dev.lakehouse.provision.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AthenaConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.StackFixtures;
import dev.lakehouse.provision.resource.Outputs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config -> spec for the canonical workgroups. */
class AthenaProviderTest {
  private static final String KEY = WorkgroupConvertersTest.KEY;
  private static final Map<String, String> STACK_TAGS = Map.of("CostCenter", "DataEngineering",
      "Owner", "data-platform", "lakehouse:project", "acme", "lakehouse:env", "dev");

  private final Stack dev = StackFixtures.canonicalDev();
  private final AthenaConfig athena = dev.config().athena();

  @Test
  void theMainWorkgroupEnforcesItsSettingsAndEncryptsWithTheStackKey() {
    Outputs outputs = (address, key) -> address.equals(Addresses.kmsKey()) && key.equals("arn") ? KEY : null;
    assertThat(AthenaProvider.spec(dev, athena, athena.workgroups().get(0), true, outputs)).isEqualTo(
        new WorkgroupSpec("acme-dev", null, "ENABLED", "s3://acme-dev-athena-results-111122223333/acme-dev/",
            "111122223333", new WorkgroupSpec.Encryption("SSE_KMS", KEY), true, true, 100L << 30, "AUTO",
            STACK_TAGS));
  }

  @Test
  void theAdhocWorkgroupTakesTheDefaults() {
    WorkgroupSpec spec = AthenaProvider.spec(dev, athena, athena.workgroups().get(1), true, (a, k) -> KEY);
    assertThat(spec.outputLocation()).isEqualTo("s3://acme-dev-athena-results-111122223333/acme-dev-adhoc/");
    assertThat(spec.enforceConfiguration()).isFalse();
    assertThat(spec.publishCloudWatchMetrics()).isFalse();
    assertThat(spec.bytesScannedCutoffPerQuery()).isEqualTo(100L << 30);
  }

  @Test
  void aKeyNotYetMadeIsKnownAfterApply() {
    WorkgroupSpec spec = AthenaProvider.spec(dev, athena, athena.workgroups().get(0), true, (a, k) -> Outputs.UNKNOWN);
    assertThat(spec.encryption()).isEqualTo(new WorkgroupSpec.Encryption("SSE_KMS", "(known after apply)"));
  }

  @Test
  void withoutAKeyResultsAreEncryptedWithS3Keys() {
    WorkgroupSpec spec = AthenaProvider.spec(dev, athena, athena.workgroups().get(0), false, (a, k) -> KEY);
    assertThat(spec.encryption()).isEqualTo(new WorkgroupSpec.Encryption("SSE_S3", null));
  }

  @Test
  void descriptionEngineVersionAndTagsComeFromTheConfig() {
    Stack stack = StackFixtures.edited("dev", StackFixtures.ACCOUNT, yaml -> yaml.replace(
        "    - name: ${project}-${env}-adhoc\n",
        "    - name: ${project}-${env}-adhoc\n      description: Ad hoc queries\n"
            + "      engineVersion: Athena engine version 3\n      tags: { Team: analysts }\n"));
    AthenaConfig edited = stack.config().athena();
    WorkgroupSpec spec = AthenaProvider.spec(stack, edited, edited.workgroups().get(1), true, (a, k) -> KEY);
    assertThat(spec.description()).isEqualTo("Ad hoc queries");
    assertThat(spec.engineVersion()).isEqualTo("Athena engine version 3");
    assertThat(spec.tags()).containsEntry("Team", "analysts").containsEntry("lakehouse:project", "acme");
  }
}
