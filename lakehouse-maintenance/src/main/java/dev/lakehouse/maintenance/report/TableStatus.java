package dev.lakehouse.maintenance.report;

/** How a table's maintenance ended, as reports show it. */
public enum TableStatus {
  /** Dry run: statements are due. */
  PLANNED,
  /** Nothing was due. */
  HEALTHY,
  /** Every due statement succeeded. */
  MAINTAINED,
  /** A statement failed or timed out, or the table could not be inspected. */
  FAILED,
  /** Another run held the table's lock: nothing ran. */
  LOCKED,
  /**
   * An action was refused: an unsafe retention, or a VACUUM on a table at the root of its bucket,
   * which Athena cannot run (other due actions may have run).
   */
  REFUSED,
  /** The run was stopped (Ctrl-C) before the table's statements finished. */
  INTERRUPTED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
