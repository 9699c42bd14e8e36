package dev.lakehouse.provision.iceberg;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.ColumnConfig;
import dev.lakehouse.config.model.TableConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.config.schema.ColumnTypes;
import dev.lakehouse.config.schema.PartitionTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.LocationUtil;

/**
 * Pure conversions between the config, {@link TableSpec} and Iceberg's table metadata:
 * the spec the config wants, the spec a table's metadata holds, and what a new table is
 * created with.
 */
public final class TableConverters {
  /**
   * The table property that records which properties the stack manages, so that a property
   * removed from the config is unset, and a property set by an engine or a writer is never touched.
   */
  public static final String MANAGED_PROPERTIES = TableConfig.MANAGED_PROPERTIES;
  /** The table property Iceberg keeps a table's description in; Glue shows it as the table's description. */
  public static final String COMMENT = "comment";
  /** The format version of the tables the stack creates: the one Athena reads and writes. */
  public static final int FORMAT_VERSION = 2;

  private TableConverters() {}

  // Config -> spec

  /** The spec of a declared table: its zone's database and bucket, columns, partitioning and properties. */
  public static TableSpec desired(Stack stack, TableConfig config) {
    ZoneConfig zone = stack.config().zone(config.zone());
    List<TableSpec.Column> columns = new ArrayList<>();
    String previous = null;
    int index = stack.config().tables().indexOf(config);
    for (int i = 0; i < config.columns().size(); i++) {
      ColumnConfig column = config.columns().get(i);
      ConfigPath at = ConfigPath.of("tables").index(index).key("columns").index(i);
      Map<String, String> written = index < 0 ? Map.of()
          : Map.of("name", stack.where(at.key("name")), "type", stack.where(at.key("type")), "required",
              stack.where(at.key("required")));
      columns.add(new TableSpec.Column(column.name(), ColumnTypes.parse(column.type()).toString(), column.required(),
          emptyToNull(column.comment()), previous, column.renamedFrom(), null, written));
      previous = column.name();
    }
    Map<String, String> properties = new TreeMap<>(config.properties());
    if (config.description() != null && !config.description().isEmpty()) {
      properties.put(COMMENT, config.description());
    }
    return new TableSpec(
        zone.database().name(),
        config.tableName(),
        location(zone.bucket(), config.tableName()),
        FORMAT_VERSION,
        columns,
        config.partitionBy().stream().map(p -> PartitionTransform.parse(p).toString()).toList(),
        properties,
        new TreeMap<>(stack.ownershipTags()),
        properties.keySet(),
        Map.of(),
        false);
  }

  /** The base location of a table in its zone's bucket, as Iceberg keeps it (no trailing slash). */
  public static String location(String bucket, String table) {
    return "s3://" + bucket + "/" + table;
  }

  // Spec -> Iceberg

  /** The schema a new table is created with. */
  public static Schema schema(TableSpec spec) {
    return IcebergTypes.schema(spec.columns().stream()
        .map(c -> new IcebergTypes.ColumnDefinition(c.name(), ColumnTypes.parse(c.type()), c.required(), c.comment()))
        .toList());
  }

  /** The partition spec a new table is created with, over its schema. */
  public static PartitionSpec partitionSpec(Schema schema, TableSpec spec) {
    return PartitionFields.spec(schema, spec.partitionBy().stream().map(PartitionTransform::parse).toList());
  }

  /** The properties a new table is created with: the managed ones, the record of them, and the format version. */
  public static Map<String, String> createProperties(TableSpec spec) {
    Map<String, String> properties = new LinkedHashMap<>(spec.properties());
    properties.put(MANAGED_PROPERTIES, managedPropertiesValue(spec.managedProperties()));
    properties.put(TableProperties.FORMAT_VERSION, Integer.toString(spec.formatVersion()));
    return properties;
  }

  /**
   * The metadata a new table starts with, made as Iceberg's catalogs make it on create (fresh
   * field ids, no sort order, no snapshot), from the schema, partition spec, location and
   * properties the spec gives.
   */
  public static TableMetadata newTableMetadata(TableSpec spec) {
    Schema schema = schema(spec);
    return TableMetadata.newTableMetadata(schema, partitionSpec(schema, spec), SortOrder.unsorted(), spec.location(),
        createProperties(spec));
  }

  /**
   * Where a new table's first metadata file goes, named as Iceberg's catalogs name it: version
   * {@code 00000} and a random id, in the table's {@code metadata} folder (or the folder its
   * {@code write.metadata.path} property names), with the extension of its metadata compression codec.
   */
  public static String firstMetadataLocation(TableMetadata metadata, UUID id) {
    String folder = metadata.properties().get(TableProperties.WRITE_METADATA_LOCATION);
    String base = folder != null ? LocationUtil.stripTrailingSlash(folder)
        : LocationUtil.stripTrailingSlash(metadata.location()) + "/metadata";
    String codec = metadata.property(TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT);
    return base + "/00000-" + id + TableMetadataParser.getFileExtension(codec);
  }

  /** The value of {@link #MANAGED_PROPERTIES}: the names, sorted, comma-separated. */
  public static String managedPropertiesValue(Set<String> names) {
    return String.join(",", new TreeSet<>(names));
  }

  // Iceberg -> spec

  /**
   * The spec a table's metadata holds, given the spec the config wants: properties are those
   * either manages, Glue parameters those the config manages, partition fields those the config lists in
   * its order ({@link #partitionOrder}).
   */
  public static TableSpec observed(TableMetadata metadata, Map<String, String> glueParameters, TableSpec desired) {
    Schema schema = metadata.schema();
    List<TableSpec.Column> columns = new ArrayList<>();
    String previous = null;
    for (Types.NestedField field : schema.columns()) {
      columns.add(new TableSpec.Column(field.name(), IcebergTypes.fromIceberg(field.type()).toString(),
          field.isRequired(), emptyToNull(field.doc()), previous, null, field.fieldId(), Map.of()));
      previous = field.name();
    }
    Map<String, String> fieldNames = new LinkedHashMap<>();
    for (PartitionField field : metadata.spec().fields()) {
      fieldNames.put(PartitionFields.fromIceberg(field, schema).toString(), field.name());
    }
    List<String> partitionBy = partitionOrder(List.copyOf(fieldNames.keySet()), desired.partitionBy());
    Set<String> recorded = managedProperties(metadata.properties());
    Set<String> managed = new TreeSet<>(recorded);
    managed.addAll(desired.managedProperties());
    Map<String, String> properties = new TreeMap<>();
    managed.forEach(key -> {
      if (metadata.properties().containsKey(key)) {
        properties.put(key, metadata.properties().get(key));
      }
    });
    Map<String, String> parameters = new TreeMap<>();
    desired.glueParameters().keySet().forEach(key -> {
      if (glueParameters.containsKey(key)) {
        parameters.put(key, glueParameters.get(key));
      }
    });
    // The mark of the config last applied, which a plan reads and never compares (AppliedMark).
    if (glueParameters.containsKey(Stack.APPLIED_TAG)) {
      parameters.put(Stack.APPLIED_TAG, glueParameters.get(Stack.APPLIED_TAG));
    }
    boolean createdEmpty = metadata.currentSnapshot() == null && metadata.properties().containsKey(MANAGED_PROPERTIES);
    Set<String> sortColumns = new TreeSet<>();
    for (SortField field : metadata.sortOrder().fields()) {
      String column = schema.findColumnName(field.sourceId());
      if (column != null) {
        sortColumns.add(column);
      }
    }
    return new TableSpec(desired.database(), desired.table(), metadata.location(), metadata.formatVersion(), columns,
        partitionBy, properties, parameters, recorded, fieldNames, createdEmpty)
        .withEvolutionLimits(schema.identifierFieldNames(), sortColumns, partitionFieldSources(metadata));
  }

  /** The name of each field of the table's partition specs, the earlier ones too, and its source column's path. */
  private static Map<String, String> partitionFieldSources(TableMetadata metadata) {
    Map<String, String> sources = new TreeMap<>();
    for (PartitionSpec spec : metadata.specs()) {
      for (PartitionField field : spec.fields()) {
        String source = metadata.schema().findColumnName(field.sourceId());
        if (source != null) {
          sources.put(field.name(), source);
        }
      }
    }
    return sources;
  }

  /**
   * The table's partition fields with those the config lists in the config's order, in the places the
   * table's own order gives them; the others keep their places. A field the config no longer lists
   * thus stays where the config last applied had it, so that the table reads as that config did
   * (its mark matches) and a replaced field shows as the one changed entry ({@code day -> hour}).
   */
  private static List<String> partitionOrder(List<String> held, List<String> wanted) {
    List<String> shared = new ArrayList<>(held.stream().filter(wanted::contains).toList());
    shared.sort(Comparator.comparingInt(wanted::indexOf));
    Iterator<String> inWantedOrder = shared.iterator();
    return held.stream().map(field -> wanted.contains(field) ? inWantedOrder.next() : field).toList();
  }

  /** The property names recorded in {@link #MANAGED_PROPERTIES}; empty when there is no record. */
  static Set<String> managedProperties(Map<String, String> properties) {
    String value = properties.get(MANAGED_PROPERTIES);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return new TreeSet<>(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
