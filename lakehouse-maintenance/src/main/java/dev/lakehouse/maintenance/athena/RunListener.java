package dev.lakehouse.maintenance.athena;

/** Called as statements start and finish (from worker threads) so the CLI can show progress. */
public interface RunListener {
  default void started(TableWork work, MaintenanceStatement statement, String queryId) {}

  default void finished(TableWork work, StatementOutcome outcome) {}

  RunListener NONE = new RunListener() {};
}
