package dev.lakehouse.maintenance.athena;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionResponse;

/**
 * An Athena for unit tests: each start of a query takes the next scripted sequence of states for
 * its SQL (SUCCEEDED at once when none is left); each poll answers the next state, the last one
 * repeating; a stop makes it CANCELLED. Refusals queued with {@link #refuseStarts} are thrown by
 * the next starts. Counts how many executions are in flight at once, and can hold every execution
 * running until that many are ({@link #holdUntilInFlight}); may know of executions started before the
 * run ({@link #startedElsewhere}). Keeps every request, in order.
 */
final class FakeAthena implements AthenaClient {
  record Step(QueryExecutionState state, String reason, long scanned, boolean retryable) {
    Step(QueryExecutionState state, String reason, long scanned) {
      this(state, reason, scanned, false);
    }

    static Step of(QueryExecutionState state) {
      return new Step(state, null, 0);
    }

    /** A failure Athena marks retryable ({@code AthenaError.Retryable}). */
    static Step failedRetryably(String reason) {
      return new Step(QueryExecutionState.FAILED, reason, 0, true);
    }
  }

  private final Map<String, Deque<List<Step>>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Deque<SdkException> refusals = new ArrayDeque<>();
  private final List<AwsRequest> requests = new ArrayList<>();
  private final List<StartQueryExecutionRequest> starts = new ArrayList<>();
  private final List<String> stopped = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private int inFlight;
  private int mostInFlight;
  private int holdUntilInFlight;
  private long holdDeadline;
  private boolean endsBeforeStops;
  private Runnable onPoll = () -> {};
  private Runnable onStart = () -> {};

  private static final class Execution {
    final String sql;
    final List<Step> steps;
    int next;
    boolean cancelled;
    boolean ended;

    Execution(String sql, List<Step> steps) {
      this.sql = sql;
      this.steps = steps;
    }
  }

  synchronized FakeAthena script(String sql, Step... steps) {
    scripts.computeIfAbsent(sql, s -> new ArrayDeque<>()).add(List.of(steps));
    return this;
  }

  /**
   * Answers every poll with RUNNING (moving no execution on) until {@code executions} have been in
   * flight at once, or {@code atMost} has passed: so that a runner that can run that many at once
   * does, however its threads are scheduled.
   */
  synchronized FakeAthena holdUntilInFlight(int executions, Duration atMost) {
    holdUntilInFlight = executions;
    holdDeadline = System.nanoTime() + atMost.toNanos();
    return this;
  }

  /**
   * A stop reaching an execution whose next state is an end does not cancel it: it ended (as
   * Athena's StopQueryExecution of an execution that has ended leaves it as it ended).
   */
  synchronized FakeAthena endsBeforeStops() {
    endsBeforeStops = true;
    return this;
  }

  /** Runs {@code action} at each poll, before it is answered. */
  synchronized FakeAthena onPoll(Runnable action) {
    onPoll = action;
    return this;
  }

  /** Runs {@code action} at each start, before it is answered (or refused). */
  synchronized FakeAthena onStart(Runnable action) {
    onStart = action;
    return this;
  }

  /**
   * An execution started before the run ({@code id}, of {@code sql}), by a run killed since, say: it
   * goes through {@code steps} as it is polled, as the executions the runner starts do.
   */
  synchronized FakeAthena startedElsewhere(String id, String sql, Step... steps) {
    executions.put(id, new Execution(sql, List.of(steps)));
    inFlight++;
    return this;
  }

  synchronized FakeAthena refuseStarts(SdkException refusal, int times) {
    for (int i = 0; i < times; i++) {
      refusals.add(refusal);
    }
    return this;
  }

  synchronized List<AwsRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized List<StartQueryExecutionRequest> starts() {
    return List.copyOf(starts);
  }

  synchronized List<String> stopped() {
    return List.copyOf(stopped);
  }

  synchronized int mostInFlight() {
    return mostInFlight;
  }

  synchronized String sqlOf(String queryId) {
    return executions.get(queryId).sql;
  }

  @Override
  public synchronized StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest request) {
    requests.add(request);
    starts.add(request);
    onStart.run();
    if (!refusals.isEmpty()) {
      throw refusals.poll();
    }
    Deque<List<Step>> queued = scripts.get(request.queryString());
    List<Step> steps = queued == null || queued.isEmpty() ? List.of(Step.of(QueryExecutionState.SUCCEEDED))
        : queued.poll();
    String id = "q-" + ids.incrementAndGet();
    executions.put(id, new Execution(request.queryString(), steps));
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    return StartQueryExecutionResponse.builder().queryExecutionId(id).build();
  }

  @Override
  public synchronized GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest request) {
    requests.add(request);
    onPoll.run();
    Execution execution = executions.get(request.queryExecutionId());
    boolean held = mostInFlight < holdUntilInFlight && System.nanoTime() - holdDeadline < 0;
    Step step = execution.cancelled ? Step.of(QueryExecutionState.CANCELLED)
        : held ? Step.of(QueryExecutionState.RUNNING)
        : execution.steps.get(Math.min(execution.next++, execution.steps.size() - 1));
    boolean ended = step.state() != QueryExecutionState.QUEUED && step.state() != QueryExecutionState.RUNNING;
    if (ended && !execution.ended) {
      execution.ended = true;
      inFlight--;
    }
    return GetQueryExecutionResponse.builder().queryExecution(QueryExecution.builder()
        .queryExecutionId(request.queryExecutionId())
        .query(execution.sql)
        .status(status -> status.state(step.state()).stateChangeReason(step.reason())
            .athenaError(step.reason() == null ? null
                : AthenaError.builder().errorMessage(step.reason()).retryable(step.retryable()).build()))
        .statistics(statistics -> statistics.dataScannedInBytes(step.scanned()))
        .build()).build();
  }

  @Override
  public synchronized StopQueryExecutionResponse stopQueryExecution(StopQueryExecutionRequest request) {
    requests.add(request);
    stopped.add(request.queryExecutionId());
    Execution execution = executions.get(request.queryExecutionId());
    QueryExecutionState next = execution.steps.get(Math.min(execution.next, execution.steps.size() - 1)).state();
    if (!endsBeforeStops || next == QueryExecutionState.QUEUED || next == QueryExecutionState.RUNNING) {
      execution.cancelled = true;
    }
    return StopQueryExecutionResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "athena";
  }

  @Override
  public void close() {}
}
