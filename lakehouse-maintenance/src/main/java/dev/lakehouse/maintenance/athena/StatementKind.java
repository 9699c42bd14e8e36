package dev.lakehouse.maintenance.athena;

/** What one statement does; the order a table's statements must run in. */
public enum StatementKind { PROPERTIES, OPTIMIZE, VACUUM }
