package dev.lakehouse.maintenance.inspect;

import java.time.Instant;

/**
 * One snapshot of the table's metadata.
 *
 * @param branchDepth 0 for the head of a branch (main's is the current snapshot), 1 for its parent
 *     and so on, the least over the branches whose history holds it; -1 when none does
 * @param referenced whether a branch or tag other than main points at it (VACUUM keeps it)
 */
public record SnapshotInfo(long snapshotId, Instant committedAt, int branchDepth, boolean referenced) {}
