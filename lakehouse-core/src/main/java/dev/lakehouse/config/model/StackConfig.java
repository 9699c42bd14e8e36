package dev.lakehouse.config.model;

import java.util.List;
import java.util.Map;

/**
 * The whole stack as written in {@code lakehouse.yaml}, after the environment has been
 * chosen and every {@code ${...}} reference resolved. Absent sections are empty, never null.
 */
public record StackConfig(
    String project,
    String region,
    Map<String, Object> variables,
    Map<String, EnvironmentConfig> environments,
    Boolean deletionProtection,
    Map<String, String> tags,
    EncryptionConfig encryption,
    Map<String, ZoneConfig> zones,
    List<TableConfig> tables,
    AthenaConfig athena,
    IamConfig iam,
    LakeFormationConfig lakeFormation,
    MonitoringConfig monitoring,
    MaintenanceConfig maintenance) {

  public StackConfig {
    variables = Defaults.map(variables);
    environments = Defaults.map(environments);
    tags = Defaults.map(tags);
    encryption = encryption == null ? new EncryptionConfig(null) : encryption;
    zones = Defaults.map(zones);
    tables = Defaults.list(tables);
    iam = iam == null ? new IamConfig(null, null) : iam;
  }

  /** The zone of that name, or null. */
  public ZoneConfig zone(String name) {
    return zones.get(name);
  }
}
