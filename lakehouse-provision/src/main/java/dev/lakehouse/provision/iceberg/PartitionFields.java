package dev.lakehouse.provision.iceberg;

import dev.lakehouse.config.schema.PartitionTransform;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Term;
import org.apache.iceberg.transforms.Transforms;

/**
 * Pure conversions between the config's partition fields ({@link PartitionTransform}) and
 * Iceberg's partition specs, fields and terms.
 */
public final class PartitionFields {
  /** Iceberg's names of parameterised transforms: {@code bucket[16]}, {@code truncate[10]}. */
  private static final Pattern WITH_PARAMETER = Pattern.compile("(bucket|truncate)\\[(\\d+)]");

  private PartitionFields() {}

  /** The partition spec of a new table: the fields in the config's order, named as Iceberg names them. */
  public static PartitionSpec spec(Schema schema, List<PartitionTransform> fields) {
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (PartitionTransform field : fields) {
      String column = field.column();
      switch (field.transform()) {
        case "identity" -> builder.identity(column);
        case "bucket" -> builder.bucket(column, field.parameter());
        case "truncate" -> builder.truncate(column, field.parameter());
        case "year" -> builder.year(column);
        case "month" -> builder.month(column);
        case "day" -> builder.day(column);
        case "hour" -> builder.hour(column);
        case "void" -> builder.alwaysNull(column);
        default -> throw new IllegalArgumentException("unknown partition transform " + field.transform());
      }
    }
    return builder.build();
  }

  /** The term that adds or removes the field in a partition spec update. */
  public static Term term(PartitionTransform field) {
    String column = field.column();
    return switch (field.transform()) {
      case "identity" -> Expressions.ref(column);
      case "bucket" -> Expressions.bucket(column, field.parameter());
      case "truncate" -> Expressions.truncate(column, field.parameter());
      case "year" -> Expressions.year(column);
      case "month" -> Expressions.month(column);
      case "day" -> Expressions.day(column);
      case "hour" -> Expressions.hour(column);
      case "void" -> Expressions.transform(column, Transforms.alwaysNull());
      default -> throw new IllegalArgumentException("unknown partition transform " + field.transform());
    };
  }

  /**
   * A field of a table's spec as the config writes it. The source column is named as the
   * schema names it now; a source column the schema no longer has reads as {@code #<field id>}.
   */
  public static PartitionTransform fromIceberg(PartitionField field, Schema schema) {
    String column = schema.findColumnName(field.sourceId());
    if (column == null) {
      column = "#" + field.sourceId();
    }
    String transform = field.transform().toString();
    Matcher parameterised = WITH_PARAMETER.matcher(transform);
    if (parameterised.matches()) {
      return new PartitionTransform(parameterised.group(1), Integer.parseInt(parameterised.group(2)), column);
    }
    return new PartitionTransform(transform, null, column);
  }
}
