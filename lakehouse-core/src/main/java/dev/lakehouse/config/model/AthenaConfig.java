package dev.lakehouse.config.model;

import java.util.List;

/** Athena: the query results bucket and the workgroups. */
public record AthenaConfig(
    String resultsBucket, Integer resultsExpirationDays, List<WorkgroupConfig> workgroups) {
  public AthenaConfig {
    workgroups = Defaults.list(workgroups);
  }
}
