package dev.lakehouse.provision.iceberg;

import dev.lakehouse.config.schema.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Pure conversions between the config's column types ({@link ColumnType}) and Iceberg's
 * types. Nested fields the config declares (struct fields, list elements, map values) are
 * optional: the type grammar has no way to say otherwise.
 */
public final class IcebergTypes {
  private IcebergTypes() {}

  /** One top-level column, as a schema is built from. */
  public record ColumnDefinition(String name, ColumnType type, boolean required, String comment) {}

  /**
   * A schema of the columns in order. Field ids are numbered from 1 here; Iceberg assigns
   * its own when the table is created.
   */
  public static Schema schema(List<ColumnDefinition> columns) {
    AtomicInteger ids = new AtomicInteger(columns.size());
    List<Types.NestedField> fields = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDefinition column = columns.get(i);
      fields.add(Types.NestedField.of(i + 1, !column.required(), column.name(), toIceberg(column.type(), ids),
          column.comment()));
    }
    return new Schema(fields);
  }

  /** The Iceberg type of a column type; nested field ids are numbered from 1 (Iceberg renumbers them when it adds the type). */
  public static Type toIceberg(ColumnType type) {
    return toIceberg(type, new AtomicInteger());
  }

  private static Type toIceberg(ColumnType type, AtomicInteger ids) {
    if (type instanceof ColumnType.Primitive primitive) {
      return primitive(primitive.name());
    }
    if (type instanceof ColumnType.Decimal decimal) {
      return Types.DecimalType.of(decimal.precision(), decimal.scale());
    }
    if (type instanceof ColumnType.Fixed fixed) {
      return Types.FixedType.ofLength(fixed.length());
    }
    if (type instanceof ColumnType.ListOf list) {
      int elementId = ids.incrementAndGet();
      return Types.ListType.ofOptional(elementId, toIceberg(list.element(), ids));
    }
    if (type instanceof ColumnType.MapOf map) {
      int keyId = ids.incrementAndGet();
      int valueId = ids.incrementAndGet();
      return Types.MapType.ofOptional(keyId, valueId, toIceberg(map.key(), ids), toIceberg(map.value(), ids));
    }
    ColumnType.Struct struct = (ColumnType.Struct) type;
    List<Types.NestedField> fields = new ArrayList<>();
    for (ColumnType.Field field : struct.fields()) {
      int id = ids.incrementAndGet();
      fields.add(Types.NestedField.optional(id, field.name(), toIceberg(field.type(), ids)));
    }
    return Types.StructType.of(fields);
  }

  private static Type.PrimitiveType primitive(String name) {
    return switch (name) {
      case "boolean" -> Types.BooleanType.get();
      case "int" -> Types.IntegerType.get();
      case "long" -> Types.LongType.get();
      case "float" -> Types.FloatType.get();
      case "double" -> Types.DoubleType.get();
      case "string" -> Types.StringType.get();
      case "binary" -> Types.BinaryType.get();
      case "date" -> Types.DateType.get();
      case "time" -> Types.TimeType.get();
      case "timestamp" -> Types.TimestampType.withoutZone();
      case "timestamptz" -> Types.TimestampType.withZone();
      case "uuid" -> Types.UUIDType.get();
      default -> throw new IllegalArgumentException("'" + name + "' is not a type the config can declare");
    };
  }

  /**
   * The column type of an Iceberg type. Types the config cannot declare (Iceberg v3's
   * {@code timestamp_ns}, {@code variant}, geospatial types) keep Iceberg's own name, so that
   * they show in plans and compare unequal to anything the config asks for.
   */
  public static ColumnType fromIceberg(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return new ColumnType.Primitive("boolean");
      case INTEGER:
        return new ColumnType.Primitive("int");
      case LONG:
        return new ColumnType.Primitive("long");
      case FLOAT:
        return new ColumnType.Primitive("float");
      case DOUBLE:
        return new ColumnType.Primitive("double");
      case STRING:
        return new ColumnType.Primitive("string");
      case BINARY:
        return new ColumnType.Primitive("binary");
      case DATE:
        return new ColumnType.Primitive("date");
      case TIME:
        return new ColumnType.Primitive("time");
      case UUID:
        return new ColumnType.Primitive("uuid");
      case TIMESTAMP:
        return new ColumnType.Primitive(((Types.TimestampType) type).shouldAdjustToUTC() ? "timestamptz" : "timestamp");
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return new ColumnType.Decimal(decimal.precision(), decimal.scale());
      case FIXED:
        return new ColumnType.Fixed(((Types.FixedType) type).length());
      case LIST:
        return new ColumnType.ListOf(fromIceberg(type.asListType().elementType()));
      case MAP:
        return new ColumnType.MapOf(fromIceberg(type.asMapType().keyType()), fromIceberg(type.asMapType().valueType()));
      case STRUCT:
        List<ColumnType.Field> fields = new ArrayList<>();
        for (Types.NestedField field : type.asStructType().fields()) {
          fields.add(new ColumnType.Field(field.name(), fromIceberg(field.type())));
        }
        return new ColumnType.Struct(fields);
      default:
        return new ColumnType.Primitive(type.toString().toLowerCase(Locale.ROOT));
    }
  }
}
