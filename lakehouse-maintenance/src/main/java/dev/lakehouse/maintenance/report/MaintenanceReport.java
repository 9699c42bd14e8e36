package dev.lakehouse.maintenance.report;

import dev.lakehouse.maintenance.athena.StatementOutcome;
import dev.lakehouse.maintenance.athena.StatementStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A whole maintenance run, or a dry run: every table's report and the totals.
 *
 * @param metricsError why the metrics could not be published, else null
 */
public record MaintenanceReport(
    List<TableReport> tables, boolean dryRun, boolean interrupted, Duration duration, String metricsError) {
  /** Athena's price of a query: 5 US dollars per terabyte scanned (2^40 bytes). */
  public static final double DOLLARS_PER_TERABYTE = 5.0;

  public MaintenanceReport {
    tables = List.copyOf(tables);
  }

  /** The cost of that many bytes scanned, in US dollars. */
  public static double cost(long bytesScanned) {
    return bytesScanned * DOLLARS_PER_TERABYTE / (1L << 40);
  }

  public long count(TableStatus status) {
    return tables.stream().filter(t -> t.status() == status).count();
  }

  public int actions(StatementStatus status) {
    return (int) outcomes().filter(o -> o.status() == status).count();
  }

  /**
   * Statements that failed or timed out, and, in a run that was not interrupted, those cancelled
   * (outside the run: by the workgroup's data-scanned limit, or by someone).
   */
  public int actionsFailed() {
    return (int) outcomes().filter(o -> isFailure(o.status(), interrupted)).count();
  }

  /**
   * Whether a statement that ended so counts as failed: failed, timed out, or cancelled in a run
   * that was not interrupted (a run's own stop cancels statements only when it is interrupted).
   */
  public static boolean isFailure(StatementStatus status, boolean interrupted) {
    return status == StatementStatus.FAILED || status == StatementStatus.TIMED_OUT
        || status == StatementStatus.CANCELLED && !interrupted;
  }

  public long dataScannedBytes() {
    return outcomes().mapToLong(StatementOutcome::dataScannedBytes).sum();
  }

  /** Whether anything failed or was refused: a statement, an inspection, the metrics. */
  public boolean failed() {
    return metricsError != null
        || tables.stream().anyMatch(t -> t.status() == TableStatus.FAILED || t.status() == TableStatus.REFUSED);
  }

  private java.util.stream.Stream<StatementOutcome> outcomes() {
    return tables.stream().flatMap(t -> t.actions().stream()).map(ActionReport::outcome).filter(Objects::nonNull);
  }
}
