package dev.lakehouse.config.model;

import java.util.List;

/**
 * Lake Formation: data lake admins, registered zone locations, the zones whose access Lake
 * Formation's permissions alone decide, grants and row filters.
 */
public record LakeFormationConfig(
    List<String> admins,
    List<String> registerZones,
    List<String> enforceZones,
    List<GrantConfig> grants,
    List<DataFilterConfig> dataFilters) {
  /** Lake Formation keeps at most this many data lake admins in an account. */
  public static final int MAX_ADMINS = 30;

  public LakeFormationConfig {
    admins = Defaults.list(admins);
    registerZones = Defaults.list(registerZones);
    enforceZones = Defaults.list(enforceZones);
    grants = Defaults.list(grants);
    dataFilters = Defaults.list(dataFilters);
  }
}
