package dev.lakehouse.provision.glue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.StackFixtures;
import dev.lakehouse.provision.engine.Address;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Config -> spec for the zones' databases, and what they wait for. */
class GlueProviderTest {
  private final Stack dev = StackFixtures.canonicalDev();

  @Test
  void aZoneDatabaseLivesInTheZoneBucketWithTheStackTags() {
    DatabaseSpec spec = GlueProvider.spec(dev, "raw");
    assertThat(spec).isEqualTo(new DatabaseSpec("acme_dev_raw", "Raw zone (bronze)",
        "s3://acme-dev-raw-111122223333/", Map.of(),
        Map.of("CostCenter", "DataEngineering", "Owner", "data-platform", "lakehouse:project", "acme",
            "lakehouse:env", "dev"),
        null));
  }

  @Test
  void parametersAndZoneTagsAreTheDatabases() {
    Stack stack = StackFixtures.edited("dev", StackFixtures.ACCOUNT, yaml -> yaml.replace(
        "      description: Curated zone (gold)\n",
        "      description: Curated zone (gold)\n      parameters: { classification: gold }\n    tags: { Tier: gold }\n"));
    DatabaseSpec spec = GlueProvider.spec(stack, "curated");
    assertThat(spec.parameters()).containsExactly(Map.entry("classification", "gold"));
    assertThat(spec.tags()).containsEntry("Tier", "gold").containsEntry("lakehouse:env", "dev");
  }

  @Test
  void anEmptyDescriptionIsNone() {
    Stack stack = StackFixtures.edited("dev", StackFixtures.ACCOUNT,
        yaml -> yaml.replace("      description: Raw zone (bronze)\n", ""));
    assertThat(GlueProvider.spec(stack, "raw").description()).isNull();
  }

  @Test
  void withLakeFormationADatabaseWaitsForTheSettingsNotItsBucketOrRegistration() {
    assertThat(GlueProvider.dependsOn(dev)).containsExactly(Addresses.lakeFormationSettings());
  }

  @Test
  void withoutLakeFormationADatabaseWaitsForNothing() {
    Stack stack = StackFixtures.edited("dev", StackFixtures.ACCOUNT, GlueProviderTest::withoutLakeFormation);
    assertThat(GlueProvider.dependsOn(stack)).isEmpty();
  }

  /** The canonical config without its lakeFormation section. */
  static String withoutLakeFormation(String yaml) {
    int start = yaml.indexOf("\nlakeFormation:");
    int end = yaml.indexOf("\nmonitoring:");
    return yaml.substring(0, start) + yaml.substring(end);
  }

  @Test
  void anUndeclaredDatabaseTakesItsZonesAddressWhenFreeAndItsNameOtherwise() {
    Map<String, String> zones = Map.of("processed", "acme_dev_processed", "curated", "acme_dev_curated");
    assertThat(GlueProvider.address("acme_dev_raw", zones, Set.of())).isEqualTo(Addresses.database("raw"));
    assertThat(GlueProvider.address("acme_dev_raw", zones, Set.of(Addresses.database("raw"))))
        .isEqualTo(new Address(Addresses.GLUE_DATABASE, "acme_dev_raw"));
    assertThat(GlueProvider.address("landing", zones, Set.of()))
        .isEqualTo(new Address(Addresses.GLUE_DATABASE, "landing"));
  }
}
