package dev.lakehouse.config.model;

import dev.lakehouse.config.units.Size;
import java.util.Map;

/** One Athena workgroup and its enforced configuration. */
public record WorkgroupConfig(
    String name,
    String description,
    Boolean enforceConfiguration,
    Boolean publishCloudWatchMetrics,
    Size bytesScannedCutoffPerQuery,
    String engineVersion,
    Map<String, String> tags) {
  public WorkgroupConfig {
    enforceConfiguration = Defaults.or(enforceConfiguration, false);
    publishCloudWatchMetrics = Defaults.or(publishCloudWatchMetrics, false);
    tags = Defaults.map(tags);
  }
}
