package dev.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import dev.lakehouse.maintenance.athena.MaintenanceRunner;
import dev.lakehouse.maintenance.athena.RunListener;
import dev.lakehouse.maintenance.athena.RunSettings;
import dev.lakehouse.maintenance.athena.StatementKind;
import dev.lakehouse.maintenance.athena.StatementStatus;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.decide.Scope;
import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.inspect.TableInspector;
import dev.lakehouse.maintenance.metrics.MaintenanceMetrics;
import dev.lakehouse.maintenance.report.ActionReport;
import dev.lakehouse.maintenance.report.MaintenanceReport;
import dev.lakehouse.maintenance.report.TableReport;
import dev.lakehouse.maintenance.report.TableStatus;
import dev.lakehouse.maintenance.table.TableDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchGetTableOptimizerError;
import software.amazon.awssdk.services.glue.model.BatchGetTableOptimizerRequest;
import software.amazon.awssdk.services.glue.model.BatchGetTableOptimizerResponse;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTableResponse;
import software.amazon.awssdk.services.glue.model.GetTablesRequest;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;

/**
 * A whole run on tables of Iceberg's in-memory catalog, behind Glue, Athena and CloudWatch
 * clients of the test's own: what each table's status comes to, what the metrics count, and that
 * a failure anywhere fails the run.
 */
class MaintainerTest {
  static final long MB = 1L << 20;
  static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
  static final String CONFIG = """
      project: acme
      region: us-east-1
      zones:
        processed:
          bucket: acme-processed-bucket
          database:
            name: processed_db
      athena:
        resultsBucket: acme-results-bucket
        workgroups:
          - name: wg
      maintenance:
        workgroup: wg
        defaults:
          minSnapshotsToKeep: 2
          targetFileSize: 64MB
          compactWhenSmallFilesAbove: 5
        tables:
          - match: "processed.*"
          - match: "processed.events"
            maxMetadataFilesToKeep: 3
      """;

  @TempDir
  Path dir;

  InMemoryCatalog catalog;
  Stack stack;
  final Map<String, String> glue = new ConcurrentHashMap<>();
  final List<String> statements = new ArrayList<>();
  final List<PutMetricDataRequest> metrics = new ArrayList<>();

  @BeforeEach
  void tables() throws Exception {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("processed_db"));
    Table events = catalog.createTable(TableIdentifier.of("processed_db", "events"), SCHEMA);
    for (int commit = 0; commit < 4; commit++) {
      append(events, MB, MB);
    }
    Table healthy = catalog.buildTable(TableIdentifier.of("processed_db", "healthy"), SCHEMA)
        .withProperties(Map.of("vacuum_max_snapshot_age_seconds", "432000", "vacuum_min_snapshots_to_keep", "2",
            "vacuum_max_metadata_files_to_keep", "100"))
        .create();
    append(healthy, 100 * MB);
    glue.put("events", location(events));
    glue.put("healthy", location(healthy));
    Path config = dir.resolve("lakehouse.yaml");
    Files.writeString(config, CONFIG);
    stack = new ConfigLoader(Map.of()).load(new ConfigLoader.Request(config, null, null, null, "123456789012"));
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  @Test
  void aFailedStatementFailsItsTableAndTheRunButNotTheOthers() {
    Maintainer maintainer = maintainer();
    List<TablePlan> plans = maintainer.plan(stack, List.of(), Scope.ALL);
    MaintenanceReport report = maintainer.run(plans, runner("VACUUM"), RunListener.NONE,
        new MaintenanceMetrics(cloudWatch(false), "acme", "dev"), () -> false, Instant.now(), true);

    assertThat(statements).containsExactly(
        "ALTER TABLE processed_db.events SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds'='432000', "
            + "'vacuum_min_snapshots_to_keep'='2', 'vacuum_max_metadata_files_to_keep'='3')",
        "OPTIMIZE processed_db.events REWRITE DATA USING BIN_PACK",
        "VACUUM processed_db.events");
    TableReport events = report.tables().get(0);
    assertThat(events.status()).isEqualTo(TableStatus.FAILED);
    assertThat(events.actions()).extracting(a -> a.outcome().status())
        .containsExactly(StatementStatus.SUCCEEDED, StatementStatus.SUCCEEDED, StatementStatus.FAILED);
    assertThat(events.after()).isNotNull();
    ActionReport optimize = events.actions().get(1);
    assertThat(optimize.decision().kind()).isEqualTo(StatementKind.OPTIMIZE);
    assertThat(optimize.outcome().dataScannedBytes()).isEqualTo(8 * MB);
    assertThat(optimize.noEffect()).isEqualTo("succeeded but merged nothing: still 8 small files and 0 delete files "
        + "in 8 data files");
    TableReport healthy = report.tables().get(1);
    assertThat(healthy.status()).isEqualTo(TableStatus.HEALTHY);
    assertThat(healthy.after()).isNull();
    assertThat(healthy.actions()).allSatisfy(a -> assertThat(a.outcome()).isNull());

    assertThat(report.failed()).isTrue();
    assertThat(report.actions(StatementStatus.SUCCEEDED)).isEqualTo(2);
    assertThat(report.actionsFailed()).isEqualTo(1);
    assertThat(report.dataScannedBytes()).isEqualTo(8 * MB);
    assertThat(metrics).extracting(PutMetricDataRequest::namespace)
        .containsExactly("Lakehouse/Metadata", "Lakehouse/Maintenance");
    assertThat(metrics.get(0).metricData()).hasSize(8);
    assertThat(metrics.get(1).metricData()).extracting(d -> d.metricName() + "=" + d.value())
        .containsExactly("ActionsSucceeded=2.0", "ActionsFailed=1.0");
  }

  @Test
  void aTableAnotherRunMaintainedAfterItWasReadIsDecidedAgainOnceLockedAndNothingRepeats() {
    // Two runs at once: both read events and found its statements due; the other run took the
    // table's lock first and ran them. This one takes the lock after it, and must not run them again.
    Maintainer maintainer = maintainer();
    List<TablePlan> plans = maintainer.plan(stack, List.of("processed.events"), Scope.ALL);
    assertThat(plans.get(0).due()).extracting(Decision::kind)
        .containsExactly(StatementKind.PROPERTIES, StatementKind.OPTIMIZE, StatementKind.VACUUM);
    Table events = catalog.loadTable(TableIdentifier.of("processed_db", "events"));
    events.updateProperties().set("vacuum_max_snapshot_age_seconds", "432000").set("vacuum_min_snapshots_to_keep", "2")
        .set("vacuum_max_metadata_files_to_keep", "3").set("write.metadata.previous-versions-max", "1").commit();
    RewriteFiles compaction = events.newRewrite();
    try (CloseableIterable<FileScanTask> tasks = events.newScan().planFiles()) {
      tasks.forEach(task -> compaction.deleteFile(task.file()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    compaction.addFile(DataFiles.builder(events.spec()).withPath(events.location() + "/data/compacted.parquet")
        .withFormat(FileFormat.PARQUET).withFileSizeInBytes(60 * MB).withRecordCount(8).build()).commit();
    glue.put("events", location(events));

    MaintenanceReport report = maintainer.run(plans, runner(null), RunListener.NONE,
        new MaintenanceMetrics(cloudWatch(false), "acme", "dev"), () -> false, Instant.now(), false);

    assertThat(statements).isEmpty();
    TableReport reported = report.tables().get(0);
    assertThat(reported.status()).isEqualTo(TableStatus.HEALTHY);
    assertThat(reported.plan().before().metadataLocation()).isEqualTo(location(events));
    assertThat(reported.plan().before().dataFiles()).isEqualTo(1);
    assertThat(reported.actions()).allSatisfy(a -> assertThat(a.outcome()).isNull());
    assertThat(report.failed()).isFalse();
  }

  @Test
  void aTableWrittenToAfterItWasReadRunsWhatIsDueOnItNow() {
    // A writer committed after the table was read: what runs is decided from the table as it is
    // when its lock is held, and the report shows it so.
    Table healthy = catalog.loadTable(TableIdentifier.of("processed_db", "healthy"));
    append(healthy, MB, MB, MB, MB, MB, MB);
    glue.put("healthy", location(healthy));
    Maintainer maintainer = maintainer();
    List<TablePlan> plans = maintainer.plan(stack, List.of("processed.healthy"), Scope.OPTIMIZE);
    assertThat(plans.get(0).due()).singleElement().extracting(Decision::reason).asString()
        .startsWith("6 small files (under 48MB, 75% of the 64MB target) exceed compactWhenSmallFilesAbove=5; ");
    append(healthy, MB);
    glue.put("healthy", location(healthy));

    MaintenanceReport report = maintainer.run(plans, runner(null), RunListener.NONE,
        new MaintenanceMetrics(cloudWatch(false), "acme", "dev"), () -> false, Instant.now(), false);

    assertThat(statements).containsExactly("OPTIMIZE processed_db.healthy REWRITE DATA USING BIN_PACK");
    TableReport reported = report.tables().get(0);
    assertThat(reported.plan().before().metadataLocation()).isEqualTo(location(healthy));
    assertThat(reported.actions().get(1).decision().reason()).startsWith("7 small files (under 48MB, 75% of the "
        + "64MB target) exceed compactWhenSmallFilesAbove=5; ");
    assertThat(reported.status()).isEqualTo(TableStatus.MAINTAINED);
  }

  @Test
  void aStatementTheWorkgroupCancelsCountsAsFailedInTheReportAndTheMetrics() {
    // As Athena cancels a query that scans more than the workgroup's bytesScannedCutoffPerQuery.
    Maintainer maintainer = maintainer();
    List<TablePlan> plans = maintainer.plan(stack, List.of(), Scope.ALL);
    MaintenanceReport report = maintainer.run(plans, runner("OPTIMIZE", "CANCELLED"), RunListener.NONE,
        new MaintenanceMetrics(cloudWatch(false), "acme", "dev"), () -> false, Instant.now(), true);

    TableReport events = report.tables().get(0);
    assertThat(events.actions()).extracting(a -> a.outcome().status())
        .containsExactly(StatementStatus.SUCCEEDED, StatementStatus.CANCELLED, StatementStatus.NOT_RUN);
    assertThat(events.status()).isEqualTo(TableStatus.FAILED);
    assertThat(report.failed()).isTrue();
    assertThat(report.actionsFailed()).isEqualTo(1);
    assertThat(metrics.get(1).metricData()).extracting(d -> d.metricName() + "=" + d.value())
        .containsExactly("ActionsSucceeded=1.0", "ActionsFailed=1.0");
  }

  @Test
  void aTableWhoseStatementRanAndFailedIsReadAgain() {
    // As an OPTIMIZE whose rounds ran out, having committed each round's work: the report shows
    // the table as it is after it.
    Maintainer maintainer = maintainer();
    MaintenanceReport report = maintainer.run(maintainer.plan(stack, List.of("processed.events"), Scope.OPTIMIZE),
        runner("OPTIMIZE"), RunListener.NONE, new MaintenanceMetrics(cloudWatch(false), "acme", "dev"), () -> false,
        Instant.now(), false);

    TableReport events = report.tables().get(0);
    assertThat(events.status()).isEqualTo(TableStatus.FAILED);
    assertThat(events.actions().get(1).outcome().status()).isEqualTo(StatementStatus.FAILED);
    assertThat(events.after()).isNotNull();
    assertThat(events.after().dataFiles()).isEqualTo(8);
    assertThat(events.error()).isNull();
  }

  @Test
  void onlyARunThatReadEveryTablePublishesTheTablesFigures() {
    Maintainer maintainer = maintainer();
    maintainer.run(maintainer.plan(stack, List.of("processed.healthy"), Scope.ALL), runner(null), RunListener.NONE,
        new MaintenanceMetrics(cloudWatch(false), "acme", "dev"), () -> false, Instant.now(), false);
    assertThat(metrics).as("a --table run: the snapshotCount alarm takes the most of every table's")
        .extracting(PutMetricDataRequest::namespace).containsExactly("Lakehouse/Maintenance");

    metrics.clear();
    glue.put("events", "memory://nowhere/00001.metadata.json");
    maintainer.run(maintainer.plan(stack, List.of(), Scope.ALL), runner(null), RunListener.NONE,
        new MaintenanceMetrics(cloudWatch(false), "acme", "dev"), () -> false, Instant.now(), true);
    assertThat(metrics).as("events could not be read").extracting(PutMetricDataRequest::namespace)
        .containsExactly("Lakehouse/Maintenance");
  }

  @Test
  void metricsThatCannotBePublishedFailTheRun() {
    Maintainer maintainer = maintainer();
    MaintenanceReport report = maintainer.run(maintainer.plan(stack, List.of("processed.healthy"), Scope.ALL),
        runner(null), RunListener.NONE, new MaintenanceMetrics(cloudWatch(true), "acme", "dev"), () -> false,
        Instant.now(), false);
    assertThat(report.tables()).extracting(TableReport::status).containsExactly(TableStatus.HEALTHY);
    assertThat(report.metricsError()).startsWith("Cannot publish metrics (Lakehouse/Maintenance): ");
    assertThat(report.failed()).isTrue();
    assertThat(statements).isEmpty();
  }

  @Test
  void aDryRunRunsNothingAndATableThatCannotBeReadFailsAlone() {
    glue.put("events", "memory://nowhere/00001.metadata.json");
    Maintainer maintainer = maintainer();
    MaintenanceReport report = maintainer.dryRun(maintainer.plan(stack, List.of(), Scope.ALL), Duration.ZERO);
    assertThat(report.tables()).extracting(TableReport::status).containsExactly(TableStatus.FAILED,
        TableStatus.HEALTHY);
    assertThat(report.tables().get(0).error()).startsWith("Cannot inspect Iceberg table (processed_db.events): ");
    assertThat(report.tables().get(0).actions()).extracting(a -> a.decision().kind() + " " + a.decision().verdict())
        .containsExactly("PROPERTIES SKIPPED", "OPTIMIZE SKIPPED", "VACUUM SKIPPED");
    assertThat(report.failed()).isTrue();
    assertThat(statements).isEmpty();
  }

  @Test
  void anIcebergEntryWithoutMetadataLocationFailsAloneAndTheOthersAreMaintained() {
    glue.put("broken", "");
    Maintainer maintainer = maintainer();
    MaintenanceReport report = maintainer.run(maintainer.plan(stack, List.of(), Scope.ALL), runner(null),
        RunListener.NONE, new MaintenanceMetrics(cloudWatch(false), "acme", "dev"), () -> false, Instant.now(), true);

    assertThat(report.tables()).extracting(t -> t.plan().table().table() + " " + t.status())
        .containsExactly("broken FAILED", "events MAINTAINED", "healthy HEALTHY");
    TableReport broken = report.tables().get(0);
    assertThat(broken.error()).isEqualTo("Cannot inspect Iceberg table (processed_db.broken): its Glue entry is "
        + "marked table_type=ICEBERG but has no metadata_location, so it names no metadata file to read (a table "
        + "whose creation was cut short, or made by hand)");
    assertThat(broken.actions()).hasSize(3).allSatisfy(a -> assertThat(a.outcome()).isNull());
    assertThat(statements).hasSize(3).allMatch(sql -> sql.contains("processed_db.events"));
    assertThat(report.failed()).isTrue();
  }

  @Test
  void namedTablesComeInTheConfigsOrderWhateverTheCommandLines() {
    List<TablePlan> plans = maintainer().plan(stack, List.of("processed.healthy", "processed.events"), Scope.ALL);
    assertThat(plans).extracting(p -> p.table().name()).containsExactly("processed.events", "processed.healthy");
  }

  Maintainer maintainer() {
    return new Maintainer(new TableDiscovery(glue()), new TableInspector(new InMemoryFileIO()), Clock.systemUTC());
  }

  static String location(Table table) {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }

  static void append(Table table, long... sizes) {
    AppendFiles append = table.newAppend();
    for (long size : sizes) {
      append.appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/"
          + java.util.UUID.randomUUID() + ".parquet").withFormat(FileFormat.PARQUET).withFileSizeInBytes(size)
          .withRecordCount(1).build());
    }
    append.commit();
  }

  /** Glue holding the two tables as Iceberg tables, at the metadata files of {@link #glue}. */
  GlueClient glue() {
    return new GlueClient() {
      @Override
      public GetTablesResponse getTables(GetTablesRequest request) {
        return GetTablesResponse.builder().tableList(glue.keySet().stream().sorted().map(this::table).toList()).build();
      }

      @Override
      public GetTableResponse getTable(GetTableRequest request) {
        return GetTableResponse.builder().table(table(request.name())).build();
      }

      @Override
      public software.amazon.awssdk.services.glue.model.GetDatabasesResponse getDatabases(
          software.amazon.awssdk.services.glue.model.GetDatabasesRequest request) {
        return software.amazon.awssdk.services.glue.model.GetDatabasesResponse.builder()
            .databaseList(database -> database.name("processed_db")).build();
      }

      @Override
      public BatchGetTableOptimizerResponse batchGetTableOptimizer(BatchGetTableOptimizerRequest request) {
        // No table has an optimizer.
        return BatchGetTableOptimizerResponse.builder().failures(request.entries().stream().map(entry ->
            BatchGetTableOptimizerError.builder().databaseName(entry.databaseName()).tableName(entry.tableName())
                .type(entry.type()).error(error -> error.errorCode("EntityNotFoundException")).build()).toList())
            .build();
      }

      software.amazon.awssdk.services.glue.model.Table table(String name) {
        return software.amazon.awssdk.services.glue.model.Table.builder().name(name).databaseName("processed_db")
            .parameters(Map.of("table_type", "ICEBERG", "metadata_location", glue.get(name))).build();
      }

      @Override
      public String serviceName() {
        return "glue";
      }

      @Override
      public void close() {}
    };
  }

  /** A runner on an Athena where every query succeeds at once, scanning 8MB, except those starting with {@code failing}. */
  MaintenanceRunner runner(String failing) {
    return runner(failing, "FAILED");
  }

  /** As {@link #runner(String)}, the queries starting with {@code failing} ending in {@code state}. */
  MaintenanceRunner runner(String failing, String state) {
    Map<String, String> queries = new ConcurrentHashMap<>();
    AthenaClient athena = new AthenaClient() {
      @Override
      public StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest request) {
        String id = "q" + (queries.size() + 1);
        queries.put(id, request.queryString());
        synchronized (statements) {
          statements.add(request.queryString());
        }
        return StartQueryExecutionResponse.builder().queryExecutionId(id).build();
      }

      @Override
      public GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest request) {
        String sql = queries.get(request.queryExecutionId());
        boolean fails = failing != null && sql.startsWith(failing);
        return GetQueryExecutionResponse.builder().queryExecution(e -> e.queryExecutionId(request.queryExecutionId())
            .query(sql).status(s -> s.state(fails ? state : "SUCCEEDED")
                .stateChangeReason(fails ? "ICEBERG_VACUUM_ERROR: cannot expire" : null)
                .athenaError(fails ? a -> a.errorMessage("ICEBERG_VACUUM_ERROR: cannot expire") : a -> { }))
            .statistics(s -> s.dataScannedInBytes(sql.startsWith("OPTIMIZE") ? 8 * MB : 0))).build();
      }

      @Override
      public String serviceName() {
        return "athena";
      }

      @Override
      public void close() {}
    };
    return new MaintenanceRunner(athena, new RunSettings("wg", 2, Duration.ofMinutes(1), 3, Duration.ofMillis(1),
        Duration.ofMillis(5)), null, Clock.systemUTC());
  }

  /** CloudWatch that keeps what is put, or refuses it. */
  CloudWatchClient cloudWatch(boolean refuse) {
    return new CloudWatchClient() {
      @Override
      public PutMetricDataResponse putMetricData(PutMetricDataRequest request) {
        if (refuse) {
          throw CloudWatchException.builder().message("User is not authorized to perform cloudwatch:PutMetricData")
              .statusCode(403).build();
        }
        metrics.add(request);
        return PutMetricDataResponse.builder().build();
      }

      @Override
      public String serviceName() {
        return "monitoring";
      }

      @Override
      public void close() {}
    };
  }
}
