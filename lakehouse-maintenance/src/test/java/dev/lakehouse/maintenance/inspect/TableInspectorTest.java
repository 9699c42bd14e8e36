package dev.lakehouse.maintenance.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.units.Size;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.decide.Planner;
import dev.lakehouse.maintenance.decide.Scope;
import dev.lakehouse.maintenance.decide.Verdict;
import dev.lakehouse.maintenance.table.MaintainedTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inspector on tables of Iceberg's in-memory catalog: what it counts, and how few files it reads. */
class TableInspectorTest {
  static final long MB = 1L << 20;
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()));
  static final MaintenancePolicy POLICY = new MaintenancePolicy(Duration.ofDays(7), 5, 100, Duration.ofDays(3),
      Size.ofMegabytes(512), 10, 10);

  InMemoryCatalog catalog;
  CountingIo io;

  @BeforeEach
  void catalog() {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("db"));
    io = new CountingIo(new InMemoryFileIO());
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  @Test
  void countsFilesPerPartitionFromTheCurrentSnapshotsManifestsOnly() {
    Table table = catalog.buildTable(TableIdentifier.of("db", "events"), SCHEMA)
        .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).identity("region").build())
        .withProperty(TableProperties.FORMAT_VERSION, "2")
        .withProperty("vacuum_min_snapshots_to_keep", "3")
        .withProperty("write_target_data_file_size_bytes", "134217728")
        .withProperty("write.parquet.compression-codec", "zstd")
        .create();
    for (int commit = 0; commit < 4; commit++) {
      AppendFiles append = table.newAppend();
      append.appendFile(file(table, "EU", 10 * MB));
      append.appendFile(file(table, "US", commit == 0 ? 600 * MB : 10 * MB));
      append.commit();
    }
    DataFile gone = file(table, "US", 20 * MB);
    table.newAppend().appendFile(gone).commit();
    table.newDelete().deleteFile(gone).commit();
    table.newRowDelta().addDeletes(FileMetadata.deleteFileBuilder(table.spec())
        .ofPositionDeletes().withPath(table.location() + "/data/region=EU/deletes.parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("region=EU").withFileSizeInBytes(2048)
        .withRecordCount(3).build()).commit();
    String location = ((HasTableOperations) table).operations().current().metadataFileLocation();

    TableState state = new TableInspector(io).inspect(maintained(location));

    assertThat(state.metadataLocation()).isEqualTo(location);
    assertThat(state.snapshotCount()).isEqualTo(7);
    assertThat(state.snapshots()).extracting(snapshot -> snapshot.holds().get(0).depth())
        .containsExactly(6, 5, 4, 3, 2, 1, 0);
    assertThat(state.metadataFiles()).isEqualTo(8);
    assertThat(state.vacuumProperties()).isEqualTo(Map.of("vacuum_min_snapshots_to_keep", "3"));
    assertThat(state.optimizeProperties()).isEqualTo(Map.of("write_target_data_file_size_bytes", "134217728"));
    assertThat(state.properties()).as("Athena's maintenance properties only").containsOnlyKeys(
        "vacuum_min_snapshots_to_keep", "write_target_data_file_size_bytes");
    assertThat(state.smallFileThresholdBytes()).isEqualTo(384 * MB);
    assertThat(state.partitions()).extracting(PartitionFiles::path).containsExactly("region=EU", "region=US");
    PartitionFiles eu = state.partitions().get(0);
    assertThat(eu).isEqualTo(new PartitionFiles(0, "region=EU",
        List.of(new PartitionValue("region", "identity", "string", "EU")), 4, 4, 1, OptionalLong.of(40 * MB), 1));
    PartitionFiles us = state.partitions().get(1);
    assertThat(List.of(us.dataFiles(), us.smallFiles(), us.deleteFiles())).containsExactly(4, 3, 0);
    assertThat(us.dataBytes()).hasValue(630 * MB);
    assertThat(state.dataBytes()).isEqualTo(670 * MB);
    assertThat(state.dataFiles()).isEqualTo(8);
    assertThat(state.smallFiles()).isEqualTo(7);
    assertThat(state.averageFileSizeBytes()).isEqualTo(670 * MB / 8);

    int manifests = table.currentSnapshot().allManifests(table.io()).size();
    assertThat(io.reads).as("the metadata file, the manifest list and each manifest of the current snapshot")
        .hasSize(2 + manifests)
        .startsWith(location, table.currentSnapshot().manifestListLocation());
  }

  @Test
  void smallTableWrittenAPartitionAtATimeIsReadFromItsManifestListAlone() {
    Table table = regions("small");
    for (String region : List.of("EU", "US", "EU")) {
      table.newAppend().appendFile(file(table, region, 10 * MB)).commit();
    }
    String location = metadataLocation(table);

    TableState state = new TableInspector(io).inspect(maintained(location));

    assertThat(io.reads).as("the metadata file and the manifest list").containsExactly(location,
        table.currentSnapshot().manifestListLocation());
    assertThat(state.partitions()).containsExactly(
        new PartitionFiles(0, "region=EU", List.of(new PartitionValue("region", "identity", "string", "EU")), 2, 2, 0,
            OptionalLong.empty()),
        new PartitionFiles(0, "region=US", List.of(new PartitionValue("region", "identity", "string", "US")), 1, 1, 0,
            OptionalLong.empty()));
    assertThat(state.dataBytes()).isEqualTo(30 * MB);
    assertThat(state.smallFiles()).isEqualTo(3);
    assertThat(state.averageFileSizeBytes()).isEqualTo(10 * MB);
    assertThat(state).isEqualTo(readingEveryManifest(table, location, state));
  }

  @Test
  void aTableOfOnePartitionKeepsItsSizeFromTheSummary() {
    Table table = regions("one");
    for (int i = 0; i < 12; i++) {
      table.newAppend().appendFile(file(table, "EU", MB)).commit();
    }
    String location = metadataLocation(table);

    TableState state = new TableInspector(io).inspect(maintained(location));

    assertThat(io.reads).hasSize(2);
    assertThat(state.partitions()).singleElement().satisfies(eu -> {
      assertThat(List.of(eu.dataFiles(), eu.smallFiles(), eu.deleteFiles())).containsExactly(12, 12, 0);
      assertThat(eu.dataBytes()).hasValue(12 * MB);
    });
  }

  @Test
  void readsTheManifestsForThePartitionsSizesWhenOneOfSeveralIsDue() {
    Table table = regions("due");
    for (int i = 0; i < 11; i++) {
      table.newAppend().appendFile(file(table, "EU", MB)).commit();
    }
    table.newAppend().appendFile(file(table, "US", MB)).commit();
    String location = metadataLocation(table);

    TableState state = new TableInspector(io).inspect(maintained(location));

    assertThat(io.reads).hasSize(2 + table.currentSnapshot().allManifests(table.io()).size());
    assertThat(state.partitions()).extracting(PartitionFiles::dataBytes)
        .containsExactly(OptionalLong.of(11 * MB), OptionalLong.of(MB));
  }

  @Test
  void readsTheManifestsWhenOneHoldsSeveralPartitions() {
    Table table = regions("mixed");
    table.newAppend().appendFile(file(table, "EU", MB)).appendFile(file(table, "US", MB)).commit();
    String location = metadataLocation(table);

    TableState state = new TableInspector(io).inspect(maintained(location));

    assertThat(io.reads).hasSize(3);
    assertThat(state.partitions()).extracting(PartitionFiles::dataBytes)
        .containsExactly(OptionalLong.of(MB), OptionalLong.of(MB));
  }

  @Test
  void aNullPartitionIsTheOneTheManifestsWouldName() {
    Table table = regions("nulls");
    table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/n.parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("region=null").withFileSizeInBytes(MB).withRecordCount(1).build())
        .commit();
    table.newAppend().appendFile(file(table, "EU", MB)).commit();
    String location = metadataLocation(table);

    TableState state = new TableInspector(io).inspect(maintained(location));

    assertThat(io.reads).hasSize(2);
    assertThat(state.partitions()).extracting(PartitionFiles::path).containsExactly("region=EU", "region=null");
    assertThat(state).isEqualTo(readingEveryManifest(table, location, state));
  }

  @Test
  void anUnpartitionedSmallTableIsReadFromItsManifestListAlone() {
    Table table = catalog.buildTable(TableIdentifier.of("db", "flat"), SCHEMA)
        .withProperty(TableProperties.FORMAT_VERSION, "2").create();
    for (int i = 0; i < 3; i++) {
      table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/" + i + ".parquet")
          .withFormat(FileFormat.PARQUET).withFileSizeInBytes(MB).withRecordCount(1).build()).commit();
    }
    String location = metadataLocation(table);

    TableState state = new TableInspector(io).inspect(maintained(location));

    assertThat(io.reads).hasSize(2);
    assertThat(state.partitions()).containsExactly(new PartitionFiles(0, "", List.of(), 3, 3, 0, OptionalLong.of(3 * MB)));
  }

  @Test
  void afterAPartitioningChangeOptimizeNamesNoColumnTheCurrentPartitioningDropped() {
    Table table = regions("evolved");
    for (int i = 0; i < 12; i++) {
      table.newAppend().appendFile(file(table, "EU", MB)).commit();
    }
    table.updateSpec().removeField("region").addField("id").commit();
    table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/id=7/a.parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("id=7").withFileSizeInBytes(4096 * MB).withRecordCount(10)
        .build()).commit();

    TableState state = new TableInspector(io).inspect(maintained(metadataLocation(table)));
    Decision optimize = Planner.plan(maintained(metadataLocation(table)), state, java.time.Instant.now(), Scope.OPTIMIZE)
        .decisions().get(1);

    assertThat(state.whereColumns()).isEmpty();
    assertThat(optimize.sql()).isEqualTo("OPTIMIZE db.events REWRITE DATA USING BIN_PACK");
    assertThat(optimize.reason()).endsWith("; the whole table: its partitioning changed, and a WHERE may name only "
        + "columns that both its current partitioning and that of every live file partition by (not region)");
  }

  @Test
  void afterAPartitioningChangeOptimizeNamesTheColumnsEveryLayoutKeepsAndCountsTheFilesTheySelect() {
    Table table = regions("refined");
    for (int i = 0; i < 12; i++) {
      table.newAppend().appendFile(file(table, "EU", MB)).commit();
    }
    table.newAppend().appendFile(file(table, "US", 4096 * MB)).commit();
    table.updateSpec().addField("id").commit();
    table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/eu-7.parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("region=EU/id=7").withFileSizeInBytes(2048 * MB)
        .withRecordCount(10).build()).commit();

    TableState state = new TableInspector(io).inspect(maintained(metadataLocation(table)));
    Decision optimize = Planner.plan(maintained(metadataLocation(table)), state, java.time.Instant.now(), Scope.OPTIMIZE)
        .decisions().get(1);

    assertThat(state.whereColumns()).containsExactly("region");
    assertThat(optimize.sql()).isEqualTo("OPTIMIZE db.events REWRITE DATA USING BIN_PACK WHERE region IN ('EU')");
    assertThat(optimize.reason()).endsWith("; restricted to them, holding 2GB of 6GB");
  }

  @Test
  void optimizeRewritesTheWholeTableRatherThanNameANestedPartitionSourceAsAColumn() {
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "payload", Types.StructType.of(
            Types.NestedField.optional(3, "region", Types.StringType.get()))));
    Table table = catalog.buildTable(TableIdentifier.of("db", "nested"), schema)
        .withPartitionSpec(PartitionSpec.builderFor(schema).identity("payload.region").build())
        .withProperty(TableProperties.FORMAT_VERSION, "2").create();
    for (int i = 0; i < 12; i++) {
      table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/eu-" + i
          + ".parquet").withFormat(FileFormat.PARQUET).withPartitionPath("payload.region=EU")
          .withFileSizeInBytes(MB).withRecordCount(10).build()).commit();
    }
    table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/us.parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("payload.region=US").withFileSizeInBytes(4096 * MB)
        .withRecordCount(10).build()).commit();

    TableState state = new TableInspector(io).inspect(maintained(metadataLocation(table)));
    Decision optimize = Planner.plan(maintained(metadataLocation(table)), state, java.time.Instant.now(),
        Scope.OPTIMIZE).decisions().get(1);

    // "payload.region" would name a top-level column of that name, which the table does not have.
    assertThat(optimize.sql()).isEqualTo("OPTIMIZE db.events REWRITE DATA USING BIN_PACK");
    assertThat(optimize.reason()).endsWith("; the whole table: a WHERE on partition columns cannot select them (only "
        + "identity partitions of top-level columns of exact types can)");
  }

  @Test
  void optimizeIsRestrictedToTheDuePartitionsOfATableThatDroppedAPartitionFieldBeforeFormatVersion2() {
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "region", Types.StringType.get()),
        Types.NestedField.optional(3, "event_date", Types.DateType.get()));
    Table table = catalog.buildTable(TableIdentifier.of("db", "upgraded"), schema)
        .withPartitionSpec(PartitionSpec.builderFor(schema).identity("region").identity("event_date").build())
        .withProperty(TableProperties.FORMAT_VERSION, "1").create();
    table.updateSpec().removeField("event_date").commit();
    table.updateProperties().set(TableProperties.FORMAT_VERSION, "2").commit();
    for (int i = 0; i < 12; i++) {
      table.newAppend().appendFile(voided(table, "EU", i, MB)).commit();
    }
    table.newAppend().appendFile(voided(table, "US", 0, 4096 * MB)).commit();

    TableState state = new TableInspector(io).inspect(maintained(metadataLocation(table)));
    Decision optimize = Planner.plan(maintained(metadataLocation(table)), state, java.time.Instant.now(),
        Scope.OPTIMIZE).decisions().get(1);

    assertThat(table.spec().fields()).extracting(field -> field.transform().toString())
        .containsExactly("identity", "void");
    assertThat(state.partitions()).extracting(PartitionFiles::values).containsExactly(
        List.of(new PartitionValue("region", "identity", "string", "EU")),
        List.of(new PartitionValue("region", "identity", "string", "US")));
    assertThat(optimize.sql()).isEqualTo("OPTIMIZE db.events REWRITE DATA USING BIN_PACK WHERE region IN ('EU')");
    assertThat(optimize.reason()).endsWith("; restricted to them, holding 12MB of 4GB");
  }

  /** A data file of a table whose second partition field is void (always null). */
  static DataFile voided(Table table, String region, int index, long bytes) {
    org.apache.iceberg.PartitionData partition = new org.apache.iceberg.PartitionData(table.spec().partitionType());
    partition.set(0, region);
    return DataFiles.builder(table.spec()).withPath(table.location() + "/data/" + region + "-" + index + ".parquet")
        .withFormat(FileFormat.PARQUET).withPartition(partition).withFileSizeInBytes(bytes).withRecordCount(10)
        .build();
  }

  @Test
  void deleteFilesWhoseDataFilesWereRewrittenSinceDoNotMakeOptimizeDue() {
    Table table = regions("compacted");
    DataFile eu = file(table, "EU", 400 * MB);
    table.newAppend().appendFile(eu).appendFile(file(table, "US", 4096 * MB)).commit();
    for (int i = 0; i < 11; i++) {
      table.newRowDelta().addDeletes(positionDeletes(table, "EU", i, eu)).commit();
    }
    Decision due = optimizeDecision(table);
    // As Spark's compaction commits: the new file takes the sequence number of the snapshot it started from.
    table.newRewrite().dataSequenceNumber(table.currentSnapshot().sequenceNumber())
        .validateFromSnapshot(table.currentSnapshot().snapshotId())
        .rewriteFiles(Set.of(eu), Set.of(file(table, "EU", 400 * MB))).commit();
    table.newRowDelta().addDeletes(positionDeletes(table, "EU", 11)).addDeletes(equalityDeletes(table, "EU", 12))
        .commit();

    TableState state = new TableInspector(io).inspect(maintained(metadataLocation(table)));
    Decision optimize = optimizeDecision(table);

    assertThat(due.sql()).isEqualTo("OPTIMIZE db.events REWRITE DATA USING BIN_PACK WHERE region IN ('EU')");
    assertThat(state.partitions()).extracting(PartitionFiles::deleteFiles)
        .as("the delete committed in the snapshot the rewrite started from, and those written since")
        .containsExactly(3, 0);
    assertThat(optimize.verdict()).isEqualTo(Verdict.SKIPPED);
  }

  @Test
  void deleteFilesMakeOptimizeDueOnlyWhereADataFileHasAsManyAsAthenaRewritesItFor() {
    Table table = regions("deleted");
    List<DataFile> files = new ArrayList<>();
    AppendFiles append = table.newAppend();
    for (int i = 0; i < 12; i++) {
      files.add(file(table, "EU", 400 * MB));
      append.appendFile(files.get(i));
    }
    append.appendFile(file(table, "US", 400 * MB)).commit();
    for (int i = 0; i < 11; i++) {
      table.newRowDelta().addDeletes(positionDeletes(table, "EU", i, files.get(i))).commit();
    }
    String last = files.get(11).location();
    table.newRowDelta().addDeletes(positionDeletes(table, "EU", 11, last, last + "~")).commit();

    Decision spread = optimizeDecision(table);
    PartitionFiles eu = new TableInspector(io).inspect(maintained(metadataLocation(table))).partitions().get(0);

    assertThat(List.of(eu.deleteFiles(), eu.mostDeletesOfOneDataFile())).containsExactly(12, 1);
    assertThat(spread.verdict()).as("one delete file a data file (the last by the bounds of the paths it names): "
        + "Athena's OPTIMIZE rewrites a data file for its deletes from 2 of them").isEqualTo(Verdict.SKIPPED);
    assertThat(spread.reason()).contains("; but no data file is known to have 2 of them "
        + "(optimize_rewrite_delete_file_threshold is not set (Athena's default: 2)), the fewest for which Athena's "
        + "OPTIMIZE rewrites a data file for its deletes: it would rewrite nothing for them");

    table.newRowDelta().addDeletes(positionDeletes(table, "EU", 12, files.get(0))).commit();
    assertThat(optimizeDecision(table).sql())
        .isEqualTo("OPTIMIZE db.events REWRITE DATA USING BIN_PACK WHERE region IN ('EU')");

    table.updateProperties().set("optimize_rewrite_delete_file_threshold", "3").commit();
    assertThat(optimizeDecision(table).verdict()).isEqualTo(Verdict.SKIPPED);
    table.newRowDelta().addDeletes(equalityDeletes(table, "EU", 13)).commit();
    assertThat(new TableInspector(io).inspect(maintained(metadataLocation(table))).partitions().get(0)
        .mostDeletesOfOneDataFile()).as("an equality delete applies to every older data file of its partition")
        .isEqualTo(3);
    assertThat(optimizeDecision(table).verdict()).isEqualTo(Verdict.DUE);

    table.updateProperties().set("optimize_rewrite_delete_file_threshold", "5").commit();
    table.newRowDelta().addDeletes(positionDeletes(table, "EU", 14)).commit();
    assertThat(new TableInspector(io).inspect(maintained(metadataLocation(table))).partitions().get(0)
        .mostDeletesOfOneDataFile()).as("a position delete whose entry bounds no path may apply to every data file of "
            + "its partition, as Iceberg's scan planning gives it to each").isEqualTo(4);
    assertThat(optimizeDecision(table).verdict()).isEqualTo(Verdict.SKIPPED);
    table.newRowDelta().addDeletes(positionDeletes(table, "EU", 15, files.get(1).location(), files.get(1).location()
        + "~")).commit();
    table.newRowDelta().addDeletes(positionDeletes(table, "EU", 16)).commit();
    assertThat(optimizeDecision(table).verdict()).as("file 0: its two, the equality delete and two unbounded")
        .isEqualTo(Verdict.DUE);
  }

  Decision optimizeDecision(Table table) {
    String location = metadataLocation(table);
    return Planner.plan(maintained(location), new TableInspector(io).inspect(maintained(location)),
        java.time.Instant.now(), Scope.OPTIMIZE).decisions().get(1);
  }

  static org.apache.iceberg.DeleteFile positionDeletes(Table table, String region, int index) {
    return FileMetadata.deleteFileBuilder(table.spec()).ofPositionDeletes()
        .withPath(table.location() + "/data/region=" + region + "/deletes-" + index + ".parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("region=" + region).withFileSizeInBytes(2048)
        .withRecordCount(3).build();
  }

  /** Position deletes of rows of {@code of} alone, as its manifest entry says. */
  static org.apache.iceberg.DeleteFile positionDeletes(Table table, String region, int index, DataFile of) {
    return FileMetadata.deleteFileBuilder(table.spec()).ofPositionDeletes()
        .withPath(table.location() + "/data/region=" + region + "/deletes-" + index + ".parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("region=" + region).withFileSizeInBytes(2048)
        .withRecordCount(3).withReferencedDataFile(of.location()).build();
  }

  /** Position deletes of rows of the data files whose paths lie between {@code lowest} and {@code highest}. */
  static org.apache.iceberg.DeleteFile positionDeletes(Table table, String region, int index, String lowest,
      String highest) {
    int pathId = org.apache.iceberg.MetadataColumns.DELETE_FILE_PATH.fieldId();
    return FileMetadata.deleteFileBuilder(table.spec()).ofPositionDeletes()
        .withPath(table.location() + "/data/region=" + region + "/deletes-" + index + ".parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("region=" + region).withFileSizeInBytes(2048)
        .withMetrics(new org.apache.iceberg.Metrics(3L, null, null, null, null,
            Map.of(pathId, org.apache.iceberg.types.Conversions.toByteBuffer(Types.StringType.get(), lowest)),
            Map.of(pathId, org.apache.iceberg.types.Conversions.toByteBuffer(Types.StringType.get(), highest))))
        .build();
  }

  static org.apache.iceberg.DeleteFile equalityDeletes(Table table, String region, int index) {
    return FileMetadata.deleteFileBuilder(table.spec()).ofEqualityDeletes(1)
        .withPath(table.location() + "/data/region=" + region + "/eq-deletes-" + index + ".parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("region=" + region).withFileSizeInBytes(2048)
        .withRecordCount(3).build();
  }

  @Test
  void leavesTheSnapshotsOfATableWhoseGcIsDisabledRatherThanRunAVacuumIcebergRefuses() {
    Table table = catalog.buildTable(TableIdentifier.of("db", "borrowed"), SCHEMA)
        .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).identity("region").build())
        .withProperty(TableProperties.FORMAT_VERSION, "2").withProperty(TableProperties.GC_ENABLED, "false").create();
    for (int i = 0; i < 8; i++) {
      table.newAppend().appendFile(file(table, "EU", 400 * MB)).commit();
    }
    String location = metadataLocation(table);

    TableState state = new TableInspector(io).inspect(maintained(location));
    List<Decision> decisions = Planner.plan(maintained(location), state,
        java.time.Instant.now().plus(Duration.ofDays(30)), Scope.ALL).decisions();

    assertThatThrownBy(table::expireSnapshots).isInstanceOf(org.apache.iceberg.exceptions.ValidationException.class)
        .hasMessageContaining("GC is disabled");
    assertThat(decisions).extracting(Decision::verdict).containsOnly(Verdict.SKIPPED);
    assertThat(decisions.get(2).reason()).isEqualTo("the table's gc.enabled is 'false': Iceberg expires none of its "
        + "snapshots and deletes none of its files, which may be another table's (as for a table made by Spark's "
        + "snapshot procedure), so VACUUM would fail; set gc.enabled to true once its files are its own to have "
        + "lakehouse expire its snapshots");
    assertThat(decisions.get(0).reason()).contains("so VACUUM would fail and the vacuum_* properties serve nothing");
  }

  @Test
  void readsGcEnabledAsIcebergDoes() {
    for (String value : List.of("true", "TRUE", " true", "false", "no", "")) {
      TableState state = new TableState("m", "s3://b/t", List.of(), 1, Map.of("gc.enabled", value), 1, 0, List.of(),
          Set.of());
      assertThat(state.gcEnabled()).as("gc.enabled='%s'", value).isEqualTo(
          org.apache.iceberg.util.PropertyUtil.propertyAsBoolean(Map.of("gc.enabled", value), "gc.enabled", true));
    }
  }

  @Test
  void readsAGzippedMetadataFile() {
    Table table = catalog.buildTable(TableIdentifier.of("db", "zipped"), SCHEMA)
        .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).identity("region").build())
        .withProperty(TableProperties.FORMAT_VERSION, "1")
        .withProperty(TableProperties.METADATA_COMPRESSION, "gzip").create();
    table.newAppend().appendFile(file(table, "EU", MB)).commit();
    table.newAppend().appendFile(file(table, "US", MB)).commit();
    String location = metadataLocation(table);

    TableState state = new TableInspector(io).inspect(maintained(location));

    assertThat(location).endsWith(".gz.metadata.json");
    assertThat(state.snapshotCount()).isEqualTo(2);
    assertThat(state.metadataFiles()).isEqualTo(3);
    assertThat(state.partitions()).extracting(PartitionFiles::path).containsExactly("region=EU", "region=US");
  }

  @Test
  void countsAsExpirableExactlyTheSnapshotsIcebergsExpiryRemovesFromBranchesAndTags() {
    for (int keep : List.of(1, 2, 3, 6)) {
      Table table = branchedAndTagged("kept" + keep);
      assertExpirableAsIcebergExpires(table, keep);
    }
  }

  @Test
  void countsTheRetentionBranchesAndTagsSetThemselvesAsIcebergsExpiryDoes() {
    Table table = branchedAndTagged("own");
    List<Long> main = new ArrayList<>();
    table.snapshots().forEach(snapshot -> main.add(snapshot.snapshotId()));
    table.newAppend().appendFile(file(table, "EU", 10 * MB)).toBranch("scratch").commit();
    long scratch = table.refs().get("scratch").snapshotId();
    // A tag past its maximum age is dropped, and its snapshot, on no branch, expires.
    table.manageSnapshots().removeBranch("scratch").createTag("old", scratch).setMaxRefAgeMs("old", 1)
        .createBranch("fork", main.get(2)).setMinSnapshotsToKeep("fork", 3)
        .setMinSnapshotsToKeep("audit", 4).commit();
    for (int keep : List.of(1, 2, 6)) {
      assertExpirableAsIcebergExpires(table, keep);
    }
    table.manageSnapshots().setMinSnapshotsToKeep("audit", 1)
        .setMaxSnapshotAgeMs("audit", Duration.ofDays(1).toMillis()).commit();
    assertExpirableAsIcebergExpires(table, 1);
  }

  /** Four snapshots of main, the first tagged, and an audit branch from the last of them with four of its own. */
  Table branchedAndTagged(String name) {
    Table table = catalog.buildTable(TableIdentifier.of("db", name), SCHEMA)
        .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).identity("region").build())
        .withProperty(TableProperties.FORMAT_VERSION, "2").create();
    for (int commit = 0; commit < 4; commit++) {
      table.newAppend().appendFile(file(table, "EU", 10 * MB)).commit();
    }
    List<Long> main = new ArrayList<>();
    table.snapshots().forEach(snapshot -> main.add(snapshot.snapshotId()));
    table.manageSnapshots().createTag("audited", main.get(0)).createBranch("audit", main.get(3)).commit();
    for (int commit = 0; commit < 4; commit++) {
      table.newAppend().appendFile(file(table, "US", 10 * MB)).toBranch("audit").commit();
    }
    return table;
  }

  /** Every snapshot is older than a cutoff an hour from now: only what branches and tags keep remains. */
  void assertExpirableAsIcebergExpires(Table table, int keep) {
    table.refresh();
    TableState state = new TableInspector(io).inspect(maintained(metadataLocation(table)));
    java.time.Instant cutoff = java.time.Instant.now().plus(Duration.ofHours(1));
    int removedByIceberg = table.expireSnapshots().expireOlderThan(cutoff.toEpochMilli()).retainLast(keep).apply()
        .size();
    assertThat(Planner.expirableSnapshots(state.snapshots(), java.time.Instant.now(), cutoff, keep))
        .as("keeping %d of each branch's history", keep).isEqualTo(removedByIceberg);
  }

  @Test
  void readsATableWithoutSnapshots() {
    Table table = catalog.buildTable(TableIdentifier.of("db", "empty"), SCHEMA).create();
    String location = ((HasTableOperations) table).operations().current().metadataFileLocation();
    TableState state = new TableInspector(io).inspect(maintained(location));
    assertThat(state.snapshots()).isEmpty();
    assertThat(state.partitions()).isEmpty();
    assertThat(state.averageFileSizeBytes()).isZero();
    assertThat(io.reads).containsExactly(location);
  }

  @Test
  void saysWhichTableItCannotRead() {
    assertThatThrownBy(() -> new TableInspector(io).inspect(maintained("memory://nowhere/v1.metadata.json")))
        .isInstanceOf(AwsFailure.class)
        .hasMessageStartingWith("Cannot inspect Iceberg table (db.events): cannot read "
            + "memory://nowhere/v1.metadata.json and its manifests: ");
  }

  @Test
  void saysWhatIsWrongWithAMetadataFileThatIsNotJson() throws Exception {
    String location = "memory://db/broken/metadata/00001-x.metadata.json";
    try (var out = io.delegate.newOutputFile(location).createOrOverwrite()) {
      out.write("{\"format-version\": 2, garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> new TableInspector(io).inspect(maintained(location)))
        .isInstanceOf(AwsFailure.class)
        .hasMessageStartingWith("Cannot inspect Iceberg table (db.events): cannot read " + location
            + " and its manifests: ")
        .hasMessageEndingWith(" (Unexpected character ('g' (code 103)): was expecting double-quote to start "
            + "field name)");
  }

  Table regions(String name) {
    return catalog.buildTable(TableIdentifier.of("db", name), SCHEMA)
        .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).identity("region").build())
        .withProperty(TableProperties.FORMAT_VERSION, "2").create();
  }

  static String metadataLocation(Table table) {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }

  /**
   * The state the manifests give, counted here from Iceberg's own scan of the table, with the
   * partitions' sizes where the state has them: what the inspection must equal when it skips them.
   */
  static TableState readingEveryManifest(Table table, String location, TableState state) {
    Map<String, long[]> byPath = new java.util.TreeMap<>();
    Map<String, List<PartitionValue>> values = new java.util.HashMap<>();
    Map<String, PartitionFiles> seen = new java.util.HashMap<>();
    try (var tasks = table.newScan().planFiles()) {
      for (var task : tasks) {
        DataFile file = task.file();
        PartitionSpec spec = table.specs().get(file.specId());
        String path = spec.partitionToPath(file.partition());
        values.put(path, TableInspector.values(spec, file.partition()));
        long[] tally = byPath.computeIfAbsent(path, k -> new long[3]);
        tally[0]++;
        tally[1] += file.fileSizeInBytes();
        tally[2] += file.fileSizeInBytes() < state.smallFileThresholdBytes() ? 1 : 0;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    state.partitions().forEach(p -> seen.put(p.path(), p));
    List<PartitionFiles> partitions = new ArrayList<>();
    byPath.forEach((path, tally) -> {
      PartitionFiles inspected = seen.get(path);
      assertThat(inspected).as("partition " + path).isNotNull();
      partitions.add(new PartitionFiles(0, path, values.get(path), (int) tally[0], (int) tally[2], 0,
          inspected.dataBytes().isPresent() ? OptionalLong.of(tally[1]) : OptionalLong.empty()));
    });
    long bytes = byPath.values().stream().mapToLong(t -> t[1]).sum();
    return new TableState(location, state.location(), state.snapshots(), state.metadataFiles(), state.properties(),
        state.smallFileThresholdBytes(), bytes, partitions, state.whereColumns());
  }

  static MaintainedTable maintained(String location) {
    return new MaintainedTable("processed", "events", "db", location, POLICY, "processed.*");
  }

  static DataFile file(Table table, String region, long bytes) {
    return DataFiles.builder(table.spec()).withPath(table.location() + "/data/region=" + region + "/"
            + java.util.UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET).withPartitionPath("region=" + region).withFileSizeInBytes(bytes)
        .withRecordCount(10).build();
  }

  /** Iceberg's file IO, keeping the path of every file opened for reading. */
  static final class CountingIo implements FileIO {
    final FileIO delegate;
    final List<String> reads = new ArrayList<>();

    CountingIo(FileIO delegate) {
      this.delegate = delegate;
    }

    @Override
    public InputFile newInputFile(String path) {
      reads.add(path);
      return delegate.newInputFile(path);
    }

    @Override
    public InputFile newInputFile(String path, long length) {
      reads.add(path);
      return delegate.newInputFile(path, length);
    }

    @Override
    public OutputFile newOutputFile(String path) {
      return delegate.newOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
      delegate.deleteFile(path);
    }
  }
}
