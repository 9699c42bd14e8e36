package dev.lakehouse.maintenance.athena;

/** How a statement ended. */
public enum StatementStatus { SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, NOT_RUN }
