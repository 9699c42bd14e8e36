package org.apache.iceberg.aws.glue;

import org.apache.iceberg.TableMetadata;
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
}
