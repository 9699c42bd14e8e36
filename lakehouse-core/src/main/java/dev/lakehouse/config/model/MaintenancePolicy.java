package dev.lakehouse.config.model;

import dev.lakehouse.config.units.Size;
import java.time.Duration;

/**
 * Maintenance settings of a table. Every field may be absent; {@link #over} lays one
 * policy over another, and the maintain command fills what is still absent with its
 * built-in defaults.
 */
public record MaintenancePolicy(
    Duration snapshotRetention,
    Integer minSnapshotsToKeep,
    Integer maxMetadataFilesToKeep,
    Duration orphanFileAge,
    Size targetFileSize,
    Integer compactWhenSmallFilesAbove,
    Integer compactWhenDeleteFilesAbove) {

  public static final MaintenancePolicy EMPTY =
      new MaintenancePolicy(null, null, null, null, null, null, null);

  /**
   * What applies where neither the defaults nor a table entry say otherwise: Athena's own
   * VACUUM defaults (5 days, 1 snapshot, 100 metadata files), AWS Glue's 3-day orphan-file
   * floor, a 512MB target file size, and compaction once 10 small files or delete files pile up.
   */
  public static final MaintenancePolicy BUILT_IN = new MaintenancePolicy(
      Duration.ofDays(5), 1, 100, Duration.ofDays(3), Size.ofMegabytes(512), 10, 10);

  /** This policy's values where set, the base's elsewhere. */
  public MaintenancePolicy over(MaintenancePolicy base) {
    return new MaintenancePolicy(
        Defaults.or(snapshotRetention, base.snapshotRetention),
        Defaults.or(minSnapshotsToKeep, base.minSnapshotsToKeep),
        Defaults.or(maxMetadataFilesToKeep, base.maxMetadataFilesToKeep),
        Defaults.or(orphanFileAge, base.orphanFileAge),
        Defaults.or(targetFileSize, base.targetFileSize),
        Defaults.or(compactWhenSmallFilesAbove, base.compactWhenSmallFilesAbove),
        Defaults.or(compactWhenDeleteFilesAbove, base.compactWhenDeleteFilesAbove));
  }
}
