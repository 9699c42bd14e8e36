package dev.lakehouse.cli.render;

import dev.lakehouse.cli.Output;
import dev.lakehouse.cli.Output.Color;
import dev.lakehouse.provision.iceberg.SnapshotHistory;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A table's snapshots as an aligned table, oldest first: {@code *} marks the current
 * snapshot, {@code x} one that is no longer in its history (after a rollback).
 */
final class HumanSnapshotView implements SnapshotView {
  private static final String FORMAT = "%s %-20s %-20s %-20s %-10s %8s %8s %12s %12s";

  private final Output output;

  HumanSnapshotView(Output output) {
    this.output = output;
  }

  @Override
  public void snapshots(SnapshotHistory history) {
    List<SnapshotHistory.Entry> entries = history.entries();
    if (entries.isEmpty()) {
      output.result(history.name() + " (" + history.qualifiedName() + ") has no snapshots yet.");
      return;
    }
    output.result("Snapshots of " + history.name() + " (" + history.qualifiedName() + "), oldest first:");
    output.result("");
    output.result(output.paint(String.format(FORMAT, " ", "SNAPSHOT ID", "PARENT", "COMMITTED AT (UTC)", "OPERATION",
        "+FILES", "-FILES", "+RECORDS", "-RECORDS").stripTrailing(), Color.BOLD));
    for (SnapshotHistory.Entry entry : entries) {
      String marker = entry.current() ? "*" : entry.ancestorOfCurrent() ? " " : "x";
      String line = String.format(FORMAT, marker, entry.snapshotId(),
          entry.parentId() == null ? "-" : entry.parentId().toString(),
          DateTimeFormatter.ISO_INSTANT.format(entry.committedAt().truncatedTo(ChronoUnit.SECONDS)),
          entry.operation() == null ? "-" : entry.operation(),
          entry.addedDataFiles(), entry.deletedDataFiles(), entry.addedRecords(), entry.deletedRecords());
      output.result(entry.current() ? output.paint(line, Color.GREEN) : entry.ancestorOfCurrent() ? line
          : output.paint(line, Color.DIM));
    }
    output.result("");
    output.result("* current snapshot" + (entries.stream().allMatch(SnapshotHistory.Entry::ancestorOfCurrent) ? ""
        : "; x not in the current snapshot's history (rolled back past), cannot be rolled back to") + ".");
  }

  @Override
  public void rolledBack(SnapshotHistory history, SnapshotHistory.Entry from, SnapshotHistory.Entry to,
      boolean changed) {
    if (!changed) {
      output.result(history.name() + " (" + history.qualifiedName() + ") is already at snapshot " + to.snapshotId()
          + "; nothing changed.");
      return;
    }
    output.result(output.paint("Rolled back", Color.GREEN) + " " + history.name() + " (" + history.qualifiedName()
        + ") from snapshot " + from.snapshotId() + " to snapshot " + to.snapshotId() + " (committed "
        + DateTimeFormatter.ISO_INSTANT.format(to.committedAt().truncatedTo(ChronoUnit.SECONDS)) + ").");
  }
}
