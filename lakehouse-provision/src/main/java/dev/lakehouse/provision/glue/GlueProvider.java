package dev.lakehouse.provision.glue;

import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.DatabaseConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.NamePrefixes;
import dev.lakehouse.provision.ZoneNames;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.glue.model.Database;

/**
 * The zones' Glue databases, {@code glue_database.<zone>}, and the databases the stack made
 * that the config no longer declares (found by the stack's ownership tags, addressed
 * {@code glue_database.<zone>} when their name tells the zone, see {@link ZoneNames}, and
 * {@code glue_database.<database name>} otherwise), which plans delete.
 */
public final class GlueProvider implements ResourceProvider {

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    GlueDatabaseResource type = type(context);
    List<Desired<?>> desired = new ArrayList<>();
    stack.config().zones().forEach((zone, config) -> {
      if (config.database() != null) {
        desired.add(Desired.of(Addresses.database(zone), type, dependsOn(stack), outputs -> spec(stack, zone)));
      }
    });
    return desired;
  }

  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    Stack stack = context.stack();
    Map<String, String> zoneDatabases = new LinkedHashMap<>();
    stack.config().zones().forEach((zone, config) -> {
      if (config.database() != null) {
        zoneDatabases.put(zone, config.database().name());
      }
    });
    GlueDatabaseResource type = type(context);
    Set<Address> taken = new HashSet<>(declared);
    List<Discovered<?>> found = new ArrayList<>();
    // The zones' databases are read as such; a database named like a zone is left alone rather
    // than take the zone's address. Only databases named as the zones' begin have their tags read.
    String prefix = NamePrefixes.common(new HashSet<>(zoneDatabases.values()));
    for (DatabaseSpec database : type.tagged(stack.ownershipTags(), name -> zoneDatabases.containsValue(name)
        || declared.contains(new Address(Addresses.GLUE_DATABASE, name)) || !name.startsWith(prefix))) {
      Address address = address(database.name(), zoneDatabases, taken);
      taken.add(address);
      found.add(new Discovered<>(address, type, database, Set.of()));
    }
    return found;
  }

  /**
   * The address of a database the config no longer declares: its zone's, when its name tells the
   * zone ({@link ZoneNames}) and the config does not use that address, else its own name.
   */
  static Address address(String database, Map<String, String> zoneDatabases, Set<Address> taken) {
    return ZoneNames.zoneOf(database, zoneDatabases).map(Addresses::database).filter(a -> !taken.contains(a))
        .orElse(new Address(Addresses.GLUE_DATABASE, database));
  }

  private static GlueDatabaseResource type(ProvisionContext context) {
    Stack stack = context.stack();
    return new GlueDatabaseResource(context.aws().glue(), stack.partition(), stack.region(), stack.account(),
        context.overrides().allowedDataLoss().contains(DataRisk.DATABASE_TABLES),
        () -> context.<Supplier<List<Database>>>shared("glue databases",
            () -> AttributeReads.start(() -> GlueDatabaseResource.databases(context.aws().glue()))).get());
  }

  /**
   * With Lake Formation, the data lake settings: a database is made after the admins are set,
   * since a config may name the principal that applies it as an admin, which it then needs to be
   * to create databases in a catalog Lake Formation governs. It waits for neither its zone's bucket nor the bucket's
   * registration, which go beside it: Glue keeps a database's location as a name and reads nothing
   * there, making a database needs no data location permission on a location not registered yet,
   * and what writes there or needs the registration (tables, grants, filters) waits for both.
   */
  static Set<Address> dependsOn(Stack stack) {
    Set<Address> dependsOn = new LinkedHashSet<>();
    if (stack.config().lakeFormation() != null) {
      dependsOn.add(Addresses.lakeFormationSettings());
    }
    return dependsOn;
  }

  /**
   * The zone's database as the config declares it. The database of a zone in
   * {@code lakeFormation.enforceZones} gives its new tables no permission for
   * {@code IAM_ALLOWED_PRINCIPALS}; any other's new tables are left as Lake Formation's settings make them.
   */
  static DatabaseSpec spec(Stack stack, String zoneName) {
    ZoneConfig zone = stack.config().zone(zoneName);
    DatabaseConfig database = zone.database();
    boolean enforced = stack.config().lakeFormation() != null
        && stack.config().lakeFormation().enforceZones().contains(zoneName);
    return new DatabaseSpec(
        database.name(),
        database.description().isEmpty() ? null : database.description(),
        "s3://" + zone.bucket() + "/",
        database.parameters(),
        stack.tagsWith(zone.tags()),
        enforced ? Boolean.FALSE : null,
        null);
  }
}
