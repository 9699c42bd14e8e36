package dev.lakehouse.maintenance.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.units.Size;
import dev.lakehouse.maintenance.table.MaintainedTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    assertThat(state.snapshots()).filteredOn(SnapshotInfo::current).hasSize(1);
    assertThat(state.snapshots().get(6).current()).isTrue();
    assertThat(state.metadataFiles()).isEqualTo(8);
    assertThat(state.vacuumProperties()).isEqualTo(Map.of("vacuum_min_snapshots_to_keep", "3"));
    assertThat(state.smallFileThresholdBytes()).isEqualTo(384 * MB);
    assertThat(state.partitions()).extracting(PartitionFiles::path).containsExactly("region=EU", "region=US");
    PartitionFiles eu = state.partitions().get(0);
    assertThat(eu).isEqualTo(new PartitionFiles(0, "region=EU",
        List.of(new PartitionValue("region", "identity", "string", "EU")), 4, 40 * MB, 4, 40 * MB, 1, 2048));
    PartitionFiles us = state.partitions().get(1);
    assertThat(List.of(us.dataFiles(), us.smallFiles(), us.deleteFiles())).containsExactly(4, 3, 0);
    assertThat(us.dataBytes()).isEqualTo(630 * MB);
    assertThat(state.dataFiles()).isEqualTo(8);
    assertThat(state.smallFiles()).isEqualTo(7);
    assertThat(state.averageFileSizeBytes()).isEqualTo(670 * MB / 8);

    int manifests = table.currentSnapshot().allManifests(table.io()).size();
    assertThat(io.reads).as("the metadata file, the manifest list and each manifest of the current snapshot")
        .hasSize(2 + manifests)
        .startsWith(location, table.currentSnapshot().manifestListLocation());
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
