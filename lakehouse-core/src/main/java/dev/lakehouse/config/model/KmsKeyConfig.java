package dev.lakehouse.config.model;

/**
 * The customer managed KMS key that encrypts the zone buckets, Athena results and tables.
 *
 * @param adopt take the key its alias names over when it exists without the stack's ownership tags
 */
public record KmsKeyConfig(
    String alias, String description, Boolean rotation, Integer deletionWindowDays, Boolean adopt) {

  public static final int DEFAULT_DELETION_WINDOW_DAYS = 30;

  public KmsKeyConfig {
    rotation = Defaults.or(rotation, true);
    adopt = Defaults.or(adopt, false);
    deletionWindowDays = Defaults.or(deletionWindowDays, DEFAULT_DELETION_WINDOW_DAYS);
    description = Defaults.or(description, "");
  }
}
