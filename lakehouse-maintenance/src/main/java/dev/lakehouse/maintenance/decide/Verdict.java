package dev.lakehouse.maintenance.decide;

/** What was decided about one action of a table. */
public enum Verdict {
  /** The table needs it: its statement runs. */
  DUE,
  /** Not needed, or not asked for. */
  SKIPPED,
  /** Needed or asked for, but unsafe under the policy: nothing runs. */
  REFUSED
}
