package dev.lakehouse.provision.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.TableInput;

/** The spec of a declared table, the spec of a table's metadata, and what a new table is made of. */
class TableConvertersTest {
  private static final Stack STACK = new ConfigLoader(Map.of()).load(
      ConfigLoader.Request.of(Path.of("..", "examples", "lakehouse.yaml"), "dev").withAccount("123456789012"));

  private static TableSpec customerEvents() {
    return TableConverters.desired(STACK, STACK.config().tables().get(0));
  }

  @Test
  void aChangeIcebergCannotMakeSaysWhereTheConfigWritesIt(@TempDir Path dir) throws IOException {
    String canonical = Files.readString(Path.of("..", "examples", "lakehouse.yaml"));
    String changed = canonical
        .replace("{ name: event_type, type: string }", "{ name: event_type, type: int }")
        .replace("{ name: region, type: string }", "{ name: region, type: string, required: true }");
    Path file = dir.resolve("lakehouse.yaml");
    Files.writeString(file, changed);
    Stack stack = new ConfigLoader(Map.of()).load(ConfigLoader.Request.of(file, "dev").withAccount("123456789012"));
    TableSpec observed = TableConverters.observed(TableConverters.newTableMetadata(customerEvents()),
        STACK.ownershipTags(), customerEvents());

    TableEvolution evolution = TableEvolution.plan(observed, TableConverters.desired(stack, stack.config().tables().get(0)));

    assertThat(evolution.refusals()).containsExactly(
        file + ":" + position(changed, "{ name: event_type, type: int }", "int") + ": tables[0].columns[2].type: column event_type cannot "
            + "change from string to int: Iceberg can only widen a type in place (int -> long, float -> double, a "
            + "larger decimal precision); add a column of the new type instead",
        file + ":" + position(changed, "{ name: region, type: string, required: true }", "true") + ": tables[0].columns[6].required: column region cannot become "
            + "required: Iceberg cannot make an optional column required, because existing rows may hold nulls");
  }

  /** LINE:COL of {@code value} within {@code text}, where the content has it. */
  private static String position(String content, String text, String value) {
    int offset = content.indexOf(text) + text.indexOf(value);
    int line = content.substring(0, offset).split("\n", -1).length;
    return line + ":" + (offset - content.lastIndexOf('\n', offset - 1));
  }

  @Test
  void theCanonicalTableInItsZone() {
    TableSpec spec = customerEvents();
    assertThat(Specs.toJson(spec).toString()).isEqualTo("{\"database\":\"acme_dev_processed\","
        + "\"table\":\"customer_events\",\"location\":\"s3://acme-dev-processed-123456789012/customer_events\","
        + "\"formatVersion\":2,\"columns\":["
        + "{\"name\":\"event_id\",\"type\":\"string\",\"required\":true},"
        + "{\"name\":\"customer_id\",\"type\":\"string\",\"required\":false,\"after\":\"event_id\"},"
        + "{\"name\":\"event_type\",\"type\":\"string\",\"required\":false,\"after\":\"customer_id\"},"
        + "{\"name\":\"event_timestamp\",\"type\":\"timestamp\",\"required\":false,\"after\":\"event_type\"},"
        + "{\"name\":\"event_data\",\"type\":\"map<string,string>\",\"required\":false,\"after\":\"event_timestamp\"},"
        + "{\"name\":\"event_date\",\"type\":\"date\",\"required\":false,\"after\":\"event_data\"},"
        + "{\"name\":\"region\",\"type\":\"string\",\"required\":false,\"after\":\"event_date\"}],"
        + "\"partitionBy\":[\"day(event_date)\",\"bucket(16, customer_id)\"],"
        + "\"properties\":{\"write.parquet.compression-codec\":\"zstd\"},"
        + "\"glueParameters\":{\"lakehouse:env\":\"dev\",\"lakehouse:project\":\"acme\"}}");
  }

  @Test
  void aNewTableIsFormatTwoAndRecordsTheManagedProperties() {
    assertThat(TableConverters.createProperties(customerEvents())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "write.parquet.compression-codec", "zstd",
        "lakehouse.managed-properties", "write.parquet.compression-codec",
        "format-version", "2"));
    Schema schema = TableConverters.schema(customerEvents());
    PartitionSpec spec = TableConverters.partitionSpec(schema, customerEvents());
    assertThat(spec.fields()).extracting(f -> f.transform() + ":" + schema.findColumnName(f.sourceId()))
        .containsExactly("day:event_date", "bucket[16]:customer_id");
  }

  @Test
  void aTablesMetadataReadsAsTheSameSpec() {
    TableSpec desired = customerEvents();
    Schema schema = TableConverters.schema(desired);
    TableMetadata metadata = TableMetadata.newTableMetadata(schema, TableConverters.partitionSpec(schema, desired),
        desired.location() + "/", TableConverters.createProperties(desired));
    TableSpec observed = TableConverters.observed(metadata, Map.of("lakehouse:project", "acme", "lakehouse:env", "dev",
        "table_type", "ICEBERG"), desired);
    assertThat(Specs.toJson(observed)).isEqualTo(Specs.toJson(desired));
    assertThat(observed.column("region").fieldId()).isNotNull();
    assertThat(observed.partitionFieldNames()).containsOnly(
        Map.entry("day(event_date)", "event_date_day"), Map.entry("bucket(16, customer_id)", "customer_id_bucket"));
  }

  @Test
  void aReplacedPartitionFieldKeepsItsPlaceSoTheTableReadsAsTheConfigLastApplied() {
    TableSpec desired = customerEvents();
    TableSpec applied = new TableSpec(desired.database(), desired.table(), desired.location(), desired.formatVersion(),
        desired.columns(), List.of("month(event_date)", "bucket(16, customer_id)"), desired.properties(),
        desired.glueParameters(), desired.managedProperties(), Map.of(), false);

    TableSpec observed = TableConverters.observed(TableConverters.newTableMetadata(applied), applied.glueParameters(),
        desired);

    assertThat(observed.partitionBy()).containsExactly("month(event_date)", "bucket(16, customer_id)");
    assertThat(Specs.toJson(observed)).isEqualTo(Specs.toJson(applied));
  }

  @Test
  void aNewTablesMetadataIsIcebergsOwnAndReadsAsTheSpec() {
    TableSpec desired = customerEvents();
    TableMetadata metadata = TableConverters.newTableMetadata(desired);
    assertThat(metadata.formatVersion()).isEqualTo(2);
    assertThat(metadata.location()).isEqualTo(desired.location());
    assertThat(metadata.currentSnapshot()).isNull();
    assertThat(metadata.sortOrder().isUnsorted()).isTrue();
    assertThat(metadata.properties()).doesNotContainKey("format-version");
    TableSpec observed = TableConverters.observed(metadata, desired.glueParameters(), desired);
    assertThat(Specs.toJson(observed)).isEqualTo(Specs.toJson(desired));
    assertThat(observed.createdEmpty()).isTrue();
  }

  @Test
  void aNewTablesFirstMetadataFileIsNamedAsIcebergNamesIt() {
    UUID id = UUID.fromString("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
    TableMetadata plain = TableConverters.newTableMetadata(customerEvents());
    assertThat(TableConverters.firstMetadataLocation(plain, id)).isEqualTo("s3://acme-dev-processed-123456789012"
        + "/customer_events/metadata/00000-6f9619ff-8b86-d011-b42d-00cf4fc964ff.metadata.json");

    TableMetadata elsewhere = TableMetadata.buildFrom(plain).setProperties(Map.of(
        "write.metadata.path", "s3://other-bucket/meta/", "write.metadata.compression-codec", "gzip")).build();
    assertThat(TableConverters.firstMetadataLocation(elsewhere, id))
        .isEqualTo("s3://other-bucket/meta/00000-6f9619ff-8b86-d011-b42d-00cf4fc964ff.gz.metadata.json");
  }

  @Test
  void aNewTablesGlueInputIsIcebergsWithTheStacksMarks() {
    TableSpec desired = customerEvents();
    TableMetadata metadata = TableConverters.newTableMetadata(desired);
    String location = desired.location() + "/metadata/00000-x.metadata.json";
    TableInput input = GlueTables.newIcebergTable("customer_events", metadata, location, desired.glueParameters());
    assertThat(input.name()).isEqualTo("customer_events");
    assertThat(input.tableType()).isEqualTo("EXTERNAL_TABLE");
    assertThat(input.parameters()).containsOnly(Map.entry("table_type", "ICEBERG"),
        Map.entry("metadata_location", location), Map.entry("lakehouse:project", "acme"),
        Map.entry("lakehouse:env", "dev"));
    assertThat(input.storageDescriptor().location()).isEqualTo(desired.location());
    assertThat(input.storageDescriptor().columns()).extracting(Column::name, Column::type).containsExactly(
        tuple("event_id", "string"), tuple("customer_id", "string"), tuple("event_type", "string"),
        tuple("event_timestamp", "timestamp"), tuple("event_data", "map<string,string>"), tuple("event_date", "date"),
        tuple("region", "string"));
    assertThat(input.storageDescriptor().columns().get(0).parameters()).containsOnly(
        Map.entry("iceberg.field.id", "1"), Map.entry("iceberg.field.optional", "false"),
        Map.entry("iceberg.field.current", "true"));
  }

  @Test
  void onlyManagedPropertiesAreRead() {
    TableSpec desired = customerEvents();
    Schema schema = new Schema(Types.NestedField.optional(1, "event_date", Types.DateType.get()),
        Types.NestedField.optional(2, "customer_id", Types.StringType.get()));
    TableMetadata metadata = TableMetadata.newTableMetadata(schema,
        PartitionSpec.builderFor(schema).bucket("customer_id", 16).day("event_date").build(), desired.location(),
        Map.of("lakehouse.managed-properties", "old.setting,write.parquet.compression-codec", "old.setting", "1",
            "write.target-file-size-bytes", "536870912", "history.expire.max-snapshot-age-ms", "1000"));
    TableSpec observed = TableConverters.observed(metadata, Map.of(), desired);
    assertThat(observed.properties()).containsOnly(Map.entry("old.setting", "1"),
        Map.entry("write.parquet.compression-codec", "zstd"));
    assertThat(observed.managedProperties()).containsExactlyInAnyOrder("old.setting", "write.parquet.compression-codec");
    assertThat(observed.glueParameters()).isEmpty();
    assertThat(observed.partitionBy()).containsExactly("day(event_date)", "bucket(16, customer_id)");
  }

  @Test
  void aDescriptionIsTheCommentProperty() {
    Stack stack = new ConfigLoader(Map.of()).load(ConfigLoader.Request.of(Path.of("..", "examples", "lakehouse.yaml"),
        "dev").withAccount("123456789012"));
    var table = stack.config().tables().get(1);
    var described = new dev.lakehouse.config.model.TableConfig(table.name(), "Monthly metrics", table.columns(),
        table.partitionBy(), table.properties(), false);
    assertThat(TableConverters.desired(stack, described).properties()).containsOnly(Map.entry("comment", "Monthly metrics"));
  }
}
