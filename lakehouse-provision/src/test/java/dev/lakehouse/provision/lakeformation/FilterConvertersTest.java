package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.AllRowsWildcard;
import software.amazon.awssdk.services.lakeformation.model.ColumnWildcard;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilter;
import software.amazon.awssdk.services.lakeformation.model.RowFilter;

/** Data cells filters as Lake Formation takes and returns them. */
class FilterConvertersTest {

  @Test
  void aRowFilterOnAllColumnsIsAnEmptyColumnWildcard() {
    FilterSpec spec = new FilterSpec("us_region_only", "acme_dev_processed", "customer_events", "region = 'US'", null,
        null);
    DataCellsFilter filter = FilterConverters.expand(spec, "123456789012");
    assertThat(filter).isEqualTo(DataCellsFilter.builder()
        .tableCatalogId("123456789012").databaseName("acme_dev_processed").tableName("customer_events")
        .name("us_region_only")
        .rowFilter(RowFilter.builder().filterExpression("region = 'US'").build())
        .columnWildcard(ColumnWildcard.builder().excludedColumnNames(List.of()).build())
        .build());
    assertThat(filter.hasColumnNames()).isFalse();
    assertThat(FilterConverters.flatten(filter)).isEqualTo(spec);
  }

  @Test
  void namedColumnsAreColumnNamesAndComeBackSorted() {
    FilterSpec spec = new FilterSpec("f", "db", "t", null, List.of("b", "a"), null);
    DataCellsFilter filter = FilterConverters.expand(spec, "123456789012");
    assertThat(filter.columnNames()).containsExactly("a", "b");
    assertThat(filter.columnWildcard()).isNull();
    assertThat(filter.rowFilter().allRowsWildcard()).isEqualTo(AllRowsWildcard.builder().build());
    assertThat(FilterConverters.flatten(filter.toBuilder().columnNames("b", "a").build())).isEqualTo(spec);
  }

  @Test
  void excludedColumnsAreTheWildcardsExclusions() {
    FilterSpec spec = new FilterSpec("f", "db", "t", "x > 1", null, List.of("secret", "email"));
    DataCellsFilter filter = FilterConverters.expand(spec, "123456789012");
    assertThat(filter.columnWildcard().excludedColumnNames()).containsExactly("email", "secret");
    assertThat(FilterConverters.flatten(filter)).isEqualTo(spec);
  }

  @Test
  void aFilterOfAllRowsThatLakeFormationReportsAsTheExpressionTrueIsTheConfigsFilterWithoutARowFilter() {
    FilterSpec columnsOnly = new FilterSpec("f", "db", "t", null, List.of("a"), null);
    DataCellsFilter reported = FilterConverters.expand(columnsOnly, "123456789012").toBuilder()
        .rowFilter(RowFilter.builder().filterExpression("TRUE").build()).build();
    assertThat(FilterConverters.flatten(reported)).isEqualTo(columnsOnly);

    FilterSpec writtenTrue = new FilterSpec("f", "db", "t", " true ", List.of("a"), null);
    assertThat(writtenTrue).isEqualTo(columnsOnly);
    assertThat(FilterConverters.expand(writtenTrue, "123456789012").rowFilter())
        .isEqualTo(RowFilter.builder().allRowsWildcard(AllRowsWildcard.builder().build()).build());
  }

  @Test
  void lakeFormationsEmptyColumnNamesBesideAWildcardMeanAllColumns() {
    DataCellsFilter listed = DataCellsFilter.builder().tableCatalogId("123456789012").databaseName("db").tableName("t")
        .name("f").rowFilter(RowFilter.builder().filterExpression("x > 1").build()).columnNames(List.of())
        .columnWildcard(ColumnWildcard.builder().build()).versionId("3").build();
    assertThat(FilterConverters.flatten(listed)).isEqualTo(new FilterSpec("f", "db", "t", "x > 1", null, List.of()));
  }
}
