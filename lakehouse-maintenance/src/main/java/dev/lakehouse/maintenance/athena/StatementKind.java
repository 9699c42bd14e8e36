package dev.lakehouse.maintenance.athena;

/** What one statement does; the order a table's statements must run in. */
public enum StatementKind {
  /** {@code ALTER TABLE ... SET TBLPROPERTIES (...)}: the retention settings VACUUM then follows. */
  PROPERTIES,
  /** {@code OPTIMIZE ... REWRITE DATA USING BIN_PACK}: compaction. */
  OPTIMIZE,
  /** {@code VACUUM ...}: snapshot expiry and orphan file removal. */
  VACUUM;

  /** The error code Athena fails this kind of statement with when one run did not finish it, or null. */
  String moreRunsNeededCode() {
    return switch (this) {
      case OPTIMIZE -> "ICEBERG_OPTIMIZE_MORE_RUNS_NEEDED";
      case VACUUM -> "ICEBERG_VACUUM_MORE_RUNS_NEEDED";
      case PROPERTIES -> null;
    };
  }
}
