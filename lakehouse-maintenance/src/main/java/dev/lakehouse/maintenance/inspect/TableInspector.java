package dev.lakehouse.maintenance.inspect;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.config.units.Size;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.maintenance.table.MaintainedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.PropertyUtil;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads what a table's maintenance depends on straight from its Iceberg metadata in S3, at no
 * Athena cost, with as few reads as it takes: the metadata file Glue points at, the current
 * snapshot's manifest list, and that list's manifests (never the data files, never older
 * snapshots'). The manifests are skipped when the snapshot's summary and manifest list already
 * give every figure exactly ({@link ManifestListFigures} says when), as they do for a small table
 * written a partition at a time.
 */
public final class TableInspector {
  /** A data file under this share of the target file size is small (AWS Glue's compaction counts the same). */
  public static final double SMALL_FILE_RATIO = 0.75;
  /** The table properties of Athena's VACUUM. */
  public static final List<String> VACUUM_PROPERTIES = List.of(MaintenanceConfig.MAX_SNAPSHOT_AGE_PROPERTY,
      MaintenanceConfig.MIN_SNAPSHOTS_PROPERTY, MaintenanceConfig.MAX_METADATA_FILES_PROPERTY);
  /** Athena's table property of the size it writes data files to, OPTIMIZE's rewrites too. */
  public static final String WRITE_TARGET_PROPERTY = "write_target_data_file_size_bytes";
  /** The size Athena writes data files to where the table does not set {@link #WRITE_TARGET_PROPERTY}: 512MB. */
  public static final long ATHENA_WRITE_TARGET_BYTES = 512L * 1024 * 1024;
  /** Athena's table property of the size under which OPTIMIZE rewrites a data file. */
  public static final String REWRITE_MIN_SIZE_PROPERTY = "optimize_rewrite_min_data_file_size_bytes";
  /** Athena's table property of how many files must need a rewrite before OPTIMIZE rewrites them. */
  public static final String REWRITE_DATA_FILE_THRESHOLD_PROPERTY = "optimize_rewrite_data_file_threshold";
  /** How many files Athena's OPTIMIZE needs to rewrite any where the table does not set the threshold: 5. */
  public static final long ATHENA_REWRITE_DATA_FILE_THRESHOLD = 5;
  /** Athena's table property of how many delete files a data file needs for OPTIMIZE to rewrite it for them. */
  public static final String REWRITE_DELETE_FILE_THRESHOLD_PROPERTY = "optimize_rewrite_delete_file_threshold";
  /** How many delete files a data file needs for Athena's OPTIMIZE to rewrite it where the table sets none: 2. */
  public static final long ATHENA_REWRITE_DELETE_FILE_THRESHOLD = 2;
  /** The table properties by which Athena's OPTIMIZE chooses data files and writes them. */
  public static final List<String> OPTIMIZE_PROPERTIES = List.of(WRITE_TARGET_PROPERTY, REWRITE_MIN_SIZE_PROPERTY,
      "optimize_rewrite_max_data_file_size_bytes", REWRITE_DATA_FILE_THRESHOLD_PROPERTY,
      REWRITE_DELETE_FILE_THRESHOLD_PROPERTY);
  /** Iceberg's table property that, set to false, forbids deleting the table's files: no snapshot of it expires. */
  public static final String GC_ENABLED_PROPERTY = TableProperties.GC_ENABLED;
  /** The table properties a table's state keeps: VACUUM's, OPTIMIZE's and {@link #GC_ENABLED_PROPERTY}. */
  static final List<String> MAINTENANCE_PROPERTIES = Stream.concat(Stream.concat(VACUUM_PROPERTIES.stream(),
      OPTIMIZE_PROPERTIES.stream()), Stream.of(GC_ENABLED_PROPERTY)).toList();

  private final FileIO io;

  public TableInspector(FileIO io) {
    this.io = new OneReadFileIO(io);
  }

  /** The size under which a data file is small, for a target file size. */
  public static long smallFileThreshold(Size targetFileSize) {
    return (long) (targetFileSize.bytes() * SMALL_FILE_RATIO);
  }

  /** The table's state at the metadata file Glue pointed at when it was discovered. */
  public TableState inspect(MaintainedTable table) {
    if (table.metadataLocation() == null) {
      throw new AwsFailure("inspect", "Iceberg table", table.glueName(), "its Glue entry is marked table_type=ICEBERG "
          + "but has no metadata_location, so it names no metadata file to read (a table whose creation was cut "
          + "short, or made by hand)");
    }
    try {
      TableMetadata metadata = TableMetadataParser.read(io, table.metadataLocation());
      long threshold = smallFileThreshold(table.policy().targetFileSize());
      Map<String, String> properties = new TreeMap<>();
      for (String key : MAINTENANCE_PROPERTIES) {
        String value = metadata.properties().get(key);
        if (value != null) {
          properties.put(key, value);
        }
      }
      Files files = files(metadata, threshold, table.policy().compactWhenSmallFilesAbove());
      return new TableState(table.metadataLocation(), metadata.location(), snapshots(metadata),
          metadata.previousFiles().size() + 1, properties, threshold, files.dataBytes(), files.partitions(),
          whereColumns(metadata, files.partitions()));
    } catch (Refused | AwsFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(table, e);
    }
  }

  /**
   * The snapshots, each with the branches and tags that hold it: Iceberg's snapshot expiry, which
   * Athena's VACUUM runs, keeps the most recent of every branch's history (main's and any other's,
   * by the branch's own retention where it sets one) and every tag's snapshot, not main's alone.
   */
  private static List<SnapshotInfo> snapshots(TableMetadata metadata) {
    long defaultMaxRefAgeMs = PropertyUtil.propertyAsLong(metadata.properties(), TableProperties.MAX_REF_AGE_MS,
        TableProperties.MAX_REF_AGE_MS_DEFAULT);
    Map<Long, List<SnapshotInfo.Hold>> holds = new HashMap<>();
    for (Map.Entry<String, SnapshotRef> entry : metadata.refs().entrySet()) {
      SnapshotRef ref = entry.getValue();
      Snapshot head = metadata.snapshot(ref.snapshotId());
      if (head == null) {
        continue;
      }
      long maxRefAgeMs = ref.maxRefAgeMs() != null ? ref.maxRefAgeMs() : defaultMaxRefAgeMs;
      Instant expiresAt = entry.getKey().equals(SnapshotRef.MAIN_BRANCH) || maxRefAgeMs == Long.MAX_VALUE ? null
          : Instant.ofEpochMilli(head.timestampMillis()).plusMillis(maxRefAgeMs);
      if (ref.isTag()) {
        holds.computeIfAbsent(head.snapshotId(), id -> new ArrayList<>()).add(SnapshotInfo.Hold.tag(expiresAt));
        continue;
      }
      Duration maxSnapshotAge = ref.maxSnapshotAgeMs() == null ? null : Duration.ofMillis(ref.maxSnapshotAgeMs());
      Set<Long> seen = new HashSet<>();
      Snapshot at = head;
      for (int depth = 0; at != null && seen.add(at.snapshotId()); depth++) {
        holds.computeIfAbsent(at.snapshotId(), id -> new ArrayList<>()).add(new SnapshotInfo.Hold(depth,
            ref.minSnapshotsToKeep(), maxSnapshotAge, expiresAt));
        at = at.parentId() == null ? null : metadata.snapshot(at.parentId());
      }
    }
    List<SnapshotInfo> snapshots = new ArrayList<>();
    for (Snapshot snapshot : metadata.snapshots()) {
      snapshots.add(new SnapshotInfo(snapshot.snapshotId(), Instant.ofEpochMilli(snapshot.timestampMillis()),
          holds.getOrDefault(snapshot.snapshotId(), List.of())));
    }
    snapshots.sort(Comparator.comparing(SnapshotInfo::committedAt).thenComparing(SnapshotInfo::snapshotId));
    return snapshots;
  }

  /**
   * The columns the current partitioning partitions by identity that the partitioning of every live
   * file also partitions by identity: the columns a WHERE of OPTIMIZE may name and select exactly by.
   */
  static Set<String> whereColumns(TableMetadata metadata, List<PartitionFiles> partitions) {
    Set<String> columns = identityColumns(metadata.spec());
    Map<Integer, PartitionSpec> specs = metadata.specsById();
    for (PartitionFiles partition : partitions) {
      PartitionSpec spec = specs.get(partition.specId());
      columns.retainAll(spec == null ? Set.of() : identityColumns(spec));
    }
    return columns;
  }

  private static Set<String> identityColumns(PartitionSpec spec) {
    Set<String> columns = new HashSet<>();
    for (PartitionField field : spec.fields()) {
      String column = spec.schema().findColumnName(field.sourceId());
      if (field.transform().isIdentity() && column != null) {
        columns.add(column);
      }
    }
    return columns;
  }

  private Files files(TableMetadata metadata, long threshold, int compactWhenSmallFilesAbove) {
    Snapshot current = metadata.currentSnapshot();
    if (current == null) {
      return new Files(List.of(), 0);
    }
    Map<Integer, PartitionSpec> specs = metadata.specsById();
    Files files = ManifestListFigures.of(current.summary(), current.allManifests(io), specs, threshold,
        compactWhenSmallFilesAbove).orElseGet(() -> fromManifests(current, specs, threshold));
    List<PartitionFiles> partitions = new ArrayList<>(files.partitions());
    partitions.sort(Comparator.comparing(PartitionFiles::specId).thenComparing(PartitionFiles::path));
    return new Files(partitions, files.dataBytes());
  }

  private Files fromManifests(Snapshot current, Map<Integer, PartitionSpec> specs, long threshold) {
    List<LiveDelete> deletes = new ArrayList<>();
    for (ManifestFile manifest : current.deleteManifests(io)) {
      try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, io, specs)) {
        for (DeleteFile file : reader) {
          PartitionSpec spec = specs.get(file.specId());
          boolean equality = file.content() == FileContent.EQUALITY_DELETES;
          deletes.add(new LiveDelete(key(specs, file), file.specId(), path(spec, file), values(spec, file.partition()),
              spec.isUnpartitioned(), equality, file.dataSequenceNumber(),
              equality ? null : ContentFileUtil.referencedDataFileLocation(file),
              equality ? null : pathBound(file.lowerBounds()), equality ? null : pathBound(file.upperBounds())));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    DeletesOfDataFiles deletesOf = new DeletesOfDataFiles(deletes);
    Map<String, Tally> tallies = new LinkedHashMap<>();
    long oldestData = Long.MAX_VALUE;
    for (ManifestFile manifest : current.dataManifests(io)) {
      try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, io, specs)) {
        for (DataFile file : reader) {
          long sequence = dataSequence(file);
          tally(tallies, specs, file).data(file.fileSizeInBytes(), threshold, sequence,
              deletesOf.count(key(specs, file), file.location(), sequence));
          oldestData = Math.min(oldestData, sequence);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (LiveDelete delete : deletes) {
      Tally partition = tallies.get(delete.key());
      if (appliesToDataOf(delete.equality(), delete.sequence(), delete.global() ? oldestData
          : partition == null ? Long.MAX_VALUE : partition.oldestDataSequence)) {
        tallies.computeIfAbsent(delete.key(), k -> new Tally(delete.specId(), delete.path(), delete.values()))
            .delete();
      }
    }
    List<PartitionFiles> partitions = tallies.values().stream().map(Tally::files).toList();
    return new Files(partitions, partitions.stream().mapToLong(p -> p.dataBytes().getAsLong()).sum());
  }

  /**
   * Whether a delete file can still delete rows of a live data file, the oldest of those it could
   * apply to (its partition's, or the table's for an unpartitioned delete file) having {@code
   * oldestDataSequence}: a position delete applies to data files of its sequence number or older, an
   * equality delete to older ones only. One that applies to none (its data files were rewritten since,
   * as compaction by Spark leaves them) is dead weight no OPTIMIZE rewrites a data file for.
   */
  private static boolean appliesToDataOf(boolean equality, Long sequence, long oldestDataSequence) {
    if (sequence == null) {
      return true;
    }
    return equality ? oldestDataSequence < sequence : oldestDataSequence <= sequence;
  }

  /** The bound of a position delete file's {@code file_path} column; null when its manifest entry has none. */
  private static String pathBound(Map<Integer, ByteBuffer> bounds) {
    ByteBuffer bound = bounds == null ? null : bounds.get(MetadataColumns.DELETE_FILE_PATH.fieldId());
    return bound == null ? null : Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), bound).toString();
  }

  /**
   * A live delete file, as much of it as deciding whom it applies to takes.
   *
   * @param dataFile the one data file a position delete names, else null
   * @param lowestPath the lowest data file path a position delete may name, from its metrics; null when unknown
   * @param highestPath the highest, likewise
   */
  private record LiveDelete(String key, int specId, String path, List<PartitionValue> values, boolean global,
      boolean equality, Long sequence, String dataFile, String lowestPath, String highestPath) {}

  /**
   * How many of the live delete files apply to a data file, as Iceberg's scan planning (and so
   * Athena's OPTIMIZE) associates them, from the manifests alone: the equality deletes of its
   * partition (or of the whole table) newer than it; the position deletes of its partition not
   * older than it that name it alone, or whose {@code file_path} bounds take in its path, or that
   * have no bounds (then they may apply to any data file of the partition).
   */
  private static final class DeletesOfDataFiles {
    private static final String GLOBAL = "";
    private final Map<String, long[]> equalitySequences = new HashMap<>();
    private final Map<String, List<Long>> positionSequences = new HashMap<>();
    private final Map<String, List<LiveDelete>> positionRanges = new HashMap<>();

    DeletesOfDataFiles(List<LiveDelete> deletes) {
      Map<String, List<Long>> equality = new HashMap<>();
      for (LiveDelete delete : deletes) {
        long sequence = delete.sequence() == null ? Long.MAX_VALUE : delete.sequence();
        if (delete.equality()) {
          equality.computeIfAbsent(delete.global() ? GLOBAL : delete.key(), k -> new ArrayList<>()).add(sequence);
        } else if (delete.dataFile() != null) {
          positionSequences.computeIfAbsent(delete.dataFile(), k -> new ArrayList<>()).add(sequence);
        } else {
          positionRanges.computeIfAbsent(delete.key(), k -> new ArrayList<>()).add(delete);
        }
      }
      equality.forEach((key, sequences) -> equalitySequences.put(key,
          sequences.stream().mapToLong(Long::longValue).sorted().toArray()));
    }

    int count(String key, String dataFile, long dataSequence) {
      int count = newerThan(equalitySequences.get(key), dataSequence)
          + newerThan(equalitySequences.get(GLOBAL), dataSequence);
      for (long sequence : positionSequences.getOrDefault(dataFile, List.of())) {
        if (dataSequence <= sequence) {
          count++;
        }
      }
      for (LiveDelete delete : positionRanges.getOrDefault(key, List.of())) {
        if ((delete.sequence() == null || dataSequence <= delete.sequence())
            && (delete.lowestPath() == null || delete.lowestPath().compareTo(dataFile) <= 0)
            && (delete.highestPath() == null || delete.highestPath().compareTo(dataFile) >= 0)) {
          count++;
        }
      }
      return count;
    }

    private static int newerThan(long[] sorted, long dataSequence) {
      if (sorted == null) {
        return 0;
      }
      int from = Arrays.binarySearch(sorted, dataSequence);
      if (from < 0) {
        return sorted.length - (-from - 1);
      }
      while (from < sorted.length && sorted[from] <= dataSequence) {
        from++;
      }
      return sorted.length - from;
    }
  }

  /** A file's data sequence number; 0, older than any, where it has none (format version 1). */
  private static long dataSequence(ContentFile<?> file) {
    Long sequence = file.dataSequenceNumber();
    return sequence == null ? 0 : sequence;
  }

  private static Tally tally(Map<String, Tally> tallies, Map<Integer, PartitionSpec> specs, ContentFile<?> file) {
    PartitionSpec spec = specs.get(file.specId());
    return tallies.computeIfAbsent(key(specs, file),
        k -> new Tally(file.specId(), path(spec, file), values(spec, file.partition())));
  }

  /** A file's partition as a key: its spec and its partition's path. */
  private static String key(Map<Integer, PartitionSpec> specs, ContentFile<?> file) {
    return file.specId() + "/" + path(specs.get(file.specId()), file);
  }

  private static String path(PartitionSpec spec, ContentFile<?> file) {
    return spec.isUnpartitioned() ? "" : spec.partitionToPath(file.partition());
  }

  /**
   * The partition tuple's fields, less those a partitioning change voided: a format version 1
   * table keeps a field it no longer partitions by as a {@code void} transform, always null, which
   * is no partition column to Athena and selects nothing.
   */
  static List<PartitionValue> values(PartitionSpec spec, StructLike partition) {
    List<PartitionValue> values = new ArrayList<>();
    List<Types.NestedField> types = spec.partitionType().fields();
    for (int i = 0; i < spec.fields().size(); i++) {
      PartitionField field = spec.fields().get(i);
      if (field.transform().isVoid()) {
        continue;
      }
      Object value = partition.get(i, Object.class);
      if (value instanceof CharSequence text) {
        value = text.toString();
      } else if (value instanceof ByteBuffer bytes) {
        value = bytes.duplicate();
      }
      values.add(new PartitionValue(spec.schema().findColumnName(field.sourceId()), field.transform().toString(),
          types.get(i).type().toString(), value));
    }
    return values;
  }

  private static RuntimeException failure(MaintainedTable table, RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SdkException sdk) {
        AwsFailure failure = new AwsFailure("inspect", "Iceberg table", table.glueName(), sdk);
        failure.addSuppressed(e);
        return failure;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    AwsFailure failure = new AwsFailure("inspect", "Iceberg table", table.glueName(),
        "cannot read " + table.metadataLocation() + " and its manifests: " + e.getMessage() + rootCause(e));
    failure.initCause(e);
    return failure;
  }

  /**
   * What lies under a failure to read, in parentheses, its first line ("Unexpected character ..."
   * for a metadata file that is not JSON): Iceberg's own message names only the file. Empty when
   * the failure has no cause of its own.
   */
  private static String rootCause(RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root == e || root.getMessage() == null ? "" : root.getMessage().strip().lines().findFirst()
        .orElse("");
    return message.isEmpty() ? "" : " (" + message + ")";
  }

  /** A table's live files per partition, and their data files' size. */
  record Files(List<PartitionFiles> partitions, long dataBytes) {}

  /** Counts of one partition as the manifests are read. */
  private static final class Tally {
    private final int specId;
    private final String path;
    private final List<PartitionValue> values;
    private int dataFiles;
    private long dataBytes;
    private int smallFiles;
    private int deleteFiles;
    private long oldestDataSequence = Long.MAX_VALUE;
    private int mostDeletesOfOneDataFile;

    Tally(int specId, String path, List<PartitionValue> values) {
      this.specId = specId;
      this.path = path;
      this.values = values;
    }

    void data(long bytes, long smallFileThreshold, long dataSequence, int deletes) {
      dataFiles++;
      mostDeletesOfOneDataFile = Math.max(mostDeletesOfOneDataFile, deletes);
      oldestDataSequence = Math.min(oldestDataSequence, dataSequence);
      dataBytes += bytes;
      if (bytes < smallFileThreshold) {
        smallFiles++;
      }
    }

    void delete() {
      deleteFiles++;
    }

    PartitionFiles files() {
      return new PartitionFiles(specId, path, values, dataFiles, smallFiles, deleteFiles, OptionalLong.of(dataBytes),
          mostDeletesOfOneDataFile);
    }
  }
}
