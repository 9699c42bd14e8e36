package dev.lakehouse.maintenance.athena;

/** How a statement ended. */
public enum StatementStatus {
  /** Athena reported SUCCEEDED (after as many MORE_RUNS_NEEDED rounds as it took). */
  SUCCEEDED,
  /** Athena reported FAILED, refused to start it, or still needed more runs after the last round allowed. */
  FAILED,
  /** It did not end within the statement timeout and was stopped. */
  TIMED_OUT,
  /** The run was stopped (Ctrl-C) while it was queued or running, or someone else cancelled it. */
  CANCELLED,
  /** It never started: an earlier statement of its table did not succeed, the table was locked, or the run was stopped. */
  NOT_RUN;

  /** Whether the statement did what it was due to do. */
  public boolean succeeded() {
    return this == SUCCEEDED;
  }
}
