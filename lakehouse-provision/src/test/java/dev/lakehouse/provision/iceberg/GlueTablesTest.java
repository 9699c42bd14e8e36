package dev.lakehouse.provision.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.aws.glue.IcebergGlueInputs;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/** Whether a Glue table lists the columns its Iceberg metadata gives, and writing them back. */
class GlueTablesTest {
  private static final TableMetadata MADE = TableConverters.newTableMetadata(Tables.table()
      .required("event_id", "string")
      .commented("customer", "string", "Who sent it")
      .column("amount", "int")
      .column("device", "struct<os:string,version:int>")
      .column("event_date", "date")
      .build());

  /** The Glue table as the stack's create makes it. */
  private static Table made() {
    return glueTable(GlueTables.newIcebergTable("events", MADE, "s3://b/events/metadata/00000-a.metadata.json",
        Tables.OWNED));
  }

  private static Table glueTable(TableInput input) {
    return Table.builder().name(input.name()).description(input.description()).tableType(input.tableType())
        .storageDescriptor(input.storageDescriptor()).parameters(input.parameters()).versionId("1").build();
  }

  /** The table with its Glue column list edited by hand. */
  private static Table edited(Table table, UnaryOperator<List<Column>> edit) {
    List<Column> columns = edit.apply(new ArrayList<>(table.storageDescriptor().columns()));
    return table.toBuilder().storageDescriptor(table.storageDescriptor().toBuilder().columns(columns).build()).build();
  }

  /** The Glue table as Iceberg's Glue catalog leaves it after committing this metadata to {@code before}. */
  private static Table committed(Table before, TableMetadata metadata) {
    return before.toBuilder().storageDescriptor(before.storageDescriptor().toBuilder()
        .columns(IcebergGlueInputs.columns(metadata, before)).build()).build();
  }

  @Test
  void aTableAsTheStackMakesItOrIcebergsCatalogCommitsToItListsItsSchemasColumns() {
    assertThat(GlueTables.columnDrift(made(), MADE)).isNull();

    // A column dropped (Iceberg then lists it last as an earlier schema's), a doc removed (Iceberg's
    // catalog keeps Glue's comment), a column widened and one added, each a commit of Iceberg's catalog.
    Schema evolved = new Schema(
        Types.NestedField.required(1, "event_id", Types.StringType.get()),
        Types.NestedField.optional(2, "customer", Types.StringType.get()),
        Types.NestedField.optional(3, "amount", Types.LongType.get()),
        Types.NestedField.optional(4, "device", Types.StructType.of(
            Types.NestedField.optional(6, "os", Types.StringType.get()),
            Types.NestedField.optional(7, "version", Types.IntegerType.get()))),
        Types.NestedField.optional(8, "region", Types.StringType.get()));
    TableMetadata later = MADE.updateSchema(evolved);
    Table after = committed(made(), later);

    assertThat(after.storageDescriptor().columns()).extracting(Column::name, Column::comment,
            c -> c.parameters().get("iceberg.field.current"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("event_id", null, "true"),
            org.assertj.core.groups.Tuple.tuple("customer", "Who sent it", "true"),
            org.assertj.core.groups.Tuple.tuple("amount", null, "true"),
            org.assertj.core.groups.Tuple.tuple("device", null, "true"),
            org.assertj.core.groups.Tuple.tuple("region", null, "true"),
            org.assertj.core.groups.Tuple.tuple("event_date", null, "false"));
    assertThat(GlueTables.columnDrift(after, later)).isNull();
  }

  @Test
  void aColumnListEditedInGlueIsDriftListedAsGlueHoldsIt() {
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.remove(2);
      return columns;
    }), MADE)).containsExactly("event_id string", "customer string", "device struct<os:string,version:int>",
        "event_date date");
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.set(0, columns.get(0).toBuilder().name("id").build());
      return columns;
    }), MADE)).startsWith("id string", "customer string");
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.set(2, columns.get(2).toBuilder().type("string").build());
      return columns;
    }), MADE)).contains("amount string");
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.add(Column.builder().name("bogus").type("string").build());
      return columns;
    }), MADE)).endsWith("event_date date", "bogus string");
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.add(0, columns.remove(1));
      return columns;
    }), MADE)).startsWith("customer string", "event_id string");
  }

  @Test
  void aCommentIsDriftOnlyWhereTheFieldHasADoc() {
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.set(1, columns.get(1).toBuilder().comment("Someone").build());
      return columns;
    }), MADE)).contains("customer string comment 'Someone'");
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.set(1, columns.get(1).toBuilder().comment(null).build());
      return columns;
    }), MADE)).contains("customer string without its comment");
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.set(2, columns.get(2).toBuilder().comment("Added in the console").build());
      return columns;
    }), MADE)).isNull();
  }

  @Test
  void theSpellingOfAHiveTypeAndTheParametersIcebergWritesForPeopleAreNotDrift() {
    assertThat(GlueTables.columnDrift(edited(made(), columns -> {
      columns.set(3, columns.get(3).toBuilder().type("STRUCT<os: string, version: int>").parameters(Map.of())
          .build());
      return columns;
    }), MADE)).isNull();
  }

  @Test
  void writingTheColumnsBackKeepsTheRestOfTheTable() {
    Table table = made();
    table = table.toBuilder().storageDescriptor(table.storageDescriptor().toBuilder()
        .serdeInfo(SerDeInfo.builder().name("added by hand").build()).build()).build();
    Table drifted = edited(table, columns -> List.of(Column.builder().name("id").type("int").build()));

    TableInput input = GlueTables.withIcebergColumns(GlueTables.withParameters(drifted, Map.of()), drifted, MADE);

    assertThat(input.storageDescriptor().columns()).isEqualTo(made().storageDescriptor().columns());
    assertThat(input.storageDescriptor().location()).isEqualTo(MADE.location());
    assertThat(input.storageDescriptor().serdeInfo().name()).isEqualTo("added by hand");
    assertThat(input.parameters()).isEqualTo(drifted.parameters());
    assertThat(GlueTables.columnDrift(glueTable(input), MADE)).isNull();
  }

  @Test
  void aTableReadWithItsGlueColumnsEditedIsRewrittenWithoutAnIcebergCommit() {
    TableSpec desired = Tables.table().column("id", "string").build();
    TableSpec observed = desired.withGlueColumns(List.of("id int"));

    assertThat(TableEvolution.plan(observed, desired).steps())
        .containsExactly(new TableEvolution.RewriteGlueColumns());
    assertThat(TableEvolution.plan(desired, desired).steps()).isEmpty();
  }

  @Test
  void aGlueTableTypeOrLocationOtherThanIcebergsCatalogWritesIsDriftThatIsWrittenBack() {
    assertThat(GlueTables.entryDrift(made(), MADE)).isNull();
    Table slashed = made().toBuilder().storageDescriptor(made().storageDescriptor().toBuilder()
        .location(MADE.location() + "/").build()).build();
    assertThat(GlueTables.entryDrift(slashed, MADE)).as("a trailing slash aside").isNull();

    Table drifted = made().toBuilder().tableType("VIRTUAL_VIEW").storageDescriptor(made().storageDescriptor()
        .toBuilder().location("s3://elsewhere/x").build()).build();
    assertThat(GlueTables.entryDrift(drifted, MADE))
        .containsExactlyInAnyOrderEntriesOf(Map.of("tableType", "VIRTUAL_VIEW", "location", "s3://elsewhere/x"));
    assertThat(GlueTables.entryDrift(made().toBuilder().tableType(null).build(), MADE))
        .containsExactlyInAnyOrderEntriesOf(Map.of("tableType", ""));
    Map<String, String> hive = new HashMap<>(made().parameters());
    hive.put("table_type", "HIVE");
    assertThat(GlueTables.entryDrift(made().toBuilder().parameters(hive).build(), MADE))
        .containsExactlyInAnyOrderEntriesOf(Map.of("table_type", "HIVE"));
    hive.remove("table_type");
    assertThat(GlueTables.entryDrift(made().toBuilder().parameters(hive).build(), MADE))
        .containsExactlyInAnyOrderEntriesOf(Map.of("table_type", ""));
    assertThat(GlueTables.entryDrift(made().toBuilder().description("by hand").build(), MADE))
        .as("no comment property: Iceberg's catalog keeps Glue's description").isNull();
    TableMetadata described = TableConverters.newTableMetadata(Tables.table().column("id", "string")
        .property("comment", "Events").build());
    Table madeDescribed = glueTable(GlueTables.newIcebergTable("events", described, "s3://b/m.metadata.json",
        Map.of()));
    assertThat(GlueTables.entryDrift(madeDescribed, described)).isNull();
    Table redescribed = madeDescribed.toBuilder().description("by hand").build();
    assertThat(GlueTables.entryDrift(redescribed, described))
        .containsExactlyInAnyOrderEntriesOf(Map.of("description", "by hand"));
    assertThat(GlueTables.withIcebergEntry(GlueTables.withParameters(redescribed, Map.of()), described).description())
        .isEqualTo("Events");

    TableInput input = GlueTables.withIcebergEntry(GlueTables.withParameters(drifted, Map.of()), MADE);
    assertThat(GlueTables.entryDrift(glueTable(input), MADE)).isNull();
    assertThat(input.storageDescriptor().columns()).isEqualTo(made().storageDescriptor().columns());
    assertThat(input.parameters()).isEqualTo(drifted.parameters());
  }

  @Test
  void aTableReadWithItsGlueTypeOrLocationEditedIsRewrittenWithoutAnIcebergCommit() {
    TableSpec desired = Tables.table().column("id", "string").build();
    TableSpec observed = desired.withGlueEntry(Map.of("location", "s3://elsewhere/x", "tableType", "VIRTUAL_VIEW",
        "description", "by hand"));

    assertThat(TableEvolution.plan(observed, desired).steps()).extracting(TableEvolution.Step::describe)
        .containsExactly("write the Glue table's description, location and table type back as Iceberg's catalog "
            + "writes them for the table's metadata");
    assertThat(TableEvolution.plan(desired.withGlueEntry(Map.of("description", "")), desired).steps())
        .extracting(TableEvolution.Step::describe)
        .containsExactly("write the Glue table's description back as Iceberg's catalog writes it for the table's "
            + "metadata");
  }
}
