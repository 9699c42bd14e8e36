package dev.lakehouse.config.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses column types; accepts the Hive/Athena spellings (integer, bigint, array) too. */
public final class ColumnTypes {
  private static final Map<String, String> PRIMITIVES = Map.ofEntries(
      Map.entry("boolean", "boolean"),
      Map.entry("int", "int"),
      Map.entry("integer", "int"),
      Map.entry("long", "long"),
      Map.entry("bigint", "long"),
      Map.entry("float", "float"),
      Map.entry("double", "double"),
      Map.entry("string", "string"),
      Map.entry("binary", "binary"),
      Map.entry("date", "date"),
      Map.entry("time", "time"),
      Map.entry("timestamp", "timestamp"),
      Map.entry("timestamptz", "timestamptz"),
      Map.entry("uuid", "uuid"));
  private static final Map<String, String> NOT_IN_ICEBERG = Map.of(
      "tinyint", "int", "smallint", "int", "varchar", "string", "char", "string", "real", "float");

  private final String text;
  private int pos;

  private ColumnTypes(String text) {
    this.text = text;
  }

  /** The type, or an {@link IllegalArgumentException} saying what is wrong with the text. */
  public static ColumnType parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a column needs a type");
    }
    ColumnTypes parser = new ColumnTypes(text);
    ColumnType type = parser.type();
    parser.skipSpaces();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected '" + text.substring(parser.pos) + "'");
    }
    return type;
  }

  private ColumnType type() {
    String word = word().toLowerCase(Locale.ROOT);
    switch (word) {
      case "decimal": {
        expect('(');
        int precision = number();
        expect(',');
        int scale = number();
        expect(')');
        if (precision < 1 || precision > 38) {
          throw error("decimal precision must be between 1 and 38, got " + precision);
        }
        if (scale < 0 || scale > precision) {
          throw error("decimal scale must be between 0 and the precision (" + precision + "), got " + scale);
        }
        return new ColumnType.Decimal(precision, scale);
      }
      case "fixed": {
        expect('(');
        int length = number();
        expect(')');
        if (length < 1) {
          throw error("fixed length must be at least 1, got " + length);
        }
        return new ColumnType.Fixed(length);
      }
      case "list":
      case "array": {
        expect('<');
        ColumnType element = type();
        expect('>');
        return new ColumnType.ListOf(element);
      }
      case "map": {
        expect('<');
        ColumnType key = type();
        expect(',');
        ColumnType value = type();
        expect('>');
        if (!key.isPrimitive()) {
          throw error("a map key must be a primitive type, got " + key);
        }
        return new ColumnType.MapOf(key, value);
      }
      case "struct": {
        expect('<');
        List<ColumnType.Field> fields = new ArrayList<>();
        do {
          String name = word();
          expect(':');
          if (fields.stream().anyMatch(f -> f.name().equals(name))) {
            throw error("duplicate struct field '" + name + "'");
          }
          fields.add(new ColumnType.Field(name, type()));
        } while (accept(','));
        expect('>');
        return new ColumnType.Struct(fields);
      }
      default: {
        String primitive = PRIMITIVES.get(word);
        if (primitive != null) {
          return new ColumnType.Primitive(primitive);
        }
        String instead = NOT_IN_ICEBERG.get(word);
        throw error(word.isEmpty()
            ? "expected a type"
            : "unknown type '" + word + "'" + (instead != null ? "; Iceberg has no " + word + ", use " + instead : "")
                + "; types are boolean, int, long, float, double, decimal(p,s), string, binary, date, time, "
                + "timestamp, timestamptz, uuid, fixed(n), list<t>, map<k,v>, struct<name:t,...>");
      }
    }
  }

  private String word() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private int number() {
    String digits = word();
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw error("expected a number, got '" + digits + "'");
    }
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw error("expected '" + c + "'" + (pos < text.length() ? " at '" + text.substring(pos) + "'" : " at the end"));
    }
  }

  private boolean accept(char c) {
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("'" + text + "' is not a valid type: " + message);
  }
}
