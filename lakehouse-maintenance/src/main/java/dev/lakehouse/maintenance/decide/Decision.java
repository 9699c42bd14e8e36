package dev.lakehouse.maintenance.decide;

import dev.lakehouse.maintenance.athena.MaintenanceStatement;
import dev.lakehouse.maintenance.athena.StatementKind;

/**
 * One action considered for a table, with the reason for it either way.
 *
 * @param sql the statement to run when due, else null
 */
public record Decision(StatementKind kind, Verdict verdict, String reason, String sql) {
  static Decision due(StatementKind kind, String reason, String sql) {
    return new Decision(kind, Verdict.DUE, reason, sql);
  }

  static Decision skipped(StatementKind kind, String reason) {
    return new Decision(kind, Verdict.SKIPPED, reason, null);
  }

  static Decision refused(StatementKind kind, String reason) {
    return new Decision(kind, Verdict.REFUSED, reason, null);
  }

  public boolean due() {
    return verdict == Verdict.DUE;
  }

  /** The statement that carries it out; only for a due decision. */
  public MaintenanceStatement statement() {
    if (!due()) {
      throw new IllegalStateException("A " + verdict + " decision has no statement, cannot run: " + kind);
    }
    return new MaintenanceStatement(kind, sql);
  }
}
