package dev.lakehouse.provision.iceberg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.aws.glue.IcebergGlueInputs;
import org.apache.iceberg.util.LocationUtil;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Pure conversions of Glue tables: how Athena and Iceberg mark an Iceberg table, the input that
 * makes a new one, rewriting one's parameters, and whether its column list, type, location and
 * description are those its Iceberg metadata gives.
 */
public final class GlueTables {
  /** The Glue parameter that marks an Iceberg table (value {@code ICEBERG}, any case). */
  public static final String TABLE_TYPE = "table_type";
  /** The Glue parameter that points at the table's current metadata file. */
  public static final String METADATA_LOCATION = "metadata_location";
  /** The Glue table type of Iceberg tables, as Iceberg's Glue catalog sets it. */
  static final String EXTERNAL_TABLE = "EXTERNAL_TABLE";
  /** The Glue column parameter by which Iceberg's catalog tells the current schema's columns from earlier ones'. */
  static final String FIELD_CURRENT = "iceberg.field.current";

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

  /**
   * The columns the Glue table lists, where they are not those its Iceberg metadata gives as
   * Iceberg's Glue catalog writes them at a commit (and the stack at a create); null when they are.
   * Lake Formation checks column grants against this list, and consoles, crawlers and Hive-minded
   * tools read it, so a hand edit of it (a column dropped, renamed, retyped or added) is drift.
   *
   * <p>Compared are the columns of the current schema, in order: their names and types (Hive's
   * spellings, as case and spaces aside Glue and Athena read them) and the comments of those whose
   * field has a doc. Not compared: a comment where the field has none (Iceberg's catalog keeps the one
   * Glue has), the columns Iceberg lists after them for fields only earlier schemas have ({@value
   * #FIELD_CURRENT} {@code false}; no engine reads them, and other catalogs leave them out), and the
   * {@code iceberg.field.*} parameters, which Iceberg writes for people to read and nothing reads back.
   *
   * <p>Each column is {@code name type}, with {@code comment '...'} (or {@code without its comment})
   * where its comment is not its field's doc.
   */
  public static List<String> columnDrift(Table table, TableMetadata metadata) {
    List<Column> written = IcebergGlueInputs.columns(metadata, table);
    if (written == null) {
      return null;
    }
    List<Column> wanted = current(written);
    List<Column> held = current(table.storageDescriptor() == null ? List.of() : table.storageDescriptor().columns());
    boolean same = held.size() == wanted.size();
    for (int i = 0; same && i < held.size(); i++) {
      same = sameColumn(held.get(i), wanted.get(i));
    }
    if (same) {
      return null;
    }
    List<String> described = new ArrayList<>();
    for (Column column : held) {
      Column field = wanted.stream().filter(c -> c.name().equalsIgnoreCase(column.name())).findFirst().orElse(null);
      String comment = field == null || Objects.equals(emptyToNull(column.comment()), emptyToNull(field.comment()))
          ? "" : column.comment() == null ? " without its comment" : " comment '" + column.comment() + "'";
      described.add(column.name() + " " + column.type() + comment);
    }
    return described;
  }

  /**
   * The input with the columns Iceberg's Glue catalog would write for the metadata in place of
   * the Glue table's own, the rest of its storage descriptor (location, formats) as it is.
   */
  public static TableInput withIcebergColumns(TableInput input, Table table, TableMetadata metadata) {
    List<Column> columns = IcebergGlueInputs.columns(metadata, table);
    if (columns == null) {
      return input;
    }
    StorageDescriptor held = input.storageDescriptor();
    StorageDescriptor.Builder descriptor = held == null ? StorageDescriptor.builder().location(metadata.location())
        : held.toBuilder();
    return input.toBuilder().storageDescriptor(descriptor.columns(columns).build()).build();
  }

  /**
   * The Glue entry's table type, {@value #TABLE_TYPE} parameter, location and description ({@code
   * tableType}, {@code table_type}, {@code location}, {@code description}; empty where it has none),
   * those of them that are not what Iceberg's Glue catalog writes at a commit, as the stack at a
   * create: {@value #EXTERNAL_TABLE}, {@code ICEBERG}, the metadata's location (a trailing slash
   * aside), and the table's {@code comment} property where it has one (without one, Iceberg's
   * catalog keeps Glue's description). Null when all are. Athena takes a table of another type, or
   * without the parameter, for something else (a view, a Hive table), Lake Formation gives readers
   * access to the data at the entry's location, and consoles show its description, so a hand edit
   * of any is drift.
   */
  public static Map<String, String> entryDrift(Table table, TableMetadata metadata) {
    TableInput iceberg = icebergEntry(metadata);
    Map<String, String> drifted = new TreeMap<>();
    if (!EXTERNAL_TABLE.equals(table.tableType())) {
      drifted.put("tableType", Objects.toString(table.tableType(), ""));
    }
    if (!isIceberg(table)) {
      drifted.put(TABLE_TYPE, table.hasParameters() ? Objects.toString(table.parameters().get(TABLE_TYPE), "") : "");
    }
    String location = table.storageDescriptor() == null ? null : table.storageDescriptor().location();
    if (iceberg.storageDescriptor() != null && (location == null || !LocationUtil.stripTrailingSlash(location)
        .equals(LocationUtil.stripTrailingSlash(iceberg.storageDescriptor().location())))) {
      drifted.put("location", Objects.toString(location, ""));
    }
    if (iceberg.description() != null && !iceberg.description().equals(table.description())) {
      drifted.put("description", Objects.toString(table.description(), ""));
    }
    return drifted.isEmpty() ? null : drifted;
  }

  /**
   * The input with the table type, location and description Iceberg's Glue catalog writes for the
   * metadata ({@link #entryDrift}), the rest as it is (the {@value #TABLE_TYPE} parameter is set back
   * before: {@link #withParameters}).
   */
  public static TableInput withIcebergEntry(TableInput input, TableMetadata metadata) {
    TableInput iceberg = icebergEntry(metadata);
    TableInput.Builder rewritten = input.toBuilder().tableType(EXTERNAL_TABLE);
    if (iceberg.storageDescriptor() != null) {
      StorageDescriptor held = input.storageDescriptor();
      rewritten.storageDescriptor((held == null ? StorageDescriptor.builder() : held.toBuilder())
          .location(iceberg.storageDescriptor().location()).build());
    }
    if (iceberg.description() != null) {
      rewritten.description(iceberg.description());
    }
    return rewritten.build();
  }

  /** The table type, location and description Iceberg's Glue catalog writes for the metadata. */
  private static TableInput icebergEntry(TableMetadata metadata) {
    return IcebergGlueInputs.describe(TableInput.builder(), metadata).build();
  }

  /** The columns without those Iceberg marks as only earlier schemas' fields. */
  private static List<Column> current(List<Column> columns) {
    return columns.stream()
        .filter(c -> !(c.hasParameters() && "false".equalsIgnoreCase(c.parameters().get(FIELD_CURRENT)))).toList();
  }

  private static boolean sameColumn(Column held, Column wanted) {
    return held.name() != null && held.name().equalsIgnoreCase(wanted.name())
        && hiveType(held.type()).equals(hiveType(wanted.type()))
        && Objects.equals(emptyToNull(held.comment()), emptyToNull(wanted.comment()));
  }

  /** A Hive type name as Glue and Athena read it: case and spaces aside. */
  private static String hiveType(String type) {
    return type == null ? "" : type.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
