package dev.lakehouse.maintenance.athena;

import java.util.List;
import java.util.Objects;

/** The statements due on one table, in the order they must run (PROPERTIES, OPTIMIZE, VACUUM). */
public record TableWork(String database, String table, List<MaintenanceStatement> statements) {
  public TableWork {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    statements = List.copyOf(statements);
    for (int i = 1; i < statements.size(); i++) {
      StatementKind before = statements.get(i - 1).kind();
      StatementKind kind = statements.get(i).kind();
      if (kind.compareTo(before) < 0) {
        throw new IllegalArgumentException("Statements of " + database + "." + table
            + " must run in the order PROPERTIES, OPTIMIZE, VACUUM, cannot be: " + kind + " after " + before);
      }
    }
  }

  /** {@code database.table}, for messages. */
  public String name() {
    return database + "." + table;
  }
}
