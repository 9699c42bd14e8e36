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
 * @param dataBytes the size of its data files; empty when the inspection did not need the manifests
 *     that give it (the table's size is known, and no partition is due for OPTIMIZE: see
 *     {@link TableInspector})
 */
public record PartitionFiles(
    int specId, String path, List<PartitionValue> values, int dataFiles, int smallFiles, int deleteFiles,
    OptionalLong dataBytes) {

  public PartitionFiles {
    values = List.copyOf(values);
  }

  /** Whether every field of the tuple is an identity transform (so a WHERE on the columns selects it exactly). */
  public boolean identityOnly() {
    return values.stream().allMatch(PartitionValue::identity);
  }
}
