package dev.lakehouse.maintenance.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a snapshot's summary and manifest list are trusted to stand for its manifests, and when not. */
class ManifestListFiguresTest {
  static final long MB = 1L << 20;
  static final long THRESHOLD = 384 * MB;
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()),
      Types.NestedField.optional(3, "score", Types.DoubleType.get()));

  InMemoryCatalog catalog;

  @BeforeEach
  void catalog() {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("db"));
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  @Test
  void standsForTheManifestsOfASmallTableWrittenAPartitionAtATime() {
    Table table = table(PartitionSpec.builderFor(SCHEMA).identity("region").build());
    append(table, "region=EU", 10 * MB);
    append(table, "region=US", 10 * MB);
    assertThat(figures(table, summary(table), 10)).isPresent()
        .get().satisfies(files -> assertThat(files.dataBytes()).isEqualTo(20 * MB));
  }

  @Test
  void notWithoutTheSummarysTotals() {
    Table table = table(PartitionSpec.builderFor(SCHEMA).identity("region").build());
    append(table, "region=EU", MB);
    for (String total : List.of("total-data-files", "total-delete-files", "total-files-size")) {
      Map<String, String> summary = summary(table);
      summary.remove(total);
      assertThat(figures(table, summary, 10)).as("without " + total).isEmpty();
      summary.put(total, "many");
      assertThat(figures(table, summary, 10)).as(total + " not a number").isEmpty();
    }
  }

  @Test
  void notWhenTheTotalsDisagreeWithTheManifestList() {
    Table table = table(PartitionSpec.builderFor(SCHEMA).identity("region").build());
    append(table, "region=EU", MB);
    Map<String, String> summary = summary(table);
    summary.put("total-data-files", "2");
    assertThat(figures(table, summary, 10)).isEmpty();
  }

  @Test
  void notWithDeleteFilesOrFilesThatMayNotAllBeSmall() {
    Table table = table(PartitionSpec.builderFor(SCHEMA).identity("region").build());
    append(table, "region=EU", MB);
    Map<String, String> deletes = summary(table);
    deletes.put("total-delete-files", "1");
    assertThat(figures(table, deletes, 10)).isEmpty();
    Map<String, String> large = summary(table);
    large.put("total-files-size", Long.toString(THRESHOLD));
    assertThat(figures(table, large, 10)).isEmpty();
  }

  @Test
  void notForAFloatingPointPartitionThatMayHoldNaN() {
    Table table = table(PartitionSpec.builderFor(SCHEMA).identity("score").build());
    append(table, "score=NaN", MB);
    assertThat(figures(table, summary(table), 10)).isEmpty();
  }

  @Test
  void aFloatingPointPartitionWithoutNaNIsKnown() {
    Table table = table(PartitionSpec.builderFor(SCHEMA).identity("score").build());
    append(table, "score=1.5", MB);
    assertThat(figures(table, summary(table), 10)).get()
        .satisfies(files -> assertThat(files.partitions()).extracting(PartitionFiles::path).containsExactly("score=1.5"));
  }

  Table table(PartitionSpec spec) {
    return catalog.buildTable(TableIdentifier.of("db", "t"), SCHEMA).withPartitionSpec(spec)
        .withProperty(TableProperties.FORMAT_VERSION, "2").create();
  }

  static void append(Table table, String partition, long bytes) {
    table.newAppend().appendFile(org.apache.iceberg.DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + java.util.UUID.randomUUID() + ".parquet")
        .withFormat(org.apache.iceberg.FileFormat.PARQUET).withPartitionPath(partition).withFileSizeInBytes(bytes)
        .withRecordCount(1).build()).commit();
  }

  static Map<String, String> summary(Table table) {
    return new HashMap<>(table.currentSnapshot().summary());
  }

  static java.util.Optional<TableInspector.Files> figures(Table table, Map<String, String> summary, int smallAbove) {
    List<ManifestFile> manifests = table.currentSnapshot().allManifests(table.io());
    return ManifestListFigures.of(summary, manifests, table.specs(), THRESHOLD, smallAbove);
  }
}
