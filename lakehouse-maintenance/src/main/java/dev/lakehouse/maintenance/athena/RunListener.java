package dev.lakehouse.maintenance.athena;

/**
 * Called as statements start and finish (from worker threads) so the CLI can show progress.
 * Implementations must be thread-safe; an exception they throw is logged and otherwise ignored.
 */
public interface RunListener {
  /** A query execution of {@code statement} was started; called once per round. */
  default void started(TableWork work, MaintenanceStatement statement, String queryId) {}

  /** {@code statement} ended, or will not run ({@link StatementStatus#NOT_RUN}); called once per statement. */
  default void finished(TableWork work, StatementOutcome outcome) {}

  RunListener NONE = new RunListener() {};
}
