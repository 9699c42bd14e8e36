package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.ColumnConfig;
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

/** Iceberg tables: names, columns and their types, partition fields. */
final class TableRules extends Rules {
  static final Pattern TABLE_NAME = Pattern.compile("[a-z0-9_]{1,255}");
  static final Pattern COLUMN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,254}");
  private static final Set<String> TIME_TRANSFORMS = Set.of("year", "month", "day", "hour");

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
    table.properties().forEach((key, value) -> {
      if (key.isBlank()) {
        problems.addAtKey(path.key("properties").key(key), "a table property needs a name");
      }
      if (value == null) {
        problems.add(path.key("properties").key(key), "a table property needs a value");
      }
    });
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
      if (required(column.type(), at.key("type"))) {
        try {
          types.put(column.name(), ColumnTypes.parse(column.type()));
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

  private void partitions(List<String> fields, Map<String, ColumnType> types, ConfigPath path) {
    Set<String> seen = new HashSet<>();
    Set<String> timeSources = new HashSet<>();
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
      }
    }
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
