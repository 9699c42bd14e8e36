package dev.lakehouse.maintenance.athena;

import java.time.Duration;
import java.util.List;

/** How one statement went: every query execution it took (a retried MORE_RUNS_NEEDED is a new round). */
public record StatementOutcome(MaintenanceStatement statement, StatementStatus status,
    List<String> queryIds, int rounds, long dataScannedBytes, Duration duration, String error) {}
