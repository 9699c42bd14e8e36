package dev.lakehouse.maintenance.table;

import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.model.MaintenanceTableConfig;
import java.util.Optional;

/**
 * Which tables {@code maintenance.tables} matches, and the policy each gets: entries match
 * {@code <zone>.<glob>} ({@code *} any run of characters, {@code ?} one, {@code [...]} a class;
 * the zone may be {@code *}); the last matching entry's settings win over {@code defaults},
 * which win over {@link MaintenancePolicy#BUILT_IN}.
 */
public final class TableSelector {
  /** The policy of a matched table and the {@code match} of the entry that decided it. */
  public record Selection(MaintenancePolicy policy, String matchedBy) {}

  private final MaintenanceConfig config;

  public TableSelector(MaintenanceConfig config) {
    this.config = config;
  }

  /** The policy of {@code <zone>.<table>}, or empty when no entry matches it. */
  public Optional<Selection> select(String zone, String table) {
    MaintenanceTableConfig last = null;
    for (MaintenanceTableConfig entry : config.tables()) {
      if (entry.matches(zone, table)) {
        last = entry;
      }
    }
    if (last == null) {
      return Optional.empty();
    }
    MaintenancePolicy policy = last.policy().over(config.defaults()).over(MaintenancePolicy.BUILT_IN);
    return Optional.of(new Selection(policy, last.match()));
  }

  /** Whether some entry may match a table of the zone (so its database is worth listing). */
  public boolean coversZone(String zone) {
    return config.tables().stream().anyMatch(entry -> zoneOf(entry.match()).equals("*")
        || zoneOf(entry.match()).equals(zone));
  }

  /** Whether {@code match} ({@code <zone>.<glob>}) matches the table. */
  public static boolean matches(String match, String zone, String table) {
    return MaintenanceTableConfig.matches(match, zone, table);
  }

  private static String zoneOf(String match) {
    int dot = match.indexOf('.');
    return dot < 0 ? match : match.substring(0, dot);
  }
}
