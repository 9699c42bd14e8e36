package dev.lakehouse.maintenance.inspect;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFile.PartitionFieldSummary;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A snapshot's live files per partition as its summary and manifest list tell them, without
 * reading a manifest, in the cases where they tell them exactly; otherwise empty, and the
 * manifests are read. They tell them exactly when:
 * <ul>
 *   <li>the summary has the table's totals ({@code total-data-files}, {@code total-delete-files},
 *       {@code total-files-size}), as Iceberg's writers, Athena's among them, record at every commit;</li>
 *   <li>there is no live delete file, so {@code total-files-size} is the data files' size;</li>
 *   <li>that size is under the small-file threshold, so every data file is small;</li>
 *   <li>every manifest holding live files holds one partition: the bounds of its partition summary
 *       are equal, or all its values are null (as a write to one partition leaves it);</li>
 *   <li>the manifests' live files add up to the summary's {@code total-data-files}.</li>
 * </ul>
 * A partition's own size is then known only when the table has one partition. Since OPTIMIZE needs
 * the sizes of the partitions it is restricted to, a table of several partitions of which one has
 * more than {@code compactWhenSmallFilesAbove} files has its manifests read as well.
 */
final class ManifestListFigures {
  private ManifestListFigures() {}

  static Optional<TableInspector.Files> of(Map<String, String> summary, List<ManifestFile> manifests,
      Map<Integer, PartitionSpec> specs, long smallFileThreshold, int compactWhenSmallFilesAbove) {
    OptionalLong dataFiles = total(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP);
    OptionalLong deleteFiles = total(summary, SnapshotSummary.TOTAL_DELETE_FILES_PROP);
    OptionalLong bytes = total(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP);
    if (dataFiles.isEmpty() || deleteFiles.isEmpty() || bytes.isEmpty() || deleteFiles.getAsLong() != 0
        || bytes.getAsLong() >= smallFileThreshold) {
      return Optional.empty();
    }
    Map<String, Partition> partitions = new LinkedHashMap<>();
    long listed = 0;
    for (ManifestFile manifest : manifests) {
      Integer added = manifest.addedFilesCount();
      Integer existing = manifest.existingFilesCount();
      if (added == null || existing == null) {
        return Optional.empty();
      }
      int live = added + existing;
      if (live == 0) {
        continue;
      }
      PartitionSpec spec = specs.get(manifest.partitionSpecId());
      if (manifest.content() != ManifestContent.DATA || spec == null) {
        return Optional.empty();
      }
      Optional<StructLike> tuple = onePartition(spec, manifest.partitions());
      if (tuple.isEmpty()) {
        return Optional.empty();
      }
      String path = spec.isUnpartitioned() ? "" : spec.partitionToPath(tuple.get());
      partitions.computeIfAbsent(spec.specId() + "/" + path, k -> new Partition(spec, path, tuple.get())).files += live;
      listed += live;
    }
    if (listed != dataFiles.getAsLong()) {
      return Optional.empty();
    }
    boolean one = partitions.size() == 1;
    if (!one && partitions.values().stream().anyMatch(p -> p.files > compactWhenSmallFilesAbove)) {
      return Optional.empty();
    }
    List<PartitionFiles> files = new ArrayList<>();
    for (Partition p : partitions.values()) {
      files.add(new PartitionFiles(p.spec.specId(), p.path, TableInspector.values(p.spec, p.tuple), p.files, p.files,
          0, one ? bytes : OptionalLong.empty()));
    }
    return Optional.of(new TableInspector.Files(files, bytes.getAsLong()));
  }

  private static OptionalLong total(Map<String, String> summary, String key) {
    String value = summary == null ? null : summary.get(key);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long total = Long.parseLong(value.trim());
      return total < 0 ? OptionalLong.empty() : OptionalLong.of(total);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The one partition a manifest's files are in, when its partition summary says they are in one. */
  private static Optional<StructLike> onePartition(PartitionSpec spec, List<PartitionFieldSummary> summaries) {
    List<Types.NestedField> fields = spec.partitionType().fields();
    if (fields.isEmpty()) {
      return Optional.of(new Tuple(new Object[0]));
    }
    if (summaries == null || summaries.size() != fields.size()) {
      return Optional.empty();
    }
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      PartitionFieldSummary field = summaries.get(i);
      Type type = fields.get(i).type();
      Boolean nan = field.containsNaN();
      boolean floating = type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
      if (Boolean.TRUE.equals(nan) || (nan == null && floating)) {
        return Optional.empty();
      }
      ByteBuffer lower = field.lowerBound();
      ByteBuffer upper = field.upperBound();
      if (field.containsNull()) {
        if (lower != null || upper != null) {
          return Optional.empty();
        }
        values[i] = null;
      } else if (lower != null && lower.equals(upper)) {
        values[i] = Conversions.fromByteBuffer(type, lower);
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new Tuple(values));
  }

  private static final class Partition {
    final PartitionSpec spec;
    final String path;
    final StructLike tuple;
    int files;

    Partition(PartitionSpec spec, String path, StructLike tuple) {
      this.spec = spec;
      this.path = path;
      this.tuple = tuple;
    }
  }

  /** A partition tuple of values decoded from a partition summary. */
  private static final class Tuple implements StructLike {
    private final Object[] values;

    Tuple(Object[] values) {
      this.values = values;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      return javaClass.cast(values[pos]);
    }

    @Override
    public <T> void set(int pos, T value) {
      values[pos] = value;
    }
  }
}
