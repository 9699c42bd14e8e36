package dev.lakehouse.provision.glue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.PrincipalPermissions;

/**
 * Pure conversions between {@link DatabaseSpec} and the Glue API's shapes: {@code expand...}
 * builds what the API takes, {@code flatten...} reads what it returns.
 */
public final class DatabaseConverters {
  private DatabaseConverters() {}

  /** The database's ARN, which Glue's tagging calls take. */
  public static String arn(String partition, String region, String account, String name) {
    return "arn:" + partition + ":glue:" + region + ":" + account + ":database/" + name;
  }

  /**
   * The whole database input, for CreateDatabase and UpdateDatabase alike: UpdateDatabase
   * replaces everything the database holds with its input, so every attribute is sent every
   * time (parameters even when empty, so that dropped ones go), with the default permissions
   * of new tables kept as Glue holds them.
   *
   * @param keptPermissions the database's current default permissions for new tables; null to send none
   */
  public static DatabaseInput expandInput(DatabaseSpec desired, List<PrincipalPermissions> keptPermissions) {
    DatabaseInput.Builder input = DatabaseInput.builder()
        .name(desired.name())
        .locationUri(desired.locationUri())
        .parameters(new TreeMap<>(desired.parameters()));
    if (desired.description() != null) {
      input.description(desired.description());
    }
    if (keptPermissions != null) {
      input.createTableDefaultPermissions(keptPermissions);
    }
    return input.build();
  }

  /** The database as Glue holds it, with its tags. */
  public static DatabaseSpec flattenDatabase(Database database, Map<String, String> tags) {
    return new DatabaseSpec(
        database.name(),
        emptyToNull(database.description()),
        emptyToNull(database.locationUri()),
        database.hasParameters() ? database.parameters() : Map.of(),
        tags,
        database.hasCreateTableDefaultPermissions() ? database.createTableDefaultPermissions() : null);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
