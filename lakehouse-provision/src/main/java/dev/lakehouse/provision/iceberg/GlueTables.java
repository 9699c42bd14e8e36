package dev.lakehouse.provision.iceberg;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/** Pure conversions of Glue tables: how Athena and Iceberg mark an Iceberg table, and rewriting one's parameters. */
public final class GlueTables {
  /** The Glue parameter that marks an Iceberg table (value {@code ICEBERG}, any case). */
  public static final String TABLE_TYPE = "table_type";
  /** The Glue parameter that points at the table's current metadata file. */
  public static final String METADATA_LOCATION = "metadata_location";

  private GlueTables() {}

  /** Whether Iceberg's catalogs and Athena read the Glue table as an Iceberg table. */
  public static boolean isIceberg(Table table) {
    return table.hasParameters() && "ICEBERG".equalsIgnoreCase(table.parameters().get(TABLE_TYPE));
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
}
