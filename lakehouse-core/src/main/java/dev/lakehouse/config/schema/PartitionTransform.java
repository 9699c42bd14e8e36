package dev.lakehouse.config.schema;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One field of an Iceberg partition spec as the config writes it: {@code region} or
 * {@code identity(region)}, {@code bucket(16, customer_id)}, {@code truncate(10, name)},
 * {@code year|month|day|hour(ts)} (Spark's plural spellings too) or {@code void(col)}.
 *
 * @param transform identity, bucket, truncate, year, month, day, hour or void
 * @param parameter the bucket count or truncate width; null for the others
 */
public record PartitionTransform(String transform, Integer parameter, String column) {
  private static final Pattern CALL = Pattern.compile("\\s*([A-Za-z_]+)\\s*\\((.*)\\)\\s*");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
  private static final Set<String> TIME = Set.of("year", "month", "day", "hour");

  public static PartitionTransform parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a partition field cannot be empty");
    }
    String trimmed = text.trim();
    if (COLUMN.matcher(trimmed).matches()) {
      return new PartitionTransform("identity", null, trimmed);
    }
    Matcher call = CALL.matcher(text);
    if (!call.matches()) {
      throw invalid(text, "write a column or a transform such as day(ts), bucket(16, id), truncate(10, name)");
    }
    String name = call.group(1).toLowerCase(Locale.ROOT);
    if (name.endsWith("s") && TIME.contains(name.substring(0, name.length() - 1))) {
      name = name.substring(0, name.length() - 1);
    }
    String[] args = call.group(2).split(",");
    switch (name) {
      case "identity":
      case "void":
      case "year":
      case "month":
      case "day":
      case "hour":
        if (args.length != 1) {
          throw invalid(text, name + " takes one column");
        }
        return new PartitionTransform(name, null, column(text, args[0]));
      case "bucket":
      case "truncate":
        if (args.length != 2) {
          throw invalid(text, name + " takes a number and a column, e.g. " + name + "(16, id)");
        }
        boolean numberFirst = args[0].trim().matches("\\d+");
        String number = (numberFirst ? args[0] : args[1]).trim();
        String column = numberFirst ? args[1] : args[0];
        if (!number.matches("\\d+") || new java.math.BigInteger(number).signum() < 1) {
          throw invalid(text, name + " needs a positive whole number, e.g. " + name + "(16, id)");
        }
        if (new java.math.BigInteger(number).compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
          throw invalid(text, name + "'s number is at most " + Integer.MAX_VALUE + ", got " + number);
        }
        return new PartitionTransform(name, Integer.parseInt(number), column(text, column));
      default:
        throw invalid(text, "unknown transform '" + call.group(1)
            + "'; use identity, bucket, truncate, year, month, day, hour or void");
    }
  }

  private static String column(String text, String raw) {
    String column = raw.trim();
    if (!COLUMN.matcher(column).matches()) {
      throw invalid(text, "'" + column + "' is not a column name");
    }
    return column;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("'" + text + "' is not a valid partition field: " + why);
  }

  /** Whether this transform can be applied to a source column of that type, as Iceberg allows. */
  public boolean appliesTo(ColumnType type) {
    if (!type.isPrimitive()) {
      return false;
    }
    String name = type instanceof ColumnType.Primitive p ? p.name()
        : type instanceof ColumnType.Decimal ? "decimal" : "fixed";
    return switch (transform) {
      case "identity", "void" -> true;
      case "bucket" -> !Set.of("boolean", "float", "double").contains(name);
      case "truncate" -> Set.of("int", "long", "decimal", "string", "binary").contains(name);
      case "hour" -> Set.of("timestamp", "timestamptz").contains(name);
      default -> Set.of("date", "timestamp", "timestamptz").contains(name);
    };
  }

  /** Canonical spelling, as Iceberg names the transform: {@code bucket[16](customer_id)} is written {@code bucket(16, customer_id)}. */
  @Override
  public String toString() {
    return parameter == null ? transform + "(" + column + ")" : transform + "(" + parameter + ", " + column + ")";
  }
}
