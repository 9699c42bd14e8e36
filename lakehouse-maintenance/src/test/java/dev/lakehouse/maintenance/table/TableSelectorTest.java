package dev.lakehouse.maintenance.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.model.MaintenanceTableConfig;
import dev.lakehouse.config.units.Size;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableSelectorTest {

  @ParameterizedTest(name = "{0} on {1}.{2}: {3}")
  @CsvSource({
      "processed.*, processed, customer_events, true",
      "processed.*, curated, customer_events, false",
      "*.*, curated, anything, true",
      "curated.monthly_*, curated, monthly_aggregates, true",
      "curated.monthly_*, curated, daily_aggregates, false",
      "curated.daily_?, curated, daily_1, true",
      "curated.daily_?, curated, daily_12, false",
      "raw.[a-c]*, raw, bronze, true",
      "raw.[a-c]*, raw, dirty, false",
      "raw.[!a-c]*, raw, dirty, true",
      "raw.events.v1, raw, events.v1, true",
      "raw.events.v1, raw, eventsxv1, false"})
  void matchesZoneAndGlob(String match, String zone, String table, boolean expected) {
    assertThat(TableSelector.matches(match, zone, table)).isEqualTo(expected);
  }

  @Test
  void theLastMatchingEntryWinsOverTheDefaultsOverTheBuiltIns() {
    MaintenanceConfig config = new MaintenanceConfig("wg", 4,
        new MaintenancePolicy(Duration.ofDays(7), 5, null, null, Size.ofMegabytes(256), null, null),
        List.of(entry("processed.*", null, 3), entry("processed.events", Duration.ofDays(30), null),
            entry("curated.*", null, null)));
    TableSelector selector = new TableSelector(config);
    TableSelector.Selection events = selector.select("processed", "events").orElseThrow();
    assertThat(events.matchedBy()).isEqualTo("processed.events");
    assertThat(events.policy()).isEqualTo(new MaintenancePolicy(Duration.ofDays(30), 5, 100, Duration.ofDays(3),
        Size.ofMegabytes(256), 10, 10));
    TableSelector.Selection other = selector.select("processed", "clicks").orElseThrow();
    assertThat(other.matchedBy()).isEqualTo("processed.*");
    assertThat(other.policy().minSnapshotsToKeep()).isEqualTo(3);
    assertThat(other.policy().snapshotRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(selector.select("raw", "events")).isEmpty();
    assertThat(selector.coversZone("processed")).isTrue();
    assertThat(selector.coversZone("raw")).isFalse();
  }

  static MaintenanceTableConfig entry(String match, Duration retention, Integer minSnapshots) {
    return new MaintenanceTableConfig(match, retention, minSnapshots, null, null, null, null, null);
  }
}
