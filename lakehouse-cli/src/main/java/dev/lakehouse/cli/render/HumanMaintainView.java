package dev.lakehouse.cli.render;

import dev.lakehouse.cli.Output;
import dev.lakehouse.cli.Output.Color;
import dev.lakehouse.maintenance.athena.StatementOutcome;
import dev.lakehouse.maintenance.athena.StatementStatus;
import dev.lakehouse.maintenance.decide.Bytes;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.decide.Verdict;
import dev.lakehouse.maintenance.inspect.TableState;
import dev.lakehouse.maintenance.report.ActionReport;
import dev.lakehouse.maintenance.report.MaintenanceReport;
import dev.lakehouse.maintenance.report.TableReport;
import dev.lakehouse.maintenance.report.TableStatus;
import java.util.Locale;

/**
 * A maintenance report for people: per table its status, its figures before (and after), and each
 * action with its decision and reason, its SQL, and how it ran; then a summary line.
 */
final class HumanMaintainView implements MaintainView {
  private final Output output;

  HumanMaintainView(Output output) {
    this.output = output;
  }

  @Override
  public void report(MaintenanceReport report, String workgroup, String only) {
    if (report.tables().isEmpty()) {
      output.result("No Iceberg table matches maintenance.tables; nothing to do.");
      return;
    }
    for (TableReport table : report.tables()) {
      table(table, report.dryRun());
      output.result("");
    }
    output.result(summary(report, workgroup));
  }

  private void table(TableReport table, boolean dryRun) {
    output.result(output.paint(table.plan().table().name(), Color.BOLD) + " (" + table.plan().table().glueName()
        + "): " + status(table));
    if (table.lockedBy() != null) {
      output.result("  locked by " + table.lockedBy() + "; nothing was run");
    }
    if (table.error() != null) {
      output.result("  " + output.paint("error", Color.RED) + ": " + table.error());
    }
    if (table.plan().before() != null) {
      output.result("  " + (table.after() == null ? "state " : "before") + "  " + figures(table.plan().before()));
    }
    if (table.after() != null) {
      output.result("  after   " + figures(table.after()));
    }
    if (table.plan().before() == null) {
      return; // never read: nothing was decided, and each action says only that
    }
    for (ActionReport action : table.actions()) {
      action(action, dryRun);
    }
  }

  private void action(ActionReport action, boolean dryRun) {
    Decision decision = action.decision();
    String kind = String.format("%-11s", decision.kind().name().toLowerCase(Locale.ROOT));
    if (decision.verdict() != Verdict.DUE) {
      String verdict = decision.verdict() == Verdict.REFUSED ? output.paint("refused", Color.RED) : "skipped";
      output.result("  " + kind + verdict + ": " + decision.reason().replaceFirst("^refused: ", ""));
      return;
    }
    StatementOutcome outcome = action.outcome();
    String head;
    if (outcome == null) {
      head = dryRun ? output.paint("due", Color.YELLOW) : "not run";
    } else {
      head = paint(outcome.status()) + (outcome.rounds() == 0 ? "" : "  " + outcome.rounds()
          + (outcome.rounds() == 1 ? " round, " : " rounds, ") + Bytes.format(outcome.dataScannedBytes())
          + " scanned ($" + Figures.dollars(MaintenanceReport.cost(outcome.dataScannedBytes())).toPlainString()
          + "), " + Figures.duration(outcome.duration()));
    }
    output.result("  " + kind + head);
    output.result("      why: " + decision.reason());
    output.result("      sql: " + decision.sql());
    if (outcome != null && !outcome.queryIds().isEmpty()) {
      output.result("      " + (outcome.queryIds().size() == 1 ? "query: " : "queries: ")
          + String.join(", ", outcome.queryIds()));
    }
    if (outcome != null && outcome.error() != null && outcome.status() != StatementStatus.SUCCEEDED) {
      output.result("      " + output.paint(outcome.error(), Color.RED));
    }
    if (action.noEffect() != null) {
      output.result("      " + output.paint("! " + action.noEffect(), Color.YELLOW));
    }
  }

  private String status(TableReport table) {
    String label = table.status().label();
    return switch (table.status()) {
      case MAINTAINED, HEALTHY -> output.paint(label, Color.GREEN);
      case PLANNED, LOCKED, INTERRUPTED -> output.paint(label, Color.YELLOW);
      case FAILED, REFUSED -> output.paint(label, Color.RED);
    };
  }

  private String paint(StatementStatus status) {
    String label = status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return status == StatementStatus.SUCCEEDED ? output.paint(label, Color.GREEN) : output.paint(label, Color.RED);
  }

  static String figures(TableState state) {
    return count(state.dataFiles(), "data file") + " (" + state.smallFiles() + " small), "
        + Bytes.format(state.dataBytes()) + ", " + count(state.deleteFiles(), "delete file") + ", "
        + count(state.snapshotCount(), "snapshot") + ", " + count(state.metadataFiles(), "metadata file");
  }

  private static String count(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String summary(MaintenanceReport report, String workgroup) {
    long tables = report.tables().size();
    if (report.dryRun()) {
      long due = report.tables().stream().filter(t -> t.plan().hasWork()).count();
      long statements = report.tables().stream().mapToLong(t -> t.plan().due().size()).sum();
      return "Dry run: " + due + " of " + tables + " tables have actions due (" + statements + " statements for "
          + "workgroup " + workgroup + "); " + report.count(TableStatus.HEALTHY) + " healthy, "
          + report.count(TableStatus.REFUSED) + " refused, " + report.count(TableStatus.FAILED)
          + " failed. Nothing was run.";
    }
    String line = (report.interrupted() ? "Interrupted: " : "") + report.count(TableStatus.MAINTAINED) + " of "
        + tables + " tables maintained, " + report.count(TableStatus.HEALTHY) + " healthy, "
        + report.count(TableStatus.FAILED) + " failed, " + report.count(TableStatus.LOCKED) + " locked, "
        + report.count(TableStatus.REFUSED) + " refused"
        + (report.interrupted() ? ", " + report.count(TableStatus.INTERRUPTED) + " interrupted" : "") + "; "
        + report.actions(StatementStatus.SUCCEEDED) + " actions succeeded, " + report.actionsFailed() + " failed; "
        + Bytes.format(report.dataScannedBytes()) + " scanned ($"
        + Figures.dollars(MaintenanceReport.cost(report.dataScannedBytes())).toPlainString() + ") in "
        + Figures.duration(report.duration()) + ".";
    return report.metricsError() == null ? line : line + " Metrics not published: " + report.metricsError();
  }
}
