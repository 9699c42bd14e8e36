package dev.lakehouse.maintenance.inspect;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One snapshot of the table's metadata, with the branches and tags that keep it from expiring.
 *
 * @param holds one per branch whose history holds it and per tag that points at it; none when no
 *     branch or tag reaches it
 */
public record SnapshotInfo(long snapshotId, Instant committedAt, List<Hold> holds) {
  public SnapshotInfo {
    holds = List.copyOf(holds);
  }

  /**
   * How one branch or tag holds a snapshot, with the retention Iceberg's snapshot expiry (which
   * Athena's VACUUM runs) gives it: a branch keeps the most recent of its history, its own {@code
   * minSnapshotsToKeep} or else VACUUM's, and those younger than its own {@code maxSnapshotAge} or
   * else VACUUM's; a tag keeps its snapshot. A branch or tag other than main stops holding anything
   * once its head is older than its {@code maxRefAge} (Iceberg then drops it).
   *
   * @param depth 0 for the branch's head, 1 for its parent and so on; -1 for a tag
   * @param minSnapshotsToKeep the branch's own, or null
   * @param maxSnapshotAge the branch's own, or null
   * @param expiresAt when the ref is dropped: its head's commit time plus its maximum age; null for never
   */
  public record Hold(int depth, Integer minSnapshotsToKeep, Duration maxSnapshotAge, Instant expiresAt) {
    static Hold tag(Instant expiresAt) {
      return new Hold(-1, null, null, expiresAt);
    }

    public boolean isTag() {
      return depth < 0;
    }
  }
}
