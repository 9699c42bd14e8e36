package dev.lakehouse.maintenance.table;

import java.util.Locale;
import java.util.Optional;

/**
 * The AWS Glue table optimizers whose work overlaps Athena's maintenance statements: a table that
 * Glue compacts or whose snapshots Glue expires is left to Glue for that work.
 */
public enum GlueOptimizer {
  /** Glue's compaction, which {@code OPTIMIZE} would duplicate. */
  COMPACTION,
  /** Glue's snapshot retention, which {@code VACUUM} (and its retention properties) would duplicate. */
  RETENTION;

  /** The optimizer's type as Glue's API names it: {@code compaction}, {@code retention}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The optimizer Glue's API names {@code apiName}; empty for one whose work is not Athena's (orphan files). */
  public static Optional<GlueOptimizer> ofApiName(String apiName) {
    for (GlueOptimizer optimizer : values()) {
      if (optimizer.apiName().equalsIgnoreCase(apiName)) {
        return Optional.of(optimizer);
      }
    }
    return Optional.empty();
  }
}
