package dev.lakehouse.cli;

import static dev.lakehouse.cli.MaintenanceLake.ACCOUNT;
import static dev.lakehouse.cli.MaintenanceLake.CLICKS_OPTIMIZE;
import static dev.lakehouse.cli.MaintenanceLake.EVENTS_OPTIMIZE;
import static dev.lakehouse.cli.MaintenanceLake.EVENTS_PROPERTIES;
import static dev.lakehouse.cli.MaintenanceLake.EVENTS_VACUUM;
import static dev.lakehouse.cli.MaintenanceLake.STAGING_PROPERTIES;
import static dev.lakehouse.cli.MaintenanceLake.WORKGROUP;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.failed;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.running;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.maintenance.table.TableDiscovery;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AthenaQueryScript;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/**
 * {@code lakehouse maintain} in-process against moto: real Iceberg tables made with Iceberg's API
 * in moto's Glue and S3 (many small data files over several commits, next to healthy ones, one
 * partitioned by region), and the statements that reached Athena read back from it. Athena's
 * failures and slow queries are scripted through the testkit's proxy.
 */
class MaintainCommandIT {
  static final long MB = MaintenanceLake.MB;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void dryRunPrintsTheDecisionsAndTheSqlAndRunsNothing(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      Cli.Result result = lake.maintain("--dry-run");
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(lake.statements()).isEmpty();
      String out = result.stdout();
      assertThat(out).contains(
          "processed.events (acme_dev_processed.events): planned",
          "  state   12 data files (12 small), 12MB, 0 delete files, 6 snapshots, 7 metadata files",
          "  state   1 data file (0 small), 100MB, 0 delete files, 1 snapshot, 2 metadata files",
          "      sql: " + EVENTS_PROPERTIES,
          "      sql: " + EVENTS_OPTIMIZE,
          "      sql: " + EVENTS_VACUUM,
          "      why: 12 small files (under 48MB, 75% of the 64MB target) exceed compactWhenSmallFilesAbove=5; "
              + "the whole table; note: the table's write_target_data_file_size_bytes is not set (Athena's default: "
              + "512MB), where targetFileSize is 64MB (Athena's OPTIMIZE chooses",
          "      why: 6 previous metadata files exceed maxMetadataFilesToKeep=4",
          "      sql: " + CLICKS_OPTIMIZE,
          "      why: 1 of 4 partitions has more than compactWhenSmallFilesAbove=5 small files (under 48MB, 75% of "
              + "the 64MB target) or more than compactWhenDeleteFilesAbove=10 delete files; restricted to them, "
              + "holding 6MB of 212MB",
          "      sql: " + STAGING_PROPERTIES,
          "curated.monthly_aggregates (acme_dev_curated.monthly_aggregates): healthy",
          "  optimize   skipped: 0 small files (under 48MB, 75% of the 64MB target), not above "
              + "compactWhenSmallFilesAbove=5; 0 delete files, not above compactWhenDeleteFilesAbove=10; note: the "
              + "table's write_target_data_file_size_bytes is 256MB, where targetFileSize is 64MB (Athena's OPTIMIZE "
              + "chooses and writes files by the table's properties: make the two alike, or it may rewrite other "
              + "files than counted here, or none)",
          "  vacuum     skipped: no snapshot older than 90d beyond the 2 kept (1 in all); 1 previous metadata file, within "
              + "maxMetadataFilesToKeep=100",
          "Dry run: 3 of 4 tables have actions due (5 statements for workgroup acme-dev); 1 healthy, 0 refused, "
              + "0 failed. Nothing was run.");
      assertThat(out).doesNotContain("daily_totals", "raw_csv");
      assertThat(result.calls().mutatingCalls()).as("a dry run changes nothing").isEmpty();

      Cli.Result json = lake.maintain("--dry-run", "--json", "--only", "vacuum");
      assertThat(json.exitCode()).as(json.toString()).isZero();
      JsonNode document = new ObjectMapper().readTree(json.stdout());
      assertThat(document.path("dry_run").asBoolean()).isTrue();
      assertThat(document.path("only").asText()).isEqualTo("vacuum");
      assertThat(document.path("tables")).extracting(t -> t.path("status").asText())
          .containsExactly("planned", "healthy", "planned", "healthy");
      JsonNode events = document.path("tables").get(2).path("actions");
      assertThat(events).extracting(a -> a.path("decision").asText()).containsExactly("due", "skipped", "due");
      assertThat(events.get(2).path("sql").asText()).isEqualTo(EVENTS_VACUUM);
      assertThat(events.get(2).path("status").isNull()).isTrue();
      assertThat(document.path("tables").get(2).path("after").isNull()).isTrue();
      assertThat(lake.statements()).isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void runsExactlyTheDueStatementsAndFlagsWhatChangedNothing(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      Cli.Result result = lake.maintain();
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(lake.statements()).containsExactlyInAnyOrder(EVENTS_PROPERTIES, EVENTS_OPTIMIZE, EVENTS_VACUUM,
          CLICKS_OPTIMIZE, STAGING_PROPERTIES);
      assertThat(lake.statements()).noneMatch(sql -> sql.contains("monthly_aggregates"));
      String out = result.stdout();
      assertThat(out).contains(
          "processed.events (acme_dev_processed.events): maintained",
          "curated.monthly_aggregates (acme_dev_curated.monthly_aggregates): healthy",
          // moto's Athena runs nothing: the tables are read again and found unchanged.
          "      ! succeeded but merged nothing: still 12 small files and 0 delete files in 12 data files",
          "      ! succeeded but the previous metadata files are still 6, more than 4",
          "      ! succeeded but the table's properties did not change: vacuum_max_snapshot_age_seconds is not set, "
              + "vacuum_min_snapshots_to_keep is not set, vacuum_max_metadata_files_to_keep is not set",
          "3 of 4 tables maintained, 1 healthy, 0 failed, 0 locked, 0 refused; 5 actions succeeded, 0 failed; 0B "
              + "scanned ($0) in ");
      assertThat(result.stderr()).contains("acme_dev_processed.events: optimize started (query ",
          "acme_dev_processed.events: optimize succeeded");
      List<String> published = lake.clients.cloudWatch().listMetrics(r -> r.namespace("Lakehouse/Metadata"))
          .metrics().stream().map(Metric::metricName).distinct().toList();
      assertThat(published).containsExactlyInAnyOrder("SnapshotCount", "DataFileCount", "SmallFileCount",
          "AverageFileSize");
      assertThat(lake.clients.cloudWatch().listMetrics(r -> r.namespace("Lakehouse/Metadata")).metrics())
          .as("each table's figures name its stack, which the stack's snapshotCount alarm keeps to")
          .allSatisfy(metric -> assertThat(metric.dimensions()).extracting(Dimension::name, Dimension::value)
              .contains(tuple("Project", "acme"), tuple("Env", "dev")));
      assertThat(lake.clients.cloudWatch().listMetrics(r -> r.namespace("Lakehouse/Maintenance")).metrics())
          .extracting(Metric::metricName).containsExactlyInAnyOrder("ActionsSucceeded", "ActionsFailed");
      assertThat(lake.clients.s3().listObjectsV2(r -> r.bucket("acme-dev-athena-results-" + ACCOUNT)
          .prefix("_lakehouse/locks/")).contents()).as("every lock is released").isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void aHealthyTableCostsNothing(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      Cli.Result result = lake.maintain("--table", "curated.monthly_aggregates");
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(lake.statements()).isEmpty();
      assertThat(result.stdout()).contains("curated.monthly_aggregates (acme_dev_curated.monthly_aggregates): healthy",
          "0 of 1 tables maintained, 1 healthy");
      assertThat(result.calls().calls()).as("no Athena call at all").noneMatch(c -> c.service().equals("Athena"));
      assertThat(result.calls().calls()).filteredOn(c -> c.service().equals("S3")).extracting(Object::toString)
          .as("the metadata file, the manifest list, the one manifest").containsExactly("S3.GetObject",
              "S3.GetObject", "S3.GetObject");
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void tableAndOnlyNarrowTheRun(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      Cli.Result optimize = lake.maintain("--table", "processed.events", "--only", "optimize");
      assertThat(optimize.exitCode()).as(optimize.toString()).isZero();
      assertThat(lake.statements()).containsExactly(EVENTS_OPTIMIZE);
      assertThat(optimize.stdout()).contains("  properties skipped: not asked for (--only optimize)",
          "  vacuum     skipped: not asked for (--only optimize)");

      Cli.Result vacuum = lake.maintain("--table", "processed.events", "--table", "processed._staging",
          "--only", "vacuum");
      assertThat(vacuum.exitCode()).as(vacuum.toString()).isZero();
      assertThat(lake.statements()).containsExactlyInAnyOrder(EVENTS_OPTIMIZE, EVENTS_PROPERTIES, EVENTS_VACUUM,
          STAGING_PROPERTIES);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void refusesTablesItCannotMaintainChangingNothing(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      Map<String[], String> cases = new LinkedHashMap<>();
      cases.put(new String[] {"--table", "processed.event"}, "Error: Cannot maintain processed.event: Glue database "
          + "acme_dev_processed has no table 'event'; did you mean 'events'?");
      cases.put(new String[] {"--table", "raw.events"}, "Error: Cannot maintain raw.events: the config has no zone "
          + "'raw' (zones: processed, curated)");
      cases.put(new String[] {"--table", "processed.raw_csv"}, "Error: Cannot maintain processed.raw_csv: "
          + "acme_dev_processed.raw_csv is not an Iceberg table (its table_type is not set)");
      cases.put(new String[] {"--table", "curated.daily_totals"}, "Error: Cannot maintain curated.daily_totals: no "
          + "entry of maintenance.tables matches it (entries: processed.*, processed.events, curated.monthly_*)");
      cases.put(new String[] {"--table", "events"}, "Error: Cannot maintain events: name the table <zone>.<table>, "
          + "e.g. processed.customer_events");
      cases.put(new String[] {"--statement-timeout", "soon"}, "Error: --statement-timeout: 'soon' is not a duration; "
          + "write a whole number and a unit: s, m, h or d (e.g. 7d, 12h)");
      cases.put(new String[] {"--max-concurrent-queries", "0"},
          "Error: --max-concurrent-queries must be at least 1, cannot be: 0");
      cases.put(new String[] {"--only", "compact"}, "Invalid value for option '--only'");
      for (Map.Entry<String[], String> c : cases.entrySet()) {
        Cli.Result result = lake.maintain(c.getKey());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).as(String.join(" ", c.getKey())).contains(c.getValue());
        assertThat(result.stdout()).isEmpty();
      }
      String config = Files.readString(lake.config);
      Files.writeString(lake.config, config.substring(0, config.indexOf("maintenance:")));
      Cli.Result result = lake.maintain();
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.stderr()).contains("Error: Cannot maintain the tables of " + lake.config + ": the config "
          + "has no maintenance section; add one with the workgroup and the tables to maintain (see "
          + "examples/lakehouse.yaml)");
      assertThat(lake.statements()).isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void warnsOfTheMatchedTablesItCannotFindRatherThanPassOverThemInSilence(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      // A zone whose database was never made (the stack applied in another region, say), and two
      // declared tables maintenance.tables matches: one Glue lacks, one that is not Iceberg.
      String config = Files.readString(lake.config)
          .replace("zones:\n", "zones:\n  archive:\n    bucket: ${project}-${env}-archive-${account}\n"
              + "    denyInsecureTransport: false\n    database:\n      name: ${project}_${env}_archive\n")
          .replace("  tables:\n", "  tables:\n    - match: \"archive.*\"\n")
          + "\ntables:\n  - name: processed.orders\n    columns:\n      - { name: id, type: string }\n"
          + "  - name: processed.raw_csv\n    columns:\n      - { name: id, type: string }\n";
      Files.writeString(lake.config, config);
      ListAppender<ILoggingEvent> warnings = new ListAppender<>();
      warnings.start();
      Logger discovery = (Logger) LoggerFactory.getLogger(TableDiscovery.class);
      discovery.addAppender(warnings);
      try {
        Cli.Result result = lake.maintain("--dry-run");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("processed.events (acme_dev_processed.events): planned");
      } finally {
        discovery.detachAppender(warnings);
      }
      assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage).containsExactlyInAnyOrder(
          "Glue database acme_dev_archive of zone archive does not exist, so none of its tables is maintained (has "
              + "the stack been applied in this account and region?)",
          "processed.orders is declared in the config and maintenance.tables matches it, but Glue database "
              + "acme_dev_processed has no table orders, so it is not maintained (lakehouse apply creates it)",
          "processed.raw_csv is declared in the config and maintenance.tables matches it, but "
              + "acme_dev_processed.raw_csv is not an Iceberg table (its table_type is not set), so it is not "
              + "maintained");
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void reportsAsDocumentedJson(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      lake.proxy.scriptAthena(AthenaQueryScript.forQueries(sql -> sql.startsWith("OPTIMIZE acme_dev_processed.clicks"))
          .execution(running(), succeeded().scanned(9 * MB)));
      Cli.Result result = lake.maintain("--json");
      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode document = new ObjectMapper().readTree(result.stdout());
      assertThat(document.path("format_version").asText()).isEqualTo("1.1");
      assertThat(document.path("dry_run").asBoolean()).isFalse();
      assertThat(document.path("interrupted").asBoolean()).isFalse();
      assertThat(document.path("workgroup").asText()).isEqualTo(WORKGROUP);
      assertThat(document.path("only").isNull()).isTrue();
      JsonNode tables = document.path("tables");
      assertThat(tables.findValuesAsText("table")).containsExactly("processed._staging", "processed.clicks",
          "processed.events", "curated.monthly_aggregates");
      JsonNode clicks = tables.get(1);
      assertThat(clicks.path("glue_table").asText()).isEqualTo("acme_dev_processed.clicks");
      assertThat(clicks.path("matched_by").asText()).isEqualTo("processed.*");
      assertThat(clicks.path("status").asText()).isEqualTo("maintained");
      assertThat(clicks.path("policy").path("snapshot_retention_seconds").asLong()).isEqualTo(604800);
      assertThat(clicks.path("policy").path("target_file_size_bytes").asLong()).isEqualTo(64 * MB);
      JsonNode before = clicks.path("before");
      assertThat(before.path("data_files").asInt()).isEqualTo(14);
      assertThat(before.path("small_files").asInt()).isEqualTo(12);
      assertThat(before.path("partitions").asInt()).isEqualTo(4);
      assertThat(before.path("snapshots").asInt()).isEqualTo(10);
      assertThat(before.path("vacuum_properties").path("vacuum_min_snapshots_to_keep").asText()).isEqualTo("2");
      assertThat(before.path("optimize_properties").path("write_target_data_file_size_bytes").asText())
          .isEqualTo(Long.toString(64 * MB));
      assertThat(clicks.path("after").path("data_files").asInt()).isEqualTo(14);
      JsonNode optimize = clicks.path("actions").get(1);
      assertThat(optimize.path("action").asText()).isEqualTo("optimize");
      assertThat(optimize.path("decision").asText()).isEqualTo("due");
      assertThat(optimize.path("sql").asText()).isEqualTo(CLICKS_OPTIMIZE);
      assertThat(optimize.path("reason").asText()).as("the table's target agrees with the policy").doesNotContain("note:");
      assertThat(tables.get(3).path("actions").get(1).path("reason").asText()).endsWith("; note: the table's "
          + "write_target_data_file_size_bytes is 256MB, where targetFileSize is 64MB (Athena's OPTIMIZE chooses and "
          + "writes files by the table's properties: make the two alike, or it may rewrite other files than counted "
          + "here, or none)");
      assertThat(optimize.path("status").asText()).isEqualTo("succeeded");
      assertThat(optimize.path("query_ids")).hasSize(1);
      assertThat(optimize.path("rounds").asInt()).isEqualTo(1);
      assertThat(optimize.path("data_scanned_bytes").asLong()).isEqualTo(9 * MB);
      assertThat(optimize.path("cost_usd").decimalValue()).isEqualByComparingTo("0.000043");
      assertThat(optimize.path("no_effect").asText()).startsWith("succeeded but merged nothing");
      JsonNode skipped = clicks.path("actions").get(2);
      assertThat(skipped.path("decision").asText()).isEqualTo("skipped");
      assertThat(skipped.path("sql").isNull()).isTrue();
      assertThat(skipped.path("status").isNull()).isTrue();
      assertThat(tables.get(3).path("status").asText()).isEqualTo("healthy");
      assertThat(tables.get(3).path("after").isNull()).isTrue();
      JsonNode summary = document.path("summary");
      assertThat(summary.path("tables").asInt()).isEqualTo(4);
      assertThat(summary.path("maintained").asInt()).isEqualTo(3);
      assertThat(summary.path("healthy").asInt()).isEqualTo(1);
      assertThat(summary.path("actions_succeeded").asInt()).isEqualTo(5);
      assertThat(summary.path("actions_failed").asInt()).isZero();
      assertThat(summary.path("data_scanned_bytes").asLong()).isEqualTo(9 * MB);
      assertThat(result.stderr()).doesNotContain("{");
      Set<String> opaque = Set.of("tables[].before.vacuum_properties", "tables[].after.vacuum_properties",
          "tables[].before.optimize_properties", "tables[].after.optimize_properties");
      assertThat(JsonDocs.fieldPaths(document, opaque))
          .as("the fields of maintain --json beside those of the example in docs/maintain-json.md")
          .isEqualTo(JsonDocs.fieldPaths(JsonDocs.example("maintain-json.md"), opaque));
    }
  }

  @EmulatorTest(motoOnly = true, reason = "moto lacks Glue's table optimizers; the testkit's gap filler serves them")
  void leavesToAwsGlueWhatItsTableOptimizersDo(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir);
        TestClients glue = TestClients.of(lake.proxy.endpoint(), emulator.region(), emulator.credentials())) {
      for (String[] optimizer : new String[][] {{"events", "compaction", "true"}, {"events", "retention", "true"},
          {"clicks", "compaction", "true"}, {"_staging", "retention", "false"}}) {
        glue.glue().createTableOptimizer(create -> create.catalogId(ACCOUNT).databaseName(MaintenanceLake.PROCESSED)
            .tableName(optimizer[0]).type(optimizer[1]).tableOptimizerConfiguration(configuration -> configuration
                .roleArn("arn:aws:iam::" + ACCOUNT + ":role/glue-optimizer")
                .enabled(Boolean.parseBoolean(optimizer[2]))));
      }
      lake.proxy.clearRecording();

      Cli.Result result = lake.maintain("--json");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(lake.statements()).as("only _staging's properties: its retention optimizer is disabled")
          .containsExactly(STAGING_PROPERTIES);
      JsonNode tables = new ObjectMapper().readTree(result.stdout()).path("tables");
      Map<String, JsonNode> byName = new HashMap<>();
      tables.forEach(table -> byName.put(table.path("table").asText(), table));
      assertThat(byName.get("processed.events").path("status").asText()).isEqualTo("healthy");
      assertThat(byName.get("processed.events").path("glue_optimizers")).extracting(JsonNode::asText)
          .containsExactly("compaction", "retention");
      assertThat(byName.get("processed.events").path("actions")).extracting(action -> action.path("reason").asText())
          .allMatch(reason -> reason.startsWith("left to AWS Glue: "));
      assertThat(byName.get("processed.clicks").path("glue_optimizers")).extracting(JsonNode::asText)
          .containsExactly("compaction");
      assertThat(byName.get("processed.clicks").path("actions").get(1).path("decision").asText()).isEqualTo("skipped");
      assertThat(byName.get("processed._staging").path("status").asText()).isEqualTo("maintained");
      assertThat(byName.get("processed._staging").path("glue_optimizers")).isEmpty();
      assertThat(lake.proxy.requests()).filteredOn(request -> request.operation().equals("BatchGetTableOptimizer"))
          .as("four tables, two optimizers each, in one call").hasSize(1);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "Athena's failures are scripted on moto through the proxy")
  void aFailedQueryFailsItsTableAfterTheOthersFinish(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      lake.proxy.scriptAthena(AthenaQueryScript.forQueries(sql -> sql.equals(EVENTS_OPTIMIZE))
          .execution(running(), failed("ICEBERG_COMMIT_ERROR: Failed to commit the rewrite")));
      Cli.Result result = lake.maintain();
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(lake.statements()).containsExactlyInAnyOrder(EVENTS_PROPERTIES, EVENTS_OPTIMIZE, CLICKS_OPTIMIZE,
          STAGING_PROPERTIES);
      assertThat(result.stdout()).contains(
          "processed.events (acme_dev_processed.events): failed",
          "      ICEBERG_COMMIT_ERROR: Failed to commit the rewrite",
          "  vacuum     not run",
          "processed.clicks (acme_dev_processed.clicks): maintained",
          "2 of 4 tables maintained, 1 healthy, 1 failed, 0 locked, 0 refused; 3 actions succeeded, 1 failed;");
    }
  }

  @EmulatorTest(motoOnly = true, reason = "Athena's failures are scripted on moto through the proxy")
  void aFailureAthenaMarksRetryableIsRunAgainAndTheTableMaintained(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      lake.proxy.scriptAthena(AthenaQueryScript.forQueries(sql -> sql.equals(EVENTS_OPTIMIZE))
          .execution(running(), failed("ICEBERG_COMMIT_ERROR: Failed to commit the rewrite").markedRetryable())
          .execution(succeeded()));
      Cli.Result result = lake.maintain("--json");
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(lake.statements()).filteredOn(EVENTS_OPTIMIZE::equals).hasSize(2);
      assertThat(lake.statements()).contains(EVENTS_VACUUM);
      assertThat(result.stderr().split("\n")).filteredOn(line -> line.startsWith(
          "acme_dev_processed.events: optimize started (query ")).hasSize(2);
      JsonNode events = null;
      for (JsonNode table : JSON.readTree(result.stdout()).path("tables")) {
        if (table.path("table").asText().equals("processed.events")) {
          events = table;
        }
      }
      assertThat(events).isNotNull();
      assertThat(events.path("status").asText()).isEqualTo("maintained");
      JsonNode optimize = null;
      for (JsonNode action : events.path("actions")) {
        if (action.path("action").asText().equals("optimize")) {
          optimize = action;
        }
      }
      assertThat(optimize.path("status").asText()).isEqualTo("succeeded");
      assertThat(optimize.path("rounds").asInt()).isEqualTo(2);
      assertThat(optimize.path("query_ids")).hasSize(2);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void aVacuumDueOnATableAtTheRootOfItsBucketIsRefusedAndTheRestRuns(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      Files.writeString(lake.config, Files.readString(lake.config).replace("    - match: \"processed.events\"\n",
          "    - match: \"processed.landing\"\n      maxMetadataFilesToKeep: 1\n"
              + "    - match: \"processed.events\"\n"));
      lake.clients.s3().createBucket(b -> b.bucket("acme-dev-landing-" + ACCOUNT));
      lake.tableAt("s3://acme-dev-landing-" + ACCOUNT, "landing", 3);
      Cli.Result result = lake.maintain("--table", "processed.landing");
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(lake.statements()).as("the retention properties are set; no VACUUM bound to fail is run")
          .containsExactly("ALTER TABLE acme_dev_processed.landing SET TBLPROPERTIES ("
              + "'vacuum_max_snapshot_age_seconds'='604800', 'vacuum_min_snapshots_to_keep'='2', "
              + "'vacuum_max_metadata_files_to_keep'='1')");
      assertThat(result.stdout()).contains("processed.landing (acme_dev_processed.landing): refused",
          "the table is stored at the root of its bucket (s3://acme-dev-landing-" + ACCOUNT + "), where Athena's "
              + "VACUUM fails");
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void neverVacuumsATableWhoseLocationHoldsAnotherTable(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      lake.clients.glue().createDatabase(d -> d.databaseInput(i -> i.name("pipeline_scratch")));
      lake.clients.glue().createTable(t -> t.databaseName("pipeline_scratch").tableInput(i -> i.name("late_events")
          .storageDescriptor(sd -> sd.location("s3a://acme-dev-processed-" + ACCOUNT + "/events/late/"))
          .parameters(Map.of("classification", "json"))));
      lake.clients.glue().createTable(t -> t.databaseName("pipeline_scratch").tableInput(i -> i.name("clicks_log")
          .storageDescriptor(sd -> sd.location("s3://acme-dev-processed-" + ACCOUNT + "/clicks_log/"))));

      Cli.Result dryRun = lake.maintain("--dry-run", "--json");
      assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
      JsonNode tables = JSON.readTree(dryRun.stdout()).path("tables");
      JsonNode events = tables.get(2).path("actions");
      assertThat(tables.get(2).path("table").asText()).isEqualTo("processed.events");
      assertThat(events).extracting(a -> a.path("action").asText() + " " + a.path("decision").asText())
          .containsExactly("properties due", "optimize due", "vacuum skipped");
      assertThat(events.get(2).path("reason").asText()).startsWith("VACUUM skipped: the table's location "
          + "s3://acme-dev-processed-" + ACCOUNT + "/events holds another table's: pipeline_scratch.late_events "
          + "(s3a://acme-dev-processed-" + ACCOUNT + "/events/late/); VACUUM deletes every file under the location");
      assertThat(events.get(2).path("sql").isNull()).isTrue();
      assertThat(tables.get(1).path("table").asText()).isEqualTo("processed.clicks");
      assertThat(tables.get(1).path("actions").get(2).path("reason").asText())
          .as("s3://b/clicks is not a parent of s3://b/clicks_log/").doesNotContain("clicks_log");

      lake.tableAtBucketRoot("landing", 3);
      Cli.Result landing = lake.maintain("--dry-run", "--table", "processed.landing");
      assertThat(landing.stdout()).contains("VACUUM skipped: the table's location s3://acme-dev-processed-" + ACCOUNT
          + " holds 5 other tables': acme_dev_processed._staging (s3://acme-dev-processed-" + ACCOUNT + "/_staging)");

      Cli.Result result = lake.maintain();
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(lake.statements()).contains(EVENTS_PROPERTIES, EVENTS_OPTIMIZE)
          .noneMatch(sql -> sql.startsWith("VACUUM"));
      assertThat(result.stdout()).contains("holds another table's: pipeline_scratch.late_events");
    }
  }

  @EmulatorTest(motoOnly = true, reason = "Athena's slow queries are scripted on moto through the proxy")
  void twoRunsAtOnceNeverMaintainTheSameTable(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      // Every query runs for three polls (about 7s), and the second run starts once the first has
      // started one. Whichever run takes a table's lock, the other must find it held, and name
      // its holder: so no query ends (and no lock is released) before the run that lost each
      // table's lock has read that lock twice (GetObject: once when refused, once for the
      // holder's name), however slowly the second run gets there. (Given up after a minute.)
      AthenaQueryScript slow = AthenaQueryScript.forAllQueries();
      for (int i = 0; i < 10; i++) {
        slow.execution(running(), running(), running(), succeeded());
      }
      lake.proxy.scriptAthena(slow);
      Map<String, Integer> lockReads = new ConcurrentHashMap<>();
      lake.proxy.rule().service("s3").when(request -> request.method().equals("GET")
          && request.path().contains("/_lakehouse/locks/")).rewriteResponse(exchange -> {
            if (exchange.status() == 200) {
              lockReads.merge(exchange.request().path(), 1, Integer::sum);
            }
            return exchange.body();
          });
      Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
      lake.proxy.rule().service("athena").operation("GetQueryExecution").rewriteResponse(exchange -> {
        boolean bothLocksFoundHeld = lockReads.size() == 2 && lockReads.values().stream().allMatch(reads -> reads >= 2);
        if (exchange.status() != 200 || bothLocksFoundHeld || Instant.now().isAfter(giveUp)) {
          return exchange.body();
        }
        try {
          JsonNode response = JSON.readTree(exchange.body());
          ObjectNode status = (ObjectNode) response.path("QueryExecution").path("Status");
          if (status.path("State").asText().equals("SUCCEEDED")) {
            status.put("State", "RUNNING");
            status.remove("CompletionDateTime");
          }
          return JSON.writeValueAsBytes(response);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      String[] options = {"--table", "processed.events", "--table", "processed.clicks", "--json"};
      CompletableFuture<Cli.Result> first = CompletableFuture.supplyAsync(() -> lake.maintain(options));
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (slow.scriptedQueryExecutionIds().isEmpty()) {
        assertThat(Instant.now()).as("the first run started a query in time").isBefore(deadline);
        assertThat(first).isNotDone();
        Thread.sleep(50);
      }
      CompletableFuture<Cli.Result> second = CompletableFuture.supplyAsync(() -> lake.maintain(options));
      List<Cli.Result> results = List.of(first.get(5, TimeUnit.MINUTES), second.get(5, TimeUnit.MINUTES));
      Map<String, List<String>> statusByTable = new HashMap<>();
      for (Cli.Result result : results) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (JsonNode table : new ObjectMapper().readTree(result.stdout()).path("tables")) {
          statusByTable.computeIfAbsent(table.path("table").asText(), t -> new ArrayList<>())
              .add(table.path("status").asText());
          if (table.path("status").asText().equals("locked")) {
            assertThat(table.path("locked_by").asText()).contains("lakehouse maintain acme/dev run ");
          }
        }
      }
      assertThat(statusByTable.get("processed.events")).containsExactlyInAnyOrder("maintained", "locked");
      assertThat(statusByTable.get("processed.clicks")).containsExactlyInAnyOrder("maintained", "locked");
      assertThat(lake.statements()).as("each statement ran once, by one run")
          .containsExactlyInAnyOrder(EVENTS_PROPERTIES, EVENTS_OPTIMIZE, EVENTS_VACUUM, CLICKS_OPTIMIZE);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "the canonical stack's Athena statements are read back from moto")
  void maintainsTheTablesOfTheCanonicalStack(Emulator emulator) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = TestClients.of(emulator)) {
      String[] common = {"-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url", aws.endpoint().toString()};
      Cli.Result apply = Cli.exec(concat(new String[] {"apply", "--auto-approve"}, common));
      assertThat(apply.exitCode()).as(apply.toString()).isZero();

      Cli.Result dryRun = Cli.exec(concat(new String[] {"maintain", "--dry-run"}, common));
      assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
      String customerEvents = "ALTER TABLE acme_dev_processed.customer_events SET TBLPROPERTIES ("
          + "'vacuum_max_snapshot_age_seconds'='604800', 'vacuum_min_snapshots_to_keep'='5', "
          + "'vacuum_max_metadata_files_to_keep'='100')";
      String monthly = "ALTER TABLE acme_dev_curated.monthly_aggregates SET TBLPROPERTIES ("
          + "'vacuum_max_snapshot_age_seconds'='7776000', 'vacuum_min_snapshots_to_keep'='5', "
          + "'vacuum_max_metadata_files_to_keep'='100')";
      assertThat(dryRun.stdout()).contains("processed.customer_events (acme_dev_processed.customer_events): planned",
          "      sql: " + customerEvents, "curated.monthly_aggregates (acme_dev_curated.monthly_aggregates): planned",
          "      sql: " + monthly, "  optimize   skipped: 0 small files (under 384MB, 75% of the 512MB target)");

      Cli.Result run = Cli.exec(concat(new String[] {"maintain", "--json"}, common));
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(read.athena().listQueryExecutions(r -> r.workGroup("acme-dev")).queryExecutionIds().stream()
          .map(id -> read.athena().getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().query()))
          .containsExactlyInAnyOrder(customerEvents, monthly);
      JsonNode summary = new ObjectMapper().readTree(run.stdout()).path("summary");
      assertThat(summary.path("maintained").asInt()).isEqualTo(2);
      assertThat(summary.path("actions_succeeded").asInt()).isEqualTo(2);
    }
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
