package dev.lakehouse.maintenance.athena;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one statement went: every query execution it took (a retried MORE_RUNS_NEEDED is a new round).
 *
 * @param statement the statement
 * @param status how it ended
 * @param queryIds the Athena query execution ids, one per round, oldest first; empty when it never started
 * @param rounds how many times it was started ({@code queryIds.size()})
 * @param dataScannedBytes the data Athena scanned over all rounds (its {@code Statistics.DataScannedInBytes})
 * @param duration from the first start request to the end of the last round; zero when it never started
 * @param error why it did not succeed, null when it did
 */
public record StatementOutcome(MaintenanceStatement statement, StatementStatus status,
    List<String> queryIds, int rounds, long dataScannedBytes, Duration duration, String error) {
  public StatementOutcome {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(status, "status");
    queryIds = List.copyOf(queryIds);
    Objects.requireNonNull(duration, "duration");
  }

  /** A statement that never started, and why. */
  public static StatementOutcome notRun(MaintenanceStatement statement, String reason) {
    return new StatementOutcome(statement, StatementStatus.NOT_RUN, List.of(), 0, 0, Duration.ZERO, reason);
  }
}
