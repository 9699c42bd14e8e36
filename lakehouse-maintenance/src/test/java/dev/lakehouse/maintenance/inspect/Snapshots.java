package dev.lakehouse.maintenance.inspect;

import java.time.Instant;
import java.util.stream.Stream;

/** Snapshots as the planner's and the report's tests describe them. */
public final class Snapshots {
  private Snapshots() {}

  /**
   * A snapshot held by main's history at that depth ({@code -1}: not at all) and, when {@code
   * tagged}, by a tag that keeps it for good.
   */
  public static SnapshotInfo onMain(long snapshotId, Instant committedAt, int mainDepth, boolean tagged) {
    return new SnapshotInfo(snapshotId, committedAt, Stream.concat(
        mainDepth < 0 ? Stream.empty() : Stream.of(new SnapshotInfo.Hold(mainDepth, null, null, null)),
        tagged ? Stream.of(SnapshotInfo.Hold.tag(null)) : Stream.empty()).toList());
  }
}
