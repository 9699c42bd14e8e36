package dev.lakehouse.maintenance.metrics;

/** Figures of one table, as published. */
public record TableMetrics(String database, String table, long snapshotCount, long dataFileCount,
    long smallFileCount, long averageFileSizeBytes) {}
