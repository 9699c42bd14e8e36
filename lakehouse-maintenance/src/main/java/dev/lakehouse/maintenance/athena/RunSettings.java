package dev.lakehouse.maintenance.athena;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a run.
 *
 * @param workgroup the Athena workgroup every statement runs in
 * @param maxConcurrentQueries the most query executions queued or running at once, across all
 *     tables (Athena's active DML quota counts queued queries too)
 * @param statementTimeout how long one query execution may be queued and running, counted from
 *     the first start request (throttled starts included), before it is stopped
 * @param maxRounds how many times a statement is started while Athena answers MORE_RUNS_NEEDED
 * @param pollInitial the first wait between two {@code GetQueryExecution} calls (and throttled
 *     starts, and runs again of a statement that failed retryably)
 * @param pollMax the longest such wait; waits double from {@code pollInitial} up to it, with jitter
 * @param maxRetries how many more times a statement is started after it fails with an error Athena
 *     marks retryable ({@code AthenaError.Retryable})
 */
public record RunSettings(String workgroup, int maxConcurrentQueries, Duration statementTimeout,
    int maxRounds, Duration pollInitial, Duration pollMax, int maxRetries) {
  /** The most retries of a statement that fails retryably, unless set otherwise. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  public RunSettings {
    Objects.requireNonNull(workgroup, "workgroup");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(pollInitial, "pollInitial");
    Objects.requireNonNull(pollMax, "pollMax");
    if (workgroup.isBlank()) {
      throw new IllegalArgumentException("Workgroup must not be blank");
    }
    if (maxConcurrentQueries < 1) {
      throw new IllegalArgumentException("Max concurrent queries must be at least 1, cannot be: " + maxConcurrentQueries);
    }
    if (statementTimeout.isNegative() || statementTimeout.isZero()) {
      throw new IllegalArgumentException("Statement timeout must be positive, cannot be: " + statementTimeout);
    }
    if (maxRounds < 1) {
      throw new IllegalArgumentException("Max rounds must be at least 1, cannot be: " + maxRounds);
    }
    if (pollInitial.isNegative() || pollInitial.isZero()) {
      throw new IllegalArgumentException("Initial poll interval must be positive, cannot be: " + pollInitial);
    }
    if (pollMax.compareTo(pollInitial) < 0) {
      throw new IllegalArgumentException("Max poll interval must be at least the initial one (" + pollInitial
          + "), cannot be: " + pollMax);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("Max retries must not be negative, cannot be: " + maxRetries);
    }
  }

  /** These settings with {@value #DEFAULT_MAX_RETRIES} retries of a statement that fails retryably. */
  public RunSettings(String workgroup, int maxConcurrentQueries, Duration statementTimeout, int maxRounds,
      Duration pollInitial, Duration pollMax) {
    this(workgroup, maxConcurrentQueries, statementTimeout, maxRounds, pollInitial, pollMax, DEFAULT_MAX_RETRIES);
  }

  /**
   * Defaults for {@code workgroup}: 4 queries at once, an hour per query execution, 10 rounds, polls
   * from 1 to 30 seconds, 2 retries.
   */
  public static RunSettings defaults(String workgroup) {
    return new RunSettings(workgroup, 4, Duration.ofHours(1), 10, Duration.ofSeconds(1), Duration.ofSeconds(30),
        DEFAULT_MAX_RETRIES);
  }

  /** These settings with another concurrency cap ({@code --max-concurrent-queries}). */
  public RunSettings withMaxConcurrentQueries(int queries) {
    return new RunSettings(workgroup, queries, statementTimeout, maxRounds, pollInitial, pollMax, maxRetries);
  }
}
