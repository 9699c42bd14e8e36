package dev.lakehouse.maintenance.athena;

/** One SQL statement of a table's maintenance. */
public record MaintenanceStatement(StatementKind kind, String sql) {}
