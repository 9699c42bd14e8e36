package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.aws.AwsFailure;
import java.util.Set;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * Says why a grant or filter failed when the database or table it is on does not exist, so that a
 * grant on a table a pipeline has not made yet fails with a message that says so, rather than
 * with Lake Formation's "entity not found". Lake Formation refuses grants and filters on what the
 * catalog does not hold, so the database or table is looked for only when the call has failed:
 * one that succeeds costs no lookup.
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
   * Makes a call on the database or table; when it fails and the database or table does not
   * exist, fails with why (the call's failure as its cause), else with the call's failure.
   *
   * @param verb what was to be done: "grant on", "create"
   * @param thing what was to be done to, with its id for the message
   */
  public void onTarget(String database, String table, String verb, String thing, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException failure) {
      if (exists(database, table, failure)) {
        throw failure;
      }
      AwsFailure missing = new AwsFailure(verb, thing, null, missing(database, table));
      missing.initCause(failure);
      throw missing;
    }
  }

  /** Whether the database or table exists; true when that cannot be told (the failure then keeps the lookup's). */
  private boolean exists(String database, String table, RuntimeException failure) {
    try {
      if (table == null) {
        glue.getDatabase(b -> b.name(database));
      } else {
        glue.getTable(b -> b.databaseName(database).name(table));
      }
      return true;
    } catch (EntityNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      return true;
    }
  }

  String missing(String database, String table) {
    if (table == null) {
      return "database " + database + " does not exist yet";
    }
    String name = database + "." + table;
    return declaredTables.contains(name)
        ? "table " + name + " does not exist, although the config declares it and this apply found or made it "
            + "before anything on it: it was deleted since (by a destroy of the stack run at the same time, or by "
            + "hand); apply again to make it"
        : "table " + name + " does not exist yet; the config does not declare it under tables, so a pipeline "
            + "must create it: apply again once it exists";
  }
}
