package dev.lakehouse.maintenance.inspect;

import java.util.List;
import java.util.OptionalLong;

/**
 * The live files of one partition in the current snapshot.
 *
 * @param specId the partition spec the files were written with
 * @param path the partition as a path, {@code event_date=2024-05-01}; empty for an unpartitioned table
 * @param values the partition tuple, less the fields a partitioning change voided ({@link TableInspector#values})
 * @param smallFiles data files under the table's small-file threshold
 * @param deleteFiles the delete files that still apply to one of its data files
 * @param dataBytes the size of its data files; empty when the inspection did not need the manifests
 *     that give it (the table's size is known, and no partition is due for OPTIMIZE: see
 *     {@link TableInspector})
 * @param mostDeletesOfOneDataFile the most delete files that apply to one of its data files, as Iceberg's
 *     scan planning associates them from the manifests, without reading a delete file: every equality
 *     delete newer than the data file, and the position deletes not older than it that name it alone
 *     ({@code referenced_data_file}, or equal bounds of their {@code file_path}), whose {@code file_path}
 *     bounds take in its path, or that have no bounds. Athena's OPTIMIZE rewrites a data file for its
 *     deletes when they reach {@code optimize_rewrite_delete_file_threshold}.
 */
public record PartitionFiles(
    int specId, String path, List<PartitionValue> values, int dataFiles, int smallFiles, int deleteFiles,
    OptionalLong dataBytes, int mostDeletesOfOneDataFile) {

  public PartitionFiles {
    values = List.copyOf(values);
  }

  /** A partition whose delete files, if any, all apply to one data file. */
  public PartitionFiles(int specId, String path, List<PartitionValue> values, int dataFiles, int smallFiles,
      int deleteFiles, OptionalLong dataBytes) {
    this(specId, path, values, dataFiles, smallFiles, deleteFiles, dataBytes, deleteFiles);
  }

  /** Whether every field of the tuple is an identity transform (so a WHERE on the columns selects it exactly). */
  public boolean identityOnly() {
    return values.stream().allMatch(PartitionValue::identity);
  }
}
