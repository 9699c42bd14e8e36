package dev.lakehouse.maintenance.athena;

import static dev.lakehouse.maintenance.athena.FakeAthena.Step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static software.amazon.awssdk.services.athena.model.QueryExecutionState.FAILED;
import static software.amazon.awssdk.services.athena.model.QueryExecutionState.QUEUED;
import static software.amazon.awssdk.services.athena.model.QueryExecutionState.RUNNING;
import static software.amazon.awssdk.services.athena.model.QueryExecutionState.SUCCEEDED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.maintenance.lock.TableLocks;
import dev.lakehouse.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

class MaintenanceRunnerTest {
  private static final String MORE_RUNS = "ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED: Optimize needs more runs";
  private static final Duration POLL = Duration.ofMillis(1);
  private static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");
  private static final String LOCK = "locks/db/orders.lock";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RunSettings settings(int concurrency, Duration timeout, int maxRounds) {
    return new RunSettings("wg", concurrency, timeout, maxRounds, POLL, Duration.ofMillis(4));
  }

  private static TableWork table(String name) {
    return new TableWork("db", name, List.of(
        new MaintenanceStatement(StatementKind.PROPERTIES, properties(name)),
        new MaintenanceStatement(StatementKind.OPTIMIZE, optimize(name)),
        new MaintenanceStatement(StatementKind.VACUUM, vacuum(name))));
  }

  private static String properties(String name) {
    return "ALTER TABLE db." + name + " SET TBLPROPERTIES ('vacuum_min_snapshots_to_keep'='5')";
  }

  private static String optimize(String name) {
    return "OPTIMIZE db." + name + " REWRITE DATA USING BIN_PACK";
  }

  private static String vacuum(String name) {
    return "VACUUM db." + name;
  }

  private static List<TableOutcome> run(FakeAthena athena, RunSettings settings, TableWork... work) {
    return new MaintenanceRunner(athena, settings, null, Clock.systemUTC()).run(List.of(work), RunListener.NONE);
  }

  /** The statements of table {@code orders} run alone, one at a time, within 30 s each, at most that many rounds. */
  private static List<StatementOutcome> orders(FakeAthena athena, int maxRounds) {
    return run(athena, settings(1, Duration.ofSeconds(30), maxRounds), table("orders")).get(0).statements();
  }

  /** The statements of table {@code orders} run under this run's lock in {@code s3}, at {@link #NOW}. */
  private static List<TableOutcome> ordersLocked(FakeAthena athena, FakeS3 s3) {
    ManualClock clock = new ManualClock(NOW);
    TableLocks locks = new TableLocks(s3, "acme-dev-maintenance", "locks/", Duration.ofMinutes(15), "cron-a", clock);
    return new MaintenanceRunner(athena, settings(1, Duration.ofSeconds(30), 1), locks, clock)
        .run(List.of(table("orders")), RunListener.NONE);
  }

  /** The lock of {@code orders} a run on cron-1 left when it was killed, expired at {@link #NOW}; query may be null. */
  private static String killedRunsLock(String query) {
    return "{\"owner\":\"nightly\",\"host\":\"cron-1\",\"pid\":4242,\"acquiredAt\":\"2026-11-27T01:00:00Z\","
        + "\"expiresAt\":\"2026-11-27T01:55:00Z\",\"lease\":\"PT15M\""
        + (query == null ? "" : ",\"query\":{\"id\":\"" + query + "\",\"workgroup\":\"wg\"}") + "}";
  }

  /** The id of the query the lock of {@code orders} names now, or null. */
  private static String lockedQuery(FakeS3 s3) {
    return s3.body(LOCK).map(MaintenanceRunnerTest::json).map(lock -> lock.path("query").path("id").asText(null))
        .orElse(null);
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AwsServiceException refusal(AwsServiceException.Builder builder, String code) {
    return builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("slow down").build())
        .statusCode(400).build();
  }

  @Test
  void runsOneTablesStatementsInOrderInTheWorkgroupWithATokenEach() {
    FakeAthena athena = new FakeAthena();

    List<TableOutcome> outcomes = run(athena, settings(1, Duration.ofSeconds(30), 3), table("orders"));

    assertThat(athena.starts()).extracting(StartQueryExecutionRequest::queryString)
        .containsExactly(properties("orders"), optimize("orders"), vacuum("orders"));
    assertThat(athena.starts()).extracting(StartQueryExecutionRequest::workGroup).containsOnly("wg");
    assertThat(athena.starts()).extracting(StartQueryExecutionRequest::clientRequestToken).doesNotHaveDuplicates()
        .allSatisfy(token -> assertThat(token).hasSizeGreaterThanOrEqualTo(32));
    assertThat(outcomes.get(0).statements()).extracting(StatementOutcome::status, StatementOutcome::queryIds)
        .containsExactly(tuple(StatementStatus.SUCCEEDED, List.of("q-1")),
            tuple(StatementStatus.SUCCEEDED, List.of("q-2")), tuple(StatementStatus.SUCCEEDED, List.of("q-3")));
  }

  @Test
  void runsAStatementAgainWhileMoreRunsAreNeededAndAddsUpWhatEachRoundScanned() {
    FakeAthena athena = new FakeAthena()
        .script(optimize("orders"), Step.of(RUNNING), new Step(FAILED, MORE_RUNS, 100))
        .script(optimize("orders"), new Step(FAILED, MORE_RUNS, 200))
        .script(optimize("orders"), Step.of(QUEUED), new Step(SUCCEEDED, null, 300));

    StatementOutcome optimize = orders(athena, 3).get(1);

    assertThat(optimize.status()).isEqualTo(StatementStatus.SUCCEEDED);
    assertThat(optimize.rounds()).isEqualTo(3);
    assertThat(optimize.queryIds()).containsExactly("q-2", "q-3", "q-4");
    assertThat(optimize.dataScannedBytes()).isEqualTo(600);
    assertThat(optimize.error()).isNull();
  }

  @Test
  void failsAStatementThatStillNeedsMoreRunsAfterTheLastRoundAndRunsNothingAfterIt() {
    FakeAthena athena = new FakeAthena();
    IntStream.range(0, 3).forEach(i -> athena.script(optimize("orders"), new Step(FAILED, MORE_RUNS, 0)));

    List<StatementOutcome> outcomes = orders(athena, 2);

    assertThat(outcomes.get(1).status()).isEqualTo(StatementStatus.FAILED);
    assertThat(outcomes.get(1).rounds()).isEqualTo(2);
    assertThat(outcomes.get(1).error()).isEqualTo("still ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED after 2 rounds (the most "
        + "allowed); the next run goes on where this one stopped: " + MORE_RUNS);
    assertThat(outcomes.get(2)).extracting(StatementOutcome::status, StatementOutcome::error)
        .containsExactly(StatementStatus.NOT_RUN, "not run: the OPTIMIZE before it failed");
    assertThat(athena.starts()).hasSize(3);
  }

  @Test
  void runsAVacuumAgainWhileItNeedsMoreRuns() {
    FakeAthena athena = new FakeAthena()
        .script(vacuum("orders"), new Step(FAILED, "ICEBERG_VACUUM_MORE_RUNS_NEEDED: Vacuum needs more runs", 0));

    StatementOutcome vacuum = orders(athena, 5).get(2);

    assertThat(vacuum.status()).isEqualTo(StatementStatus.SUCCEEDED);
    assertThat(vacuum.rounds()).isEqualTo(2);
  }

  @Test
  void doesNotRunAgainAVacuumThatFailedForAnotherReason() {
    FakeAthena athena = new FakeAthena()
        .script(vacuum("orders"), new Step(FAILED, "ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED: not VACUUM's code", 0));

    StatementOutcome vacuum = orders(athena, 5).get(2);

    assertThat(vacuum.status()).isEqualTo(StatementStatus.FAILED);
    assertThat(vacuum.rounds()).isEqualTo(1);
  }

  private static final String COMMIT = "ICEBERG_COMMIT_ERROR: Failed to commit Iceberg update to table";

  @Test
  void runsAgainAStatementThatFailedWithAnErrorAthenaMarksRetryable() {
    FakeAthena athena = new FakeAthena()
        .script(optimize("orders"), Step.of(RUNNING), Step.failedRetryably(COMMIT))
        .script(optimize("orders"), Step.failedRetryably(COMMIT))
        .script(optimize("orders"), new Step(SUCCEEDED, null, 300));

    List<StatementOutcome> outcomes = orders(athena, 3);

    StatementOutcome optimize = outcomes.get(1);
    assertThat(optimize.status()).isEqualTo(StatementStatus.SUCCEEDED);
    assertThat(optimize.queryIds()).containsExactly("q-2", "q-3", "q-4");
    assertThat(optimize.rounds()).isEqualTo(3);
    assertThat(optimize.error()).isNull();
    assertThat(athena.starts()).extracting(StartQueryExecutionRequest::clientRequestToken).doesNotHaveDuplicates();
    assertThat(outcomes.get(2).status()).isEqualTo(StatementStatus.SUCCEEDED);
  }

  @Test
  void failsAStatementStillFailingRetryablyAfterItsRetriesAndRunsNothingAfterIt() {
    FakeAthena athena = new FakeAthena();
    IntStream.range(0, 4).forEach(i -> athena.script(properties("orders"), Step.failedRetryably(COMMIT)));

    List<StatementOutcome> outcomes = orders(athena, 3);

    assertThat(outcomes.get(0).status()).isEqualTo(StatementStatus.FAILED);
    assertThat(outcomes.get(0).rounds()).as("the run, and two retries").isEqualTo(3);
    assertThat(outcomes.get(0).error()).isEqualTo(COMMIT + " (still failing after 2 retries of an error Athena "
        + "marks retryable; the next run tries again)");
    assertThat(outcomes.get(1).status()).isEqualTo(StatementStatus.NOT_RUN);
    assertThat(athena.starts()).hasSize(3);
  }

  @Test
  void doesNotRunAgainAStatementThatFailedWithAnErrorAthenaDoesNotMarkRetryable() {
    FakeAthena athena = new FakeAthena()
        .script(optimize("orders"), new Step(FAILED, "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved", 0));

    StatementOutcome optimize = orders(athena, 3).get(1);

    assertThat(optimize.status()).isEqualTo(StatementStatus.FAILED);
    assertThat(optimize.rounds()).isEqualTo(1);
    assertThat(optimize.error()).isEqualTo("COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved");
  }

  @Test
  void retriesAreCountedApartFromTheRoundsMoreRunsNeededAsksFor() {
    FakeAthena athena = new FakeAthena()
        .script(optimize("orders"), new Step(FAILED, MORE_RUNS, 0))
        .script(optimize("orders"), Step.failedRetryably(COMMIT))
        .script(optimize("orders"), new Step(FAILED, MORE_RUNS, 0))
        .script(optimize("orders"), new Step(FAILED, MORE_RUNS, 0));

    StatementOutcome optimize = run(athena, new RunSettings("wg", 1, Duration.ofSeconds(30), 3, POLL,
        Duration.ofMillis(4), 1), table("orders")).get(0).statements().get(1);

    assertThat(optimize.status()).isEqualTo(StatementStatus.FAILED);
    assertThat(optimize.rounds()).isEqualTo(4);
    assertThat(optimize.error()).startsWith("still ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED after 3 rounds (the most allowed)");
  }

  @Test
  void withNoRetriesAllowedARetryableFailureFailsTheStatement() {
    FakeAthena athena = new FakeAthena().script(vacuum("orders"), Step.failedRetryably(COMMIT));

    StatementOutcome vacuum = run(athena, new RunSettings("wg", 1, Duration.ofSeconds(30), 3, POLL,
        Duration.ofMillis(4), 0), table("orders")).get(0).statements().get(2);

    assertThat(vacuum).extracting(StatementOutcome::status, StatementOutcome::rounds, StatementOutcome::error)
        .containsExactly(StatementStatus.FAILED, 1, COMMIT);
  }

  @Test
  void retriesAThrottledStartWithTheSameToken() {
    FakeAthena athena = new FakeAthena().refuseStarts(refusal(TooManyRequestsException.builder(),
        "TooManyRequestsException"), 3);

    StatementOutcome properties = orders(athena, 1).get(0);

    assertThat(properties.status()).isEqualTo(StatementStatus.SUCCEEDED);
    assertThat(athena.starts()).hasSize(6);
    assertThat(athena.starts().subList(0, 4)).extracting(StartQueryExecutionRequest::clientRequestToken)
        .containsOnly(athena.starts().get(0).clientRequestToken());
  }

  @Test
  void timesOutAStatementAthenaKeepsRefusingToStart() {
    FakeAthena athena = new FakeAthena().refuseStarts(refusal(TooManyRequestsException.builder(),
        "TooManyRequestsException"), 100_000);

    List<StatementOutcome> outcomes = run(athena, settings(1, Duration.ofMillis(50), 1), table("orders")).get(0)
        .statements();

    assertThat(outcomes.get(0).status()).isEqualTo(StatementStatus.TIMED_OUT);
    assertThat(outcomes.get(0).queryIds()).isEmpty();
    // The advice is maintain's own knob: the SDK-wide one names --parallelism, which maintain does not have.
    assertThat(outcomes.get(0).error()).isEqualTo("Athena did not accept the PROPERTIES within 50ms: it throttled "
        + "every start (TooManyRequestsException: slow down [HTTP 400]); fewer queries at once "
        + "(--max-concurrent-queries, maintenance.maxConcurrentQueries) leave more of the account's Athena quota to "
        + "each");
    assertThat(outcomes.get(1).error()).isEqualTo("not run: the PROPERTIES before it timed out");
  }

  private static final Instant NIGHT = Instant.parse("2026-11-27T02:00:00Z");

  /** The time a call may take, its SDK retries included ({@code apiCallTimeout}). */
  private static Duration callTimeout(AwsRequest request) {
    return request.overrideConfiguration().flatMap(AwsRequestOverrideConfiguration::apiCallTimeout).orElse(null);
  }

  private static boolean throttlingLeftToRunner(AwsRequest request) {
    return request.overrideConfiguration().map(overrides -> overrides.plugins().contains(ThrottlingLeftToRunner.PLUGIN))
        .orElse(false);
  }

  private static TableWork optimizeOnly(String name) {
    return new TableWork("db", name, List.of(new MaintenanceStatement(StatementKind.OPTIMIZE, optimize(name))));
  }

  @Test
  void timeLeftIsTheTimeUntilTheDeadlineInWholeMillisecondsAndNoneOnceItHasCome() {
    assertThat(MaintenanceRunner.timeLeft(NIGHT, NIGHT.plusSeconds(8).plusNanos(400_700_000)))
        .contains(Duration.ofMillis(8_400));
    assertThat(MaintenanceRunner.timeLeft(NIGHT, NIGHT.plusNanos(900_000))).as("less than a millisecond").isEmpty();
    assertThat(MaintenanceRunner.timeLeft(NIGHT, NIGHT)).isEmpty();
    assertThat(MaintenanceRunner.timeLeft(NIGHT, NIGHT.minusSeconds(1))).isEmpty();
  }

  @Test
  void aPollIsGivenTheTimeLeftButNeverLessThanTheLeastPoll() {
    assertThat(MaintenanceRunner.pollTime(NIGHT, NIGHT.plusSeconds(20))).isEqualTo(Duration.ofSeconds(20));
    assertThat(MaintenanceRunner.pollTime(NIGHT, NIGHT.plusMillis(90))).isEqualTo(MaintenanceRunner.LEAST_POLL);
    assertThat(MaintenanceRunner.pollTime(NIGHT, NIGHT.minusSeconds(5))).isEqualTo(MaintenanceRunner.LEAST_POLL);
  }

  @Test
  void eachStartAndPollMayTakeOnlyTheTimeLeftUntilTheStatementTimeoutAndTheStopAtItNoMoreThanTheStopWait() {
    // Each poll finds the time 10 s on: the OPTIMIZE, still running, reaches its 30 s timeout at the third.
    ManualClock clock = new ManualClock(NIGHT);
    FakeAthena athena = new FakeAthena().onPoll(() -> clock.advance(Duration.ofSeconds(10)))
        .script(optimize("orders"), Step.of(RUNNING));

    StatementOutcome optimize = new MaintenanceRunner(athena, settings(1, Duration.ofSeconds(30), 1), null, clock)
        .run(List.of(optimizeOnly("orders")), RunListener.NONE).get(0).statements().get(0);

    assertThat(optimize).extracting(StatementOutcome::status, StatementOutcome::error)
        .containsExactly(StatementStatus.TIMED_OUT, "did not end within 30s (query q-1); stopped it");
    assertThat(athena.requests()).extracting(request -> request.getClass().getSimpleName().replace("Request", ""),
        MaintenanceRunnerTest::callTimeout, MaintenanceRunnerTest::throttlingLeftToRunner).containsExactly(
            tuple("StartQueryExecution", Duration.ofSeconds(30), true),
            tuple("GetQueryExecution", Duration.ofSeconds(30), true),
            tuple("GetQueryExecution", Duration.ofSeconds(20), true),
            tuple("GetQueryExecution", Duration.ofSeconds(10), true),
            tuple("StopQueryExecution", MaintenanceRunner.STOP_WAIT, false),
            tuple("GetQueryExecution", MaintenanceRunner.STOP_WAIT, true));
  }

  @Test
  void aStartCutOffByTheTimeoutIsMadeAgainWithItsTokenAndTheQueryItStartedAllTheSameIsStopped() {
    // The first start reaches Athena as the timeout comes: the SDK gives it up, with no answer.
    ManualClock clock = new ManualClock(NIGHT);
    AtomicInteger starts = new AtomicInteger();
    FakeAthena athena = new FakeAthena()
        .onStart(() -> clock.advance(starts.incrementAndGet() == 1 ? Duration.ofMinutes(30) : Duration.ZERO))
        .refuseStarts(ApiCallTimeoutException.create(1_800_000), 1)
        .script(optimize("orders"), Step.of(RUNNING));

    StatementOutcome optimize = new MaintenanceRunner(athena, settings(1, Duration.ofMinutes(30), 1), null, clock)
        .run(List.of(optimizeOnly("orders")), RunListener.NONE).get(0).statements().get(0);

    assertThat(athena.starts()).hasSize(2).extracting(StartQueryExecutionRequest::clientRequestToken)
        .containsOnly(athena.starts().get(0).clientRequestToken());
    assertThat(callTimeout(athena.starts().get(1))).as("the start made again, past the timeout")
        .isEqualTo(MaintenanceRunner.STOP_WAIT);
    assertThat(athena.requests()).filteredOn(GetQueryExecutionRequest.class::isInstance).first()
        .extracting(MaintenanceRunnerTest::callTimeout).as("a poll at the timeout")
        .isEqualTo(MaintenanceRunner.LEAST_POLL);
    assertThat(athena.stopped()).containsExactly("q-1");
    assertThat(optimize).extracting(StatementOutcome::status, StatementOutcome::queryIds, StatementOutcome::error)
        .containsExactly(StatementStatus.TIMED_OUT, List.of("q-1"), "did not end within 30m (query q-1); stopped it");
  }

  @Test
  void aStartCutOffByTheTimeoutThatAthenaThrottlesAgainIsReportedAsThrottledUntilTheTimeout() {
    ManualClock clock = new ManualClock(NIGHT);
    AtomicInteger starts = new AtomicInteger();
    AwsServiceException throttled = refusal(TooManyRequestsException.builder(), "TooManyRequestsException");
    FakeAthena athena = new FakeAthena()
        .onStart(() -> clock.advance(starts.incrementAndGet() == 2 ? Duration.ofMinutes(30) : Duration.ZERO))
        .refuseStarts(throttled, 1).refuseStarts(ApiCallTimeoutException.create(1_800_000), 1)
        .refuseStarts(throttled, 1);

    List<StatementOutcome> outcomes = new MaintenanceRunner(athena, settings(1, Duration.ofMinutes(30), 1), null,
        clock).run(List.of(table("orders")), RunListener.NONE).get(0).statements();

    assertThat(athena.starts()).hasSize(3).extracting(StartQueryExecutionRequest::clientRequestToken)
        .containsOnly(athena.starts().get(0).clientRequestToken());
    assertThat(athena.stopped()).isEmpty();
    assertThat(outcomes.get(0)).extracting(StatementOutcome::status, StatementOutcome::queryIds)
        .containsExactly(StatementStatus.TIMED_OUT, List.of());
    assertThat(outcomes.get(0).error()).isEqualTo("Athena did not accept the PROPERTIES within 30m: it throttled "
        + "every start (TooManyRequestsException: slow down [HTTP 400]); fewer queries at once "
        + "(--max-concurrent-queries, maintenance.maxConcurrentQueries) leave more of the account's Athena quota to "
        + "each");
    assertThat(outcomes.get(1).error()).isEqualTo("not run: the PROPERTIES before it timed out");
  }

  @Test
  void failsAStatementAthenaRefusesToStartForAnotherReason() {
    FakeAthena athena = new FakeAthena().refuseStarts(refusal(InvalidRequestException.builder(),
        "InvalidRequestException"), 1);

    StatementOutcome properties = orders(athena, 1).get(0);

    assertThat(properties.status()).isEqualTo(StatementStatus.FAILED);
    assertThat(properties.error()).startsWith("Cannot start the PROPERTIES of db.orders in workgroup wg: "
        + "InvalidRequestException: slow down");
    assertThat(athena.starts()).hasSize(1);
  }

  @Test
  void stopsAQueryStillRunningAtTheTimeout() {
    FakeAthena athena = new FakeAthena().script(optimize("orders"), Step.of(QUEUED), Step.of(RUNNING));

    List<StatementOutcome> outcomes = run(athena, settings(1, Duration.ofMillis(30), 1), table("orders")).get(0)
        .statements();

    assertThat(outcomes.get(1).status()).isEqualTo(StatementStatus.TIMED_OUT);
    assertThat(outcomes.get(1).error()).isEqualTo("did not end within 30ms (query q-2); stopped it");
    assertThat(athena.stopped()).containsExactly("q-2");
    assertThat(outcomes.get(2).status()).isEqualTo(StatementStatus.NOT_RUN);
  }

  @Test
  void aQueryThatEndedBeforeItsStopAtTheTimeoutReachedItIsReportedAsItEnded() {
    // Each poll finds the time an hour on: the OPTIMIZE is past its timeout at its first poll, and
    // has succeeded (committed) by the time the stop reaches it.
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-11-27T02:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public java.time.Instant instant() {
        return now.get();
      }

      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    FakeAthena athena = new FakeAthena().endsBeforeStops()
        .onPoll(() -> now.updateAndGet(at -> at.plus(Duration.ofHours(1))))
        .script(optimize("orders"), Step.of(RUNNING), new Step(SUCCEEDED, null, 500));

    List<StatementOutcome> outcomes = new MaintenanceRunner(athena, settings(1, Duration.ofMinutes(30), 1), null,
        clock).run(List.of(table("orders")), RunListener.NONE).get(0).statements();

    assertThat(athena.stopped()).containsExactly("q-2");
    assertThat(outcomes).extracting(StatementOutcome::status).containsExactly(StatementStatus.SUCCEEDED,
        StatementStatus.SUCCEEDED, StatementStatus.SUCCEEDED);
    assertThat(outcomes.get(1).dataScannedBytes()).isEqualTo(500);
    assertThat(outcomes.get(1).error()).isNull();
  }

  @Test
  void neverHasMoreQueriesInFlightThanTheCap() {
    // The first executions stay running until three are in flight: the cap is reached however the
    // workers are scheduled, and then must not be passed.
    FakeAthena athena = new FakeAthena().holdUntilInFlight(3, Duration.ofSeconds(10));
    List<TableWork> work = IntStream.range(0, 8).mapToObj(i -> table("t" + i)).toList();
    work.forEach(table -> table.statements().forEach(statement ->
        athena.script(statement.sql(), Step.of(QUEUED), Step.of(RUNNING), Step.of(SUCCEEDED))));

    List<TableOutcome> outcomes = new MaintenanceRunner(athena, settings(3, Duration.ofSeconds(30), 1), null,
        Clock.systemUTC()).run(work, RunListener.NONE);

    assertThat(athena.mostInFlight()).isEqualTo(3);
    assertThat(outcomes).extracting(outcome -> outcome.work().table())
        .containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7");
    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());
  }

  @Test
  void runsNothingOnceStopped() {
    FakeAthena athena = new FakeAthena();
    MaintenanceRunner runner = new MaintenanceRunner(athena, settings(2, Duration.ofSeconds(30), 1), null,
        Clock.systemUTC());
    runner.stop();

    List<TableOutcome> outcomes = runner.run(List.of(table("a"), table("b")), RunListener.NONE);

    assertThat(athena.starts()).isEmpty();
    assertThat(outcomes).flatExtracting(TableOutcome::statements).extracting(StatementOutcome::status)
        .containsOnly(StatementStatus.NOT_RUN);
  }

  @Test
  void theTablesLockNamesEachQueryWhileItRunsAndNoneBetweenThem() {
    FakeS3 s3 = new FakeS3();
    FakeAthena athena = new FakeAthena().script(optimize("orders"), Step.of(RUNNING), Step.of(SUCCEEDED));
    List<String> atStarts = new CopyOnWriteArrayList<>();
    List<String> atPolls = new CopyOnWriteArrayList<>();
    athena.onStart(() -> atStarts.add(String.valueOf(lockedQuery(s3))))
        .onPoll(() -> atPolls.add(String.valueOf(lockedQuery(s3))));

    List<TableOutcome> outcomes = ordersLocked(athena, s3);

    assertThat(outcomes.get(0).succeeded()).isTrue();
    assertThat(atStarts).containsExactly("null", "null", "null");
    assertThat(atPolls).containsExactly("q-1", "q-2", "q-2", "q-3");
    assertThat(s3.body(LOCK)).as("released at the end").isEmpty();
  }

  @Test
  void stopsTheQueryAKilledRunsExpiredLockNamesBeforeWorkingOnTheTable() {
    FakeS3 s3 = new FakeS3();
    s3.write(LOCK, killedRunsLock("q-left"));
    FakeAthena athena = new FakeAthena().startedElsewhere("q-left", optimize("orders"), Step.of(RUNNING));
    List<String> atPolls = new CopyOnWriteArrayList<>();
    athena.onPoll(() -> atPolls.add(s3.body(LOCK).map(MaintenanceRunnerTest::json)
        .map(lock -> lock.path("owner").asText() + " " + lock.path("query").path("id").asText(null)).orElse(null)));

    List<TableOutcome> outcomes = ordersLocked(athena, s3);

    assertThat(athena.stopped()).containsExactly("q-left");
    List<AwsRequest> requests = athena.requests();
    assertThat(requests.subList(0, 3)).extracting(MaintenanceRunnerTest::describe).containsExactly(
        "GetQueryExecution q-left", "StopQueryExecution q-left", "GetQueryExecution q-left");
    assertThat(requests.get(3)).isInstanceOf(StartQueryExecutionRequest.class);
    assertThat(atPolls.get(0)).as("the lock taken over names the query until it has been stopped")
        .isEqualTo("cron-a q-left");
    assertThat(outcomes.get(0).succeeded()).isTrue();
    assertThat(outcomes.get(0).lockedBy()).isNull();
    assertThat(s3.body(LOCK)).isEmpty();
  }

  @Test
  void leavesAloneAQueryAKilledRunsExpiredLockNamesThatHasEnded() {
    FakeS3 s3 = new FakeS3();
    s3.write(LOCK, killedRunsLock("q-left"));
    FakeAthena athena = new FakeAthena().startedElsewhere("q-left", optimize("orders"), Step.of(SUCCEEDED));

    List<TableOutcome> outcomes = ordersLocked(athena, s3);

    assertThat(athena.stopped()).isEmpty();
    assertThat(athena.requests().get(0)).extracting(MaintenanceRunnerTest::describe)
        .isEqualTo("GetQueryExecution q-left");
    assertThat(outcomes.get(0).succeeded()).isTrue();
  }

  @Test
  void takesOverAnExpiredLockNamingNoQueryAsBefore() {
    FakeS3 s3 = new FakeS3();
    s3.write(LOCK, killedRunsLock(null));
    FakeAthena athena = new FakeAthena();

    List<TableOutcome> outcomes = ordersLocked(athena, s3);

    assertThat(athena.requests().get(0)).isInstanceOf(StartQueryExecutionRequest.class);
    assertThat(athena.stopped()).isEmpty();
    assertThat(outcomes.get(0).succeeded()).isTrue();
  }

  @Test
  void leavesATableWhoseLiveLockNamesARunningQueryAndThatQueryAlone() {
    FakeS3 s3 = new FakeS3();
    s3.write(LOCK, killedRunsLock("q-other").replace("2026-11-27T01:55:00Z", "2026-11-27T02:10:00Z"));
    FakeAthena athena = new FakeAthena().startedElsewhere("q-other", optimize("orders"), Step.of(RUNNING));

    List<TableOutcome> outcomes = ordersLocked(athena, s3);

    assertThat(athena.requests()).isEmpty();
    assertThat(outcomes.get(0).lockedBy()).startsWith("nightly on cron-1 (pid 4242)");
    assertThat(lockedQuery(s3)).isEqualTo("q-other");
  }

  private static String describe(AwsRequest request) {
    if (request instanceof GetQueryExecutionRequest get) {
      return "GetQueryExecution " + get.queryExecutionId();
    }
    if (request instanceof StopQueryExecutionRequest stop) {
      return "StopQueryExecution " + stop.queryExecutionId();
    }
    return request.getClass().getSimpleName();
  }
}
