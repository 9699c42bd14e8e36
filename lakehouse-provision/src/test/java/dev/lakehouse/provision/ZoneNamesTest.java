package dev.lakehouse.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ZoneNamesTest {
  private static final Map<String, String> BUCKETS = Map.of(
      "processed", "acme-dev-processed-123456789012", "curated", "acme-dev-curated-123456789012");

  @Test
  void aNameFollowingTheZonesPatternTellsItsZone() {
    assertThat(ZoneNames.zoneOf("acme-dev-raw-123456789012", BUCKETS)).contains("raw");
    assertThat(ZoneNames.zoneOf("acme_dev_raw", Map.of("processed", "acme_dev_processed"))).contains("raw");
  }

  @Test
  void aNameOffThePatternTellsNone() {
    assertThat(ZoneNames.zoneOf("acme-prod-raw-123456789012", BUCKETS)).isEmpty();
    assertThat(ZoneNames.zoneOf("acme-dev--123456789012", BUCKETS)).as("nothing between").isEmpty();
    assertThat(ZoneNames.zoneOf("acme-dev-Raw!-123456789012", BUCKETS)).as("not a zone name").isEmpty();
  }

  @Test
  void zonesNamedEachTheirOwnWayTellNothing() {
    assertThat(ZoneNames.zoneOf("acme-dev-raw-123456789012",
        Map.of("processed", "acme-dev-processed-123456789012", "curated", "gold-bucket"))).isEmpty();
    assertThat(ZoneNames.zoneOf("acme-dev-raw-123456789012", Map.of())).isEmpty();
  }

  @Test
  void aDeclaredZoneIsNeverTheAnswer() {
    assertThat(ZoneNames.zoneOf("acme-dev-processed-123456789012", BUCKETS)).isEmpty();
  }

  @Test
  void aZoneNameFoundTwiceInItsBucketIsSettledByTheOtherZones() {
    assertThat(ZoneNames.zoneOf("a-dev-raw-1", Map.of("a", "a-dev-a-1", "b", "a-dev-b-1"))).contains("raw");
  }
}
