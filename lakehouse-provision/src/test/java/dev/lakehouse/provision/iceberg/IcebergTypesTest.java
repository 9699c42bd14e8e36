package dev.lakehouse.provision.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.schema.ColumnType;
import dev.lakehouse.config.schema.ColumnTypes;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config's type grammar maps onto Iceberg's types and back, unchanged. */
class IcebergTypesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "boolean|boolean", "int|int", "integer|int", "long|long", "bigint|long", "float|float", "double|double",
      "string|string", "binary|binary", "date|date", "time|time", "timestamp|timestamp",
      "timestamptz|timestamptz", "uuid|uuid", "decimal(10,2)|decimal(10,2)", "fixed(16)|fixed(16)",
      "list<string>|list<string>", "array<int>|list<int>", "map<string,string>|map<string,string>",
      "map<string, list<decimal(38, 9)>>|map<string,list<decimal(38,9)>>",
      "struct<a:int,b:struct<c:timestamp>>|struct<a:int,b:struct<c:timestamp>>"})
  void roundTrips(String written, String canonical) {
    ColumnType type = ColumnTypes.parse(written);
    assertThat(IcebergTypes.fromIceberg(IcebergTypes.toIceberg(type)).toString()).isEqualTo(canonical);
  }

  @Test
  void mapsToIcebergTypes() {
    assertThat(IcebergTypes.toIceberg(ColumnTypes.parse("timestamp"))).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(IcebergTypes.toIceberg(ColumnTypes.parse("timestamptz"))).isEqualTo(Types.TimestampType.withZone());
    assertThat(IcebergTypes.toIceberg(ColumnTypes.parse("decimal(12,3)"))).isEqualTo(Types.DecimalType.of(12, 3));
    Type map = IcebergTypes.toIceberg(ColumnTypes.parse("map<string,long>"));
    assertThat(map.asMapType().keyType()).isEqualTo(Types.StringType.get());
    assertThat(map.asMapType().isValueOptional()).isTrue();
    Type struct = IcebergTypes.toIceberg(ColumnTypes.parse("struct<a:int,b:list<string>>"));
    assertThat(struct.asStructType().fields()).allMatch(Types.NestedField::isOptional);
    assertThat(struct.asStructType().field("b").type().asListType().isElementOptional()).isTrue();
  }

  @Test
  void buildsASchemaWithRequiredFlagsAndComments() {
    Schema schema = IcebergTypes.schema(List.of(
        new IcebergTypes.ColumnDefinition("event_id", ColumnTypes.parse("string"), true, "the key"),
        new IcebergTypes.ColumnDefinition("data", ColumnTypes.parse("map<string,string>"), false, null),
        new IcebergTypes.ColumnDefinition("tags", ColumnTypes.parse("list<string>"), false, null)));
    assertThat(schema.columns()).extracting(Types.NestedField::name).containsExactly("event_id", "data", "tags");
    assertThat(schema.findField("event_id").isRequired()).isTrue();
    assertThat(schema.findField("event_id").doc()).isEqualTo("the key");
    assertThat(schema.findField("data").isOptional()).isTrue();
    assertThat(schema.findField("data.key").fieldId()).isNotEqualTo(schema.findField("tags.element").fieldId());
  }

  @Test
  void typesTheConfigCannotDeclareKeepIcebergsName() {
    assertThat(IcebergTypes.fromIceberg(Types.TimestampNanoType.withoutZone()).toString()).isEqualTo("timestamp_ns");
  }
}
