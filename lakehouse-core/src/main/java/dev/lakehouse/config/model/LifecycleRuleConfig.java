package dev.lakehouse.config.model;

import java.util.List;

/** One S3 lifecycle rule of a zone bucket. */
public record LifecycleRuleConfig(
    String id,
    String prefix,
    Boolean enabled,
    List<TransitionConfig> transitions,
    Integer expirationDays,
    List<TransitionConfig> noncurrentVersionTransitions,
    Integer noncurrentVersionExpirationDays,
    Integer abortIncompleteMultipartUploadDays,
    Boolean expiredObjectDeleteMarker) {

  public LifecycleRuleConfig {
    enabled = Defaults.or(enabled, true);
    expiredObjectDeleteMarker = Defaults.or(expiredObjectDeleteMarker, false);
    transitions = Defaults.list(transitions);
    noncurrentVersionTransitions = Defaults.list(noncurrentVersionTransitions);
  }
}
