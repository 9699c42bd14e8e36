package dev.lakehouse.provision.iceberg;

import static dev.lakehouse.provision.iceberg.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The evolution planner is pure: each row is a table as it is, as the config wants it, and the outcome. */
class TableEvolutionTest {

  private static Tables base() {
    return table().required("event_id", "string").column("customer", "string").column("amount", "int");
  }

  static Stream<Arguments> evolutions() {
    return Stream.of(
        Arguments.of("nothing to change", base(), base(), List.of()),
        Arguments.of("a column added at the end", base(), base().column("region", "string"),
            List.of("add column region string")),
        Arguments.of("a column added in the middle", base(),
            table().required("event_id", "string").column("region", "string").column("customer", "string")
                .column("amount", "int"),
            List.of("add column region string", "move column region after event_id")),
        Arguments.of("a column added first", base(),
            table().column("region", "string").required("event_id", "string").column("customer", "string")
                .column("amount", "int"),
            List.of("add column region string", "move column region first")),
        Arguments.of("a column renamed", base(),
            table().required("event_id", "string").renamed("customer_id", "string", "customer").column("amount", "int"),
            List.of("rename column customer to customer_id (field id 2 kept)")),
        Arguments.of("a rename already made", table().required("event_id", "string").column("customer_id", "string")
                .column("amount", "int"),
            table().required("event_id", "string").renamed("customer_id", "string", "customer").column("amount", "int"),
            List.of()),
        Arguments.of("a rename from a column the table never had", base(),
            base().renamed("region", "string", "area"), List.of("add column region string")),
        Arguments.of("int widened to long", base(), table().required("event_id", "string").column("customer", "string")
                .column("amount", "long"),
            List.of("widen column amount from int to long")),
        Arguments.of("float widened to double", table().column("x", "float"), table().column("x", "double"),
            List.of("widen column x from float to double")),
        Arguments.of("decimal precision raised", table().column("price", "decimal(10,2)"),
            table().column("price", "decimal(12,2)"), List.of("widen column price from decimal(10,2) to decimal(12,2)")),
        Arguments.of("a list element widened", table().column("xs", "list<int>"), table().column("xs", "list<long>"),
            List.of("widen column xs.element from int to long")),
        Arguments.of("a map value widened", table().column("m", "map<string,float>"),
            table().column("m", "map<string,double>"), List.of("widen column m.value from float to double")),
        Arguments.of("a struct field widened and one added", table().column("s", "struct<a:int,b:string>"),
            table().column("s", "struct<a:long,b:string,c:date>"),
            List.of("widen column s.a from int to long", "add column s.c date")),
        Arguments.of("struct fields reordered", table().column("s", "struct<a:int,b:string>"),
            table().column("s", "struct<b:string,a:int>"), List.of("move column s.b first")),
        Arguments.of("a struct inside a list gains a field", table().column("xs", "list<struct<a:int>>"),
            table().column("xs", "list<struct<a:int,b:string>>"), List.of("add column xs.element.b string")),
        Arguments.of("a required column made optional", base(),
            table().column("event_id", "string").column("customer", "string").column("amount", "int"),
            List.of("make column event_id optional")),
        Arguments.of("columns reordered", base(),
            table().required("event_id", "string").column("amount", "int").column("customer", "string"),
            List.of("move column amount after event_id")),
        Arguments.of("a column moved first", base(),
            table().column("amount", "int").required("event_id", "string").column("customer", "string"),
            List.of("move column amount first")),
        Arguments.of("a column dropped in the middle needs no move", base(),
            table().required("event_id", "string").column("amount", "int"),
            List.of("drop column customer")),
        Arguments.of("a renamed column moved", base(),
            table().required("event_id", "string").column("amount", "int").renamed("customer_id", "string", "customer"),
            List.of("rename column customer to customer_id (field id 2 kept)", "move column amount after event_id")),
        Arguments.of("a comment set", base(),
            table().required("event_id", "string").commented("customer", "string", "who").column("amount", "int"),
            List.of("set the comment of column customer")),
        Arguments.of("a comment removed",
            table().required("event_id", "string").commented("customer", "string", "who").column("amount", "int"),
            base(), List.of("remove the comment of column customer")),
        Arguments.of("a nested field dropped", table().column("s", "struct<a:int,b:string>"),
            table().column("s", "struct<a:int>"), List.of("drop column s.b")),
        Arguments.of("a column renamed back to the name of its own identity partition field",
            table().column("area", "string").partitionFieldOf("region", "area"),
            table().renamed("region", "string", "area"),
            List.of("rename column area to region (field id 1 kept)")),
        Arguments.of("a sort column renamed and an identifier field kept",
            base().identifierFields("event_id").sortedBy("customer"),
            table().required("event_id", "string").renamed("customer_id", "string", "customer").column("amount", "int"),
            List.of("rename column customer to customer_id (field id 2 kept)")),
        Arguments.of("a partition field added", base(), base().partition("bucket(16, customer)"),
            List.of("add partition field bucket(16, customer) (new writes use it; existing files keep their "
                + "partitioning)")),
        Arguments.of("a partition field removed", base().partition("identity(customer)"), base(),
            List.of("remove partition field identity(customer) (existing files keep their partitioning)")),
        Arguments.of("a partition field replaced",
            table().column("ts", "timestamp").partition("day(ts)"),
            table().column("ts", "timestamp").partition("month(ts)"),
            List.of("remove partition field day(ts) (existing files keep their partitioning)",
                "add partition field month(ts) (new writes use it; existing files keep their partitioning)")),
        Arguments.of("partition fields only in another order",
            base().partition("identity(customer)").partition("bucket(4, event_id)"),
            base().partition("bucket(4, event_id)").partition("identity(customer)"), List.of()),
        Arguments.of("a partition source column renamed", base().partition("bucket(16, customer)"),
            table().required("event_id", "string").renamed("customer_id", "string", "customer").column("amount", "int")
                .partition("bucket(16, customer_id)"),
            List.of("rename column customer to customer_id (field id 2 kept)")),
        Arguments.of("a property set and one changed", base().property("a", "1"),
            base().property("a", "2").property("b", "x"), List.of("set property a", "set property b")),
        Arguments.of("a property the stack set, unset", base().property("a", "1"), base(),
            List.of("unset property a (set by this stack before)")),
        Arguments.of("an old format upgraded", base().formatVersion(1), base(),
            List.of("upgrade the table format from version 1 to 2")),
        Arguments.of("a new location", base().location("s3://old/events"), base(),
            List.of("set the table location to s3://acme-dev-processed-123456789012/events (files already written stay "
                + "at s3://old/events)")),
        Arguments.of("a table not yet marked as the stack's", base().glueParameters(Map.of()), base(),
            List.of("mark the Glue table as this stack's (parameters lakehouse:env, lakehouse:project)")),
        Arguments.of("a table marked for another environment, being adopted",
            base().glueParameters(Map.of("lakehouse:env", "prod", "lakehouse:project", "acme")), base(),
            List.of("mark the Glue table as this stack's (parameters lakehouse:env)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evolutions")
  void evolvesInPlace(String what, Tables observed, Tables desired, List<String> steps) {
    TableEvolution evolution = TableEvolution.plan(observed.build(), desired.build());
    assertThat(evolution.refusals()).isEmpty();
    assertThat(evolution.steps()).extracting(TableEvolution.Step::describe).containsExactlyElementsOf(steps);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("long narrowed to int", table().column("n", "long"), table().column("n", "int"),
            "column n cannot change from long to int: Iceberg cannot narrow a type in place"),
        Arguments.of("double narrowed to float", table().column("n", "double"), table().column("n", "float"),
            "column n cannot change from double to float: Iceberg cannot narrow a type in place"),
        Arguments.of("decimal precision lowered", table().column("p", "decimal(12,2)"),
            table().column("p", "decimal(10,2)"),
            "column p cannot change from decimal(12,2) to decimal(10,2): Iceberg cannot narrow a type in place"),
        Arguments.of("decimal scale changed", table().column("p", "decimal(10,2)"), table().column("p", "decimal(12,4)"),
            "column p cannot change from decimal(10,2) to decimal(12,4): Iceberg cannot change a decimal's scale"),
        Arguments.of("string to int", table().column("c", "string"), table().column("c", "int"),
            "column c cannot change from string to int: Iceberg can only widen a type in place (int -> long, "
                + "float -> double, a larger decimal precision); add a column of the new type instead"),
        Arguments.of("a primitive to a struct", table().column("c", "string"), table().column("c", "struct<a:string>"),
            "column c cannot change from string to struct<a:string>: Iceberg can only widen a type in place (int -> "
                + "long, float -> double, a larger decimal precision); add a column of the new type instead"),
        Arguments.of("a nested narrowing", table().column("xs", "list<long>"), table().column("xs", "list<int>"),
            "column xs.element cannot change from long to int: Iceberg cannot narrow a type in place"),
        Arguments.of("a map key changed", table().column("m", "map<string,int>"), table().column("m", "map<int,int>"),
            "column m cannot change its map key type from string to int: Iceberg cannot change map keys"),
        Arguments.of("an optional column made required", table().column("c", "string"), table().required("c", "string"),
            "column c cannot become required: Iceberg cannot make an optional column required, because existing "
                + "rows may hold nulls"),
        Arguments.of("a required column added", table().column("c", "string"),
            table().column("c", "string").required("d", "string"),
            "column d cannot be added as required: the table's existing rows have no value for it; add it with "
                + "required: false"),
        Arguments.of("a newer format", table().column("c", "string").formatVersion(3), table().column("c", "string"),
            "the table's format version is 3 and Iceberg cannot take it back to 2"),
        Arguments.of("an identifier field made optional", base().identifierFields("event_id"),
            table().column("event_id", "string").column("customer", "string").column("amount", "int"),
            "column event_id cannot become optional: it is an identifier field of the table, and Iceberg keeps "
                + "identifier fields required; take it out of the table's identifier fields first (Spark: ALTER "
                + "TABLE acme_dev_processed.events DROP IDENTIFIER FIELDS event_id)"),
        Arguments.of("an identifier field dropped", base().identifierFields("event_id"),
            table().column("customer", "string").column("amount", "int"),
            "column event_id cannot be dropped: it is an identifier field of the table, and Iceberg does not drop "
                + "identifier fields; take it out of the table's identifier fields first (Spark: ALTER TABLE "
                + "acme_dev_processed.events DROP IDENTIFIER FIELDS event_id)"),
        Arguments.of("a struct holding an identifier field dropped",
            table().column("a", "string").column("key", "struct<region:string,id:long>").identifierFields("key.id"),
            table().column("a", "string"),
            "column key cannot be dropped: key.id in it is an identifier field of the table, and Iceberg does not "
                + "drop identifier fields; take it out of the table's identifier fields first (Spark: ALTER TABLE "
                + "acme_dev_processed.events DROP IDENTIFIER FIELDS key.id)"),
        Arguments.of("a column added named like a field of an earlier partition spec",
            table().column("ts", "timestamp").partitionFieldOf("ts_day", "ts"),
            table().column("ts", "timestamp").column("ts_day", "date"),
            "column ts_day cannot be added: the table has a partition field of that name (in its partition spec now "
                + "or an earlier one), made from column ts, and Iceberg refuses a column named like a partition field "
                + "of another column; give the column another name"),
        Arguments.of("a column renamed to the name of another column's identity partition field",
            table().column("area", "string").column("place", "string").partitionFieldOf("region", "area"),
            table().column("area", "string").renamed("region", "string", "place"),
            "column place cannot be renamed to region: the table has a partition field of that name (in its "
                + "partition spec now or an earlier one), made from column area, and Iceberg refuses a column named "
                + "like a partition field of another column; give the column another name"),
        Arguments.of("a sort column dropped", base().sortedBy("customer"),
            table().required("event_id", "string").column("amount", "int"),
            "column customer cannot be dropped: the table's sort order sorts by it, and Iceberg does not drop a "
                + "column its sort order uses; set a sort order without it first (Spark: ALTER TABLE "
                + "acme_dev_processed.events WRITE ORDERED BY other columns, or WRITE UNORDERED)"),
        Arguments.of("a sorted struct field of a renamed column dropped",
            table().column("s", "struct<x:int,y:int>").sortedBy("s.y"),
            table().renamed("t", "struct<x:int>", "s"),
            "column t.y cannot be dropped: the table's sort order sorts by it, and Iceberg does not drop a column "
                + "its sort order uses; set a sort order without it first (Spark: ALTER TABLE "
                + "acme_dev_processed.events WRITE ORDERED BY other columns, or WRITE UNORDERED)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesWhatIcebergCannotDoInPlace(String what, Tables observed, Tables desired, String refusal) {
    assertThat(TableEvolution.plan(observed.build(), desired.build()).refusals()).containsExactly(refusal);
  }

  @Test
  void dropsAreNamedTopLevelAndNested() {
    TableEvolution evolution = TableEvolution.plan(
        table().column("a", "string").column("s", "struct<x:int,y:int>").column("gone", "date").build(),
        table().column("a", "string").column("s", "struct<x:int>").build());
    assertThat(evolution.droppedColumns()).containsExactly("s.y", "gone");
  }

  @Test
  void aRenameIsNeverADrop() {
    TableEvolution evolution = TableEvolution.plan(base().build(),
        table().required("event_id", "string").renamed("customer_id", "string", "customer").column("amount", "int")
            .build());
    assertThat(evolution.droppedColumns()).isEmpty();
    assertThat(evolution.renames()).containsExactly(Map.entry("customer_id", "customer"));
  }

  @Test
  void aColumnKeptUnderBothNamesDropsTheOldOne() {
    TableEvolution evolution = TableEvolution.plan(base().column("customer_id", "string").build(),
        table().required("event_id", "string").renamed("customer_id", "string", "customer").column("amount", "int")
            .build());
    assertThat(evolution.renames()).isEmpty();
    assertThat(evolution.droppedColumns()).containsExactly("customer");
  }

  @Test
  void widensOnlyAsIcebergV2Allows() {
    assertThat(TableEvolution.widens(type("int"), type("long"))).isTrue();
    assertThat(TableEvolution.widens(type("float"), type("double"))).isTrue();
    assertThat(TableEvolution.widens(type("decimal(9,2)"), type("decimal(38,2)"))).isTrue();
    assertThat(TableEvolution.widens(type("decimal(9,2)"), type("decimal(9,2)"))).isFalse();
    assertThat(TableEvolution.widens(type("int"), type("double"))).isFalse();
    assertThat(TableEvolution.widens(type("date"), type("timestamp"))).isFalse();
  }

  private static dev.lakehouse.config.schema.ColumnType type(String text) {
    return dev.lakehouse.config.schema.ColumnTypes.parse(text);
  }
}
