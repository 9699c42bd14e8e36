package dev.lakehouse.maintenance.decide;

import dev.lakehouse.maintenance.inspect.PartitionFiles;
import dev.lakehouse.maintenance.inspect.PartitionValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text of Athena's maintenance statements, quoted as Athena requires. {@code ALTER TABLE} is
 * DDL, where Athena quotes names with backticks; {@code OPTIMIZE} runs on the query engine, where
 * names are quoted with double quotes (a backtick there is a syntax error). {@code VACUUM} is
 * Athena's own exception: its table name is quoted with backticks, double quotes do not work in
 * their place, and a database name before it is not put in backticks (Athena's VACUUM reference:
 * {@code VACUUM my_database.`_mytable`}); a database name that would need quotes is left out, and
 * the statement runs in that database (each statement runs with its table's database as its
 * context). A name is quoted only when it needs it: it does not
 * start with a letter (e.g. {@code _events}), holds anything but lower-case letters, digits and
 * underscores, or is a reserved word.
 */
public final class AthenaSql {
  private static final Pattern PLAIN = Pattern.compile("[a-z][a-z0-9_]*");
  /**
   * Athena's reserved words, of DDL and of queries alike, with those Trino, whose SQL Athena's engine
   * version 3 speaks, reserves beside them (CURRENT_SCHEMA, JSON_TABLE, LISTAGG, TRIM, ...). Quoting a
   * name that needs none is harmless; leaving one of these unquoted fails the statement.
   */
  private static final Set<String> RESERVED = Set.of(
      "ALL", "ALTER", "AND", "ARRAY", "AS", "AUTHORIZATION", "BETWEEN", "BIGINT", "BINARY", "BOOLEAN", "BOTH", "BY",
      "CASE", "CASHE", "CAST", "CHAR", "COLUMN", "CONF", "CONSTRAINT", "COMMIT", "CREATE", "CROSS", "CUBE", "CURRENT",
      "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_PATH", "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_TIME",
      "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASE",
      "DATE", "DAYOFWEEK", "DEALLOCATE", "DECIMAL", "DELETE", "DESCRIBE", "DISTINCT", "DIV", "DOUBLE", "DROP", "ELSE",
      "END", "ESCAPE", "EXCEPT", "EXCHANGE", "EXECUTE", "EXISTS", "EXTENDED", "EXTERNAL", "EXTRACT", "FALSE", "FETCH",
      "FIRST", "FLOAT", "FLOOR", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "FUNCTION", "GRANT", "GROUP",
      "GROUPING", "HAVING", "IF", "IMPORT", "IN", "INNER", "INSERT", "INT", "INTEGER", "INTERSECT", "INTERVAL", "INTO",
      "IS", "JOIN", "JSON_ARRAY", "JSON_EXISTS", "JSON_OBJECT", "JSON_QUERY", "JSON_TABLE", "JSON_VALUE", "LAST",
      "LATERAL", "LEFT", "LESS", "LIKE", "LISTAGG", "LOCAL", "LOCALTIME", "LOCALTIMESTAMP", "MACRO", "MAP",
      "MORE", "NATURAL", "NONE", "NORMALIZE", "NOT", "NULL", "NUMERIC", "OF", "ON", "ONLY", "OR", "ORDER", "OUT",
      "OUTER", "OVER", "PARTIALSCAN", "PARTITION", "PERCENT", "PRECEDING", "PRECISION", "PREPARE", "PRESERVE",
      "PRIMARY", "PROCEDURE", "RANGE", "READS", "RECURSIVE", "REDUCE", "REFERENCES", "REGEXP", "REVOKE", "RIGHT",
      "RLIKE", "ROLLBACK", "ROLLUP", "ROW", "ROWS", "SELECT", "SET", "SKIP", "SMALLINT", "START", "TABLE",
      "TABLESAMPLE", "THEN", "TIME", "TIMESTAMP", "TO", "TRANSFORM", "TRIGGER", "TRIM", "TRUE", "TRUNCATE", "UESCAPE",
      "UNBOUNDED", "UNION", "UNIQUEJOIN", "UNNEST", "UPDATE", "USER", "USING", "UTC_TIMESTAMP", "UTC_TMESTAMP",
      "VALUES", "VARCHAR", "VIEWS", "WHEN", "WHERE", "WINDOW", "WITH");
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private AthenaSql() {}

  /** A name in DDL: as is, or in backticks. */
  public static String ddlName(String name) {
    return needsQuotes(name) ? "`" + name.replace("`", "``") + "`" : name;
  }

  /** A name in a query: as is, or in double quotes. */
  public static String queryName(String name) {
    return needsQuotes(name) ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
  }

  static boolean needsQuotes(String name) {
    return !PLAIN.matcher(name).matches() || RESERVED.contains(name.toUpperCase(java.util.Locale.ROOT));
  }

  /** A string literal: in single quotes, a quote inside doubled. */
  public static String string(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** {@code ALTER TABLE db.table SET TBLPROPERTIES ('k'='v', ...)}, properties in the order given. */
  public static String setProperties(String database, String table, Map<String, String> properties) {
    List<String> pairs = new ArrayList<>();
    properties.forEach((key, value) -> pairs.add(string(key) + "=" + string(value)));
    return "ALTER TABLE " + ddlName(database) + "." + ddlName(table) + " SET TBLPROPERTIES ("
        + String.join(", ", pairs) + ")";
  }

  /** {@code OPTIMIZE db.table REWRITE DATA USING BIN_PACK [WHERE predicate]}. */
  public static String optimize(String database, String table, String predicate) {
    return "OPTIMIZE " + queryName(database) + "." + queryName(table) + " REWRITE DATA USING BIN_PACK"
        + (predicate == null ? "" : " WHERE " + predicate);
  }

  /**
   * {@code VACUUM db.table}, the table's name in backticks when it needs quoting
   * ({@code VACUUM db.`_events`}). A database whose name needs quoting is left out
   * ({@code VACUUM `_events`}): Athena's reference quotes no database name before VACUUM's table,
   * and the statement runs with the table's database as its context, which names it.
   */
  public static String vacuum(String database, String table) {
    return "VACUUM " + (needsQuotes(database) ? "" : database + ".") + ddlName(table);
  }

  /**
   * A predicate on the partition columns that selects these partitions, or empty when one of them
   * cannot be written as one: a field that is not an identity transform of a top-level column, a
   * value of a type without an exact literal (floating point, binary, time zones), or partitions
   * that do not all have the same columns. It is one condition per column, joined with AND: {@code col IN (...)}, with
   * {@code col IS NULL} for a null value. Athena's OPTIMIZE accepts only a WHERE it can turn into a
   * set of values per partition column, which an OR of several columns' conditions is not; so with
   * several columns it selects every combination of the values (see {@link #selects}).
   */
  public static Optional<String> partitionPredicate(List<PartitionFiles> partitions) {
    Optional<Map<String, List<PartitionValue>>> columns = columnValues(partitions);
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    List<String> conditions = new ArrayList<>();
    for (Map.Entry<String, List<PartitionValue>> column : columns.get().entrySet()) {
      List<String> literals = new ArrayList<>();
      boolean isNull = false;
      for (PartitionValue value : column.getValue()) {
        if (value.value() == null) {
          isNull = true;
          continue;
        }
        Optional<String> literal = literal(value.type(), value.value());
        if (literal.isEmpty()) {
          return Optional.empty();
        }
        if (!literals.contains(literal.get())) {
          literals.add(literal.get());
        }
      }
      String name = queryName(column.getKey());
      String in = name + " IN (" + String.join(", ", literals) + ")";
      conditions.add(literals.isEmpty() ? name + " IS NULL"
          : isNull ? "(" + name + " IS NULL OR " + in + ")" : in);
    }
    if (conditions.size() == 1) {
      String only = conditions.get(0);
      return Optional.of(only.startsWith("(") ? only.substring(1, only.length() - 1) : only);
    }
    return Optional.of(String.join(" AND ", conditions));
  }

  /**
   * Whether the predicate of {@link #partitionPredicate} for {@code due} selects the files of
   * {@code partition}: it has, on each of the predicate's columns, an identity value among theirs.
   */
  public static boolean selects(List<PartitionFiles> due, PartitionFiles partition) {
    Optional<Map<String, List<PartitionValue>>> columns = columnValues(due);
    if (columns.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, List<PartitionValue>> column : columns.get().entrySet()) {
      boolean among = partition.values().stream().anyMatch(value -> value.identity()
          && column.getKey().equals(value.sourceColumn())
          && column.getValue().stream().anyMatch(v -> Objects.equals(v.value(), value.value())));
      if (!among) {
        return false;
      }
    }
    return true;
  }

  /** Each column's values over the partitions, columns in their order; empty unless all are identity partitions of the same columns. */
  private static Optional<Map<String, List<PartitionValue>>> columnValues(List<PartitionFiles> partitions) {
    if (partitions.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<PartitionValue>> columns = new LinkedHashMap<>();
    Set<String> names = null;
    for (PartitionFiles partition : partitions) {
      if (partition.values().isEmpty() || !partition.identityOnly()) {
        return Optional.empty();
      }
      Set<String> these = new HashSet<>();
      for (PartitionValue value : partition.values()) {
        // A nested field's name (payload.region) would be read as one column's, which the table lacks.
        if (value.sourceColumn() == null || value.sourceColumn().contains(".")) {
          return Optional.empty();
        }
        these.add(value.sourceColumn());
        columns.computeIfAbsent(value.sourceColumn(), c -> new ArrayList<>()).add(value);
      }
      if (names != null && !names.equals(these)) {
        return Optional.empty();
      }
      names = these;
    }
    return Optional.of(columns);
  }

  /** The literal of a partition value of that Iceberg type, or empty when there is no exact one. */
  static Optional<String> literal(String type, Object value) {
    if (type.startsWith("decimal(")) {
      return Optional.of("DECIMAL '" + ((BigDecimal) value).toPlainString() + "'");
    }
    return switch (type) {
      case "string" -> Optional.of(string(value.toString()));
      case "int", "long" -> Optional.of(value.toString());
      case "boolean" -> Optional.of(((Boolean) value) ? "true" : "false");
      case "date" -> Optional.of("DATE '" + LocalDate.ofEpochDay(((Number) value).longValue()) + "'");
      case "timestamp" -> Optional.of("TIMESTAMP '" + TIMESTAMP.format(LocalDateTime.ofEpochSecond(
          Math.floorDiv(((Number) value).longValue(), 1_000_000L),
          (int) Math.floorMod(((Number) value).longValue(), 1_000_000L) * 1000, ZoneOffset.UTC)) + "'");
      default -> Optional.empty();
    };
  }
}
