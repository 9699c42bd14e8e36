package org.apache.iceberg.aws.glue;

import java.util.List;
import org.apache.iceberg.TableMetadata;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Iceberg's own description of a table in Glue: the storage descriptor (location and columns,
 * with Iceberg's field ids) and the description that Iceberg's Glue catalog writes on every
 * commit. Iceberg keeps that conversion package-private; this class, in Iceberg's package, is the
 * one place lakehouse reaches it, so that the tables the stack creates carry in Glue exactly
 * what Iceberg's catalog would have written (Lake Formation's column grants and Athena's column
 * listing go by these columns). A change to Iceberg's converter breaks the build here, not the tables.
 */
public final class IcebergGlueInputs {
  private IcebergGlueInputs() {}

  /** Sets the Glue table input's storage descriptor and description from the table's metadata, as Iceberg does. */
  public static TableInput.Builder describe(TableInput.Builder input, TableMetadata metadata) {
    IcebergToGlueConverter.setTableInputInformation(input, metadata);
    return input;
  }

  /**
   * The columns Iceberg's Glue catalog writes for the metadata in a commit to the Glue table
   * {@code existing}: those of the current schema, then those only earlier schemas have, each
   * with its field id; a column whose field has no doc keeps the comment {@code existing} gives
   * it. Null when Iceberg cannot describe the metadata (its catalog then writes no columns).
   */
  public static List<Column> columns(TableMetadata metadata, Table existing) {
    TableInput.Builder input = TableInput.builder();
    // Iceberg reads the existing columns' comments without looking for a storage descriptor.
    IcebergToGlueConverter.setTableInputInformation(input, metadata,
        existing != null && existing.storageDescriptor() != null ? existing : null);
    TableInput described = input.build();
    return described.storageDescriptor() == null ? null : described.storageDescriptor().columns();
  }
}
