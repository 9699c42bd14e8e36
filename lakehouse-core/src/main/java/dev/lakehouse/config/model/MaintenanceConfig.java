package dev.lakehouse.config.model;

import java.util.List;
import java.util.Map;

/** How {@code lakehouse maintain} keeps Iceberg tables compact and their metadata small. */
public record MaintenanceConfig(
    String workgroup,
    Integer maxConcurrentQueries,
    MaintenancePolicy defaults,
    List<MaintenanceTableConfig> tables) {

  public static final int DEFAULT_MAX_CONCURRENT_QUERIES = 4;
  /** The most maxConcurrentQueries (and --max-concurrent-queries) may be. */
  public static final int MAX_CONCURRENT_QUERIES = 100;

  /** Athena VACUUM's table properties, which {@code lakehouse maintain} sets from the settings below. */
  public static final String MAX_SNAPSHOT_AGE_PROPERTY = "vacuum_max_snapshot_age_seconds";
  public static final String MIN_SNAPSHOTS_PROPERTY = "vacuum_min_snapshots_to_keep";
  public static final String MAX_METADATA_FILES_PROPERTY = "vacuum_max_metadata_files_to_keep";

  /**
   * The table properties {@code lakehouse maintain} sets on each table it maintains (Athena's
   * VACUUM reads them), by the setting each comes from.
   */
  public static final Map<String, String> VACUUM_PROPERTIES = Map.of(
      MAX_SNAPSHOT_AGE_PROPERTY, "snapshotRetention",
      MIN_SNAPSHOTS_PROPERTY, "minSnapshotsToKeep",
      MAX_METADATA_FILES_PROPERTY, "maxMetadataFilesToKeep");

  public MaintenanceConfig {
    maxConcurrentQueries = Defaults.or(maxConcurrentQueries, DEFAULT_MAX_CONCURRENT_QUERIES);
    defaults = defaults == null ? MaintenancePolicy.EMPTY : defaults;
    tables = Defaults.list(tables);
  }
}
