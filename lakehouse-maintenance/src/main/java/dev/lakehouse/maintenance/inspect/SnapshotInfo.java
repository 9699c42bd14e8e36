package dev.lakehouse.maintenance.inspect;

import java.time.Instant;

/**
 * One snapshot of the table's metadata.
 *
 * @param ancestorDepth 0 for the current snapshot, 1 for its parent and so on; -1 when it is
 *     not in the current snapshot's history
 * @param referenced whether a branch or tag other than main points at it (VACUUM keeps it)
 */
public record SnapshotInfo(long snapshotId, Instant committedAt, int ancestorDepth, boolean referenced) {
  public boolean current() {
    return ancestorDepth == 0;
  }
}
