package dev.lakehouse.config.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A column type as the config writes it ({@code string}, {@code decimal(10,2)},
 * {@code list<string>}, {@code map<string,long>}, {@code struct<a:int,b:string>}), in
 * Iceberg's vocabulary. {@link ColumnTypes#parse} reads one; {@link #toString} writes it back
 * in canonical form.
 */
public sealed interface ColumnType {

  /** One of Iceberg's primitive types without parameters: boolean, int, long, float, double, string, binary, date, time, timestamp, timestamptz, uuid. */
  record Primitive(String name) implements ColumnType {
    @Override
    public String toString() {
      return name;
    }
  }

  record Decimal(int precision, int scale) implements ColumnType {
    @Override
    public String toString() {
      return "decimal(" + precision + "," + scale + ")";
    }
  }

  record Fixed(int length) implements ColumnType {
    @Override
    public String toString() {
      return "fixed(" + length + ")";
    }
  }

  record ListOf(ColumnType element) implements ColumnType {
    @Override
    public String toString() {
      return "list<" + element + ">";
    }
  }

  record MapOf(ColumnType key, ColumnType value) implements ColumnType {
    @Override
    public String toString() {
      return "map<" + key + "," + value + ">";
    }
  }

  record Struct(List<Field> fields) implements ColumnType {
    public Struct {
      fields = List.copyOf(fields);
    }

    @Override
    public String toString() {
      return fields.stream().map(f -> f.name() + ":" + f.type())
          .collect(Collectors.joining(",", "struct<", ">"));
    }
  }

  /** A field of a struct. */
  record Field(String name, ColumnType type) {}

  default boolean isPrimitive() {
    return !(this instanceof ListOf || this instanceof MapOf || this instanceof Struct);
  }
}
