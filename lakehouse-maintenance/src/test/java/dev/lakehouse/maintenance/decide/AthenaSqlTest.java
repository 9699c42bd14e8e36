package dev.lakehouse.maintenance.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.maintenance.inspect.PartitionFiles;
import dev.lakehouse.maintenance.inspect.PartitionValue;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AthenaSqlTest {

  @ParameterizedTest(name = "{0} -> ddl {1}, query {2}")
  @CsvSource(delimiter = '|', value = {
      "customer_events|customer_events|customer_events",
      "_events|`_events`|\"_events\"",
      "2024_sales|`2024_sales`|\"2024_sales\"",
      "acme-dev|`acme-dev`|\"acme-dev\"",
      "Events|`Events`|\"Events\"",
      "date|`date`|\"date\"",
      "order|`order`|\"order\"",
      "trim|`trim`|\"trim\"",
      "current_schema|`current_schema`|\"current_schema\"",
      "json_table|`json_table`|\"json_table\"",
      "listagg|`listagg`|\"listagg\"",
      "utc_timestamp|`utc_timestamp`|\"utc_timestamp\"",
      "odd`name|`odd``name`|\"odd`name\"",
      "odd\"name|`odd\"name`|\"odd\"\"name\""})
  void quotesNamesOnlyWhereAthenaNeedsIt(String name, String ddl, String query) {
    assertThat(AthenaSql.ddlName(name)).isEqualTo(ddl);
    assertThat(AthenaSql.queryName(name)).isEqualTo(query);
  }

  @Test
  void escapesQuotesInStringLiterals() {
    assertThat(AthenaSql.string("it's")).isEqualTo("'it''s'");
    assertThat(AthenaSql.string("")).isEqualTo("''");
  }

  @Test
  void writesTheStatements() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("vacuum_max_snapshot_age_seconds", "604800");
    properties.put("vacuum_min_snapshots_to_keep", "5");
    assertThat(AthenaSql.setProperties("acme_dev_processed", "_events", properties)).isEqualTo(
        "ALTER TABLE acme_dev_processed.`_events` SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds'='604800', "
            + "'vacuum_min_snapshots_to_keep'='5')");
    assertThat(AthenaSql.optimize("acme_dev_processed", "_events", null))
        .isEqualTo("OPTIMIZE acme_dev_processed.\"_events\" REWRITE DATA USING BIN_PACK");
    assertThat(AthenaSql.optimize("db", "t", "region IN ('US')"))
        .isEqualTo("OPTIMIZE db.t REWRITE DATA USING BIN_PACK WHERE region IN ('US')");
    assertThat(AthenaSql.vacuum("acme_dev_processed", "events")).isEqualTo("VACUUM acme_dev_processed.events");
  }

  @Test
  void vacuumQuotesItsTableWithBackticksAsAthenaRequires() {
    // Athena's VACUUM reference: VACUUM my_database.`_mytable`; double quotes do not work in their place.
    assertThat(AthenaSql.vacuum("acme_dev_processed", "_staging")).isEqualTo("VACUUM acme_dev_processed.`_staging`");
    assertThat(AthenaSql.vacuum("acme_dev_processed", "order")).isEqualTo("VACUUM acme_dev_processed.`order`");
    assertThat(AthenaSql.vacuum("acme_dev_processed", "customer_events"))
        .isEqualTo("VACUUM acme_dev_processed.customer_events");
  }

  @Test
  void vacuumLeavesOutADatabaseNameThatWouldNeedQuotesAndRunsInThatDatabase() {
    // Athena's VACUUM reference puts no quotes around a database name; the query's context names it.
    assertThat(AthenaSql.vacuum("acme-dev", "events")).isEqualTo("VACUUM events");
    assertThat(AthenaSql.vacuum("_raw", "_staging")).isEqualTo("VACUUM `_staging`");
    assertThat(AthenaSql.vacuum("database", "events")).isEqualTo("VACUUM events");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "string|O'Brien|'O''Brien'",
      "int|42|42",
      "long|-7|-7",
      "boolean|true|true",
      "date|19845|DATE '2024-05-02'",
      "timestamp|1714608000000001|TIMESTAMP '2024-05-02 00:00:00.000001'",
      "decimal(9,2)|12.50|DECIMAL '12.50'",
      "double|1.5|",
      "timestamptz|1714608000000000|",
      "uuid|x|"})
  void writesLiteralsOfExactTypesOnly(String type, String text, String expected) {
    Object value = switch (type) {
      case "int", "date" -> Integer.valueOf(text);
      case "long", "timestamp", "timestamptz" -> Long.valueOf(text);
      case "boolean" -> Boolean.valueOf(text);
      case "decimal(9,2)" -> new BigDecimal(text);
      case "double" -> Double.valueOf(text);
      default -> text;
    };
    assertThat(AthenaSql.literal(type, value)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void selectsOneColumnsPartitionsWithIn() {
    assertThat(AthenaSql.partitionPredicate(List.of(partition(v("region", "string", "US")),
        partition(v("region", "string", "it's")))))
        .contains("region IN ('US', 'it''s')");
  }

  @Test
  void selectsSeveralColumnsPartitionsWithAConditionPerColumnAsAthenaRequires() {
    // Athena's OPTIMIZE fails a WHERE it cannot turn into a set of values per partition column,
    // such as (a = 1 AND b = 2) OR (a = 3 AND b = 4).
    int day = (int) LocalDate.parse("2024-05-01").toEpochDay();
    assertThat(AthenaSql.partitionPredicate(List.of(
        partition(v("event_date", "date", day), v("_source", "string", "web")),
        partition(v("event_date", "date", day + 1), v("_source", "string", null)),
        partition(v("event_date", "date", day + 1), v("_source", "string", "web")))))
        .contains("event_date IN (DATE '2024-05-01', DATE '2024-05-02') AND (\"_source\" IS NULL OR "
            + "\"_source\" IN ('web'))");
  }

  @Test
  void aNullInTheOnlyColumnIsSelectedWithIsNull() {
    assertThat(AthenaSql.partitionPredicate(List.of(partition(v("region", "string", "US")),
        partition(v("region", "string", null)))))
        .contains("region IS NULL OR region IN ('US')");
    assertThat(AthenaSql.partitionPredicate(List.of(partition(v("region", "string", null)))))
        .contains("region IS NULL");
  }

  @Test
  void aPredicateOnSeveralColumnsSelectsEveryCombinationOfTheirValues() {
    List<PartitionFiles> due = List.of(partition(v("region", "string", "EU"), v("channel", "string", "web")),
        partition(v("region", "string", "US"), v("channel", "string", "app")));
    assertThat(AthenaSql.selects(due, partition(v("region", "string", "EU"), v("channel", "string", "app")))).isTrue();
    assertThat(AthenaSql.selects(due, partition(v("region", "string", "US"), v("channel", "string", "app")))).isTrue();
    assertThat(AthenaSql.selects(due, partition(v("region", "string", "EU"), v("channel", "string", "tv")))).isFalse();
    assertThat(AthenaSql.selects(due, partition(v("region", "string", "EU")))).isFalse();
  }

  @Test
  void cannotSelectPartitionsOfDifferentColumns() {
    assertThat(AthenaSql.partitionPredicate(List.of(partition(v("region", "string", "EU")),
        partition(v("region", "string", "US"), v("channel", "string", "web"))))).isEmpty();
  }

  @Test
  void cannotSelectTransformedOrInexactPartitions() {
    assertThat(AthenaSql.partitionPredicate(List.of(partition(
        new PartitionValue("event_date", "day", "date", 19844))))).isEmpty();
    assertThat(AthenaSql.partitionPredicate(List.of(partition(v("score", "double", 1.5))))).isEmpty();
    assertThat(AthenaSql.partitionPredicate(List.of(partition(v("key", "binary", ByteBuffer.allocate(1)))))).isEmpty();
    assertThat(AthenaSql.partitionPredicate(List.of(partition()))).isEmpty();
    assertThat(AthenaSql.partitionPredicate(List.of())).isEmpty();
  }

  static PartitionValue v(String column, String type, Object value) {
    return new PartitionValue(column, "identity", type, value);
  }

  static PartitionFiles partition(PartitionValue... values) {
    return new PartitionFiles(0, "p", Arrays.asList(values), 3, 3, 0, OptionalLong.of(300));
  }
}
