package dev.lakehouse.config.model;

/** The customer managed KMS key that encrypts the zone buckets, Athena results and tables. */
public record KmsKeyConfig(
    String alias, String description, Boolean rotation, Integer deletionWindowDays) {

  public static final int DEFAULT_DELETION_WINDOW_DAYS = 30;

  public KmsKeyConfig {
    rotation = Defaults.or(rotation, true);
    deletionWindowDays = Defaults.or(deletionWindowDays, DEFAULT_DELETION_WINDOW_DAYS);
    description = Defaults.or(description, "");
  }
}
