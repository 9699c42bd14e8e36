package dev.lakehouse.provision.glue;

import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableAttributes;

/**
 * A Glue Data Catalog database with its description, location, parameters and tags. Glue
 * deletes a database's tables with it, so deleting one that holds tables is a data risk.
 *
 * <p>The engine's read of a whole stack reads the zones' databases together, from one listing
 * of the catalog's databases (GetDatabases), shared with the search for databases the stack made,
 * and then their tags side by side: one paged listing instead of one GetDatabase per database.
 */
public final class GlueDatabaseResource implements ResourceType<DatabaseSpec> {
  /** How many of a database's tables a refusal to delete it names. */
  static final int TABLES_NAMED = 5;
  /** The most tables Glue's GetTables answers in one page. */
  private static final int TABLES_PER_PAGE = 100;
  /** Attributes of the database input; a change to any of them is one UpdateDatabase call. */
  private static final Set<String> INPUT_ATTRIBUTES =
      Set.of("description", "locationUri", "parameters", "iamAccessForNewTables");

  private final GlueClient glue;
  private final String partition;
  private final String region;
  private final String account;
  private final boolean deleteTables;
  private final Supplier<List<Database>> catalog;

  /**
   * A database whose catalog is listed anew for each search.
   *
   * @param deleteTables whether deleting a database may delete tables with it ({@code database-tables} allowed)
   */
  public GlueDatabaseResource(GlueClient glue, String partition, String region, String account, boolean deleteTables) {
    this(glue, partition, region, account, deleteTables, () -> databases(glue));
  }

  /**
   * @param deleteTables whether deleting a database may delete tables with it ({@code database-tables} allowed)
   * @param catalog every database of the account's catalog, as listed for the read of the stack
   *     this resource belongs to
   */
  public GlueDatabaseResource(GlueClient glue, String partition, String region, String account, boolean deleteTables,
      Supplier<List<Database>> catalog) {
    this.glue = glue;
    this.partition = partition;
    this.region = region;
    this.account = account;
    this.deleteTables = deleteTables;
    this.catalog = catalog;
  }

  /** Every database of the account's catalog (not those shared with it). */
  static List<Database> databases(GlueClient glue) {
    return glue.getDatabasesPaginator(b -> { }).stream().flatMap(page -> page.databaseList().stream()).toList();
  }

  @Override
  public String name() {
    return Addresses.GLUE_DATABASE;
  }

  @Override
  public Optional<DatabaseSpec> read(DatabaseSpec desired) {
    // The tags are asked for at once; when the database turns out not to exist, their answer is dropped.
    Supplier<Map<String, String>> tags = AttributeReads.start(() -> tags(desired.name()));
    return database(desired.name()).map(database -> DatabaseConverters.flattenDatabase(database,
        TagChanges.managed(tags.get(), desired.tags()), desired.iamAccessForNewTables() != null));
  }

  /** The database of that name, or empty when there is none. */
  private Optional<Database> database(String name) {
    try {
      return Optional.of(glue.getDatabase(b -> b.name(name)).database());
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean readsTogether() {
    return true;
  }

  /**
   * The databases, each found in the catalog's listing; their tags are asked for at once, beside
   * the listing. A database the listing lacks is read alone, as it would have been: Glue lists
   * only the databases the caller may see, and one that exists out of its sight must fail the
   * read (access denied), not read as absent.
   */
  @Override
  public List<Optional<DatabaseSpec>> readAll(List<DatabaseSpec> desired) {
    List<Supplier<Map<String, String>>> tags = desired.stream()
        .map(database -> AttributeReads.start(() -> tags(database.name()))).toList();
    Map<String, Database> listed = new HashMap<>();
    catalog.get().forEach(database -> listed.put(database.name(), database));
    List<Supplier<Optional<Database>>> databases = new ArrayList<>();
    for (DatabaseSpec database : desired) {
      Database found = listed.get(database.name());
      databases.add(found != null ? () -> Optional.of(found) : AttributeReads.start(() -> database(database.name())));
    }
    List<Optional<DatabaseSpec>> read = new ArrayList<>();
    for (int i = 0; i < desired.size(); i++) {
      Supplier<Map<String, String>> itsTags = tags.get(i);
      Map<String, String> declared = desired.get(i).tags();
      boolean iamAccessRead = desired.get(i).iamAccessForNewTables() != null;
      read.add(databases.get(i).get().map(database -> DatabaseConverters.flattenDatabase(database,
          TagChanges.managed(itsTags.get(), declared), iamAccessRead)));
    }
    return read;
  }

  /**
   * Every database of the account's catalog that carries all of these tags, but those whose names
   * {@code known} accepts: they are neither read nor returned.
   */
  List<DatabaseSpec> tagged(Map<String, String> tags, Predicate<String> known) {
    List<Database> databases = catalog.get().stream().filter(database -> !known.test(database.name())).toList();
    List<DatabaseSpec> found = new ArrayList<>();
    AttributeReads.carrying(databases, database -> tags(database.name()), tags)
        .forEach((database, its) -> found.add(DatabaseConverters.flattenDatabase(database, its)));
    return found;
  }

  private Map<String, String> tags(String database) {
    return glue.getTags(b -> b.resourceArn(arn(database))).tags();
  }

  @Override
  public void create(DatabaseSpec desired) {
    glue.createDatabase(b -> b.databaseInput(DatabaseConverters.expandInput(desired, null)).tags(desired.tags()));
  }

  @Override
  public void update(DatabaseSpec observed, DatabaseSpec desired, Set<String> changed) {
    if (changed.stream().anyMatch(INPUT_ATTRIBUTES::contains)) {
      glue.updateDatabase(b -> b.name(observed.name())
          .databaseInput(DatabaseConverters.expandInput(desired, observed.createTableDefaultPermissions())));
    }
    if (changed.contains("tags")) {
      TagChanges tags = TagChanges.between(observed.tags(), desired.tags());
      String arn = arn(observed.name());
      if (!tags.removed().isEmpty()) {
        glue.untagResource(b -> b.resourceArn(arn).tagsToRemove(tags.removed()));
      }
      if (!tags.set().isEmpty()) {
        glue.tagResource(b -> b.resourceArn(arn).tagsToAdd(tags.set()));
      }
    }
  }

  /**
   * Deletes the database, and with it, as Glue does, its tables. Unless the user allowed that
   * ({@code database-tables}), the database was empty when the run looked, so its tables are looked
   * for again just before: one made since (a crawler's, a job's) stops the delete rather than go
   * with it unasked.
   */
  @Override
  public void delete(DatabaseSpec observed) {
    refuseLossUnless(deleteTables, observed, "Glue database", observed.name());
    glue.deleteDatabase(b -> b.name(observed.name()));
  }

  /**
   * A database holding tables: read page after page until a table is found (or enough to name),
   * since Glue may answer a page with fewer tables than asked for, none at all, and a token for
   * more (it drops from each page what the caller may not see): an empty first page does not mean
   * an empty database.
   */
  @Override
  public Optional<DataRisk> deletionRisk(DatabaseSpec observed) {
    return deletionRisk(observed, List.of());
  }

  /** As above, leaving out the tables that are dropped before the database in the same run. */
  @Override
  public Optional<DataRisk> deletionRisk(DatabaseSpec observed, List<Map<String, String>> goingFirst) {
    Set<String> dropped = goingFirst.stream().filter(outputs -> observed.name().equals(outputs.get("database")))
        .map(outputs -> outputs.get("name")).filter(Objects::nonNull).collect(Collectors.toSet());
    List<String> found = glue.getTablesPaginator(b -> b.databaseName(observed.name())
            .maxResults(Math.min(TABLES_PER_PAGE, TABLES_NAMED + 1 + dropped.size())).attributesToGet(TableAttributes.NAME))
        .stream().flatMap(page -> page.tableList().stream()).map(Table::name).filter(name -> !dropped.contains(name))
        .limit(TABLES_NAMED + 1).toList();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = found.stream().limit(TABLES_NAMED).toList();
    boolean more = found.size() > TABLES_NAMED;
    return Optional.of(new DataRisk(DataRisk.DATABASE_TABLES, "Glue database " + observed.name() + " holds tables ("
        + String.join(", ", names) + (more ? " and more" : "") + "), which Glue deletes with it"));
  }

  @Override
  public Map<String, String> outputs(DatabaseSpec observed) {
    return Map.of("name", observed.name(), "arn", arn(observed.name()));
  }

  private String arn(String database) {
    return DatabaseConverters.arn(partition, region, account, database);
  }
}
