package dev.lakehouse.config.model;

import java.util.List;

/** A Lake Formation data cells filter (row filter, optionally columns) and who may SELECT through it. */
public record DataFilterConfig(
    String name,
    String table,
    String rowFilter,
    List<String> columns,
    List<String> excludedColumns,
    List<String> grantSelectTo) {
  public DataFilterConfig {
    grantSelectTo = Defaults.list(grantSelectTo);
  }
}
