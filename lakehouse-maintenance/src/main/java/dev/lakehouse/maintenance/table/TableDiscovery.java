package dev.lakehouse.maintenance.table;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.Suggestions;
import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.config.model.TableConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.errors.Refused;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetDatabasesRequest;
import software.amazon.awssdk.services.glue.model.GetTablesRequest;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Finds the tables to maintain: the Iceberg tables ({@code table_type=ICEBERG}) of the zones'
 * Glue databases that {@code maintenance.tables} matches, or only those named on the command line,
 * each with the AWS Glue table optimizers enabled on it ({@link GlueOptimizers}).
 */
public final class TableDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(TableDiscovery.class);
  /** The Glue parameter that marks an Iceberg table. */
  static final String TABLE_TYPE = "table_type";
  /** The Glue parameter that points at the table's current metadata file. */
  static final String METADATA_LOCATION = "metadata_location";

  private final GlueClient glue;
  private final GlueOptimizers optimizers;

  public TableDiscovery(GlueClient glue) {
    this.glue = glue;
    this.optimizers = new GlueOptimizers(glue);
  }

  /**
   * The matched Iceberg tables, zone by zone in the config's order, tables by name (the named
   * ones too, whatever their order on the command line).
   *
   * @param named {@code <zone>.<table>} names to narrow to (empty for every matched table)
   * @throws Refused when the config has no maintenance section, or a named table is not a
   *     matched Iceberg table of a zone
   */
  public List<MaintainedTable> discover(Stack stack, List<String> named) {
    MaintenanceConfig maintenance = maintenance(stack);
    TableSelector selector = new TableSelector(maintenance);
    if (!named.isEmpty()) {
      List<MaintainedTable> tables = new ArrayList<>();
      for (String name : new LinkedHashSet<>(named)) {
        tables.add(named(stack, selector, name));
      }
      List<String> zones = List.copyOf(stack.config().zones().keySet());
      tables.sort(Comparator.comparingInt((MaintainedTable table) -> zones.indexOf(table.zone()))
          .thenComparing(MaintainedTable::table));
      return withCatalog(optimizers.attach(tables), Map.of());
    }
    List<MaintainedTable> tables = new ArrayList<>();
    Map<String, List<Table>> listedByDatabase = new HashMap<>();
    for (Map.Entry<String, ZoneConfig> zone : stack.config().zones().entrySet()) {
      if (zone.getValue().database() == null || !selector.coversZone(zone.getKey())) {
        continue;
      }
      String database = zone.getValue().database().name();
      Optional<List<Table>> listed = listTables(database);
      if (listed.isEmpty()) {
        LOG.warn("Glue database {} of zone {} does not exist, so none of its tables is maintained (has the stack "
            + "been applied in this account and region?)", database, zone.getKey());
        continue;
      }
      listedByDatabase.put(database, listed.get());
      for (Table table : listed.get()) {
        Optional<TableSelector.Selection> selection = selector.select(zone.getKey(), table.name());
        if (selection.isPresent() && isIceberg(table)) {
          tables.add(maintained(zone.getKey(), database, table, selection.get()));
        }
      }
      warnOfDeclaredTablesNotFound(stack, selector, zone.getKey(), database, listed.get());
    }
    return withCatalog(optimizers.attach(tables), listedByDatabase);
  }

  /** The tables, each with the locations of every table of the catalog, read once for them all. */
  private List<MaintainedTable> withCatalog(List<MaintainedTable> tables, Map<String, List<Table>> listed) {
    if (tables.isEmpty()) {
      return tables;
    }
    CatalogLocations catalog = catalogLocations(listed);
    return tables.stream().map(table -> table.with(catalog)).toList();
  }

  /**
   * The locations of the tables of every Glue database the run can see: those already listed,
   * and the others'. A database the run may not list is not one it can see; any other failure
   * leaves the catalog unknown, and VACUUM is then skipped.
   */
  CatalogLocations catalogLocations(Map<String, List<Table>> listed) {
    List<CatalogLocations.Located> located = new ArrayList<>();
    listed.forEach((database, tables) -> tables.forEach(table -> located.addAll(locations(database, table))));
    Set<String> databases = new TreeSet<>();
    try {
      glue.getDatabasesPaginator(GetDatabasesRequest.builder().build())
          .forEach(page -> page.databaseList().forEach(database -> databases.add(database.name())));
    } catch (SdkException e) {
      if (!AwsErrors.isAccessDenied(e)) {
        return new CatalogLocations(located, "the Glue databases could not be listed: " + AwsErrors.reason(e));
      }
      LOG.debug("Cannot list the Glue databases: {}; looking for tables under the others' locations in the zones' "
          + "databases only", AwsErrors.reason(e));
    }
    databases.removeAll(listed.keySet());
    for (String database : databases) {
      try {
        listTables(database).ifPresent(tables -> tables.forEach(table -> located.addAll(locations(database, table))));
      } catch (AwsFailure e) {
        if (!(e.getCause() instanceof SdkException cause && AwsErrors.isAccessDenied(cause))) {
          return new CatalogLocations(located, "the tables of Glue database " + database + " could not be listed: "
              + e.getMessage());
        }
      }
    }
    return new CatalogLocations(located, null);
  }

  /**
   * Where a Glue table is stored: its storage descriptor's location and, for an Iceberg table,
   * the location its metadata file lies under ({@code <location>/metadata/<file>}).
   */
  private static List<CatalogLocations.Located> locations(String database, Table table) {
    String name = database + "." + table.name();
    Set<String> found = new LinkedHashSet<>();
    if (table.storageDescriptor() != null && table.storageDescriptor().location() != null
        && !table.storageDescriptor().location().isBlank()) {
      found.add(table.storageDescriptor().location());
    }
    metadataLocation(table).filter(location -> location.contains("/metadata/"))
        .ifPresent(location -> found.add(location.substring(0, location.lastIndexOf("/metadata/") + 1)));
    return found.stream().map(location -> new CatalogLocations.Located(name, location)).toList();
  }

  /**
   * Warns of the tables the config declares in the zone, and {@code maintenance.tables} matches,
   * that its Glue database lacks or holds as other than Iceberg tables: they are not maintained,
   * and a run that says nothing of them would look like one that maintained them.
   */
  private static void warnOfDeclaredTablesNotFound(Stack stack, TableSelector selector, String zone, String database,
      List<Table> listed) {
    for (TableConfig declared : stack.config().tables()) {
      if (!zone.equals(declared.zone()) || selector.select(zone, declared.tableName()).isEmpty()) {
        continue;
      }
      Optional<Table> found = listed.stream().filter(t -> t.name().equalsIgnoreCase(declared.tableName())).findFirst();
      if (found.isEmpty()) {
        LOG.warn("{} is declared in the config and maintenance.tables matches it, but Glue database {} has no table "
            + "{}, so it is not maintained (lakehouse apply creates it)", declared.name(), database,
            declared.tableName());
      } else if (!isIceberg(found.get())) {
        LOG.warn("{} is declared in the config and maintenance.tables matches it, but {}.{} is not an Iceberg "
            + "table (its table_type is {}), so it is not maintained", declared.name(), database, found.get().name(),
            tableType(found.get()));
      }
    }
  }

  /** The table again as Glue holds it now: its current metadata file after the maintenance's commits. */
  public MaintainedTable refresh(MaintainedTable table) {
    Table current = read(table.database(), table.table());
    if (current == null) {
      throw new AwsFailure("read", "Glue table", table.glueName(), "it no longer exists");
    }
    return table.at(metadataLocation(current).orElseThrow(() -> new Refused("Cannot maintain Iceberg table "
        + table.glueName() + ": its Glue entry has no metadata_location")));
  }

  private MaintainedTable named(Stack stack, TableSelector selector, String name) {
    String cannot = "Cannot maintain " + name + ": ";
    int dot = name.indexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      throw new Refused(cannot + "name the table <zone>.<table>, e.g. processed.customer_events");
    }
    String zoneName = name.substring(0, dot);
    String tableName = name.substring(dot + 1);
    Map<String, ZoneConfig> zones = stack.config().zones();
    ZoneConfig zone = zones.get(zoneName);
    if (zone == null) {
      throw new Refused(cannot + "the config has no zone '" + zoneName + "'"
          + Suggestions.didYouMean(zoneName, zones.keySet()) + " (zones: " + String.join(", ", zones.keySet()) + ")");
    }
    if (zone.database() == null) {
      throw new Refused(cannot + "zone '" + zoneName + "' has no database");
    }
    TableSelector.Selection selection = selector.select(zoneName, tableName).orElseThrow(() -> new Refused(cannot
        + "no entry of maintenance.tables matches it (entries: " + String.join(", ", maintenance(stack).tables()
            .stream().map(e -> e.match()).toList()) + ")"));
    String database = zone.database().name();
    Table table = read(database, tableName);
    if (table == null) {
      List<String> names = tables(database).stream().map(Table::name).toList();
      throw new Refused(cannot + "Glue database " + database + " has no table '" + tableName + "'"
          + Suggestions.didYouMean(tableName, names));
    }
    if (!isIceberg(table)) {
      throw new Refused(cannot + database + "." + tableName + " is not an Iceberg table (its table_type is "
          + tableType(table) + ")");
    }
    return maintained(zoneName, database, table, selection);
  }

  private static MaintenanceConfig maintenance(Stack stack) {
    MaintenanceConfig maintenance = stack.config().maintenance();
    if (maintenance == null) {
      throw new Refused("Cannot maintain the tables of " + stack.file() + ": the config has no maintenance section; "
          + "add one with the workgroup and the tables to maintain (see examples/lakehouse.yaml)");
    }
    return maintenance;
  }

  /**
   * The table as found. One whose Glue entry names no metadata file is still returned, with no
   * location: its inspection fails and it is reported failed, while the other tables are maintained.
   */
  private static MaintainedTable maintained(String zone, String database, Table table,
      TableSelector.Selection selection) {
    return new MaintainedTable(zone, table.name(), database, metadataLocation(table).orElse(null), selection.policy(),
        selection.matchedBy());
  }

  /** A Glue table's {@code table_type}, quoted, or "not set". */
  private static String tableType(Table table) {
    String type = table.hasParameters() ? table.parameters().get(TABLE_TYPE) : null;
    return type == null ? "not set" : "'" + type + "'";
  }

  private static boolean isIceberg(Table table) {
    return table.hasParameters() && "ICEBERG".equalsIgnoreCase(table.parameters().get(TABLE_TYPE));
  }

  /** The metadata file Glue's entry points at; empty when it names none. */
  private static Optional<String> metadataLocation(Table table) {
    String location = table.hasParameters() ? table.parameters().get(METADATA_LOCATION) : null;
    return location == null || location.isBlank() ? Optional.empty() : Optional.of(location);
  }

  private List<Table> tables(String database) {
    return listTables(database).orElse(List.of());
  }

  /** The tables of the database, by name; empty when the database does not exist. */
  private Optional<List<Table>> listTables(String database) {
    try {
      List<Table> tables = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      glue.getTablesPaginator(GetTablesRequest.builder().databaseName(database).build())
          .forEach(page -> page.tableList().forEach(table -> {
            if (seen.add(table.name())) {
              tables.add(table);
            }
          }));
      tables.sort((a, b) -> a.name().compareTo(b.name()));
      return Optional.of(tables);
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new AwsFailure("list the tables of", "Glue database", database, e);
    }
  }

  private Table read(String database, String table) {
    try {
      return glue.getTable(r -> r.databaseName(database).name(table)).table();
    } catch (EntityNotFoundException e) {
      return null;
    } catch (SdkException e) {
      if (AwsErrors.isNotFound(e)) {
        return null;
      }
      throw new AwsFailure("read", "Glue table", database + "." + table, e);
    }
  }
}
