package dev.lakehouse.maintenance.table;

import dev.lakehouse.config.model.MaintenancePolicy;
import java.util.Set;

/**
 * An Iceberg table that {@code maintenance.tables} matches, with the policy that applies to it.
 *
 * @param zone the zone whose database holds it
 * @param table the table's name in Glue
 * @param database the zone's Glue database
 * @param metadataLocation the current metadata file, as Glue's {@code metadata_location} gives it; null when
 *     the Glue entry has none (the table cannot be inspected, and is reported failed)
 * @param policy every setting resolved: the last matching entry over the defaults over the built-in values
 * @param matchedBy the {@code match} of the entry that decided the policy
 * @param glueOptimizers the AWS Glue table optimizers enabled on the table, of those whose work
 *     overlaps Athena's statements (see {@link GlueOptimizers})
 * @param catalog the locations of the catalog's tables, to keep VACUUM from deleting another table's files
 */
public record MaintainedTable(
    String zone, String table, String database, String metadataLocation, MaintenancePolicy policy,
    String matchedBy, Set<GlueOptimizer> glueOptimizers, CatalogLocations catalog) {

  public MaintainedTable {
    glueOptimizers = Set.copyOf(glueOptimizers);
    catalog = catalog == null ? CatalogLocations.NONE : catalog;
  }

  /** A table no other table of the catalog is known to lie under. */
  public MaintainedTable(String zone, String table, String database, String metadataLocation, MaintenancePolicy policy,
      String matchedBy, Set<GlueOptimizer> glueOptimizers) {
    this(zone, table, database, metadataLocation, policy, matchedBy, glueOptimizers, CatalogLocations.NONE);
  }

  /** A table no Glue optimizer is known to work on. */
  public MaintainedTable(String zone, String table, String database, String metadataLocation, MaintenancePolicy policy,
      String matchedBy) {
    this(zone, table, database, metadataLocation, policy, matchedBy, Set.of(), CatalogLocations.NONE);
  }

  /** The table as the command line names it: {@code processed.customer_events}. */
  public String name() {
    return zone + "." + table;
  }

  /** The table as Glue names it: {@code acme_dev_processed.customer_events}. */
  public String glueName() {
    return database + "." + table;
  }

  /** The same table at another metadata file (after a commit). */
  public MaintainedTable at(String newMetadataLocation) {
    return new MaintainedTable(zone, table, database, newMetadataLocation, policy, matchedBy, glueOptimizers, catalog);
  }

  /** The same table with the Glue optimizers enabled on it. */
  public MaintainedTable with(Set<GlueOptimizer> enabled) {
    return new MaintainedTable(zone, table, database, metadataLocation, policy, matchedBy, enabled, catalog);
  }

  /** The same table with the locations of the catalog's tables. */
  public MaintainedTable with(CatalogLocations locations) {
    return new MaintainedTable(zone, table, database, metadataLocation, policy, matchedBy, glueOptimizers, locations);
  }
}
