package dev.lakehouse.config.model;

import java.util.List;

/** How {@code lakehouse maintain} keeps Iceberg tables compact and their metadata small. */
public record MaintenanceConfig(
    String workgroup,
    Integer maxConcurrentQueries,
    MaintenancePolicy defaults,
    List<MaintenanceTableConfig> tables) {

  public static final int DEFAULT_MAX_CONCURRENT_QUERIES = 4;
  /** The most maxConcurrentQueries (and --max-concurrent-queries) may be. */
  public static final int MAX_CONCURRENT_QUERIES = 100;

  public MaintenanceConfig {
    maxConcurrentQueries = Defaults.or(maxConcurrentQueries, DEFAULT_MAX_CONCURRENT_QUERIES);
    defaults = defaults == null ? MaintenancePolicy.EMPTY : defaults;
    tables = Defaults.list(tables);
  }
}
