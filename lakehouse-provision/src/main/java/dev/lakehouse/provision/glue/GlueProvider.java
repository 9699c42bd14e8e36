package dev.lakehouse.provision.glue;

import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.DatabaseConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.glue.model.Database;

/**
 * The zones' Glue databases, {@code glue_database.<zone>}, and the databases the stack made
 * that the config no longer declares (found by the stack's ownership tags, addressed
 * {@code glue_database.<database name>}), which plans delete.
 */
public final class GlueProvider implements ResourceProvider {

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    GlueDatabaseResource type = type(context);
    List<Desired<?>> desired = new ArrayList<>();
    stack.config().zones().forEach((zone, config) -> {
      if (config.database() != null) {
        desired.add(Desired.of(Addresses.database(zone), type, dependsOn(stack), outputs -> spec(stack, config)));
      }
    });
    return desired;
  }

  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    Stack stack = context.stack();
    Set<String> declaredNames = new LinkedHashSet<>();
    stack.config().zones().values().stream().map(ZoneConfig::database).filter(d -> d != null)
        .forEach(d -> declaredNames.add(d.name()));
    GlueDatabaseResource type = type(context);
    List<Discovered<?>> found = new ArrayList<>();
    // The zones' databases are read as such; a database named like a zone is left alone rather
    // than take the zone's address.
    for (DatabaseSpec database : type.tagged(stack.ownershipTags(), name -> declaredNames.contains(name)
        || declared.contains(new Address(Addresses.GLUE_DATABASE, name)))) {
      found.add(new Discovered<>(new Address(Addresses.GLUE_DATABASE, database.name()), type, database, Set.of()));
    }
    return found;
  }

  private static GlueDatabaseResource type(ProvisionContext context) {
    Stack stack = context.stack();
    return new GlueDatabaseResource(context.aws().glue(), stack.partition(), stack.region(), stack.account(),
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

  static DatabaseSpec spec(Stack stack, ZoneConfig zone) {
    DatabaseConfig database = zone.database();
    return new DatabaseSpec(
        database.name(),
        database.description().isEmpty() ? null : database.description(),
        "s3://" + zone.bucket() + "/",
        database.parameters(),
        stack.tagsWith(zone.tags()),
        null);
  }
}
