package dev.lakehouse.maintenance.athena;

import java.util.Objects;

/** One SQL statement of a table's maintenance. */
public record MaintenanceStatement(StatementKind kind, String sql) {
  public MaintenanceStatement {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sql, "sql");
    if (sql.isBlank()) {
      throw new IllegalArgumentException("SQL of a " + kind + " statement must not be blank");
    }
  }
}
