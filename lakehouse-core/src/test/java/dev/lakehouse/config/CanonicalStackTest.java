package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.model.StackConfig;
import dev.lakehouse.config.units.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The canonical stack of the contract loads, unchanged, for every environment. */
class CanonicalStackTest {
  static final Path CANONICAL = Path.of("..", "examples", "lakehouse.yaml");
  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void loadsForEveryEnvironment(String env) {
    Stack stack = loader.load(ConfigLoader.Request.of(CANONICAL, env));
    assertThat(stack.env()).isEqualTo(env);
    assertThat(stack.config().zones()).containsOnlyKeys("raw", "processed", "curated");
  }

  @Test
  void resolvesReferencesAndVariablesPerEnvironment() {
    Stack prod = loader.load(ConfigLoader.Request.of(CANONICAL, "prod").withAccount("111122223333"));
    StackConfig config = prod.config();
    assertThat(config.zone("raw").bucket()).isEqualTo("acme-prod-raw-111122223333");
    assertThat(config.zone("raw").database().name()).isEqualTo("acme_prod_raw");
    assertThat(config.encryption().kmsKey().alias()).isEqualTo("acme-lakehouse-prod");
    assertThat(config.athena().workgroups().get(0).bytesScannedCutoffPerQuery()).isEqualTo(Size.parse("1TB"));
    assertThat(config.athena().workgroups().get(1).bytesScannedCutoffPerQuery().bytes()).isEqualTo(100L << 30);
    assertThat(config.maintenance().defaults().snapshotRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.maintenance().tables().get(1).snapshotRetention()).isEqualTo(Duration.ofDays(90));
    assertThat(config.iam().roles().get(1).trustedAccounts()).containsExactly("111122223333");
    assertThat(config.monitoring().alertEmails()).containsExactly("data-platform@example.com");
    assertThat(prod.deletionProtection()).isTrue();
    assertThat(prod.region()).isEqualTo("us-east-1");
  }

  @Test
  void devHasNoDeletionProtectionAndItsOwnScanCutoff() {
    Stack dev = loader.load(ConfigLoader.Request.of(CANONICAL, "dev"));
    assertThat(dev.deletionProtection()).isFalse();
    assertThat(dev.account()).isNull();
    assertThat(dev.config().zone("raw").bucket()).isEqualTo("acme-dev-raw-" + ConfigLoader.PLACEHOLDER_ACCOUNT);
    assertThat(dev.config().athena().workgroups().get(0).bytesScannedCutoffPerQuery()).isEqualTo(Size.parse("100GB"));
    assertThat(dev.tagsWith(Map.of())).containsEntry("lakehouse:project", "acme").containsEntry("lakehouse:env", "dev")
        .containsEntry("CostCenter", "DataEngineering").containsEntry("Owner", "data-platform");
  }
}
