package dev.lakehouse.config.model;

/**
 * An S3 Intelligent-Tiering archive configuration: objects not accessed for that many
 * days move to the Archive Access and Deep Archive Access tiers.
 */
public record IntelligentTieringConfig(
    String id, String prefix, Integer archiveAfterDays, Integer deepArchiveAfterDays) {

  public static final String DEFAULT_ID = "lakehouse";

  public IntelligentTieringConfig {
    id = Defaults.or(id, DEFAULT_ID);
  }
}
