package dev.lakehouse.maintenance.inspect;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a table's current Iceberg metadata says: its snapshots, its metadata-log length, its
 * Athena maintenance properties, and its live data and delete files per partition.
 *
 * @param metadataLocation the metadata file read
 * @param location the table's location, as its metadata gives it ({@code s3://bucket/events})
 * @param metadataFiles the metadata files the table keeps track of: the current one and its metadata log
 * @param properties the table's maintenance properties that are set: VACUUM's
 *     ({@link TableInspector#VACUUM_PROPERTIES}), those by which OPTIMIZE chooses and writes
 *     files ({@link TableInspector#OPTIMIZE_PROPERTIES}), and Iceberg's {@code gc.enabled}
 * @param smallFileThresholdBytes the size under which a data file counted as small
 * @param dataBytes the size of the live data files
 * @param partitions one entry per partition holding live files, by path
 * @param whereColumns the columns a {@code WHERE} of {@code OPTIMIZE} may name: those the table's
 *     current partitioning partitions by identity, and the partitioning of every live file too
 *     (after a partitioning change, older files keep their layout; Athena accepts only partition
 *     columns, and can select by a column only the files partitioned by it)
 */
public record TableState(
    String metadataLocation,
    String location,
    List<SnapshotInfo> snapshots,
    int metadataFiles,
    Map<String, String> properties,
    long smallFileThresholdBytes,
    long dataBytes,
    List<PartitionFiles> partitions,
    Set<String> whereColumns) {

  public TableState {
    snapshots = List.copyOf(snapshots);
    properties = Map.copyOf(properties);
    partitions = List.copyOf(partitions);
    whereColumns = Set.copyOf(whereColumns);
  }

  /** The table's {@code vacuum_*} properties that are set, by name. */
  public Map<String, String> vacuumProperties() {
    return only(TableInspector.VACUUM_PROPERTIES);
  }

  /**
   * The table's properties that are set of those by which Athena's OPTIMIZE chooses files and
   * writes them ({@code write_target_data_file_size_bytes}, {@code optimize_rewrite_*}), by name.
   */
  public Map<String, String> optimizeProperties() {
    return only(TableInspector.OPTIMIZE_PROPERTIES);
  }

  /**
   * Whether Iceberg may delete the table's files: not where {@code gc.enabled} is set to anything
   * but {@code true}, as on a table whose files may be another table's (one made by Spark's {@code
   * snapshot} procedure, or kept by Nessie); Iceberg then expires no snapshot of it.
   */
  public boolean gcEnabled() {
    String value = properties.get(TableInspector.GC_ENABLED_PROPERTY);
    return value == null || Boolean.parseBoolean(value);
  }

  private Map<String, String> only(List<String> keys) {
    Map<String, String> set = new TreeMap<>();
    keys.stream().filter(properties::containsKey).forEach(key -> set.put(key, properties.get(key)));
    return set;
  }

  /**
   * The metadata files before the current one, those of its metadata log: what Athena's
   * {@code vacuum_max_metadata_files_to_keep} counts ("previous metadata files").
   */
  public int previousMetadataFiles() {
    return Math.max(0, metadataFiles - 1);
  }

  /**
   * Whether the table is stored at the root of its bucket ({@code s3://bucket} or {@code
   * s3://bucket/}), where Athena's VACUUM fails ({@code Path missing in file system location}).
   */
  public boolean atBucketRoot() {
    if (location == null) {
      return false;
    }
    int scheme = location.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    int slash = location.indexOf('/', scheme + 3);
    return slash < 0 || location.substring(slash).chars().allMatch(c -> c == '/');
  }

  public int snapshotCount() {
    return snapshots.size();
  }

  public Optional<Instant> oldestSnapshot() {
    return snapshots.stream().map(SnapshotInfo::committedAt).min(Comparator.naturalOrder());
  }

  public int dataFiles() {
    return partitions.stream().mapToInt(PartitionFiles::dataFiles).sum();
  }

  public int smallFiles() {
    return partitions.stream().mapToInt(PartitionFiles::smallFiles).sum();
  }

  public int deleteFiles() {
    return partitions.stream().mapToInt(PartitionFiles::deleteFiles).sum();
  }

  /** The mean size of the live data files; 0 when there are none. */
  public long averageFileSizeBytes() {
    int files = dataFiles();
    return files == 0 ? 0 : dataBytes() / files;
  }
}
