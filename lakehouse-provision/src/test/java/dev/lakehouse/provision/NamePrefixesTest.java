package dev.lakehouse.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the names the config gives one kind of resource begin. */
class NamePrefixesTest {

  @Test
  void theNamesOfOneKindShareTheirFirstCharacters() {
    assertThat(NamePrefixes.common(Set.of("acme-dev-raw-1", "acme-dev-processed-1", "acme-dev-athena-results-1")))
        .isEqualTo("acme-dev");
    assertThat(NamePrefixes.common(Set.of("acme_dev_raw", "acme_dev_processed", "acme_dev_curated")))
        .isEqualTo("acme_dev");
    assertThat(NamePrefixes.common(Set.of("acme-dev", "acme-dev-adhoc"))).isEqualTo("acme-dev");
  }

  @Test
  void aNameTheConfigGaveBeforeBeginsAsTheNamesItGivesNow() {
    String renamedFromAcmeDev = NamePrefixes.common(Set.of("acme-dev-main", "acme-dev-adhoc"));
    assertThat(renamedFromAcmeDev).isEqualTo("acme-dev");
    assertThat("acme-dev").startsWith(renamedFromAcmeDev);
    String renamedFromPrimary = NamePrefixes.common(Set.of("acme-dev-analytics", "acme-dev-adhoc"));
    assertThat(renamedFromPrimary).as("only whole words").isEqualTo("acme-dev");
    assertThat("acme-dev-primary").startsWith(renamedFromPrimary);
    assertThat(NamePrefixes.common(Set.of("acme_dev_bronze", "acme_dev_processed"))).isEqualTo("acme_dev");
  }

  @Test
  void tooFewNamesOrTooShortAStartTellNoPattern() {
    assertThat(NamePrefixes.common(Set.of())).isEmpty();
    assertThat(NamePrefixes.common(Set.of("acme-dev-raw-1"))).as("one name tells no pattern").isEmpty();
    assertThat(NamePrefixes.common(Set.of("landing-zone", "lab-results"))).as("too short").isEmpty();
  }
}
