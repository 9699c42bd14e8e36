package dev.lakehouse.maintenance.metrics;

import java.util.Objects;

/** The health figures of one Iceberg table that {@link MaintenanceMetrics} publishes. */
public record TableMetrics(String database, String table, long snapshotCount, long dataFileCount,
    long smallFileCount, long averageFileSizeBytes) {
  public TableMetrics {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
  }
}
