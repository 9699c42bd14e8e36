package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.aws.AwsFailure;
import java.util.Set;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * Checks that the database or table a grant or filter is on exists before Lake Formation is
 * asked, so that a grant on a table a pipeline has not made yet fails with a message that says
 * so, rather than with Lake Formation's "entity not found".
 */
public final class CatalogTargets {
  private final GlueClient glue;
  private final Set<String> declaredTables;

  /**
   * @param declaredTables the tables the config declares, as {@code <database>.<table>}: apply
   *     creates them before anything on them
   */
  public CatalogTargets(GlueClient glue, Set<String> declaredTables) {
    this.glue = glue;
    this.declaredTables = Set.copyOf(declaredTables);
  }

  /**
   * @param verb what was to be done: "grant on", "create"
   * @param thing what was to be done to, with its id for the message
   */
  public void require(String database, String table, String verb, String thing) {
    try {
      if (table == null) {
        glue.getDatabase(b -> b.name(database));
      } else {
        glue.getTable(b -> b.databaseName(database).name(table));
      }
    } catch (EntityNotFoundException e) {
      throw new AwsFailure(verb, thing, null, missing(database, table));
    }
  }

  String missing(String database, String table) {
    if (table == null) {
      return "database " + database + " does not exist yet";
    }
    String name = database + "." + table;
    return declaredTables.contains(name)
        ? "table " + name + " does not exist, although apply creates it first: see why it was not created"
        : "table " + name + " does not exist yet; the config does not declare it under tables, so a pipeline "
            + "must create it: apply again once it exists";
  }
}
