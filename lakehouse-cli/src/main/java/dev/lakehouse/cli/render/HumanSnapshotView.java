package dev.lakehouse.cli.render;

import dev.lakehouse.cli.Output;
import dev.lakehouse.cli.Output.Color;
import dev.lakehouse.provision.iceberg.SnapshotHistory;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's snapshots as an aligned table, oldest first: {@code *} marks the current
 * snapshot, {@code +} one a rollback went back past (rolling back to it undoes that), {@code x}
 * one that was never current (another branch's); branches and tags follow the line.
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
      String line = String.format(FORMAT, marker(entry), entry.snapshotId(),
          entry.parentId() == null ? "-" : entry.parentId().toString(),
          time(entry),
          entry.operation() == null ? "-" : entry.operation(),
          entry.addedDataFiles(), entry.deletedDataFiles(), entry.addedRecords(), entry.deletedRecords())
          + refs(entry);
      output.result(entry.current() ? output.paint(line, Color.GREEN) : entry.ancestorOfCurrent() ? line
          : output.paint(line, Color.DIM));
    }
    output.result("");
    StringBuilder legend = new StringBuilder("* current snapshot");
    if (entries.stream().anyMatch(entry -> marker(entry).equals("+"))) {
      legend.append("; + current before a rollback went back past it: rolling back to it undoes that rollback");
    }
    if (entries.stream().anyMatch(entry -> marker(entry).equals("x"))) {
      legend.append("; x never the table's current snapshot (another branch's), cannot be rolled back to");
    }
    output.result(legend + ".");
  }

  private static String marker(SnapshotHistory.Entry entry) {
    return entry.current() ? "*" : entry.ancestorOfCurrent() ? " " : entry.wasCurrent() ? "+" : "x";
  }

  /** The branches (other than main) and tags on the snapshot, after its line. */
  private static String refs(SnapshotHistory.Entry entry) {
    List<String> refs = new ArrayList<>();
    entry.branches().forEach(branch -> refs.add("branch " + branch));
    entry.tags().forEach(tag -> refs.add("tag " + tag));
    return refs.isEmpty() ? "" : "  (" + String.join(", ", refs) + ")";
  }

  @Override
  public void rollbackPreview(SnapshotHistory history, SnapshotHistory.Entry from, SnapshotHistory.Entry to,
      SnapshotHistory.Change change) {
    output.result("Rolling back " + history.name() + " (" + history.qualifiedName() + ") from snapshot "
        + from.snapshotId() + " to snapshot " + to.snapshotId() + ":");
    if (!change.leaving().isEmpty()) {
      output.result("  readers stop seeing " + count(change.leaving()) + " (they stay in the table's metadata until "
          + "they expire):");
      change.leaving().forEach(entry -> output.result(output.paint("    - " + summary(entry), Color.RED)));
    }
    if (!change.returning().isEmpty()) {
      output.result("  readers see again " + count(change.returning()) + ":");
      change.returning().forEach(entry -> output.result(output.paint("    + " + summary(entry), Color.GREEN)));
    }
    output.result("");
  }

  private static String count(List<SnapshotHistory.Entry> entries) {
    return entries.size() + (entries.size() == 1 ? " snapshot" : " snapshots");
  }

  /** A snapshot on one line: id, commit time, operation, files and records added and deleted. */
  private static String summary(SnapshotHistory.Entry entry) {
    return entry.snapshotId() + "  " + time(entry) + "  " + (entry.operation() == null ? "-" : entry.operation())
        + "  +" + entry.addedDataFiles() + " -" + entry.deletedDataFiles() + " files, +" + entry.addedRecords() + " -"
        + entry.deletedRecords() + " records";
  }

  /** A commit time as every human view shows it: UTC, to the second. */
  private static String time(SnapshotHistory.Entry entry) {
    return DateTimeFormatter.ISO_INSTANT.format(entry.committedAt().truncatedTo(ChronoUnit.SECONDS));
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
        + time(to) + ").");
  }
}
