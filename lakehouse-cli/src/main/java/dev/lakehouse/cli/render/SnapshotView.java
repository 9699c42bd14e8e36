package dev.lakehouse.cli.render;

import dev.lakehouse.cli.Output;
import dev.lakehouse.provision.iceberg.SnapshotHistory;

/** Shows a table's snapshots and the outcome of a rollback; one implementation for people, one for machines. */
public interface SnapshotView {
  void snapshots(SnapshotHistory history);

  /** What a rollback from one snapshot to another would change for readers: shown before asking. */
  void rollbackPreview(SnapshotHistory history, SnapshotHistory.Entry from, SnapshotHistory.Entry to,
      SnapshotHistory.Change change);

  /** The table was rolled back from one snapshot to another, or was already at it ({@code changed} false). */
  void rolledBack(SnapshotHistory history, SnapshotHistory.Entry from, SnapshotHistory.Entry to, boolean changed);

  static SnapshotView of(Output output) {
    return output.json() ? new JsonSnapshotView(output) : new HumanSnapshotView(output);
  }
}
