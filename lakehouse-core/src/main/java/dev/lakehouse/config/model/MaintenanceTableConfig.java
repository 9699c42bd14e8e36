package dev.lakehouse.config.model;

import dev.lakehouse.config.units.Size;
import java.time.Duration;

/**
 * Settings for the tables whose {@code <zone>.<table>} name matches a glob; the last
 * matching entry wins over earlier ones and over the defaults. Takes the same keys as
 * {@link MaintenancePolicy}, beside {@code match}.
 */
public record MaintenanceTableConfig(
    String match,
    Duration snapshotRetention,
    Integer minSnapshotsToKeep,
    Integer maxMetadataFilesToKeep,
    Duration orphanFileAge,
    Size targetFileSize,
    Integer compactWhenSmallFilesAbove,
    Integer compactWhenDeleteFilesAbove) {

  /** The settings of this entry, as a policy to lay over the defaults. */
  public MaintenancePolicy policy() {
    return new MaintenancePolicy(
        snapshotRetention,
        minSnapshotsToKeep,
        maxMetadataFilesToKeep,
        orphanFileAge,
        targetFileSize,
        compactWhenSmallFilesAbove,
        compactWhenDeleteFilesAbove);
  }
}
