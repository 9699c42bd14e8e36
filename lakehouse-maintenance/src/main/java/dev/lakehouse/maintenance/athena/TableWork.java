package dev.lakehouse.maintenance.athena;

import java.util.List;

/** The statements due on one table, in the order they must run (PROPERTIES, OPTIMIZE, VACUUM). */
public record TableWork(String database, String table, List<MaintenanceStatement> statements) {}
