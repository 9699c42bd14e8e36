package dev.lakehouse.provision.iceberg;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.TableConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import dev.lakehouse.provision.resource.Unmanaged;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The config's Iceberg tables ({@code iceberg_table.<zone>.<table>}), each in its zone's
 * Glue database and bucket. Finds, in the zones' databases, the tables the stack made that
 * the config no longer declares (to drop, behind {@code --allow-data-loss dropped-tables}),
 * and the tables others made (shown as unmanaged, never touched).
 */
public final class IcebergProvider implements ResourceProvider {

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    IcebergTableResource type = type(context);
    List<Desired<?>> desired = new ArrayList<>();
    for (TableConfig table : stack.config().tables()) {
      desired.add(Desired.of(Addresses.table(table.name()), type, dependencies(stack, table.zone()),
          outputs -> TableConverters.desired(stack, table)).adopting(table.adopt()));
    }
    return desired;
  }

  private static IcebergTableResource type(ProvisionContext context) {
    AwsClients aws = context.aws();
    boolean purge = context.overrides().allowedDataLoss().contains(DataRisk.TABLE_DATA);
    return new IcebergTableResource(aws.glue(), aws.s3(), aws::iceberg, purge, () -> byDatabase(context));
  }

  /** The zones' tables by lower-case database name: every zone's database, those that do not exist with none. */
  private static Map<String, List<Table>> byDatabase(ProvisionContext context) {
    Map<String, List<Table>> tables = new HashMap<>();
    context.stack().config().zones().values().stream().filter(zone -> zone.database() != null)
        .forEach(zone -> tables.put(zone.database().name().toLowerCase(Locale.ROOT), new ArrayList<>()));
    for (ZoneTable table : zoneTables(context)) {
      String zoneDatabase = context.stack().config().zone(table.zone()).database().name().toLowerCase(Locale.ROOT);
      tables.get(zoneDatabase).add(table.glue());
    }
    return tables;
  }

  /** A table needs its zone's database and bucket, and the key that encrypts the bucket. */
  private static Set<Address> dependencies(Stack stack, String zone) {
    Set<Address> dependsOn = new LinkedHashSet<>();
    dependsOn.add(Addresses.database(zone));
    dependsOn.add(Addresses.zoneBucket(zone));
    if (stack.config().encryption().kmsKey() != null) {
      dependsOn.add(Addresses.kmsKey());
    }
    return dependsOn;
  }

  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    return discover(context, declared, zoneTables(context));
  }

  @Override
  public List<Unmanaged> unmanaged(ProvisionContext context, Set<Address> declared) {
    return unmanaged(context, declared, zoneTables(context));
  }

  /** Both searches from one listing of the zones' databases. */
  @Override
  public Findings find(ProvisionContext context, Set<Address> declared) {
    List<ZoneTable> tables = zoneTables(context);
    return new Findings(discover(context, declared, tables), unmanaged(context, declared, tables));
  }

  private static List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared, List<ZoneTable> tables) {
    Stack stack = context.stack();
    IcebergTableResource type = type(context);
    List<Discovered<?>> found = new ArrayList<>();
    for (ZoneTable table : tables) {
      Address address = Addresses.table(table.zone() + "." + table.glue().name());
      if (!declared.contains(address) && GlueTables.isIceberg(table.glue()) && ownedBy(table.glue(), stack)) {
        TableSpec identity = new TableSpec(table.glue().databaseName(), table.glue().name(), "",
            TableConverters.FORMAT_VERSION, List.of(), List.of(), Map.of(), new TreeMap<>(stack.ownershipTags()),
            Set.of(), Map.of(), false);
        found.add(new Discovered<>(address, type, type.observed(identity, table.glue()),
            dependencies(stack, table.zone())));
      }
    }
    return found;
  }

  private static List<Unmanaged> unmanaged(ProvisionContext context, Set<Address> declared, List<ZoneTable> tables) {
    Stack stack = context.stack();
    List<Unmanaged> unmanaged = new ArrayList<>();
    for (ZoneTable table : tables) {
      String name = table.zone() + "." + table.glue().name();
      String qualified = table.glue().databaseName() + "." + table.glue().name();
      if (declared.contains(Addresses.table(name)) || ownedBy(table.glue(), stack)) {
        continue;
      }
      if (!GlueTables.isIceberg(table.glue())) {
        unmanaged.add(new Unmanaged(Addresses.glueTable(name), "Glue table " + qualified
            + ", not an Iceberg table, not in the config"));
        continue;
      }
      Map<String, String> parameters = table.glue().hasParameters() ? table.glue().parameters() : Map.of();
      String maker = parameters.containsKey(Stack.PROJECT_TAG)
          ? "made by stack " + parameters.get(Stack.PROJECT_TAG) + "/" + parameters.get(Stack.ENV_TAG)
          : "made outside the stack";
      unmanaged.add(new Unmanaged(Addresses.table(name), "Iceberg table " + qualified + ", " + maker
          + ", not in the config"));
    }
    return unmanaged;
  }

  /** Whether the Glue table carries this stack's ownership parameters. */
  private static boolean ownedBy(Table table, Stack stack) {
    Map<String, String> parameters = table.hasParameters() ? table.parameters() : Map.of();
    return stack.ownershipTags().entrySet().stream()
        .allMatch(tag -> tag.getValue().equals(parameters.get(tag.getKey())));
  }

  /** A Glue table in a zone's database. */
  private record ZoneTable(String zone, Table glue) {}

  /**
   * Every table of every zone's database, in the zones' order; a database that does not exist yet
   * has none. Listed once for all that are given the context (the searches and the tables' read),
   * the databases side by side.
   */
  private static List<ZoneTable> zoneTables(ProvisionContext context) {
    return context.<Supplier<List<ZoneTable>>>shared("iceberg zone tables",
        () -> AttributeReads.startAhead(() -> listZoneTables(context))).get();
  }

  private static List<ZoneTable> listZoneTables(ProvisionContext context) {
    List<Supplier<List<ZoneTable>>> listings = new ArrayList<>();
    for (Map.Entry<String, ZoneConfig> zone : context.stack().config().zones().entrySet()) {
      if (zone.getValue().database() != null) {
        listings.add(AttributeReads.start(() -> tables(context, zone.getKey(), zone.getValue().database().name())));
      }
    }
    List<ZoneTable> tables = new ArrayList<>();
    listings.forEach(listing -> tables.addAll(listing.get()));
    return tables;
  }

  private static List<ZoneTable> tables(ProvisionContext context, String zone, String database) {
    List<ZoneTable> tables = new ArrayList<>();
    try {
      context.aws().glue().getTablesPaginator(b -> b.databaseName(database))
          .forEach(page -> page.tableList().forEach(table -> tables.add(new ZoneTable(zone, table))));
    } catch (EntityNotFoundException e) {
      // The database is made by apply; until then it holds no tables.
    } catch (SdkException e) {
      throw new AwsFailure("list the tables of", "Glue database", database, e);
    }
    return tables;
  }
}
