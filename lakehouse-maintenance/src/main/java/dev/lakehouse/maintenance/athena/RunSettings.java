package dev.lakehouse.maintenance.athena;

import java.time.Duration;

/** Settings of a run. */
public record RunSettings(String workgroup, int maxConcurrentQueries, Duration statementTimeout,
    int maxRounds, Duration pollInitial, Duration pollMax) {}
