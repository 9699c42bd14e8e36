package dev.lakehouse.maintenance.athena;

import static dev.lakehouse.testkit.proxy.AthenaQueryState.failed;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.queued;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.running;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.maintenance.lock.TableLock;
import dev.lakehouse.maintenance.lock.TableLocks;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.ManualClock;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AthenaQueryScript;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.RecordedExchange;
import dev.lakehouse.testkit.proxy.S3Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The runner against moto's Athena through the recording proxy, whose scripts give executions the
 * states moto never reports (FAILED, MORE_RUNS_NEEDED, slow QUEUED and RUNNING). What reached
 * Athena is read back straight from moto with a client of its own.
 */
class MaintenanceRunnerIT {
  private static final String MOTO_ONLY = "moto's Athena with states scripted by the testkit proxy; "
      + "LocalStack's Athena runs the queries";
  private static final String WORKGROUP = "acme-dev";
  private static final String LOCK_BUCKET = "acme-dev-maintenance";
  private static final String MORE_RUNS = "ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED: Optimize needs more runs to finish";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The runner's client through the proxy (no SDK retries, so the runner's own show), plain clients straight to the emulator. */
  private record Fixture(AwsProxy proxy, TestClients tool, TestClients direct) implements AutoCloseable {
    static Fixture start(Emulator emulator) {
      AwsProxy proxy = MotoGaps.proxy(emulator);
      TestClients tool = TestClients.of(proxy.endpoint(), emulator.region(), emulator.credentials())
          .withOverrideConfiguration(ClientOverrideConfiguration.builder()
              .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
      TestClients direct = TestClients.of(emulator);
      direct.athena().createWorkGroup(create -> create.name(WORKGROUP)
          .configuration(configuration -> configuration.resultConfiguration(result -> result
              .outputLocation("s3://acme-dev-athena-results/"))));
      return new Fixture(proxy, tool, direct);
    }

    MaintenanceRunner runner(Duration timeout, int concurrency, int maxRounds, TableLocks locks) {
      RunSettings settings = new RunSettings(WORKGROUP, concurrency, timeout, maxRounds, Duration.ofMillis(20),
          Duration.ofMillis(100));
      return new MaintenanceRunner(tool.athena(), settings, locks, Clock.systemUTC());
    }

    MaintenanceRunner runner(int concurrency) {
      return runner(Duration.ofSeconds(30), concurrency, 3, null);
    }

    /** A runner on the Athena client maintain runs with, the SDK's retries included, through the proxy. */
    MaintenanceRunner runnerAsMaintainRunsIt(AwsClients aws, Duration timeout) {
      RunSettings settings = new RunSettings(WORKGROUP, 1, timeout, 3, Duration.ofMillis(20), Duration.ofMillis(100));
      return new MaintenanceRunner(aws.athena(), settings, null, Clock.systemUTC());
    }

    /** maintain's own AWS clients, to the proxy; their credentials are the emulator's (pom.xml). */
    AwsClients maintainsClients(Emulator emulator) {
      return new AwsClients(new AwsSettings(null, emulator.region(), proxy.endpoint()), new CallRecorder(), Map.of());
    }

    /** Every execution moto holds in the workgroup, oldest first, as a client of its own reads them. */
    List<QueryExecution> executions() {
      return direct.athena().listQueryExecutions(list -> list.workGroup(WORKGROUP)).queryExecutionIds().stream()
          .map(id -> direct.athena().getQueryExecution(get -> get.queryExecutionId(id)).queryExecution())
          .sorted(Comparator.comparing(execution -> execution.status().submissionDateTime()))
          .toList();
    }

    /** The SQL of moto's executions per table, in the order they were started. */
    Map<String, List<String>> sqlByTable() {
      return executions().stream().collect(Collectors.groupingBy(execution -> tableOf(execution.query()),
          Collectors.mapping(QueryExecution::query, Collectors.toList())));
    }

    long calls(String operation) {
      return proxy.requests().stream().filter(request -> request.operation().equals(operation)).count();
    }

    @Override
    public void close() {
      direct.close();
      tool.close();
      proxy.close();
    }
  }

  private static String tableOf(String sql) {
    String afterDatabase = sql.substring(sql.indexOf("db.") + 3);
    return afterDatabase.split("[ ;]")[0];
  }

  private static MaintenanceStatement properties(String table) {
    return new MaintenanceStatement(StatementKind.PROPERTIES, "ALTER TABLE db." + table
        + " SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds'='604800', 'vacuum_min_snapshots_to_keep'='5')");
  }

  private static MaintenanceStatement optimize(String table) {
    return new MaintenanceStatement(StatementKind.OPTIMIZE, "OPTIMIZE db." + table
        + " REWRITE DATA USING BIN_PACK WHERE event_date >= DATE '2026-11-01'");
  }

  private static MaintenanceStatement vacuum(String table) {
    return new MaintenanceStatement(StatementKind.VACUUM, "VACUUM db." + table);
  }

  private static TableWork full(String table) {
    return new TableWork("db", table, List.of(properties(table), optimize(table), vacuum(table)));
  }

  private static TableWork compactAndVacuum(String table) {
    return new TableWork("db", table, List.of(optimize(table), vacuum(table)));
  }

  private static List<String> sql(TableWork work) {
    return work.statements().stream().map(MaintenanceStatement::sql).toList();
  }

  private static AthenaQueryScript scriptFor(MaintenanceStatement statement) {
    return AthenaQueryScript.forQueries(statement.sql()::equals);
  }

  private static JsonNode json(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void runsEachTablesStatementsInOrderWithTheirExactSql(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      List<TableWork> work = List.of(full("orders"), full("customers"), full("_events"));

      List<TableOutcome> outcomes = fixture.runner(2).run(work, RunListener.NONE);

      Map<String, List<String>> reached = fixture.sqlByTable();
      assertThat(reached).containsOnlyKeys("orders", "customers", "_events");
      work.forEach(table -> assertThat(reached.get(table.table())).containsExactlyElementsOf(sql(table)));
      assertThat(fixture.executions()).extracting(QueryExecution::workGroup).containsOnly(WORKGROUP);
      assertThat(fixture.executions()).extracting(execution -> execution.queryExecutionContext().database())
          .as("each statement runs in its table's database").hasSize(9).containsOnly("db");
      assertThat(outcomes).extracting(outcome -> outcome.work().table()).containsExactly("orders", "customers", "_events");
      assertThat(outcomes).flatExtracting(TableOutcome::statements)
          .extracting(StatementOutcome::status, StatementOutcome::rounds)
          .containsOnly(tuple(StatementStatus.SUCCEEDED, 1));
      assertThat(outcomes).flatExtracting(TableOutcome::statements).flatExtracting(StatementOutcome::queryIds)
          .containsExactlyInAnyOrderElementsOf(fixture.executions().stream().map(QueryExecution::queryExecutionId).toList());
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void aFailedStatementStopsTheRestOfItsTableButNotTheOtherTables(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.proxy().scriptAthena(scriptFor(optimize("customers"))
          .execution(queued(), running(), failed("ICEBERG_INVALID_METADATA: cannot read the table's metadata")));

      List<TableOutcome> outcomes = fixture.runner(2).run(
          List.of(full("orders"), full("customers"), full("returns")), RunListener.NONE);

      assertThat(outcomes.get(1).statements()).extracting(StatementOutcome::status, StatementOutcome::error)
          .containsExactly(tuple(StatementStatus.SUCCEEDED, null),
              tuple(StatementStatus.FAILED, "ICEBERG_INVALID_METADATA: cannot read the table's metadata"),
              tuple(StatementStatus.NOT_RUN, "not run: the OPTIMIZE before it failed"));
      assertThat(outcomes.get(1).succeeded()).isFalse();
      assertThat(outcomes.get(0).succeeded()).isTrue();
      assertThat(outcomes.get(2).succeeded()).isTrue();
      Map<String, List<String>> reached = fixture.sqlByTable();
      assertThat(reached.get("customers")).containsExactly(properties("customers").sql(), optimize("customers").sql());
      assertThat(reached.get("orders")).containsExactlyElementsOf(sql(full("orders")));
      assertThat(reached.get("returns")).containsExactlyElementsOf(sql(full("returns")));
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void runsAStatementAgainWhileMoreRunsAreNeededUpToTheMostRoundsAllowed(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.proxy().scriptAthena(scriptFor(optimize("orders"))
          .execution(running().scanned(1_000), failed(MORE_RUNS).scanned(100_000_000))
          .execution(failed(MORE_RUNS).scanned(200_000_000))
          .execution(queued(), succeeded().scanned(300_000_000)));
      fixture.proxy().scriptAthena(scriptFor(optimize("customers"))
          .execution(failed(MORE_RUNS)).execution(failed(MORE_RUNS)).execution(failed(MORE_RUNS))
          .execution(failed(MORE_RUNS)));

      List<TableOutcome> outcomes = fixture.runner(Duration.ofSeconds(30), 2, 3, null)
          .run(List.of(compactAndVacuum("orders"), compactAndVacuum("customers")), RunListener.NONE);

      Map<String, List<String>> reached = fixture.sqlByTable();
      StatementOutcome orders = outcomes.get(0).statements().get(0);
      assertThat(orders.status()).isEqualTo(StatementStatus.SUCCEEDED);
      assertThat(orders.rounds()).isEqualTo(3);
      assertThat(orders.dataScannedBytes()).isEqualTo(600_000_000L);
      assertThat(orders.queryIds()).hasSize(3).doesNotHaveDuplicates();
      assertThat(reached.get("orders")).containsExactly(optimize("orders").sql(), optimize("orders").sql(),
          optimize("orders").sql(), vacuum("orders").sql());
      assertThat(outcomes.get(0).statements().get(1).status()).isEqualTo(StatementStatus.SUCCEEDED);

      StatementOutcome customers = outcomes.get(1).statements().get(0);
      assertThat(customers.status()).isEqualTo(StatementStatus.FAILED);
      assertThat(customers.rounds()).isEqualTo(3);
      assertThat(customers.error()).startsWith("still ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED after 3 rounds");
      assertThat(outcomes.get(1).statements().get(1).status()).isEqualTo(StatementStatus.NOT_RUN);
      assertThat(reached.get("customers")).containsExactly(optimize("customers").sql(), optimize("customers").sql(),
          optimize("customers").sql());
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void runsAgainAStatementAthenaFailedWithAnErrorItMarksRetryable(Emulator emulator) {
    String commit = "ICEBERG_COMMIT_ERROR: Failed to commit Iceberg update to table";
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.proxy().scriptAthena(scriptFor(optimize("orders"))
          .execution(running(), failed(commit).markedRetryable())
          .execution(succeeded().scanned(300_000_000)));
      fixture.proxy().scriptAthena(scriptFor(optimize("customers"))
          .execution(failed(commit).markedRetryable()).execution(failed(commit).markedRetryable())
          .execution(failed(commit).markedRetryable()));
      fixture.proxy().scriptAthena(scriptFor(optimize("returns")).execution(failed(commit)));

      List<TableOutcome> outcomes = fixture.runner(Duration.ofSeconds(30), 3, 3, null)
          .run(List.of(compactAndVacuum("orders"), compactAndVacuum("customers"), compactAndVacuum("returns")),
              RunListener.NONE);

      Map<String, List<String>> reached = fixture.sqlByTable();
      StatementOutcome orders = outcomes.get(0).statements().get(0);
      assertThat(orders.status()).isEqualTo(StatementStatus.SUCCEEDED);
      assertThat(orders.queryIds()).hasSize(2).doesNotHaveDuplicates();
      assertThat(reached.get("orders")).containsExactly(optimize("orders").sql(), optimize("orders").sql(),
          vacuum("orders").sql());

      StatementOutcome customers = outcomes.get(1).statements().get(0);
      assertThat(customers.status()).isEqualTo(StatementStatus.FAILED);
      assertThat(customers.rounds()).as("the run and its two retries").isEqualTo(3);
      assertThat(customers.error()).isEqualTo(commit + " (still failing after 2 retries of an error Athena marks "
          + "retryable; the next run tries again)");
      assertThat(reached.get("customers")).containsExactly(optimize("customers").sql(), optimize("customers").sql(),
          optimize("customers").sql());

      StatementOutcome returns = outcomes.get(2).statements().get(0);
      assertThat(returns).extracting(StatementOutcome::status, StatementOutcome::rounds, StatementOutcome::error)
          .as("not marked retryable: not run again").containsExactly(StatementStatus.FAILED, 1, commit);
      assertThat(reached.get("returns")).containsExactly(optimize("returns").sql());
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void stopsAQueryStillQueuedOrRunningAtTheTimeout(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      AthenaQueryScript slow = fixture.proxy().scriptAthena(scriptFor(optimize("orders")).execution(queued(), running()));

      List<TableOutcome> outcomes = fixture.runner(Duration.ofMillis(600), 2, 3, null)
          .run(List.of(compactAndVacuum("orders"), compactAndVacuum("customers")), RunListener.NONE);

      String stopped = slow.scriptedQueryExecutionIds().get(0);
      assertThat(outcomes.get(0).statements()).extracting(StatementOutcome::status, StatementOutcome::error)
          .containsExactly(tuple(StatementStatus.TIMED_OUT, "did not end within 600ms (query " + stopped + "); stopped it"),
              tuple(StatementStatus.NOT_RUN, "not run: the OPTIMIZE before it timed out"));
      assertThat(fixture.calls("StopQueryExecution")).isEqualTo(1);
      assertThat(fixture.direct().athena().getQueryExecution(get -> get.queryExecutionId(stopped)).queryExecution()
          .status().state()).isEqualTo(QueryExecutionState.CANCELLED);
      assertThat(outcomes.get(1).succeeded()).isTrue();
      assertThat(fixture.sqlByTable().get("orders")).containsExactly(optimize("orders").sql());
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void neverHasMoreQueriesQueuedOrRunningThanTheCap(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      AthenaQueryScript slow = AthenaQueryScript.forAllQueries();
      IntStream.range(0, 12).forEach(i -> slow.execution(queued(), queued(), running(), running(), succeeded()));
      fixture.proxy().scriptAthena(slow);
      InFlight inFlight = InFlight.watch(fixture.proxy());
      List<TableWork> work = IntStream.range(0, 6).mapToObj(i -> compactAndVacuum("t" + i)).toList();

      List<TableOutcome> outcomes = fixture.runner(2).run(work, RunListener.NONE);

      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());
      assertThat(slow.scriptedQueryExecutionIds()).hasSize(12);
      assertThat(inFlight.most()).isEqualTo(2);
      assertThat(inFlight.now()).isZero();
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void stopStopsTheRunningQueriesAndStartsNoMore(Emulator emulator) throws Exception {
    try (Fixture fixture = Fixture.start(emulator)) {
      AthenaQueryScript forever = AthenaQueryScript.forAllQueries();
      IntStream.range(0, 8).forEach(i -> forever.execution(queued(), running()));
      fixture.proxy().scriptAthena(forever);
      MaintenanceRunner runner = fixture.runner(Duration.ofMinutes(5), 2, 3, null);
      CountDownLatch twoStarted = new CountDownLatch(2);
      List<String> finished = new CopyOnWriteArrayList<>();
      RunListener listener = new RunListener() {
        @Override
        public void started(TableWork work, MaintenanceStatement statement, String queryId) {
          twoStarted.countDown();
        }

        @Override
        public void finished(TableWork work, StatementOutcome outcome) {
          finished.add(work.table() + " " + outcome.statement().kind() + " " + outcome.status());
        }
      };
      ExecutorService main = Executors.newSingleThreadExecutor();
      try {
        Future<List<TableOutcome>> run = main.submit(() -> runner.run(
            List.of(compactAndVacuum("a"), compactAndVacuum("b"), compactAndVacuum("c"), compactAndVacuum("d")),
            listener));
        assertThat(twoStarted.await(30, TimeUnit.SECONDS)).isTrue();

        runner.stop();

        List<TableOutcome> outcomes = run.get(30, TimeUnit.SECONDS);
        List<StatementOutcome> statements = outcomes.stream().flatMap(outcome -> outcome.statements().stream()).toList();
        assertThat(statements).filteredOn(outcome -> outcome.status() == StatementStatus.CANCELLED).hasSize(2)
            .allSatisfy(outcome -> assertThat(outcome.error()).isEqualTo("stopped (the run was interrupted)"));
        assertThat(statements).filteredOn(outcome -> outcome.status() != StatementStatus.CANCELLED)
            .extracting(StatementOutcome::status).containsOnly(StatementStatus.NOT_RUN);
        assertThat(finished).hasSize(8);
        assertThat(fixture.calls("StartQueryExecution")).isEqualTo(2);
        assertThat(fixture.calls("StopQueryExecution")).isEqualTo(2);
        assertThat(fixture.executions()).hasSize(2).extracting(execution -> execution.status().state())
            .containsOnly(QueryExecutionState.CANCELLED);
      } finally {
        main.shutdownNow();
      }
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void retriesAThrottledStartWithTheSameClientRequestToken(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.proxy().rule().service("athena").operation("StartQueryExecution").times(3)
          .respondError(400, "TooManyRequestsException", "Rate exceeded");
      List<String> tokens = new CopyOnWriteArrayList<>();
      fixture.proxy().observe(request -> {
        if (request.operation().equals("StartQueryExecution")) {
          tokens.add(json(request.body()).path("ClientRequestToken").asText());
        }
      });

      List<TableOutcome> outcomes = fixture.runner(1).run(List.of(compactAndVacuum("orders")), RunListener.NONE);

      assertThat(outcomes.get(0).succeeded()).isTrue();
      assertThat(tokens).hasSize(5);
      assertThat(tokens.subList(0, 4)).containsOnly(tokens.get(0));
      assertThat(tokens.get(4)).isNotEqualTo(tokens.get(0));
      assertThat(fixture.sqlByTable().get("orders")).containsExactlyElementsOf(sql(compactAndVacuum("orders")));
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void aStatementWhoseStartsAthenaKeepsThrottlingTimesOutAtItsTimeoutThoughTheSdkRetriesThrottling(
      Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator); AwsClients aws = fixture.maintainsClients(emulator)) {
      fixture.proxy().rule().service("athena").operation("StartQueryExecution")
          .respondError(400, "TooManyRequestsException", "Rate exceeded");
      List<String> attempts = new CopyOnWriteArrayList<>();
      fixture.proxy().observe(request -> {
        if (request.operation().equals("StartQueryExecution")) {
          attempts.add(request.header("amz-sdk-request").orElse("?"));
        }
      });
      MaintenanceRunner runner = fixture.runnerAsMaintainRunsIt(aws, Duration.ofSeconds(2));

      long began = System.nanoTime();
      List<StatementOutcome> outcomes = runner.run(List.of(compactAndVacuum("orders")), RunListener.NONE).get(0)
          .statements();
      Duration took = Duration.ofNanos(System.nanoTime() - began);

      assertThat(outcomes.get(0).status()).isEqualTo(StatementStatus.TIMED_OUT);
      assertThat(outcomes.get(0).error())
          .startsWith("Athena did not accept the OPTIMIZE within 2s: it throttled every start "
              + "(TooManyRequestsException: Rate exceeded [HTTP 400")
          .endsWith("]); fewer queries at once (--max-concurrent-queries, maintenance.maxConcurrentQueries) leave "
              + "more of the account's Athena quota to each");
      assertThat(outcomes.get(1).error()).isEqualTo("not run: the OPTIMIZE before it timed out");
      // A bound on the deadline, not on speed: the SDK's retries of a throttled start alone once took 35 s or more.
      assertThat(took).as("the 2s timeout, and a margin").isLessThan(Duration.ofSeconds(4));
      assertThat(attempts).as("the runner tried again, the SDK did not").hasSizeGreaterThan(1)
          .allSatisfy(attempt -> assertThat(attempt).startsWith("attempt=1;"));
      assertThat(fixture.executions()).isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void aQueryWhosePollsAthenaThrottlesIsStillStoppedAtItsTimeout(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator); AwsClients aws = fixture.maintainsClients(emulator)) {
      AthenaQueryScript slow = fixture.proxy().scriptAthena(scriptFor(optimize("orders"))
          .execution(queued(), running()));
      // As many throttled polls as the SDK makes attempts at one call before it gives up.
      fixture.proxy().rule().service("athena").operation("GetQueryExecution").times(8)
          .respondError(400, "TooManyRequestsException", "Rate exceeded");
      MaintenanceRunner runner = fixture.runnerAsMaintainRunsIt(aws, Duration.ofSeconds(2));

      long began = System.nanoTime();
      List<StatementOutcome> outcomes = runner.run(List.of(compactAndVacuum("orders")), RunListener.NONE).get(0)
          .statements();
      Duration took = Duration.ofNanos(System.nanoTime() - began);

      String stopped = slow.scriptedQueryExecutionIds().get(0);
      assertThat(outcomes.get(0)).extracting(StatementOutcome::status, StatementOutcome::error)
          .containsExactly(StatementStatus.TIMED_OUT, "did not end within 2s (query " + stopped + "); stopped it");
      assertThat(took).as("the 2s timeout, and a margin").isLessThan(Duration.ofSeconds(4));
      assertThat(fixture.calls("StopQueryExecution")).isEqualTo(1);
      assertThat(fixture.direct().athena().getQueryExecution(get -> get.queryExecutionId(stopped)).queryExecution()
          .status().state()).isEqualTo(QueryExecutionState.CANCELLED);
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void keepsTheTablesLockWhileAthenaThrottlesTheStartLongerThanTheLockHolds(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.tool().s3().createBucket(create -> create.bucket(LOCK_BUCKET));
      // Each start request moves the time on by 10 minutes, S3's too; a lock not kept alive holds 15.
      ManualClock clock = new ManualClock(java.time.Instant.parse("2026-11-27T02:00:00Z"));
      S3Clock.install(fixture.proxy(), clock);
      TableLocks thisRun = new TableLocks(fixture.tool().s3(), LOCK_BUCKET, "locks/", Duration.ofMinutes(15), "cron-a",
          clock);
      TableLocks otherRun = new TableLocks(fixture.tool().s3(), LOCK_BUCKET, "locks/", Duration.ofMinutes(15),
          "cron-b", clock);
      fixture.proxy().rule().service("athena").operation("StartQueryExecution").times(4)
          .respondError(400, "TooManyRequestsException", "Rate exceeded");
      List<Boolean> otherRunGotIt = new CopyOnWriteArrayList<>();
      fixture.proxy().observe(request -> {
        if (request.operation().equals("StartQueryExecution")) {
          clock.advance(Duration.ofMinutes(10));
          otherRun.tryAcquire("db", "orders").ifPresent(taken -> otherRunGotIt.add(true));
        }
      });
      RunSettings settings = new RunSettings(WORKGROUP, 1, Duration.ofHours(2), 3, Duration.ofMillis(20),
          Duration.ofMillis(100));

      List<TableOutcome> outcomes = new MaintenanceRunner(fixture.tool().athena(), settings, thisRun, clock)
          .run(List.of(compactAndVacuum("orders")), RunListener.NONE);

      assertThat(otherRunGotIt).isEmpty();
      assertThat(outcomes.get(0).succeeded()).isTrue();
      assertThat(fixture.sqlByTable().get("orders")).containsExactlyElementsOf(sql(compactAndVacuum("orders")));
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void stopsItsQueryWhenAnotherRunTakesTheTablesLockOver(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.tool().s3().createBucket(create -> create.bucket(LOCK_BUCKET));
      ManualClock clock = new ManualClock(java.time.Instant.parse("2026-11-27T02:00:00Z"));
      S3Clock.install(fixture.proxy(), clock);
      TableLocks thisRun = new TableLocks(fixture.tool().s3(), LOCK_BUCKET, "locks/", Duration.ofMinutes(15), "cron-a",
          clock);
      TableLocks otherRun = new TableLocks(fixture.tool().s3(), LOCK_BUCKET, "locks/", Duration.ofMinutes(15),
          "cron-b", clock);
      AthenaQueryScript slow = fixture.proxy().scriptAthena(scriptFor(optimize("orders"))
          .execution(running(), running(), running(), running(), running(), running(), succeeded()));
      // At the second poll this run has not been heard of for 20 minutes (a suspended host, say):
      // its lock has expired, and the other run takes the table over.
      AtomicInteger polls = new AtomicInteger();
      List<TableLock> taken = new CopyOnWriteArrayList<>();
      fixture.proxy().observe(request -> {
        if (request.operation().equals("GetQueryExecution") && polls.incrementAndGet() == 2) {
          clock.advance(Duration.ofMinutes(20));
          otherRun.tryAcquire("db", "orders").ifPresent(taken::add);
        }
      });
      RunSettings settings = new RunSettings(WORKGROUP, 1, Duration.ofHours(2), 3, Duration.ofMillis(20),
          Duration.ofMillis(100));

      List<StatementOutcome> outcomes = new MaintenanceRunner(fixture.tool().athena(), settings, thisRun, clock)
          .run(List.of(compactAndVacuum("orders")), RunListener.NONE).get(0).statements();

      assertThat(taken).hasSize(1);
      String stopped = slow.scriptedQueryExecutionIds().get(0);
      assertThat(outcomes).extracting(StatementOutcome::status, StatementOutcome::error).containsExactly(
          tuple(StatementStatus.CANCELLED, "stopped (query " + stopped + "): the table's lock was lost, and another "
              + "run may have taken the table over"),
          tuple(StatementStatus.NOT_RUN, "not run: the OPTIMIZE before it was cancelled"));
      assertThat(fixture.calls("StopQueryExecution")).isEqualTo(1);
      assertThat(fixture.sqlByTable().get("orders")).containsExactly(optimize("orders").sql());
      assertThat(otherRun.holder("db", "orders")).hasValueSatisfying(holder -> assertThat(holder).startsWith("cron-b"));
      taken.get(0).close();
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void stopsTheQueryARunKilledOutrightLeftRunningBeforeWorkingOnTheTable(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.tool().s3().createBucket(create -> create.bucket(LOCK_BUCKET));
      ManualClock clock = new ManualClock(java.time.Instant.parse("2026-11-27T02:00:00Z"));
      S3Clock.install(fixture.proxy(), clock);
      // A run on cron-1 started the OPTIMIZE, named it in its lock, and was killed: the query runs on.
      String left = fixture.direct().athena().startQueryExecution(start -> start.queryString(optimize("orders").sql())
          .queryExecutionContext(context -> context.database("db")).workGroup(WORKGROUP)).queryExecutionId();
      fixture.proxy().scriptAthena(scriptFor(optimize("orders"))
          .execution(running(), running(), running(), running(), running(), succeeded()));
      fixture.tool().s3().putObject(put -> put.bucket(LOCK_BUCKET).key("locks/db/orders.lock"),
          RequestBody.fromString("{\"owner\":\"nightly\",\"host\":\"cron-1\","
              + "\"pid\":4242,\"acquiredAt\":\"2026-11-27T01:30:00Z\",\"expiresAt\":\"2026-11-27T02:15:00Z\","
              + "\"lease\":\"PT15M\",\"query\":{\"id\":\"" + left + "\",\"workgroup\":\"" + WORKGROUP + "\"}}"));
      clock.advance(Duration.ofMinutes(20));
      TableLocks thisRun = new TableLocks(fixture.tool().s3(), LOCK_BUCKET, "locks/", Duration.ofMinutes(15), "cron-a",
          clock);
      RunSettings settings = new RunSettings(WORKGROUP, 1, Duration.ofHours(2), 3, Duration.ofMillis(20),
          Duration.ofMillis(100));

      List<TableOutcome> outcomes = new MaintenanceRunner(fixture.tool().athena(), settings, thisRun, clock)
          .run(List.of(compactAndVacuum("orders")), RunListener.NONE);

      List<String> athena = fixture.proxy().requests().stream().filter(request -> request.service().equals("athena"))
          .map(request -> request.operation()).toList();
      assertThat(athena.subList(0, 3)).containsExactly("GetQueryExecution", "StopQueryExecution", "GetQueryExecution");
      assertThat(athena.indexOf("StartQueryExecution")).isGreaterThan(athena.lastIndexOf("StopQueryExecution"));
      assertThat(fixture.calls("StopQueryExecution")).isEqualTo(1);
      assertThat(fixture.direct().athena().getQueryExecution(get -> get.queryExecutionId(left)).queryExecution()
          .status().state()).isEqualTo(QueryExecutionState.CANCELLED);
      assertThat(outcomes.get(0).succeeded()).isTrue();
      assertThat(outcomes.get(0).lockedBy()).isNull();
      assertThat(fixture.sqlByTable().get("orders")).containsExactly(optimize("orders").sql(),
          optimize("orders").sql(), vacuum("orders").sql());
      assertThat(thisRun.holder("db", "orders")).isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void skipsATableAnotherRunHoldsAndReleasesItsOwnLocks(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      fixture.tool().s3().createBucket(create -> create.bucket(LOCK_BUCKET));
      TableLocks otherRun = new TableLocks(fixture.tool().s3(), LOCK_BUCKET, "locks/", Duration.ofHours(1), "cron-b",
          Clock.systemUTC());
      TableLock held = otherRun.tryAcquire("db", "customers").orElseThrow();
      TableLocks thisRun = new TableLocks(fixture.tool().s3(), LOCK_BUCKET, "locks/", Duration.ofHours(1), "cron-a",
          Clock.systemUTC());

      List<TableOutcome> outcomes = fixture.runner(Duration.ofSeconds(30), 2, 3, thisRun)
          .run(List.of(compactAndVacuum("orders"), compactAndVacuum("customers")), RunListener.NONE);

      assertThat(outcomes.get(0).succeeded()).isTrue();
      assertThat(outcomes.get(0).lockedBy()).isNull();
      assertThat(outcomes.get(1).lockedBy()).startsWith("cron-b on ");
      assertThat(outcomes.get(1).statements()).extracting(StatementOutcome::status, StatementOutcome::error)
          .containsOnly(tuple(StatementStatus.NOT_RUN, "not run: the table is locked by " + outcomes.get(1).lockedBy()
              + " (the lock is s3://" + LOCK_BUCKET + "/locks/db/customers.lock)"));
      assertThat(fixture.sqlByTable()).containsOnlyKeys("orders");
      assertThat(otherRun.holder("db", "customers")).contains(outcomes.get(1).lockedBy());
      assertThat(thisRun.holder("db", "orders")).isEmpty();
      assertThatThrownBy(() -> fixture.direct().s3()
          .headObject(head -> head.bucket(LOCK_BUCKET).key("locks/db/orders.lock")))
          .isInstanceOf(NoSuchKeyException.class);
      held.close();
    }
  }

  @EmulatorTest(motoOnly = true, reason = MOTO_ONLY)
  void failsATableWhoseLockCannotBeTakenAndRunsNothingOnIt(Emulator emulator) {
    try (Fixture fixture = Fixture.start(emulator)) {
      TableLocks missingBucket = new TableLocks(fixture.tool().s3(), "no-such-bucket", "locks/", Duration.ofHours(1),
          "cron-a", Clock.systemUTC());

      List<TableOutcome> outcomes = fixture.runner(Duration.ofSeconds(30), 2, 3, missingBucket)
          .run(List.of(compactAndVacuum("orders")), RunListener.NONE);

      List<StatementOutcome> statements = outcomes.get(0).statements();
      assertThat(statements.get(0).status()).isEqualTo(StatementStatus.FAILED);
      assertThat(statements.get(0).error())
          .startsWith("Cannot lock table (db.orders at s3://no-such-bucket/locks/db/orders.lock): bucket "
              + "no-such-bucket, which holds the table locks (the Athena results bucket), does not exist");
      assertThat(statements.get(1)).extracting(StatementOutcome::status, StatementOutcome::error)
          .containsExactly(StatementStatus.NOT_RUN, "not run: the table could not be locked");
      assertThat(outcomes.get(0).lockedBy()).isNull();
      assertThat(fixture.calls("StartQueryExecution")).isZero();
    }
  }

  /** Counts the executions started and not yet seen to end, as they pass through the proxy. */
  private static final class InFlight {
    private final Set<String> queries = ConcurrentHashMap.newKeySet();
    private final AtomicInteger most = new AtomicInteger();

    static InFlight watch(AwsProxy proxy) {
      InFlight inFlight = new InFlight();
      proxy.rule().service("athena").operation("StartQueryExecution").rewriteResponse(inFlight::started);
      proxy.rule().service("athena").operation("GetQueryExecution").rewriteResponse(inFlight::polled);
      return inFlight;
    }

    private synchronized byte[] started(RecordedExchange exchange) {
      if (exchange.status() == 200) {
        queries.add(json(exchange.body()).path("QueryExecutionId").asText());
        most.accumulateAndGet(queries.size(), Math::max);
      }
      return exchange.body();
    }

    private synchronized byte[] polled(RecordedExchange exchange) {
      JsonNode execution = json(exchange.body()).path("QueryExecution");
      String state = execution.path("Status").path("State").asText();
      if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
        queries.remove(execution.path("QueryExecutionId").asText());
      }
      return exchange.body();
    }

    int most() {
      return most.get();
    }

    int now() {
      return queries.size();
    }
  }
}
