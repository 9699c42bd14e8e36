package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.ColumnConfig;
import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.config.model.MaintenanceTableConfig;
import dev.lakehouse.config.model.TableConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.config.schema.ColumnType;
import dev.lakehouse.config.schema.ColumnTypes;
import dev.lakehouse.config.schema.PartitionTransform;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.TableProperties;

/**
 * Iceberg tables: names, columns and their types, partition fields, properties, and what
 * Iceberg or the Glue catalog would refuse when the table is made (a partition field named
 * like a column, a column comment longer than Glue keeps, a property Iceberg reserves).
 */
final class TableRules extends Rules {
  static final Pattern TABLE_NAME = Pattern.compile("[a-z0-9_]{1,255}");
  static final Pattern COLUMN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,254}");
  private static final Set<String> TIME_TRANSFORMS = Set.of("year", "month", "day", "hour");
  /** Glue's limits on what Iceberg's catalog writes into it. */
  static final int GLUE_COLUMN_COMMENT_MAX = 255;
  static final int GLUE_DESCRIPTION_MAX = 2048;

  TableRules(Stack stack, Problems problems) {
    super(stack, problems);
  }

  @Override
  void validate() {
    List<TableConfig> tables = stack.config().tables();
    unique(tables, TableConfig::name, ConfigPath.of("tables"), "name", "table");
    for (int i = 0; i < tables.size(); i++) {
      table(tables.get(i), ConfigPath.of("tables").index(i));
    }
  }

  private void table(TableConfig table, ConfigPath path) {
    if (!required(table.name(), path.key("name"))) {
      return;
    }
    if (table.zone() == null) {
      problems.add(path.key("name"), "'" + table.name() + "' must be written <zone>.<table>, e.g. processed.events");
    } else if (zoneExists(table.zone(), path.key("name"))) {
      ZoneConfig zone = stack.config().zone(table.zone());
      if (zone != null && zone.database() == null) {
        problems.add(path.key("name"), "zone '" + table.zone() + "' has no database for the table to live in; "
            + "add zones." + table.zone() + ".database");
      }
      matches(table.tableName(), TABLE_NAME, path.key("name"),
          "is not a table name Athena can query: use lowercase letters, digits and '_' after the zone");
    }
    if (table.columns().isEmpty()) {
      problems.add(path.key("columns"), "a table needs at least one column");
    }
    Map<String, ColumnType> types = columns(table.columns(), path.key("columns"));
    partitions(table.partitionBy(), types, path.key("partitionBy"));
    if (table.description() != null && table.description().length() > GLUE_DESCRIPTION_MAX) {
      problems.add(path.key("description"), "a table description is at most " + GLUE_DESCRIPTION_MAX
          + " characters in the Glue catalog, got " + table.description().length());
    }
    int maintained = maintainedBy(table);
    table.properties().forEach((key, value) -> {
      ConfigPath at = path.key("properties").key(key);
      if (key.isBlank()) {
        problems.addAtKey(at, "a table property needs a name");
      } else if (TableProperties.RESERVED_PROPERTIES.contains(key)) {
        problems.addAtKey(at, "'" + key + "' is a property Iceberg keeps for itself and cannot be set"
            + (key.equals(TableProperties.FORMAT_VERSION) ? "; the stack makes format version 2 tables" : ""));
      } else if (key.equals(TableConfig.MANAGED_PROPERTIES)) {
        problems.addAtKey(at, "'" + key + "' is where the stack records the properties it manages; it cannot be set");
      } else if (MaintenanceConfig.VACUUM_PROPERTIES.containsKey(key) && maintained >= 0) {
        String setting = MaintenanceConfig.VACUUM_PROPERTIES.get(key);
        problems.addAtKey(at, "'" + key + "' is set on this table by lakehouse maintain, from its " + setting
            + " (maintenance.tables[" + maintained + "] matches it); set " + setting + " there, or "
            + "apply and maintain would each undo the other's value");
      } else if (key.equals("comment") && table.description() != null) {
        problems.addAtKey(at, "the table's description is its comment property; set one of description and "
            + "properties.comment");
      }
    });
  }

  /** The index of the last {@code maintenance.tables} entry that matches the table; -1 when none does. */
  private int maintainedBy(TableConfig table) {
    MaintenanceConfig maintenance = stack.config().maintenance();
    int last = -1;
    if (maintenance != null && table.zone() != null) {
      for (int i = 0; i < maintenance.tables().size(); i++) {
        MaintenanceTableConfig entry = maintenance.tables().get(i);
        if (entry.match() != null && entry.matches(table.zone(), table.tableName())) {
          last = i;
        }
      }
    }
    return last;
  }

  private Map<String, ColumnType> columns(List<ColumnConfig> columns, ConfigPath path) {
    Map<String, ColumnType> types = new HashMap<>();
    unique(columns, ColumnConfig::name, path, "name", "column");
    Set<String> renamedFrom = new HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      ColumnConfig column = columns.get(i);
      ConfigPath at = path.index(i);
      if (required(column.name(), at.key("name"))) {
        matches(column.name(), COLUMN_NAME, at.key("name"),
            "is not a column name Athena can query: use lowercase letters, digits and '_'");
      }
      if (column.comment() != null && column.comment().length() > GLUE_COLUMN_COMMENT_MAX) {
        problems.add(at.key("comment"), "a column comment is at most " + GLUE_COLUMN_COMMENT_MAX
            + " characters in the Glue catalog, got " + column.comment().length());
      }
      if (required(column.type(), at.key("type"))) {
        try {
          ColumnType type = ColumnTypes.parse(column.type());
          types.put(column.name(), type);
          structFieldNames(type, at.key("type"));
        } catch (IllegalArgumentException e) {
          problems.add(at.key("type"), e.getMessage());
        }
      }
      if (column.renamedFrom() != null) {
        if (column.renamedFrom().equals(column.name())) {
          problems.add(at.key("renamedFrom"), "a column cannot be renamed from its own name");
        } else if (columns.stream().anyMatch(c -> column.renamedFrom().equals(c.name()))) {
          problems.add(at.key("renamedFrom"), "'" + column.renamedFrom()
              + "' is still a column of this table; a renamed column's old name cannot be kept");
        } else if (!renamedFrom.add(column.renamedFrom())) {
          problems.add(at.key("renamedFrom"), "two columns are renamed from '" + column.renamedFrom() + "'");
        }
      }
    }
    return types;
  }

  /**
   * A struct's field names follow the column rule: Athena and the Glue catalog read nested names in
   * lowercase, so a field named otherwise (or not at all) cannot be queried by its name.
   */
  private void structFieldNames(ColumnType type, ConfigPath path) {
    if (type instanceof ColumnType.Struct struct) {
      for (ColumnType.Field field : struct.fields()) {
        if (!COLUMN_NAME.matcher(field.name()).matches()) {
          problems.add(path, field.name().isEmpty() ? "a struct field needs a name, e.g. struct<city:string>"
              : "struct field '" + field.name() + "' is not a name Athena can query: use lowercase letters, digits "
                  + "and '_', as for a column");
        }
        structFieldNames(field.type(), path);
      }
    } else if (type instanceof ColumnType.ListOf list) {
      structFieldNames(list.element(), path);
    } else if (type instanceof ColumnType.MapOf map) {
      structFieldNames(map.key(), path);
      structFieldNames(map.value(), path);
    }
  }

  private void partitions(List<String> fields, Map<String, ColumnType> types, ConfigPath path) {
    Set<String> seen = new HashSet<>();
    Set<String> timeSources = new HashSet<>();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      ConfigPath at = path.index(i);
      PartitionTransform field;
      try {
        field = PartitionTransform.parse(fields.get(i));
      } catch (IllegalArgumentException e) {
        problems.add(at, e.getMessage());
        continue;
      }
      ColumnType source = resolve(field.column(), types);
      if (source == null) {
        problems.add(at, "partition source column '" + field.column() + "' is not a column of this table");
        continue;
      }
      if (!field.appliesTo(source)) {
        problems.add(at, field.transform() + " cannot partition a column of type " + source);
      }
      if (!seen.add(field.toString())) {
        problems.add(at, "duplicate partition field " + field);
      }
      if (TIME_TRANSFORMS.contains(field.transform()) && !timeSources.add(field.column())) {
        problems.add(at, "column '" + field.column() + "' already has a time partition; Iceberg allows "
            + "one of year, month, day and hour per column");
        continue;
      }
      String name = partitionName(field);
      if (!field.transform().equals("identity") && types.containsKey(name)) {
        problems.add(at, "Iceberg names this partition field '" + name + "', which is a column of this table; "
            + "it refuses a partition field named like a column: rename the column");
      } else if (names.containsKey(name) && !names.get(name).equals(field.toString())) {
        problems.add(at, "Iceberg names this partition field '" + name + "', like " + names.get(name)
            + "; a table can have one " + field.transform() + " field per column");
      }
      names.putIfAbsent(name, field.toString());
    }
  }

  /** The name Iceberg gives a partition field when it makes a table: {@code customer_id_bucket}, {@code ts_day}. */
  private static String partitionName(PartitionTransform field) {
    return switch (field.transform()) {
      case "identity" -> field.column();
      case "truncate" -> field.column() + "_trunc";
      case "void" -> field.column() + "_null";
      default -> field.column() + "_" + field.transform();
    };
  }

  /** The type of a column or of a nested struct field ({@code address.city}). */
  private static ColumnType resolve(String column, Map<String, ColumnType> types) {
    String[] parts = column.split("\\.");
    ColumnType type = types.get(parts[0]);
    for (int i = 1; i < parts.length && type != null; i++) {
      String part = parts[i];
      type = type instanceof ColumnType.Struct struct
          ? struct.fields().stream().filter(f -> f.name().equals(part)).map(ColumnType.Field::type).findFirst().orElse(null)
          : null;
    }
    return type;
  }
}
