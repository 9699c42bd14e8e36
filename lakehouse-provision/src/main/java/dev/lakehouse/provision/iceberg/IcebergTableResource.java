package dev.lakehouse.provision.iceberg;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Specs;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryOutputFile;
import org.apache.iceberg.util.LocationUtil;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An Apache Iceberg table in its zone's Glue database, made and evolved through Iceberg's
 * own library, so that it is a true Iceberg table: Glue holds {@code table_type=ICEBERG} and
 * {@code metadata_location}, its columns and location as Iceberg describes them, and Athena,
 * Spark and Trino read it. A new table's first metadata and Glue entry are Iceberg's own, made
 * in two calls ({@link #create}); every later change goes through Iceberg's Glue catalog.
 *
 * <p>Changes are Iceberg metadata commits ({@link TableEvolution}); no data file is
 * rewritten. The stack marks the tables it made with Glue parameters (its ownership tags; Glue
 * tables carry no tags of their own), which is how it tells its tables from others' and finds
 * those the config no longer declares.
 */
public final class IcebergTableResource implements ResourceType<TableSpec> {
  /** How many first metadata files a new table's folder may hold for a create to look at them. */
  private static final int FIRST_FILES_LOOKED_AT = 5;

  private final GlueClient glue;
  private final S3Client s3;
  private final Supplier<Catalog> catalog;
  private final boolean purgeOnDelete;
  private final Supplier<Map<String, List<software.amazon.awssdk.services.glue.model.Table>>> databaseTables;
  /**
   * The metadata files this process wrote, by location. Iceberg never rewrites a metadata file
   * (each has a name of its own), so a read of one of them takes it from here rather than from S3:
   * a new table is read back in one round trip fewer.
   */
  private final Map<String, byte[]> written = new ConcurrentHashMap<>();

  /** The metadata each table was read at, by its qualified name: what a plan's commit would be made on. */
  private final Map<String, TableMetadata> readAt = new ConcurrentHashMap<>();

  /** New tables' first metadata, being built since the apply began ({@link #prepare}), by spec. */
  private final Map<TableSpec, Supplier<FirstMetadata>> prepared = new ConcurrentHashMap<>();

  /**
   * The first metadata an earlier apply wrote for a new table and was cut short before naming it in
   * Glue, looked for since the apply began ({@link #prepare}), by spec.
   */
  private final Map<TableSpec, Supplier<MetadataFolder>> leftBehind = new ConcurrentHashMap<>();

  /**
   * @param s3 reads the metadata file a read needs, without the catalog (plan never makes it), and
   *     writes a new table's first one
   * @param catalog Iceberg's Glue catalog, asked for on first use (by an update or a drop)
   * @param purgeOnDelete whether deleting a table deletes its data and metadata files too
   *     ({@code --allow-data-loss table-data}); otherwise they stay in the bucket
   */
  public IcebergTableResource(GlueClient glue, S3Client s3, Supplier<Catalog> catalog, boolean purgeOnDelete) {
    this(glue, s3, catalog, purgeOnDelete, Map::of);
  }

  /**
   * @param databaseTables the tables of databases, by lower-case database name, as listed for the
   *     read of the stack this resource belongs to (a database that does not exist lists none)
   */
  public IcebergTableResource(GlueClient glue, S3Client s3, Supplier<Catalog> catalog, boolean purgeOnDelete,
      Supplier<Map<String, List<software.amazon.awssdk.services.glue.model.Table>>> databaseTables) {
    this.glue = glue;
    this.s3 = s3;
    this.catalog = catalog;
    this.purgeOnDelete = purgeOnDelete;
    this.databaseTables = databaseTables;
  }

  /** A table's data and metadata files are under its location. */
  @Override
  public List<String> filesAt(TableSpec observed) {
    return observed.location() == null ? List.of() : List.of(observed.location());
  }

  @Override
  public String name() {
    return Addresses.ICEBERG_TABLE;
  }

  private static TableIdentifier identifier(TableSpec spec) {
    return TableIdentifier.of(spec.database(), spec.table());
  }

  @Override
  public Optional<TableSpec> read(TableSpec desired) {
    software.amazon.awssdk.services.glue.model.Table glueTable;
    try {
      glueTable = glue.getTable(b -> b.databaseName(desired.database()).name(desired.table())).table();
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(observed(desired, glueTable));
  }

  @Override
  public boolean readsTogether() {
    return true;
  }

  /**
   * The tables, each found in the listing of its database's tables made for this read of the
   * stack (shared with the searches for tables the stack made and tables others made), their
   * metadata files read side by side: no GetTable. A table the listings lack is read alone, as it
   * would have been: Glue lists only the tables the caller may see, and one that exists out of
   * its sight must fail the read (access denied), not read as absent.
   */
  @Override
  public List<Optional<TableSpec>> readAll(List<TableSpec> desired) {
    var listed = databaseTables.get();
    List<Supplier<Optional<TableSpec>>> reads = new ArrayList<>();
    for (TableSpec spec : desired) {
      var table = listed.getOrDefault(spec.database().toLowerCase(Locale.ROOT), List.of()).stream()
          .filter(t -> t.name().equalsIgnoreCase(spec.table())).findFirst();
      reads.add(table.isEmpty() ? AttributeReads.start(() -> read(spec))
          : AttributeReads.start(() -> Optional.of(observed(spec, table.get()))));
    }
    return reads.stream().map(Supplier::get).toList();
  }

  /**
   * The table as its Glue entry and the metadata file it names describe it, with the Glue entry's
   * columns where they are not those the metadata gives.
   */
  TableSpec observed(TableSpec desired, software.amazon.awssdk.services.glue.model.Table glueTable) {
    Map<String, String> parameters = glueTable.hasParameters() ? glueTable.parameters() : Map.of();
    if (!GlueTables.isIceberg(glueTable) && !(isStacks(desired, parameters)
        && parameters.containsKey(GlueTables.METADATA_LOCATION))) {
      throw new AwsFailure("read", "Iceberg table", desired.qualifiedName(), "the Glue table exists but is not an "
          + "Iceberg table (it has no table_type=ICEBERG parameter); drop or rename it, or give the config's table "
          + "another name");
    }
    try {
      TableMetadata metadata = metadata(parameters.get(GlueTables.METADATA_LOCATION));
      readAt.put(desired.qualifiedName(), metadata);
      return TableConverters.observed(metadata, parameters, desired)
          .withGlueColumns(GlueTables.columnDrift(glueTable, metadata))
          .withGlueEntry(GlueTables.entryDrift(glueTable, metadata));
    } catch (RuntimeException e) {
      throw IcebergErrors.failure("read", desired.qualifiedName(), e);
    }
  }

  /**
   * Whether the Glue table carries the stack's marks. One that does and names its metadata is read
   * as the stack's Iceberg table even where its {@code table_type} parameter was changed outside
   * lakehouse: that is drift, which apply puts back ({@link GlueTables#entryDrift}); dropping it, as a
   * stranger's non-Iceberg table, would leave its files behind a table the stack then refuses to make
   * again over them.
   */
  private static boolean isStacks(TableSpec desired, Map<String, String> parameters) {
    return desired.glueParameters().entrySet().stream()
        .allMatch(mark -> mark.getValue().equals(parameters.get(mark.getKey())));
  }

  /**
   * The table's current metadata: the file Glue's {@code metadata_location} names, read and parsed
   * as Iceberg's catalog would read it on loading the table (gzip-compressed files included).
   */
  private TableMetadata metadata(String location) {
    S3Location at;
    try {
      at = S3Location.parse(location);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("the Glue table's metadata_location is " + e.getMessage(), e);
    }
    byte[] cached = written.get(location);
    byte[] bytes = cached != null ? cached
        : s3.getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key())).asByteArray();
    return parse(location, bytes);
  }

  /** A metadata file's content, parsed as Iceberg's catalog would read it (gzip-compressed files included). */
  private static TableMetadata parse(String location, byte[] bytes) {
    try (InputStream raw = new ByteArrayInputStream(bytes);
        InputStream in = TableMetadataParser.Codec.fromFileName(location) == TableMetadataParser.Codec.GZIP
            ? new GZIPInputStream(raw) : raw) {
      return TableMetadataParser.fromJson(location, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + location, e);
    }
  }

  private static TableMetadata metadata(Table table) {
    return ((HasTableOperations) table).operations().current();
  }

  /**
   * Creates the table as Iceberg's Glue catalog does, with the stack's marks in the same call:
   * writes the table's first metadata file (Iceberg's own new-table metadata, written by Iceberg's
   * parser), then makes the Glue table with Glue's CreateTable, which names that file and carries
   * the stack's ownership parameters. The table is thus never seen unmarked, and the create costs
   * two calls: Iceberg's catalog would first look for the table twice and leave the marking to an
   * UpdateTable after it. A first metadata file that an apply cut short before its CreateTable left
   * for the same table is named instead of writing a second one ({@link #leftBehind}). When the
   * table turns out to exist already (another apply of the stack
   * made it meanwhile), fails with Glue's {@code AlreadyExistsException}, which the engine takes to
   * read the table and decide.
   */
  @Override
  public void create(TableSpec desired) {
    TableMetadata metadata;
    String metadataLocation;
    String version = null;
    try {
      FirstMetadata made = AttributeReads.begunOrNow(prepared.remove(desired), () -> FirstMetadata.of(desired));
      Supplier<FirstMetadata> fresh = () -> made;
      MetadataFolder folder = AttributeReads.begunOrNow(leftBehind.remove(desired), () -> leftBehind(desired, fresh));
      if (folder.earlierTable() != null) {
        throw new AwsFailure("create", "Iceberg table", desired.qualifiedName(), overEarlierTable(desired,
            folder.earlierTable()));
      }
      Optional<FirstMetadata> earlier = folder.leftBehind();
      FirstMetadata first = earlier.orElseGet(fresh);
      metadata = first.metadata();
      metadataLocation = first.location();
      if (earlier.isEmpty()) {
        S3Location at = S3Location.parse(metadataLocation);
        version = s3.putObject(b -> b.bucket(at.bucket()).key(at.key()), RequestBody.fromBytes(first.bytes()))
            .versionId();
      }
      written.put(metadataLocation, first.bytes());
    } catch (RuntimeException e) {
      throw IcebergErrors.failure("create", desired.qualifiedName(), e);
    }
    try {
      glue.createTable(b -> b.databaseName(desired.database())
          .tableInput(GlueTables.newIcebergTable(desired.table(), metadata, metadataLocation, desired.glueParameters())));
    } catch (RuntimeException e) {
      settleFailedCreate(desired, metadataLocation, version, e);
    }
  }

  /** Why a new table is not made over the files of an earlier one (its metadata file named). */
  private static String overEarlierTable(TableSpec desired, String earlierTable) {
    return "its location holds the metadata of an earlier table (" + earlierTable + " among others), whose data "
        + "files a new, empty table there would orphan, and maintenance (VACUUM) would then delete them. To get that "
        + "table back, register its latest metadata file (the highest-numbered in " + desired.location()
        + "/metadata/) in Glue (Spark: CALL system.register_table) and apply with --adopt; to start afresh, delete "
        + "the files under " + desired.location() + "/ first";
  }

  /**
   * A new table whose location holds an earlier table's metadata (its Glue entry dropped or deleted,
   * its files kept) is refused in the plan, as the create would refuse it: one listing of the
   * table's metadata folder, and a read of each first metadata file in it when it holds only such
   * files (an apply cut short leaves one; a table made with its data in one commit, as a
   * {@code CREATE TABLE AS SELECT} is, has its snapshot in its first). Nothing is refused when the
   * folder cannot be listed or read (the bucket is not there, or the caller may not list it); the
   * create looks again.
   */
  @Override
  public List<String> createConflicts(TableSpec desired) {
    try {
      String folder = desired.properties().get(TableProperties.WRITE_METADATA_LOCATION);
      S3Location at = S3Location.parse(LocationUtil.stripTrailingSlash(
          folder != null ? folder : desired.location() + "/metadata") + "/");
      List<S3Object> files = s3.listObjectsV2(b -> b.bucket(at.bucket())
          .prefix(at.key()).maxKeys(FIRST_FILES_LOOKED_AT + 1)).contents();
      Optional<String> later = laterMetadata(at.key(), files).map(key -> "s3://" + at.bucket() + "/" + key);
      Optional<String> earlier = later.isPresent() || files.size() > FIRST_FILES_LOOKED_AT ? later
          : firstMetadata(at.bucket(), files).stream().filter(FirstMetadata::holdsData).map(FirstMetadata::location)
              .findFirst();
      return earlier.map(location -> List.of(overEarlierTable(desired, location))).orElse(List.of());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** The first metadata file in a table's metadata folder that a commit wrote, not a create: an earlier table's. */
  private static Optional<String> laterMetadata(String folder, List<S3Object> files) {
    return files.stream().map(S3Object::key).filter(IcebergTableResource::isMetadataFile)
        .filter(key -> !key.startsWith(folder + "00000-")).findFirst();
  }

  private static boolean isMetadataFile(String key) {
    return key.endsWith(".metadata.json") || key.endsWith(".metadata.json.gz");
  }

  /** The metadata files among these (a folder's first ones), read, the last written first. */
  private List<FirstMetadata> firstMetadata(String bucket, List<S3Object> files) {
    return files.stream().filter(file -> isMetadataFile(file.key()))
        .sorted(Comparator.comparing(S3Object::lastModified).reversed())
        .map(file -> {
          String location = "s3://" + bucket + "/" + file.key();
          byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(file.key())).asByteArray();
          return new FirstMetadata(parse(location, bytes), location, bytes);
        })
        .toList();
  }

  /**
   * Builds a new table's first metadata as the apply begins, while its database and bucket are
   * made: Iceberg's metadata and its JSON take tens of milliseconds of CPU in a fresh process.
   */
  @Override
  public void prepare(Optional<TableSpec> observed, TableSpec desired) {
    if (observed.isEmpty()) {
      Supplier<FirstMetadata> fresh = AttributeReads.startAhead(() -> FirstMetadata.of(desired));
      prepared.put(desired, fresh);
      leftBehind.put(desired, AttributeReads.startAhead(() -> leftBehind(desired, fresh)));
    }
  }

  /**
   * The first metadata file an apply cut short between writing it and Glue's CreateTable left in
   * the table's metadata folder, when it describes the table the config wants now (same location,
   * schema, partitioning and properties, no snapshot): the create names that file in Glue rather
   * than write a second one beside it. Only a folder that holds nothing but such first files is
   * looked at; none when the bucket is not there yet, or the folder cannot be listed or read. A
   * later metadata file there, or a first one that holds a snapshot (a table made with its data in
   * one commit), is an earlier table's (its Glue entry dropped or deleted, its files kept): it is
   * named, and the create refuses rather than orphan that table's files.
   */
  private MetadataFolder leftBehind(TableSpec desired, Supplier<FirstMetadata> fresh) {
    try {
      S3Location at = S3Location.parse(fresh.get().location());
      String folder = at.key().substring(0, at.key().lastIndexOf('/') + 1);
      String extension = at.key().substring(at.key().indexOf('.', folder.length()));
      List<S3Object> files = s3.listObjectsV2(b -> b.bucket(at.bucket())
          .prefix(folder).maxKeys(FIRST_FILES_LOOKED_AT + 1)).contents();
      Optional<String> later = laterMetadata(folder, files);
      if (later.isPresent()) {
        return new MetadataFolder(Optional.empty(), "s3://" + at.bucket() + "/" + later.get());
      }
      if (files.isEmpty() || files.size() > FIRST_FILES_LOOKED_AT) {
        return MetadataFolder.NOTHING;
      }
      List<FirstMetadata> found = firstMetadata(at.bucket(), files);
      Optional<FirstMetadata> withData = found.stream().filter(FirstMetadata::holdsData).findFirst();
      if (withData.isPresent()) {
        return new MetadataFolder(Optional.empty(), withData.get().location());
      }
      if (!files.stream().allMatch(f -> f.key().startsWith(folder + "00000-") && f.key().endsWith(extension))) {
        return MetadataFolder.NOTHING;
      }
      String wanted = Specs.toJson(TableConverters.observed(fresh.get().metadata(), Map.of(), desired)).toString();
      return found.stream()
          .filter(first -> Specs.toJson(TableConverters.observed(first.metadata(), Map.of(), desired)).toString()
              .equals(wanted))
          .findFirst()
          .map(first -> new MetadataFolder(Optional.of(first), null)).orElse(MetadataFolder.NOTHING);
    } catch (RuntimeException e) {
      return MetadataFolder.NOTHING;
    }
  }

  /**
   * What a new table's metadata folder holds that the create must know of: a first metadata file an
   * apply cut short left ({@code leftBehind}), or, naming one, the later metadata of an earlier table
   * whose Glue entry is gone (dropped, or deleted outside lakehouse) and whose files stayed.
   */
  private record MetadataFolder(Optional<FirstMetadata> leftBehind, String earlierTable) {
    static final MetadataFolder NOTHING = new MetadataFolder(Optional.empty(), null);
  }

  /** A new table's first metadata: Iceberg's new-table metadata, the file's location and its JSON. */
  private record FirstMetadata(TableMetadata metadata, String location, byte[] bytes) {
    /** Whether it has a snapshot: a table's data, not the metadata of a table made empty. */
    boolean holdsData() {
      return !metadata.snapshots().isEmpty();
    }

    static FirstMetadata of(TableSpec desired) {
      TableMetadata metadata = TableConverters.newTableMetadata(desired);
      String location = TableConverters.firstMetadataLocation(metadata, UUID.randomUUID());
      InMemoryOutputFile file = new InMemoryOutputFile(location);
      TableMetadataParser.write(metadata, file);
      return new FirstMetadata(metadata, location, file.toByteArray());
    }
  }

  /**
   * After CreateTable failed, finds out what Glue holds, as Iceberg does after a failed commit: a
   * table that names this create's metadata file is this create's own (the call went through and
   * only its answer was lost), and all is well. Otherwise the file is deleted, since nothing
   * refers to it, and the create fails: as already made when a table is there, else with the cause.
   * In a versioned bucket the version this create wrote ({@code version}) is deleted, so that the
   * file leaves neither a noncurrent version nor a delete marker behind.
   */
  private void settleFailedCreate(TableSpec desired, String metadataLocation, String version, RuntimeException e) {
    Optional<software.amazon.awssdk.services.glue.model.Table> now;
    try {
      now = glueTable(desired);
    } catch (RuntimeException unknown) {
      e.addSuppressed(unknown);
      throw IcebergErrors.failure("create", desired.qualifiedName(), e);
    }
    Map<String, String> parameters = now.filter(t -> t.hasParameters()).map(t -> t.parameters()).orElse(Map.of());
    if (metadataLocation.equals(parameters.get(GlueTables.METADATA_LOCATION))) {
      return;
    }
    written.remove(metadataLocation);
    try {
      S3Location at = S3Location.parse(metadataLocation);
      s3.deleteObject(b -> b.bucket(at.bucket()).key(at.key()).versionId(version));
    } catch (RuntimeException cleanup) {
      e.addSuppressed(cleanup);
    }
    throw now.isPresent() ? alreadyExists(desired, e) : IcebergErrors.failure("create", desired.qualifiedName(), e);
  }

  private Optional<software.amazon.awssdk.services.glue.model.Table> glueTable(TableSpec spec) {
    try {
      return Optional.of(glue.getTable(b -> b.databaseName(spec.database()).name(spec.table())).table());
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Glue's own exception when it raised one (two creates met in Glue's CreateTable), else one
   * made alike: the CreateTable failed otherwise (its retries gave up) and a table is there now.
   */
  private static AlreadyExistsException alreadyExists(TableSpec spec, RuntimeException e) {
    for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
      if (cause instanceof AlreadyExistsException glueException) {
        return glueException;
      }
    }
    String message = "Table " + spec.qualifiedName() + " already exists";
    return (AlreadyExistsException) AlreadyExistsException.builder().message(message).cause(e)
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("Glue").errorCode("AlreadyExistsException")
            .errorMessage(message).build())
        .build();
  }

  /**
   * Carries out the plan's evolution as one Iceberg commit. The table is read again first:
   * if it changed since the plan was made, nothing is done and the plan must be made again.
   */
  @Override
  public void update(TableSpec observed, TableSpec desired, Set<String> changed) {
    TableEvolution evolution = TableEvolution.plan(observed, desired);
    if (!evolution.refusals().isEmpty()) {
      throw new Refused("Cannot update Iceberg table (" + desired.qualifiedName() + "): "
          + String.join("; ", evolution.refusals()));
    }
    Map<String, String> entry = observed.glueEntry() == null ? Map.of() : observed.glueEntry();
    if (entry.containsKey(GlueTables.TABLE_TYPE)) {
      // Iceberg's catalog loads no table without the parameter: it is set back before anything else.
      rewriteGlueTable(desired, Map.of(GlueTables.TABLE_TYPE, "ICEBERG"), false, Set.of(), null, null);
    }
    TableMetadata uncommitted;
    try {
      Table table = catalog.get().loadTable(identifier(desired));
      TableMetadata read = metadata(table);
      // The Glue entry is looked at again as it is rewritten, on the Glue table's version.
      TableSpec now = TableConverters.observed(read, observed.glueParameters(), desired)
          .withGlueColumns(observed.glueColumns()).withGlueEntry(observed.glueEntry());
      if (!Specs.toJson(now).equals(Specs.toJson(observed))) {
        throw changedSinceRead(desired);
      }
      uncommitted = EvolutionCommit.commit(table, evolution, observed, desired) ? null : read;
    } catch (RuntimeException e) {
      throw IcebergErrors.failure("update", desired.qualifiedName(), e);
    }
    Map<String, String> marks = new TreeMap<>();
    evolution.steps(TableEvolution.MarkOwned.class).forEach(mark -> marks.putAll(mark.parameters()));
    boolean description = evolution.steps(TableEvolution.UnsetProperty.class).stream()
        .anyMatch(unset -> unset.key().equals(TableConverters.COMMENT));
    Set<String> uncommented = evolution.steps(TableEvolution.UpdateComment.class).stream()
        .filter(comment -> comment.comment() == null).map(TableEvolution.UpdateComment::name)
        .collect(Collectors.toSet());
    // An Iceberg commit wrote the Glue entry (columns, type, location, description) from its metadata; without
    // one, it is written here.
    TableMetadata columnsFrom = evolution.steps(TableEvolution.RewriteGlueColumns.class).isEmpty() ? null
        : uncommitted;
    TableMetadata entryFrom = entry.keySet().stream().allMatch(GlueTables.TABLE_TYPE::equals) ? null : uncommitted;
    if (!marks.isEmpty() || description || !uncommented.isEmpty() || columnsFrom != null || entryFrom != null) {
      rewriteGlueTable(desired, marks, description, uncommented, columnsFrom, entryFrom);
    }
  }

  private static AwsFailure changedSinceRead(TableSpec spec) {
    return new AwsFailure("update", "Iceberg table", spec.qualifiedName(), "the table changed since it was "
        + "read (another writer committed to it); run plan again");
  }

  /**
   * Adds parameters to the Glue table, takes out the description and column comments the
   * update removed from the table (Iceberg's catalog keeps Glue's own when Iceberg's are removed),
   * and, given the metadata the Glue table names ({@code columnsFrom}), writes its columns back as
   * that metadata gives them. Glue's UpdateTable replaces the whole definition, so it is written as
   * read, on the version read: Glue refuses it if an Iceberg commit came in between, and the next
   * plan shows the mark still missing. Columns are written only while the Glue table names that
   * metadata still, else the update fails as the table changed since it was read; so are the table
   * type, location and description, given the metadata they are written from ({@code entryFrom}).
   */
  private void rewriteGlueTable(TableSpec spec, Map<String, String> parameters, boolean description,
      Set<String> uncommented, TableMetadata columnsFrom, TableMetadata entryFrom) {
    software.amazon.awssdk.services.glue.model.Table table =
        glue.getTable(b -> b.databaseName(spec.database()).name(spec.table())).table();
    TableInput input = GlueTables.withoutComments(GlueTables.withParameters(table, parameters), description,
        uncommented);
    String named = table.hasParameters() ? table.parameters().get(GlueTables.METADATA_LOCATION) : null;
    for (TableMetadata from : Arrays.asList(columnsFrom, entryFrom)) {
      if (from != null && !from.metadataFileLocation().equals(named)) {
        throw changedSinceRead(spec);
      }
    }
    if (columnsFrom != null) {
      input = GlueTables.withIcebergColumns(input, table, columnsFrom);
    }
    if (entryFrom != null) {
      input = GlueTables.withIcebergEntry(input, entryFrom);
    }
    TableInput written = input;
    glue.updateTable(b -> b.databaseName(spec.database()).tableInput(written).versionId(table.versionId())
        .skipArchive(true));
  }

  /** Drops the table from the catalog; its files are deleted only when the user allowed losing them. */
  @Override
  public void delete(TableSpec observed) {
    try {
      catalog.get().dropTable(identifier(observed), purgeOnDelete);
    } catch (RuntimeException e) {
      throw IcebergErrors.failure("drop", observed.qualifiedName(), e);
    }
  }

  /**
   * The Glue table's ownership parameters stand for its tags (Glue tables carry none): the
   * engine tells by them whether the table is the stack's, another stack's, or to be adopted.
   */
  @Override
  public Optional<Map<String, String>> tags(TableSpec observed) {
    return Optional.of(observed.glueParameters());
  }

  /**
   * A table the stack's create made but could not mark: no marks, no data. The create marks the
   * table in the call that makes it, so only an apply of an earlier version, which marked a table
   * after Iceberg's catalog made it, leaves one when it is cut short between the two.
   */
  @Override
  public boolean unfinished(TableSpec observed, TableSpec desired) {
    return observed.glueParameters().isEmpty() && observed.createdEmpty();
  }

  @Override
  public Map<String, String> outputs(TableSpec observed) {
    return Map.of("database", observed.database(), "name", observed.table(), "location", observed.location());
  }

  /** The table's place in the catalog: {@code dropped-tables}. */
  @Override
  public Optional<DataRisk> deletionRisk(TableSpec observed) {
    return Optional.of(new DataRisk(DataRisk.DROPPED_TABLES, "table " + observed.qualifiedName()
        + " would be dropped from the Glue catalog" + (purgeOnDelete ? ""
            : " (the drop leaves its files in " + observed.location() + ", unless their bucket is deleted too; "
                + "--allow-data-loss " + DataRisk.TABLE_DATA + " deletes them with the table)")));
  }

  /**
   * The table's place in the catalog ({@code dropped-tables}), and, when the drop deletes them,
   * its files, which {@code table-data} alone allows deleting.
   */
  @Override
  public List<DataRisk> deletionRisks(TableSpec observed, List<Map<String, String>> goingFirst) {
    List<DataRisk> risks = new ArrayList<>(deletionRisk(observed).stream().toList());
    if (purgeOnDelete) {
      risks.add(new DataRisk(DataRisk.TABLE_DATA, "the data and metadata files of table "
          + observed.qualifiedName() + " in " + observed.location() + " would be deleted"));
    }
    return risks;
  }

  @Override
  public Optional<DataRisk> updateRisk(TableSpec observed, TableSpec desired) {
    List<String> dropped = TableEvolution.plan(observed, desired).droppedColumns();
    return dropped.isEmpty() ? Optional.empty() : Optional.of(new DataRisk(DataRisk.DROPPED_COLUMNS, "table "
        + observed.qualifiedName() + " would drop column" + (dropped.size() == 1 ? " " : "s ")
        + String.join(", ", dropped)));
  }

  @Override
  public List<String> impossibleChanges(TableSpec observed, TableSpec desired) {
    TableEvolution evolution = TableEvolution.plan(observed, desired);
    List<String> refusals = new ArrayList<>(evolution.refusals());
    TableMetadata held = readAt.get(observed.qualifiedName());
    if (held != null && evolution.commits()) {
      laterMetadata(held).ifPresent(later -> refusals.add("the Glue table names the metadata file "
          + held.metadataFileLocation() + ", but a later one follows from it, " + later + " (the Glue table's "
          + "metadata_location was set back outside lakehouse, or a commit never reached Glue): a commit on the "
          + "older file would drop the later one's snapshots from the table, and VACUUM would then delete the data "
          + "files only they hold. Point the Glue table's metadata_location at the latest metadata file (the "
          + "highest-numbered in " + held.location() + "/metadata/; `lakehouse rollback` then goes back to an "
          + "older snapshot, if that was meant), then plan again"));
    }
    return refusals;
  }

  /**
   * The metadata file that follows from the one the Glue table names, where there is one: numbered
   * one above it, of the same table, naming it as its predecessor in its metadata log, as a commit on
   * it writes. One listing of that number's files, and a read of each. Empty when there is none, or
   * the folder cannot be listed or read (the commit, on Iceberg's catalog, goes by Glue alone).
   */
  private Optional<String> laterMetadata(TableMetadata held) {
    try {
      String named = held.metadataFileLocation();
      int slash = named.lastIndexOf('/');
      String name = named.substring(slash + 1);
      int version = Integer.parseInt(name.substring(0, name.indexOf('-')));
      S3Location next = S3Location.parse(named.substring(0, slash + 1) + String.format("%05d-", version + 1));
      return s3.listObjectsV2(b -> b.bucket(next.bucket()).prefix(next.key())).contents().stream()
          .map(S3Object::key).filter(IcebergTableResource::isMetadataFile)
          .map(key -> "s3://" + next.bucket() + "/" + key)
          .filter(location -> followsFrom(location, held))
          .findFirst();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private boolean followsFrom(String location, TableMetadata held) {
    S3Location at = S3Location.parse(location);
    TableMetadata later = parse(location, s3.getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key())).asByteArray());
    List<TableMetadata.MetadataLogEntry> log = later.previousFiles();
    return later.uuid().equals(held.uuid()) && !log.isEmpty()
        && log.get(log.size() - 1).file().equals(held.metadataFileLocation());
  }

  @Override
  public Map<String, String> renamedElements(TableSpec observed, TableSpec desired) {
    Map<String, String> renamed = new LinkedHashMap<>();
    for (TableEvolution.Step step : TableEvolution.plan(observed, desired).steps()) {
      if (step instanceof TableEvolution.RenameColumn rename) {
        renamed.put("columns[" + rename.to() + "]", "columns[" + rename.from() + "]");
      }
    }
    return renamed;
  }

  @Override
  public List<String> changeNotes(TableSpec observed, TableSpec desired) {
    TableEvolution evolution = TableEvolution.plan(observed, desired);
    List<String> notes = new ArrayList<>();
    evolution.steps().forEach(step -> notes.add(step.describe()));
    if (evolution.commits()) {
      notes.add("as one Iceberg metadata commit: no data file is rewritten");
    }
    return notes;
  }

  /**
   * The mark of the applied config goes among the Glue table's parameters, beside its ownership
   * marks: written with the table's create, and by an update after its Iceberg commit.
   */
  @Override
  public Optional<TableSpec> withTag(TableSpec spec, String key, String value) {
    return Optional.of(spec.withGlueParameters(TagChanges.plus(spec.glueParameters(), key, value)));
  }
}
