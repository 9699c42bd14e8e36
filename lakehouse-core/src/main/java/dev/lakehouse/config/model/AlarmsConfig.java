package dev.lakehouse.config.model;

import dev.lakehouse.config.units.Size;

/** The lakehouse alarms; each is optional. */
public record AlarmsConfig(
    SlowQueries slowQueries, DataScanned dataScanned, SnapshotCount snapshotCount) {

  /** Athena EngineExecutionTime (average) of a workgroup above a number of seconds. */
  public record SlowQueries(String workgroup, Double averageSecondsAbove) {}

  /** The bytes a workgroup's queries scan (Athena's ProcessedBytes metric), summed per hour, above a size. */
  public record DataScanned(String workgroup, Size bytesPerHourAbove) {}

  /** Lakehouse/Metadata SnapshotCount (published by maintain) of any table above a count. */
  public record SnapshotCount(Long above) {}
}
