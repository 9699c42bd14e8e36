package dev.lakehouse.provision.glue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.lakehouse.provision.resource.TaggedSpec;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.PrincipalPermissions;

/**
 * A zone's Glue Data Catalog database as the stack manages it: its name, description,
 * location and parameters, and its tags.
 *
 * @param description null when the database has none (Glue does not tell an empty one from none)
 * @param locationUri {@code s3://<zone bucket>/}
 * @param parameters the database's parameters; empty for none
 * @param tags the database's tags the stack manages: the config's keys and its own {@code lakehouse:} keys
 * @param iamAccessForNewTables whether the database gives its new tables to {@code IAM_ALLOWED_PRINCIPALS}
 *     (Lake Formation's "use only IAM access control for new tables"); false for a zone in
 *     {@code lakeFormation.enforceZones}, null where the stack leaves it as it is (and then read as null)
 * @param createTableDefaultPermissions what Glue holds for the default permissions of new
 *     tables: sent back unchanged with every update where the stack leaves them as they are,
 *     because {@code UpdateDatabase} replaces the whole database input; null in a spec built from the config
 */
public record DatabaseSpec(
    String name,
    String description,
    String locationUri,
    Map<String, String> parameters,
    Map<String, String> tags,
    Boolean iamAccessForNewTables,
    @JsonIgnore List<PrincipalPermissions> createTableDefaultPermissions) implements TaggedSpec<DatabaseSpec> {

  public DatabaseSpec {
    parameters = Map.copyOf(parameters);
    tags = Map.copyOf(tags);
    createTableDefaultPermissions = createTableDefaultPermissions == null ? null
        : List.copyOf(createTableDefaultPermissions);
  }

  /** A database whose new tables' default permissions the stack leaves as they are. */
  public DatabaseSpec(String name, String description, String locationUri, Map<String, String> parameters,
      Map<String, String> tags, List<PrincipalPermissions> createTableDefaultPermissions) {
    this(name, description, locationUri, parameters, tags, null, createTableDefaultPermissions);
  }

  @Override
  public DatabaseSpec withTags(Map<String, String> tags) {
    return new DatabaseSpec(name, description, locationUri, parameters, tags, iamAccessForNewTables,
        createTableDefaultPermissions);
  }
}
