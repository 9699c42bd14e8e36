package dev.lakehouse.provision.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.schema.ColumnTypes;
import dev.lakehouse.config.schema.PartitionTransform;
import java.util.List;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config's partition fields, Spark's plural spellings included, map onto Iceberg's spec and back. */
class PartitionFieldsTest {
  private static final Schema SCHEMA = IcebergTypes.schema(List.of(
      new IcebergTypes.ColumnDefinition("id", ColumnTypes.parse("long"), true, null),
      new IcebergTypes.ColumnDefinition("name", ColumnTypes.parse("string"), false, null),
      new IcebergTypes.ColumnDefinition("ts", ColumnTypes.parse("timestamp"), false, null),
      new IcebergTypes.ColumnDefinition("address", ColumnTypes.parse("struct<city:string>"), false, null)));

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "name|identity(name)|identity|name",
      "identity(name)|identity(name)|identity|name",
      "bucket(16, id)|bucket(16, id)|bucket[16]|id_bucket",
      "bucket(id, 8)|bucket(8, id)|bucket[8]|id_bucket",
      "truncate(10, name)|truncate(10, name)|truncate[10]|name_trunc",
      "year(ts)|year(ts)|year|ts_year",
      "years(ts)|year(ts)|year|ts_year",
      "months(ts)|month(ts)|month|ts_month",
      "days(ts)|day(ts)|day|ts_day",
      "hours(ts)|hour(ts)|hour|ts_hour",
      "void(name)|void(name)|void|name_null",
      "identity(address.city)|identity(address.city)|identity|address.city"})
  void buildsTheSpecAndReadsItBack(String written, String canonical, String icebergTransform, String fieldName) {
    PartitionTransform field = PartitionTransform.parse(written);
    assertThat(field.toString()).isEqualTo(canonical);
    PartitionSpec spec = PartitionFields.spec(SCHEMA, List.of(field));
    PartitionField built = spec.fields().get(0);
    assertThat(built.transform().toString()).isEqualTo(icebergTransform);
    assertThat(built.name()).isEqualTo(fieldName);
    assertThat(PartitionFields.fromIceberg(built, SCHEMA).toString()).isEqualTo(canonical);
  }

  @Test
  void keepsTheConfigsOrder() {
    PartitionSpec spec = PartitionFields.spec(SCHEMA,
        List.of(PartitionTransform.parse("day(ts)"), PartitionTransform.parse("bucket(16, id)")));
    assertThat(spec.fields()).extracting(PartitionField::name).containsExactly("ts_day", "id_bucket");
  }

  @Test
  void aTermBindsToTheSameField() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).bucket("id", 16).build();
    PartitionField field = spec.fields().get(0);
    var bound = ((org.apache.iceberg.expressions.UnboundTerm<?>) PartitionFields.term(PartitionTransform.parse(
        "bucket(16, id)"))).bind(SCHEMA.asStruct(), true);
    assertThat(bound.ref().fieldId()).isEqualTo(field.sourceId());
  }

  @Test
  void aSourceTheSchemaNoLongerHasIsNamedByItsId() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").build();
    Schema without = new Schema(SCHEMA.findField("id"), SCHEMA.findField("name"));
    assertThat(PartitionFields.fromIceberg(spec.fields().get(0), without).toString()).isEqualTo("day(#3)");
  }
}
