package dev.lakehouse.provision.iceberg;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.aws.glue.IcebergGlueInputs;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Pure conversions of Glue tables: how Athena and Iceberg mark an Iceberg table, the input that
 * makes a new one, and rewriting one's parameters.
 */
public final class GlueTables {
  /** The Glue parameter that marks an Iceberg table (value {@code ICEBERG}, any case). */
  public static final String TABLE_TYPE = "table_type";
  /** The Glue parameter that points at the table's current metadata file. */
  public static final String METADATA_LOCATION = "metadata_location";
  /** The Glue table type of Iceberg tables, as Iceberg's Glue catalog sets it. */
  static final String EXTERNAL_TABLE = "EXTERNAL_TABLE";

  private GlueTables() {}

  /** Whether Iceberg's catalogs and Athena read the Glue table as an Iceberg table. */
  public static boolean isIceberg(Table table) {
    return table.hasParameters() && "ICEBERG".equalsIgnoreCase(table.parameters().get(TABLE_TYPE));
  }

  /**
   * The input that creates a new Iceberg table in Glue as Iceberg's Glue catalog creates it (an
   * external table, its location, columns and description as Iceberg describes them,
   * {@code table_type=ICEBERG} and {@code metadata_location}), with these parameters as well.
   */
  public static TableInput newIcebergTable(String name, TableMetadata metadata, String metadataLocation,
      Map<String, String> added) {
    Map<String, String> parameters = new LinkedHashMap<>(added);
    parameters.put(TABLE_TYPE, "ICEBERG");
    parameters.put(METADATA_LOCATION, metadataLocation);
    return IcebergGlueInputs.describe(TableInput.builder(), metadata)
        .name(name)
        .tableType(EXTERNAL_TABLE)
        .parameters(parameters)
        .build();
  }

  /**
   * The input that rewrites the table as it is, with these parameters added. Glue's
   * UpdateTable replaces the whole definition, so every field the table has is carried over.
   */
  public static TableInput withParameters(Table table, Map<String, String> added) {
    Map<String, String> parameters = new LinkedHashMap<>(table.hasParameters() ? table.parameters() : Map.of());
    parameters.putAll(added);
    TableInput.Builder input = TableInput.builder()
        .name(table.name())
        .description(table.description())
        .owner(table.owner())
        .lastAccessTime(table.lastAccessTime())
        .lastAnalyzedTime(table.lastAnalyzedTime())
        .retention(table.retention())
        .storageDescriptor(table.storageDescriptor())
        .viewOriginalText(table.viewOriginalText())
        .viewExpandedText(table.viewExpandedText())
        .tableType(table.tableType())
        .targetTable(table.targetTable())
        .parameters(parameters);
    if (table.hasPartitionKeys()) {
      input.partitionKeys(table.partitionKeys());
    }
    return input.build();
  }

  /**
   * The input without the table's description (when {@code description}) and without the
   * comments of these columns. Iceberg's Glue catalog keeps the Glue table's description and a
   * column's comment when the table's {@code comment} property or the column's doc is removed, so
   * these are taken out of the Glue table after the Iceberg commit that removed them.
   */
  public static TableInput withoutComments(TableInput input, boolean description, Set<String> columns) {
    TableInput.Builder builder = input.toBuilder();
    if (description) {
      builder.description(null);
    }
    if (!columns.isEmpty() && input.storageDescriptor() != null && input.storageDescriptor().hasColumns()) {
      builder.storageDescriptor(input.storageDescriptor().toBuilder().columns(input.storageDescriptor().columns()
          .stream().map(c -> columns.contains(c.name()) ? c.toBuilder().comment(null).build() : c).toList()).build());
    }
    return builder.build();
  }
}
