package dev.lakehouse.config.model;

import java.util.List;
import java.util.Map;

/**
 * One storage zone (raw, processed, curated...): its bucket and its Glue database.
 *
 * @param adopt take the bucket over when it already exists without the stack's ownership tags
 */
public record ZoneConfig(
    String bucket,
    Boolean versioning,
    List<LifecycleRuleConfig> lifecycle,
    IntelligentTieringConfig intelligentTiering,
    DatabaseConfig database,
    Boolean denyInsecureTransport,
    Map<String, String> tags,
    Boolean adopt) {

  public ZoneConfig {
    adopt = Defaults.or(adopt, false);
    versioning = Defaults.or(versioning, true);
    lifecycle = Defaults.list(lifecycle);
    denyInsecureTransport = Defaults.or(denyInsecureTransport, true);
    tags = Defaults.map(tags);
  }
}
