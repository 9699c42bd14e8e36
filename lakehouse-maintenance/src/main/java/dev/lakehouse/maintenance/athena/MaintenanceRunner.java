package dev.lakehouse.maintenance.athena;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.config.units.Durations;
import dev.lakehouse.maintenance.lock.LockHolder;
import dev.lakehouse.maintenance.lock.RunningQuery;
import dev.lakehouse.maintenance.lock.TableLock;
import dev.lakehouse.maintenance.lock.TableLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;

/**
 * Runs the maintenance statements of many tables through Athena.
 *
 * <p>Tables run in parallel on {@code maxConcurrentQueries} worker threads, each taking one table
 * at a time and running its statements in order, one query execution at a time: so no more than
 * {@code maxConcurrentQueries} executions are ever queued or running, which is what Athena's active
 * DML quota counts. A worker takes the table's {@link TableLocks lock} first (a table another run
 * holds is skipped, its statements NOT_RUN and {@link TableOutcome#lockedBy()} naming the holder;
 * a lock that cannot be taken for an AWS error fails the first statement), asks its {@link Recheck}
 * what is due now that no other run can work on the table, and keeps the lock alive while it works.
 * {@link RunListener#finished} hears of every statement, NOT_RUN ones included.
 *
 * <p>While a statement's query execution runs, the table's lock names it ({@link TableLock#naming}).
 * A run killed outright (SIGKILL, the OOM killer, a host lost) leaves its query running in Athena and
 * its lock to expire; the run that takes that lock over stops the query it names if it is still
 * queued or running, and waits up to {@link #STOP_WAIT} for its end, before it works on the table:
 * so that its own OPTIMIZE or VACUUM never runs beside one nobody is waiting for.
 *
 * <p>Each statement is started with {@code StartQueryExecution} in the workgroup, with a
 * {@code ClientRequestToken} of its own, so that a start retried after throttling or a lost
 * response starts one query, not two. Throttled starts ({@code TooManyRequestsException}) are
 * retried with backoff until the statement timeout. The execution is then polled with
 * {@code GetQueryExecution}, waits doubling from {@code pollInitial} to {@code pollMax} with
 * jitter. A statement Athena fails with {@code ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED} or
 * {@code ICEBERG_VACUUM_MORE_RUNS_NEEDED} is started again, up to {@code maxRounds} times; one
 * that fails with an error Athena marks retryable ({@code AthenaError.Retryable}: an internal error,
 * a commit that met another writer's) is started again after a wait, up to {@code maxRetries}
 * times. An execution still queued or running at the statement timeout is stopped
 * ({@code StopQueryExecution}). A statement that does not succeed leaves the rest of its table
 * {@link StatementStatus#NOT_RUN}; other tables go on.
 *
 * <p>The statement timeout holds for every call too, the SDK's own retries included: a start may take
 * only the time left ({@code apiCallTimeout}), a poll the time left or {@link #LEAST_POLL} at the
 * timeout, and the SDK does not retry either when throttled, which the runner does itself, between its
 * own waits ({@link ThrottlingLeftToRunner}). A start cut off by the timeout may have started the query
 * all the same: it is made again with its token, which names that query rather than starting a second
 * one, and the query is stopped. All that is done past the timeout (that start, the stop, the wait for
 * the stopped execution's end) ends within {@link #STOP_WAIT} of it.
 *
 * <p>A runner runs once; {@link #stop()} ends it for good.
 */
public final class MaintenanceRunner {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRunner.class);
  /**
   * How long a stopped execution is given to end before its slot is taken to be free; for one stopped
   * at the statement timeout, counted from the timeout.
   */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);
  /**
   * The least time a poll is given, the last one at the statement timeout included: long enough for
   * Athena's answer, which may be that the query ended just before the timeout.
   */
  static final Duration LEAST_POLL = Duration.ofSeconds(1);
  /** How long {@link #stop()} waits for the workers to record how their statements ended. */
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final AthenaClient athena;
  private final RunSettings settings;
  private final TableLocks locks;
  private final Clock clock;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile CountDownLatch finished = new CountDownLatch(0);
  private volatile boolean stopped;

  /**
   * @param locks the cross-run table locks, or null to run without them (a single run is then
   *     the only guard against two runs on one table)
   * @param clock the time that statement timeouts, durations and lock expiries are counted in
   */
  public MaintenanceRunner(AthenaClient athena, RunSettings settings, TableLocks locks, Clock clock) {
    this.athena = Objects.requireNonNull(athena, "athena");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.locks = locks;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs every table's statements: tables in parallel, at most maxConcurrentQueries queries in
   * flight across all tables, one table's statements in order; a failed statement stops the rest of
   * that table (NOT_RUN) but not other tables. Blocks until all are done or stop() was called.
   *
   * @return one outcome per table, in the order of {@code work}
   */
  public List<TableOutcome> run(List<TableWork> work, RunListener listener) {
    return run(work, listener, Recheck.NONE);
  }

  /**
   * As {@link #run(List, RunListener)}, each table's statements those {@code recheck} finds due once
   * its lock is held (a table whose work another run did meanwhile may have none left).
   *
   * @return one outcome per table, in the order of {@code work}, each with the work that was run
   */
  public List<TableOutcome> run(List<TableWork> work, RunListener listener, Recheck recheck) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(recheck, "recheck");
    if (work.isEmpty()) {
      return List.of();
    }
    CountDownLatch done = new CountDownLatch(1);
    finished = done;
    int threads = Math.min(settings.maxConcurrentQueries(), work.size());
    AtomicInteger count = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "lakehouse-maintain-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<TableOutcome>> tables = new ArrayList<>();
      for (TableWork table : work) {
        tables.add(workers.submit(() -> runTable(table, listener, recheck)));
      }
      List<TableOutcome> outcomes = new ArrayList<>();
      for (Future<TableOutcome> table : tables) {
        outcomes.add(join(table));
      }
      return outcomes;
    } finally {
      workers.shutdownNow();
      done.countDown();
    }
  }

  /**
   * From another thread (Ctrl-C): StopQueryExecution on every running query, start no more; run()
   * then returns. Waits (up to half a minute) until the workers have recorded how their statements
   * ended, so that it may be called from a shutdown hook.
   */
  public void stop() {
    stopped = true;
    stopSignal.countDown();
    Instant giveUp = clock.instant().plus(STOP_GRACE);
    for (String queryId : List.copyOf(running)) {
      stopQuery(queryId, giveUp);
    }
    try {
      finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@link #stop()} was called. */
  public boolean isStopped() {
    return stopped;
  }

  private TableOutcome runTable(TableWork work, RunListener listener, Recheck recheck) {
    if (stopped) {
      return notRun(work, "not run: the run was stopped", null, listener);
    }
    Optional<TableLock> lock = Optional.empty();
    if (locks != null) {
      try {
        lock = locks.tryAcquire(work.database(), work.table());
      } catch (RuntimeException e) {
        return lockFailed(work, e.getMessage(), listener);
      }
      if (lock.isEmpty()) {
        String holder = holderOf(work);
        return notRun(work, "not run: the table is locked by " + holder + " (the lock is s3://" + locks.bucket()
            + "/" + locks.key(work.database(), work.table()) + ")", holder, listener);
      }
    }
    try {
      lock.ifPresent(held -> stopLeftRunning(work, held));
      TableWork due = recheck(recheck, work);
      List<StatementOutcome> outcomes = new ArrayList<>();
      String blocked = null;
      for (MaintenanceStatement statement : due.statements()) {
        StatementOutcome outcome;
        if (blocked == null && lock.isPresent() && !lock.get().keepAlive()) {
          blocked = "not run: another run took over the table's lock";
        }
        if (blocked != null) {
          outcome = StatementOutcome.notRun(statement, blocked);
        } else if (stopped) {
          outcome = StatementOutcome.notRun(statement, "not run: the run was stopped");
        } else {
          outcome = execute(due, statement, lock.orElse(null), listener);
          blocked = blockedBy(outcome);
        }
        outcomes.add(outcome);
        notifyFinished(listener, due, outcome);
      }
      return new TableOutcome(due, outcomes, null);
    } finally {
      lock.ifPresent(TableLock::close);
    }
  }

  /**
   * When {@code lock} was taken over from a run that ended without releasing it, and that run's lock
   * names a query: stops the query if Athena still has it queued or running, and waits until
   * {@link #STOP_WAIT} for its end. A query Athena cannot tell of, or that does not end in time, is
   * logged, and the table's statements run all the same (as they did before locks named queries):
   * the run that started it is gone, so that nothing but a commit conflict, which Athena marks
   * retryable, can come of it.
   */
  private void stopLeftRunning(TableWork work, TableLock lock) {
    Optional<LockHolder> killed = lock.tookOverFrom().filter(holder -> holder.query() != null);
    if (killed.isEmpty() || stopped) {
      return;
    }
    LockHolder holder = killed.get();
    String queryId = holder.query().id();
    String leftBy = "left running on " + work.name() + " by a run on " + holder.host() + " (pid " + holder.pid()
        + ") that ended without releasing its lock";
    Instant giveUp = clock.instant().plus(STOP_WAIT);
    Optional<QueryExecution> seen;
    try {
      seen = read(queryId, pollTime(clock.instant(), giveUp));
    } catch (SdkException e) {
      LOG.warn("Cannot tell whether query {} {} still runs: {}", queryId, leftBy, AwsErrors.reason(e));
      return;
    }
    if (seen.isEmpty() || ended(seen.get()) == null) {
      stopQuery(queryId, giveUp);
      Round end = awaitEnd(queryId, giveUp).map(this::ended).orElse(null);
      if (end != null && end.status() == StatementStatus.CANCELLED) {
        LOG.warn("Stopped query {} {}", queryId, leftBy);
      } else if (end != null) {
        LOG.warn("Query {} {} ended ({}) before it could be stopped", queryId, leftBy, end.status());
      } else {
        LOG.warn("Query {} {} did not report its end within {} of being stopped; running the statements of {} all "
            + "the same", queryId, leftBy, STOP_WAIT, work.name());
        return;
      }
    }
    lock.naming(null);
  }

  /** The work {@code recheck} finds due now; the planned work when it cannot tell. */
  private static TableWork recheck(Recheck recheck, TableWork planned) {
    try {
      TableWork now = recheck.underLock(planned);
      return now == null ? planned : now;
    } catch (RuntimeException e) {
      LOG.warn("Cannot decide again what is due on {} now that it is locked ({}); running what was decided",
          planned.name(), e.getMessage());
      return planned;
    }
  }

  /** The statement timeout as the option writes it ({@code 1h}, {@code 90s}); milliseconds below a second. */
  private String timeout() {
    Duration timeout = settings.statementTimeout();
    return timeout.getNano() == 0 ? Durations.format(timeout) : timeout.toMillis() + "ms";
  }

  private String holderOf(TableWork work) {
    try {
      return locks.holder(work.database(), work.table()).orElse("another run, which has just released it");
    } catch (RuntimeException e) {
      return "another run (" + e.getMessage() + ")";
    }
  }

  private TableOutcome lockFailed(TableWork work, String reason, RunListener listener) {
    List<StatementOutcome> outcomes = new ArrayList<>();
    for (MaintenanceStatement statement : work.statements()) {
      StatementOutcome outcome = outcomes.isEmpty()
          ? new StatementOutcome(statement, StatementStatus.FAILED, List.of(), 0, 0, Duration.ZERO, reason)
          : StatementOutcome.notRun(statement, "not run: the table could not be locked");
      outcomes.add(outcome);
      notifyFinished(listener, work, outcome);
    }
    return new TableOutcome(work, outcomes, null);
  }

  private TableOutcome notRun(TableWork work, String reason, String lockedBy, RunListener listener) {
    List<StatementOutcome> outcomes = new ArrayList<>();
    for (MaintenanceStatement statement : work.statements()) {
      StatementOutcome outcome = StatementOutcome.notRun(statement, reason);
      outcomes.add(outcome);
      notifyFinished(listener, work, outcome);
    }
    return new TableOutcome(work, outcomes, lockedBy);
  }

  /** Why the statements after this outcome do not run, or null when they do. */
  static String blockedBy(StatementOutcome outcome) {
    String kind = outcome.statement().kind().name();
    return switch (outcome.status()) {
      case SUCCEEDED -> null;
      case FAILED -> "not run: the " + kind + " before it failed";
      case TIMED_OUT -> "not run: the " + kind + " before it timed out";
      case CANCELLED -> "not run: the " + kind + " before it was cancelled";
      case NOT_RUN -> "not run: the " + kind + " before it did not run";
    };
  }

  /** Every round of one statement. */
  private StatementOutcome execute(TableWork work, MaintenanceStatement statement, TableLock lock,
      RunListener listener) {
    Instant started = clock.instant();
    List<String> queryIds = new ArrayList<>();
    long scanned = 0;
    String moreRunsCode = statement.kind().moreRunsNeededCode();
    int retries = 0;
    Backoff retryWaits = new Backoff(settings.pollInitial(), settings.pollMax(),
        () -> ThreadLocalRandom.current().nextDouble());
    for (int round = 1; ; round++) {
      Round result = runRound(work, statement, lock, listener);
      if (result.queryId() != null) {
        queryIds.add(result.queryId());
      }
      scanned += result.dataScannedBytes();
      Duration took = Duration.between(started, clock.instant());
      boolean moreRunsNeeded = result.status() == StatementStatus.FAILED && moreRunsCode != null
          && result.error() != null && result.error().contains(moreRunsCode);
      boolean retryable = !moreRunsNeeded && result.status() == StatementStatus.FAILED && result.retryable();
      if (retryable && retries < settings.maxRetries() && !stopped) {
        retries++;
        Duration wait = retryWaits.next();
        LOG.warn("The {} of {} failed with an error Athena marks retryable ({}); running it again in {} ms "
            + "(retry {} of {})", statement.kind(), work.name(), result.error(), wait.toMillis(), retries,
            settings.maxRetries());
        pause(wait);
        if (lock != null && !lock.keepAlive()) {
          return new StatementOutcome(statement, StatementStatus.FAILED, queryIds, queryIds.size(), scanned,
              Duration.between(started, clock.instant()), result.error() + " (Athena marks it retryable, but another "
                  + "run took over the table's lock before it could run again)");
        }
        continue;
      }
      if (!moreRunsNeeded) {
        if (result.status() == StatementStatus.NOT_RUN && round > 1) {
          return new StatementOutcome(statement, StatementStatus.CANCELLED, queryIds, queryIds.size(), scanned, took,
              (stopped ? "stopped (the run was interrupted)" : result.error()) + " before round " + round);
        }
        String error = retryable && retries > 0
            ? result.error() + " (still failing after " + retries + " retr" + (retries == 1 ? "y" : "ies")
                + " of an error Athena marks retryable; the next run tries again)"
            : result.error();
        return new StatementOutcome(statement, result.status(), queryIds, queryIds.size(), scanned,
            result.status() == StatementStatus.NOT_RUN ? Duration.ZERO : took, error);
      }
      // Rounds count the runs MORE_RUNS_NEEDED asked for; retries are counted apart.
      int rounds = round - retries;
      if (rounds >= settings.maxRounds()) {
        return new StatementOutcome(statement, StatementStatus.FAILED, queryIds, queryIds.size(), scanned, took,
            "still " + moreRunsCode + " after " + rounds + " round" + (rounds == 1 ? "" : "s")
                + " (the most allowed); the next run goes on where this one stopped: " + result.error());
      }
      LOG.info("{} of {} needs more runs; starting round {}", statement.kind(), work.name(), rounds + 1);
    }
  }

  /** One query execution of a statement: started, polled until it ends, stopped on timeout or stop(). */
  private Round runRound(TableWork work, MaintenanceStatement statement, TableLock lock, RunListener listener) {
    Instant deadline = clock.instant().plus(settings.statementTimeout());
    Backoff backoff = new Backoff(settings.pollInitial(), settings.pollMax(),
        () -> ThreadLocalRandom.current().nextDouble());
    String token = UUID.randomUUID().toString();
    String queryId = null;
    SdkException throttled = null;
    while (queryId == null) {
      if (stopped) {
        return Round.notStarted("not run: the run was stopped");
      }
      Optional<Duration> left = timeLeft(clock.instant(), deadline);
      if (left.isEmpty()) {
        return notAccepted(statement, throttled);
      }
      try {
        queryId = start(work, statement, token, left.get());
      } catch (ApiCallTimeoutException e) {
        queryId = startedAnyway(work, statement, token, pastTimeout(deadline)).orElse(null);
        if (queryId == null) {
          return notAccepted(statement, throttled);
        }
      } catch (SdkException e) {
        if (!AwsErrors.isThrottling(e)) {
          return Round.failed(null, "Cannot start the " + statement.kind() + " of " + work.name() + " in workgroup "
              + settings.workgroup() + ": " + AwsErrors.reason(e));
        }
        throttled = e;
        Duration wait = backoff.next();
        if (!clock.instant().plus(wait).isBefore(deadline)) {
          return notAccepted(statement, throttled);
        }
        LOG.info("Athena throttled the start of the {} of {}; trying again in {} ms", statement.kind(), work.name(),
            wait.toMillis());
        pause(wait);
        // Throttled starts may go on for up to the statement timeout, far longer than the lock
        // holds unless it is kept alive: another run would take the table over meanwhile.
        if (lock != null && !lock.keepAlive()) {
          return Round.notStarted("not run: another run took over the table's lock");
        }
      }
    }
    running.add(queryId);
    try {
      if (stopped) {
        // stop() may have taken its list of running queries before this one was in it.
        stopQuery(queryId, clock.instant().plus(STOP_WAIT));
      }
      if (lock != null) {
        // A lock lost meanwhile is found by the poll, which stops the query.
        lock.naming(new RunningQuery(queryId, settings.workgroup()));
      }
      notifyStarted(listener, work, statement, queryId);
      return poll(work, statement, queryId, deadline, lock);
    } finally {
      running.remove(queryId);
      if (lock != null) {
        lock.naming(null);
      }
    }
  }

  private String start(TableWork work, MaintenanceStatement statement, String token, Duration left) {
    return athena.startQueryExecution(start -> start
        .queryString(statement.sql())
        .queryExecutionContext(context -> context.database(work.database()))
        .workGroup(settings.workgroup())
        .clientRequestToken(token)
        .overrideConfiguration(throttlingLeftToRunner(left))).queryExecutionId();
  }

  /**
   * After a start the statement timeout cut off on its way: the query Athena started for it all the
   * same, if it did. The start is made again with its token, which Athena answers with the query it
   * started for that token rather than a second one (a query it starts only now, the first start
   * having never reached it, is stopped just the same).
   */
  private Optional<String> startedAnyway(TableWork work, MaintenanceStatement statement, String token,
      Instant giveUp) {
    try {
      return Optional.of(start(work, statement, token, Duration.between(clock.instant(), giveUp)));
    } catch (SdkException e) {
      LOG.warn("The start of the {} of {} was cut off by the statement timeout, and Athena could not be asked "
          + "whether it started the query (client request token {}): {}", statement.kind(), work.name(), token,
          AwsErrors.reason(e));
      return Optional.empty();
    }
  }

  /** A statement Athena did not accept within the timeout: it throttled its starts, or did not answer them. */
  private Round notAccepted(MaintenanceStatement statement, SdkException throttled) {
    String why = throttled == null ? "its start did not complete in time"
        : "it throttled every start (" + AwsErrors.serviceAnswer(throttled) + "); fewer queries at once "
            + "(--max-concurrent-queries, maintenance.maxConcurrentQueries) leave more of the account's Athena "
            + "quota to each";
    return new Round(StatementStatus.TIMED_OUT, null, 0, "Athena did not accept the " + statement.kind() + " within "
        + timeout() + ": " + why);
  }

  private Round poll(TableWork work, MaintenanceStatement statement, String queryId, Instant deadline,
      TableLock lock) {
    Backoff backoff = new Backoff(settings.pollInitial(), settings.pollMax(),
        () -> ThreadLocalRandom.current().nextDouble());
    while (true) {
      Optional<QueryExecution> execution;
      try {
        execution = read(queryId, pollTime(clock.instant(), deadline));
      } catch (SdkException e) {
        stopQuery(queryId, clock.instant().plus(STOP_WAIT));
        return Round.failed(queryId, "Cannot read the state of query " + queryId + " (stopped it): "
            + AwsErrors.reason(e));
      }
      if (execution.isPresent()) {
        Round ended = ended(execution.get());
        if (ended != null) {
          return ended;
        }
      }
      if (stopped) {
        return stoppedRound(queryId, execution);
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        LOG.warn("The {} of {} ({}) did not end within {}; stopping it", statement.kind(), work.name(), queryId,
            timeout());
        return stopOrEnded(queryId, pastTimeout(deadline), StatementStatus.TIMED_OUT,
            "did not end within " + timeout() + " (query " + queryId + "); stopped it");
      }
      if (lock != null && !lock.keepAlive()) {
        // Another run may be starting its own statements on the table: never two at once.
        LOG.warn("The lock of {} was lost while its {} runs (another run may have taken the table over); "
            + "stopping query {}", work.name(), statement.kind(), queryId);
        return stopOrEnded(queryId, now.plus(STOP_WAIT), StatementStatus.CANCELLED, "stopped (query " + queryId
            + "): the table's lock was lost, and another run may have taken the table over");
      }
      Duration wait = backoff.next();
      Duration left = Duration.between(now, deadline);
      pause(wait.compareTo(left) < 0 ? wait : left);
    }
  }

  /** The round's result if the execution has ended, else null. */
  private Round ended(QueryExecution execution) {
    QueryExecutionState state = execution.status() == null ? null : execution.status().state();
    if (state == null) {
      return null;
    }
    String id = execution.queryExecutionId();
    return switch (state) {
      case SUCCEEDED -> new Round(StatementStatus.SUCCEEDED, id, scanned(execution), null);
      case FAILED -> Round.failed(id, scanned(execution), reason(execution), retryable(execution));
      case CANCELLED -> new Round(StatementStatus.CANCELLED, id, scanned(execution), stopped
          ? "stopped (the run was interrupted)"
          : "cancelled outside this run" + Optional.ofNullable(reason(execution)).map(r -> ": " + r).orElse(""));
      default -> null;
    };
  }

  /**
   * Stops the query and waits for its end, until {@code giveUp}: the round as it ended when it ended on
   * its own before the stop reached it (succeeded, committing its work, or failed), else stopped, with
   * this status and error.
   */
  private Round stopOrEnded(String queryId, Instant giveUp, StatementStatus status, String error) {
    stopQuery(queryId, giveUp);
    Optional<QueryExecution> last = awaitEnd(queryId, giveUp);
    Round ended = last.map(this::ended).orElse(null);
    if (ended != null && ended.status() != StatementStatus.CANCELLED) {
      return ended;
    }
    return new Round(status, queryId, last.map(MaintenanceRunner::scanned).orElse(0L), error);
  }

  /** After stop(): what Athena says now, CANCELLED if it has not ended. */
  private Round stoppedRound(String queryId, Optional<QueryExecution> seen) {
    Optional<QueryExecution> now = readQuietly(queryId, STOP_WAIT).or(() -> seen);
    Round ended = now.map(this::ended).orElse(null);
    if (ended != null) {
      return ended;
    }
    return new Round(StatementStatus.CANCELLED, queryId, now.map(MaintenanceRunner::scanned).orElse(0L),
        "stopped (the run was interrupted)");
  }

  /** Polls a stopped execution until Athena reports it ended, until {@code giveUp}. */
  private Optional<QueryExecution> awaitEnd(String queryId, Instant giveUp) {
    Backoff backoff = new Backoff(settings.pollInitial(), settings.pollMax(),
        () -> ThreadLocalRandom.current().nextDouble());
    Optional<QueryExecution> last = Optional.empty();
    while (!stopped) {
      Optional<Duration> left = timeLeft(clock.instant(), giveUp);
      if (left.isEmpty()) {
        break;
      }
      Optional<QueryExecution> execution = readQuietly(queryId, left.get());
      if (execution.isPresent()) {
        last = execution;
        if (ended(execution.get()) != null) {
          return last;
        }
      }
      Duration wait = backoff.next();
      Duration rest = Duration.between(clock.instant(), giveUp);
      pause(wait.compareTo(rest) < 0 ? wait : rest);
    }
    LOG.warn("Query {} did not report its end within {} of being stopped", queryId, STOP_WAIT);
    return last;
  }

  /** The execution as Athena reports it within {@code time}, or empty when that could not be read this time. */
  private Optional<QueryExecution> read(String queryId, Duration time) {
    try {
      return Optional.of(athena.getQueryExecution(get -> get.queryExecutionId(queryId)
          .overrideConfiguration(throttlingLeftToRunner(time))).queryExecution());
    } catch (SdkException e) {
      if (!isTransient(e)) {
        throw e;
      }
      LOG.warn("Cannot read the state of query {} this time: {}", queryId, AwsErrors.reason(e));
      return Optional.empty();
    }
  }

  /** As {@link #read}, empty on any failure: for an execution already given up on. */
  private Optional<QueryExecution> readQuietly(String queryId, Duration time) {
    try {
      return read(queryId, time);
    } catch (SdkException e) {
      LOG.warn("Cannot read the state of query {}: {}", queryId, AwsErrors.reason(e));
      return Optional.empty();
    }
  }

  /** Stops the query, the SDK retrying the call (throttled, too) until {@code until} at the latest. */
  private void stopQuery(String queryId, Instant until) {
    Optional<Duration> left = timeLeft(clock.instant(), until);
    if (left.isEmpty()) {
      LOG.warn("Cannot stop query {}: no time is left to", queryId);
      return;
    }
    try {
      athena.stopQueryExecution(stop -> stop.queryExecutionId(queryId)
          .overrideConfiguration(call -> call.apiCallTimeout(left.get())));
    } catch (SdkException e) {
      LOG.warn("Cannot stop query {}: {}", queryId, AwsErrors.reason(e));
    }
  }

  /** Waits, or less if stop() is called meanwhile. */
  private void pause(Duration wait) {
    try {
      stopSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  /**
   * How long a call may take, its SDK retries included, to end by {@code until}: the time left, in
   * whole milliseconds as the SDK counts it; empty when not one is left.
   */
  static Optional<Duration> timeLeft(Instant now, Instant until) {
    Duration left = Duration.between(now, until).truncatedTo(ChronoUnit.MILLIS);
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  /**
   * When what is done past the statement timeout must end: {@link #STOP_WAIT} after it, but no sooner
   * than {@link #LEAST_POLL} from now, for a call to be made (past that already when a host was suspended).
   */
  private Instant pastTimeout(Instant deadline) {
    Instant giveUp = deadline.plus(STOP_WAIT);
    Instant least = clock.instant().plus(LEAST_POLL);
    return giveUp.isAfter(least) ? giveUp : least;
  }

  /** How long a poll may take: the time left until the deadline, and at least {@link #LEAST_POLL}. */
  static Duration pollTime(Instant now, Instant deadline) {
    return timeLeft(now, deadline).filter(left -> left.compareTo(LEAST_POLL) > 0).orElse(LEAST_POLL);
  }

  /** The overrides of a call that must end within {@code left}, and that the runner tries again when throttled. */
  private static Consumer<AwsRequestOverrideConfiguration.Builder> throttlingLeftToRunner(Duration left) {
    return call -> call.apiCallTimeout(left).addPlugin(ThrottlingLeftToRunner.PLUGIN);
  }

  /** Throttling, a 5xx, or a failure on the way to AWS: worth another poll. */
  static boolean isTransient(SdkException e) {
    return AwsErrors.isThrottling(e) || e instanceof SdkClientException
        || e instanceof AwsServiceException service && service.statusCode() >= 500;
  }

  /** Why Athena failed an execution: its error message, else its state change reason. */
  static String reason(QueryExecution execution) {
    AthenaError error = execution.status().athenaError();
    if (error != null && error.errorMessage() != null && !error.errorMessage().isBlank()) {
      return error.errorMessage();
    }
    return execution.status().stateChangeReason();
  }

  /** Whether Athena says a failed execution might succeed if run again ({@code AthenaError.Retryable}). */
  static boolean retryable(QueryExecution execution) {
    AthenaError error = execution.status().athenaError();
    return error != null && Boolean.TRUE.equals(error.retryable());
  }

  static long scanned(QueryExecution execution) {
    QueryExecutionStatistics statistics = execution.statistics();
    return statistics == null || statistics.dataScannedInBytes() == null ? 0 : statistics.dataScannedInBytes();
  }

  private static void notifyStarted(RunListener listener, TableWork work, MaintenanceStatement statement,
      String queryId) {
    try {
      listener.started(work, statement, queryId);
    } catch (RuntimeException e) {
      LOG.warn("A run listener failed on the start of query {}", queryId, e);
    }
  }

  private static void notifyFinished(RunListener listener, TableWork work, StatementOutcome outcome) {
    try {
      listener.finished(work, outcome);
    } catch (RuntimeException e) {
      LOG.warn("A run listener failed on the end of the {} of {}", outcome.statement().kind(), work.name(), e);
    }
  }

  private static TableOutcome join(Future<TableOutcome> table) {
    try {
      return table.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the maintenance of a table", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * How one query execution ended (or why none started: queryId null); {@code retryable} when it
   * failed with an error Athena marks retryable.
   */
  private record Round(StatementStatus status, String queryId, long dataScannedBytes, String error,
      boolean retryable) {
    Round(StatementStatus status, String queryId, long dataScannedBytes, String error) {
      this(status, queryId, dataScannedBytes, error, false);
    }

    static Round notStarted(String reason) {
      return new Round(StatementStatus.NOT_RUN, null, 0, reason);
    }

    static Round failed(String queryId, String reason) {
      return new Round(StatementStatus.FAILED, queryId, 0, reason);
    }

    static Round failed(String queryId, long scanned, String reason, boolean retryable) {
      return new Round(StatementStatus.FAILED, queryId, scanned, reason == null ? "failed (no reason given)" : reason,
          retryable);
    }
  }

}
