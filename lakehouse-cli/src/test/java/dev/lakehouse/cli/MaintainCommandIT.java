package dev.lakehouse.cli;

import static dev.lakehouse.testkit.proxy.AthenaQueryState.failed;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.running;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AthenaQueryScript;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/**
 * {@code lakehouse maintain} in-process against moto: real Iceberg tables made with Iceberg's API
 * in moto's Glue and S3 (many small data files over several commits, next to healthy ones, one
 * partitioned by region), and the statements that reached Athena read back from it. Athena's
 * failures and slow queries are scripted through the testkit's proxy.
 */
class MaintainCommandIT {
  static final String ACCOUNT = "123456789012";
  static final String PROCESSED = "acme_dev_processed";
  static final String CURATED = "acme_dev_curated";
  static final String WORKGROUP = "acme-dev";
  static final long MB = 1L << 20;

  static final String EVENTS_PROPERTIES = "ALTER TABLE acme_dev_processed.events SET TBLPROPERTIES ("
      + "'vacuum_max_snapshot_age_seconds'='604800', 'vacuum_min_snapshots_to_keep'='2', "
      + "'vacuum_max_metadata_files_to_keep'='4')";
  static final String EVENTS_OPTIMIZE = "OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK";
  static final String EVENTS_VACUUM = "VACUUM acme_dev_processed.events";
  static final String CLICKS_OPTIMIZE =
      "OPTIMIZE acme_dev_processed.clicks REWRITE DATA USING BIN_PACK WHERE region IN ('EU', 'US')";
  static final String STAGING_PROPERTIES = "ALTER TABLE acme_dev_processed.`_staging` SET TBLPROPERTIES ("
      + "'vacuum_max_snapshot_age_seconds'='604800', 'vacuum_min_snapshots_to_keep'='2', "
      + "'vacuum_max_metadata_files_to_keep'='100')";

  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()));

  static {
    // The test's own Iceberg catalog makes its tables before the first command runs: the SDK's
    // default chain reads these first, and moto takes any value (Cli sets the same).
    System.setProperty("aws.accessKeyId", "lakehouse-test");
    System.setProperty("aws.secretAccessKey", "lakehouse-test-secret");
  }

  @TempDir
  Path dir;

  /** The emulator with the zones, the workgroup and the tables made. */
  private final class Lake implements Closeable {
    final AwsProxy proxy;
    final TestClients clients;
    final Catalog catalog;
    final Path config;

    Lake(Emulator emulator) throws IOException {
      proxy = MotoGaps.proxy(emulator);
      clients = TestClients.of(emulator);
      config = dir.resolve("lakehouse.yaml");
      try (InputStream in = MaintainCommandIT.class.getResourceAsStream("/maintain/lakehouse.yaml")) {
        Files.write(config, in.readAllBytes());
      }
      for (String bucket : List.of("processed", "curated", "athena-results")) {
        clients.s3().createBucket(b -> b.bucket("acme-dev-" + bucket + "-" + ACCOUNT));
      }
      for (String database : List.of(PROCESSED, CURATED)) {
        clients.glue().createDatabase(d -> d.databaseInput(i -> i.name(database)));
      }
      clients.athena().createWorkGroup(w -> w.name(WORKGROUP).configuration(c -> c.resultConfiguration(
          r -> r.outputLocation("s3://acme-dev-athena-results-" + ACCOUNT + "/" + WORKGROUP + "/"))));
      Map<String, String> properties = new HashMap<>();
      properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
      properties.put("client.region", emulator.region());
      properties.put("glue.endpoint", emulator.endpoint().toString());
      properties.put("s3.endpoint", emulator.endpoint().toString());
      properties.put("s3.path-style-access", "true");
      properties.put("http-client.type", "urlconnection");
      catalog = CatalogUtil.loadCatalog("org.apache.iceberg.aws.glue.GlueCatalog", "test", properties, null);
      tables();
    }

    /**
     * processed.events: 12 small files over 6 commits, no retention properties, 7 metadata files
     * (its entry keeps 4). processed.clicks: by region, small files in EU and US, two big ones in
     * APAC, retention set. processed._staging: one big file, no retention properties.
     * curated.monthly_aggregates: healthy. curated.daily_totals: matched by no entry.
     * processed.raw_csv: not an Iceberg table.
     */
    void tables() {
      Table events = create(PROCESSED, "events", PartitionSpec.unpartitioned(), Map.of());
      for (int commit = 0; commit < 6; commit++) {
        append(events, null, MB, MB);
      }
      Table clicks = create(PROCESSED, "clicks", PartitionSpec.builderFor(SCHEMA).identity("region").build(),
          retention(604800, 2, 100));
      append(clicks, "APAC", 100 * MB, 100 * MB);
      for (int commit = 0; commit < 3; commit++) {
        append(clicks, "EU", MB, MB);
        append(clicks, "US", MB);
      }
      append(create(PROCESSED, "_staging", PartitionSpec.unpartitioned(), Map.of()), null, 100 * MB);
      append(create(CURATED, "monthly_aggregates", PartitionSpec.unpartitioned(), retention(7776000, 2, 100)), null,
          100 * MB, 100 * MB);
      append(create(CURATED, "daily_totals", PartitionSpec.unpartitioned(), Map.of()), null, MB, MB, MB, MB, MB, MB);
      clients.glue().createTable(t -> t.databaseName(PROCESSED).tableInput(i -> i.name("raw_csv")
          .parameters(Map.of("classification", "csv"))));
    }

    Table create(String database, String name, PartitionSpec spec, Map<String, String> properties) {
      String bucket = database.equals(PROCESSED) ? "processed" : "curated";
      return catalog.buildTable(TableIdentifier.of(database, name), SCHEMA).withPartitionSpec(spec)
          .withLocation("s3://acme-dev-" + bucket + "-" + ACCOUNT + "/" + name).withProperties(properties).create();
    }

    /** One commit of data files of those sizes (metadata only: inspection reads manifests, never data). */
    void append(Table table, String region, long... sizes) {
      AppendFiles append = table.newAppend();
      for (long size : sizes) {
        DataFiles.Builder file = DataFiles.builder(table.spec()).withFormat(FileFormat.PARQUET)
            .withPath(table.location() + "/data/" + (region == null ? "" : "region=" + region + "/") + UUID.randomUUID()
                + ".parquet")
            .withFileSizeInBytes(size).withRecordCount(10);
        if (region != null) {
          file.withPartitionPath("region=" + region);
        }
        append.appendFile(file.build());
      }
      append.commit();
    }

    String[] args(String... command) {
      List<String> all = new ArrayList<>(List.of("maintain"));
      all.addAll(List.of(command));
      all.addAll(List.of("-f", config.toString(), "--env", "dev", "--endpoint-url", proxy.endpoint().toString()));
      return all.toArray(String[]::new);
    }

    Cli.Result maintain(String... options) {
      return Cli.exec(args(options));
    }

    /** The text of every query execution that reached Athena in the workgroup. */
    List<String> statements() {
      return executions().stream().map(QueryExecution::query).toList();
    }

    List<QueryExecution> executions() {
      return clients.athena().listQueryExecutions(r -> r.workGroup(WORKGROUP)).queryExecutionIds().stream()
          .map(id -> clients.athena().getQueryExecution(r -> r.queryExecutionId(id)).queryExecution()).toList();
    }

    @Override
    public void close() throws IOException {
      ((Closeable) catalog).close();
      clients.close();
      proxy.close();
    }
  }

  static Map<String, String> retention(long seconds, int snapshots, int metadataFiles) {
    return Map.of("vacuum_max_snapshot_age_seconds", Long.toString(seconds),
        "vacuum_min_snapshots_to_keep", Integer.toString(snapshots),
        "vacuum_max_metadata_files_to_keep", Integer.toString(metadataFiles));
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void dryRunPrintsTheDecisionsAndTheSqlAndRunsNothing(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      Cli.Result result = lake.maintain("--dry-run");
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(lake.statements()).isEmpty();
      String out = result.stdout();
      assertThat(out).contains(
          "processed.events (acme_dev_processed.events): planned",
          "      sql: " + EVENTS_PROPERTIES,
          "      sql: " + EVENTS_OPTIMIZE,
          "      sql: " + EVENTS_VACUUM,
          "      why: 12 small files (under 48MB, 75% of the 64MB target) exceed compactWhenSmallFilesAbove=5; "
              + "the whole table",
          "      why: 7 metadata files exceed maxMetadataFilesToKeep=4",
          "      sql: " + CLICKS_OPTIMIZE,
          "      why: 9 small files (under 48MB, 75% of the 64MB target) exceed compactWhenSmallFilesAbove=5; "
              + "restricted to 2 of 3 partitions, holding 9MB of 209MB",
          "      sql: " + STAGING_PROPERTIES,
          "curated.monthly_aggregates (acme_dev_curated.monthly_aggregates): healthy",
          "  vacuum     skipped: no snapshot older than 90d beyond the 2 kept (1 in all); 2 metadata files, within "
              + "maxMetadataFilesToKeep=100",
          "Dry run: 3 of 4 tables have actions due (5 statements for workgroup acme-dev); 1 healthy, 0 refused, "
              + "0 failed. Nothing was run.");
      assertThat(out).doesNotContain("daily_totals", "raw_csv");
      assertThat(result.calls().mutatingCalls()).as("a dry run changes nothing").isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void runsExactlyTheDueStatementsAndFlagsWhatChangedNothing(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
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
          "      ! succeeded but the metadata files are still 7, more than 4",
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
      assertThat(lake.clients.cloudWatch().listMetrics(r -> r.namespace("Lakehouse/Maintenance")).metrics())
          .extracting(Metric::metricName).containsExactlyInAnyOrder("ActionsSucceeded", "ActionsFailed");
      assertThat(lake.clients.s3().listObjectsV2(r -> r.bucket("acme-dev-athena-results-" + ACCOUNT)
          .prefix("_lakehouse/locks/")).contents()).as("every lock is released").isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void aHealthyTableCostsNothing(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
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
    try (Lake lake = new Lake(emulator)) {
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
    try (Lake lake = new Lake(emulator)) {
      Map<String[], String> cases = new java.util.LinkedHashMap<>();
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
      assertThat(lake.statements()).isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = "tables are made in moto's Glue directly; Athena is scripted on moto")
  void reportsAsDocumentedJson(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      lake.proxy.scriptAthena(AthenaQueryScript.forQueries(sql -> sql.startsWith("OPTIMIZE acme_dev_processed.clicks"))
          .execution(running(), succeeded().scanned(9 * MB)));
      Cli.Result result = lake.maintain("--json");
      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode document = new ObjectMapper().readTree(result.stdout());
      assertThat(document.path("format_version").asText()).isEqualTo("1.0");
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
      assertThat(before.path("data_files").asInt()).isEqualTo(11);
      assertThat(before.path("small_files").asInt()).isEqualTo(9);
      assertThat(before.path("partitions").asInt()).isEqualTo(3);
      assertThat(before.path("snapshots").asInt()).isEqualTo(7);
      assertThat(before.path("vacuum_properties").path("vacuum_min_snapshots_to_keep").asText()).isEqualTo("2");
      assertThat(clicks.path("after").path("data_files").asInt()).isEqualTo(11);
      JsonNode optimize = clicks.path("actions").get(1);
      assertThat(optimize.path("action").asText()).isEqualTo("optimize");
      assertThat(optimize.path("decision").asText()).isEqualTo("due");
      assertThat(optimize.path("sql").asText()).isEqualTo(CLICKS_OPTIMIZE);
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
    }
  }

  @EmulatorTest(motoOnly = true, reason = "Athena's failures are scripted on moto through the proxy")
  void aFailedQueryFailsItsTableAfterTheOthersFinish(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
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

  @EmulatorTest(motoOnly = true, reason = "Athena's slow queries are scripted on moto through the proxy")
  void twoRunsAtOnceNeverMaintainTheSameTable(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      AthenaQueryScript slow = AthenaQueryScript.forAllQueries();
      for (int i = 0; i < 10; i++) {
        slow.execution(running(), running(), succeeded());
      }
      lake.proxy.scriptAthena(slow);
      String[] options = {"--table", "processed.events", "--table", "processed.clicks", "--json"};
      CompletableFuture<Cli.Result> first = CompletableFuture.supplyAsync(() -> lake.maintain(options));
      CompletableFuture<Cli.Result> second = CompletableFuture.supplyAsync(() -> lake.maintain(options));
      List<Cli.Result> results = List.of(first.get(), second.get());
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
}
