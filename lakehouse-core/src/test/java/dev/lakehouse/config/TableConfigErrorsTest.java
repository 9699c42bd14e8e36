package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Iceberg or the Glue catalog would refuse when a table is made is refused by validate,
 * before any AWS call, verbatim. Each case edits the canonical stack in one place.
 */
class TableConfigErrorsTest {
  private static final String CANONICAL = read();

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("a property Iceberg reserves",
            "      write.parquet.compression-codec: zstd", "      write.parquet.compression-codec: zstd\n"
                + "      format-version: \"3\"",
            "lakehouse.yaml:88:7: tables[0].properties.format-version: 'format-version' is a property Iceberg keeps "
                + "for itself and cannot be set; the stack makes format version 2 tables"),
        Arguments.of("another property Iceberg reserves",
            "      write.parquet.compression-codec: zstd", "      write.parquet.compression-codec: zstd\n"
                + "      current-snapshot-id: \"1\"",
            "lakehouse.yaml:88:7: tables[0].properties.current-snapshot-id: 'current-snapshot-id' is a property "
                + "Iceberg keeps for itself and cannot be set"),
        Arguments.of("the stack's own record",
            "      write.parquet.compression-codec: zstd", "      write.parquet.compression-codec: zstd\n"
                + "      lakehouse.managed-properties: x",
            "lakehouse.yaml:88:7: tables[0].properties.lakehouse.managed-properties: 'lakehouse.managed-properties' "
                + "is where the stack records the properties it manages; it cannot be set"),
        Arguments.of("a retention property lakehouse maintain sets on the table",
            "      write.parquet.compression-codec: zstd", "      write.parquet.compression-codec: zstd\n"
                + "      vacuum_min_snapshots_to_keep: \"3\"",
            "lakehouse.yaml:88:7: tables[0].properties.vacuum_min_snapshots_to_keep: 'vacuum_min_snapshots_to_keep' "
                + "is set on this table by lakehouse maintain, from its minSnapshotsToKeep (maintenance.tables[0] "
                + "matches it); set minSnapshotsToKeep there, or apply and maintain would each undo the other's value"),
        Arguments.of("a retention property, the last matching entry named",
            "  - name: curated.monthly_aggregates\n",
            "  - name: curated.monthly_aggregates\n    properties: { vacuum_max_snapshot_age_seconds: \"60\" }\n",
            "lakehouse.yaml:89:19: tables[1].properties.vacuum_max_snapshot_age_seconds: "
                + "'vacuum_max_snapshot_age_seconds' is set on this table by lakehouse maintain, from its "
                + "snapshotRetention (maintenance.tables[1] matches it); set snapshotRetention there, or apply and "
                + "maintain would each undo the other's value"),
        Arguments.of("a description twice",
            "  - name: curated.monthly_aggregates\n",
            "  - name: curated.monthly_aggregates\n    description: Aggregates\n    properties: { comment: Aggregates }\n",
            "lakehouse.yaml:90:19: tables[1].properties.comment: the table's description is its comment property; "
                + "set one of description and properties.comment"),
        Arguments.of("a partition field named like a column",
            "{ name: event_data, type: \"map<string,string>\" }", "{ name: event_date_day, type: string }",
            "lakehouse.yaml:85:19: tables[0].partitionBy[0]: Iceberg names this partition field 'event_date_day', "
                + "which is a column of this table; it refuses a partition field named like a column: rename the "
                + "column"),
        Arguments.of("two bucket fields on one column",
            "\"bucket(16, customer_id)\"]", "\"bucket(16, customer_id)\", \"bucket(8, customer_id)\"]",
            "lakehouse.yaml:85:65: tables[0].partitionBy[2]: Iceberg names this partition field "
                + "'customer_id_bucket', like bucket(16, customer_id); a table can have one bucket field per column"),
        Arguments.of("a bucket count too large for a whole number",
            "\"bucket(16, customer_id)\"]", "\"bucket(99999999999, customer_id)\"]",
            "lakehouse.yaml:85:38: tables[0].partitionBy[1]: 'bucket(99999999999, customer_id)' is not a valid "
                + "partition field: bucket's number is at most 2147483647, got 99999999999"),
        Arguments.of("a struct field named in uppercase",
            "type: \"map<string,string>\"", "type: \"list<struct<City:string,zip:string>>\"",
            "lakehouse.yaml:82:35: tables[0].columns[4].type: struct field 'City' is not a name Athena can query: use "
                + "lowercase letters, digits and '_', as for a column"),
        Arguments.of("a struct field without a name",
            "type: \"map<string,string>\"", "type: \"struct<:string>\"",
            "lakehouse.yaml:82:35: tables[0].columns[4].type: a struct field needs a name, e.g. struct<city:string>"),
        Arguments.of("a column comment longer than Glue keeps",
            "{ name: region, type: string }", "{ name: region, type: string, comment: \"" + "c".repeat(256) + "\" }",
            "lakehouse.yaml:84:48: tables[0].columns[6].comment: a column comment is at most 255 characters in the "
                + "Glue catalog, got 256"),
        Arguments.of("a description longer than Glue keeps",
            "  - name: curated.monthly_aggregates\n",
            "  - name: curated.monthly_aggregates\n    description: " + "d".repeat(2049) + "\n",
            "lakehouse.yaml:89:18: tables[1].description: a table description is at most 2048 characters in the "
                + "Glue catalog, got 2049"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void refusesWhatIcebergWouldRefuse(String what, String from, String to, String expected) {
    assertThat(CANONICAL).contains(from);
    String edited = CANONICAL.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    assertThat(problems(edited)).containsExactly(expected);
  }

  @Test
  void aRetentionPropertyOnATableMaintainLeavesAloneIsTheTablesOwn() {
    String edited = CANONICAL.replace("    - match: \"processed.*\"", "    - match: \"processed.other_*\"")
        .replace("      write.parquet.compression-codec: zstd", "      write.parquet.compression-codec: zstd\n"
            + "      vacuum_min_snapshots_to_keep: \"3\"");
    assertThat(edited).contains("processed.other_*", "vacuum_min_snapshots_to_keep");
    assertThat(problems(edited)).isEmpty();
  }

  private static List<String> problems(String yaml) {
    try {
      new ConfigLoader(Map.of()).load(new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev",
          null, null), yaml.getBytes(StandardCharsets.UTF_8));
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    return List.of();
  }

  private static String read() {
    try {
      return Files.readString(CanonicalStackTest.CANONICAL);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
