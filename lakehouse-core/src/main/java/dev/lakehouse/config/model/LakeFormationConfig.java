package dev.lakehouse.config.model;

import java.util.List;

/** Lake Formation: data lake admins, registered zone locations, grants and row filters. */
public record LakeFormationConfig(
    List<String> admins,
    List<String> registerZones,
    List<GrantConfig> grants,
    List<DataFilterConfig> dataFilters) {
  public LakeFormationConfig {
    admins = Defaults.list(admins);
    registerZones = Defaults.list(registerZones);
    grants = Defaults.list(grants);
    dataFilters = Defaults.list(dataFilters);
  }
}
