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
  /** The group of every IAM principal whose IAM policies allow it, in Lake Formation's grants. */
  public static final String IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";
  /** Lake Formation's "use only IAM access control for new tables": ALL to {@link #IAM_ALLOWED_PRINCIPALS}. */
  private static final PrincipalPermissions IAM_ACCESS = PrincipalPermissions.builder()
      .principal(principal -> principal.dataLakePrincipalIdentifier(IAM_ALLOWED_PRINCIPALS))
      .permissionsWithStrings("ALL")
      .build();

  private DatabaseConverters() {}

  /** The database's ARN, which Glue's tagging calls take. */
  public static String arn(String partition, String region, String account, String name) {
    return "arn:" + partition + ":glue:" + region + ":" + account + ":database/" + name;
  }

  /**
   * The whole database input, for CreateDatabase and UpdateDatabase alike: UpdateDatabase
   * replaces everything the database holds with its input, so every attribute is sent every
   * time (parameters even when empty, so that dropped ones go), with the default permissions
   * of new tables as the spec wants them ({@code iamAccessForNewTables}), else kept as Glue holds them.
   *
   * @param keptPermissions the database's current default permissions for new tables, sent where the
   *     spec leaves them as they are; null to send none
   */
  public static DatabaseInput expandInput(DatabaseSpec desired, List<PrincipalPermissions> keptPermissions) {
    List<PrincipalPermissions> permissions = desired.iamAccessForNewTables() == null ? keptPermissions
        : desired.iamAccessForNewTables() ? List.of(IAM_ACCESS) : List.of();
    DatabaseInput.Builder input = DatabaseInput.builder()
        .name(desired.name())
        .locationUri(desired.locationUri())
        .parameters(new TreeMap<>(desired.parameters()));
    if (desired.description() != null) {
      input.description(desired.description());
    }
    if (permissions != null) {
      input.createTableDefaultPermissions(permissions);
    }
    return input.build();
  }

  /** The database as Glue holds it, with its tags; its new tables' access left unread. */
  public static DatabaseSpec flattenDatabase(Database database, Map<String, String> tags) {
    return flattenDatabase(database, tags, false);
  }

  /**
   * The database as Glue holds it, with its tags.
   *
   * @param iamAccessRead whether to read whether its new tables go to {@code IAM_ALLOWED_PRINCIPALS}
   *     (when the stack manages it); otherwise {@code iamAccessForNewTables} is null
   */
  public static DatabaseSpec flattenDatabase(Database database, Map<String, String> tags, boolean iamAccessRead) {
    List<PrincipalPermissions> permissions =
        database.hasCreateTableDefaultPermissions() ? database.createTableDefaultPermissions() : null;
    return new DatabaseSpec(
        database.name(),
        emptyToNull(database.description()),
        emptyToNull(database.locationUri()),
        database.hasParameters() ? database.parameters() : Map.of(),
        tags,
        iamAccessRead ? iamAccess(permissions) : null,
        permissions);
  }

  /** Whether these default permissions of new tables give them to {@code IAM_ALLOWED_PRINCIPALS}. */
  static boolean iamAccess(List<PrincipalPermissions> permissions) {
    return permissions != null && permissions.stream().anyMatch(granted -> granted.principal() != null
        && IAM_ALLOWED_PRINCIPALS.equals(granted.principal().dataLakePrincipalIdentifier())
        && !granted.permissions().isEmpty());
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
