package dev.lakehouse.provision.lakeformation;

import software.amazon.awssdk.services.lakeformation.model.AllRowsWildcard;
import software.amazon.awssdk.services.lakeformation.model.ColumnWildcard;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilter;
import software.amazon.awssdk.services.lakeformation.model.RowFilter;

/**
 * Pure conversions between {@link FilterSpec} and Lake Formation's {@code DataCellsFilter}: named
 * columns as {@code ColumnNames}, all columns (but some) as a {@code ColumnWildcard} with
 * {@code ExcludedColumnNames}; a row filter as its {@code FilterExpression}, all rows as the
 * {@code AllRowsWildcard}.
 */
public final class FilterConverters {
  private FilterConverters() {}

  public static DataCellsFilter expand(FilterSpec filter, String catalogId) {
    DataCellsFilter.Builder b = DataCellsFilter.builder()
        .tableCatalogId(catalogId)
        .databaseName(filter.database())
        .tableName(filter.table())
        .name(filter.name())
        .rowFilter(filter.rowFilter() == null
            ? RowFilter.builder().allRowsWildcard(AllRowsWildcard.builder().build()).build()
            : RowFilter.builder().filterExpression(filter.rowFilter()).build());
    if (filter.columns() != null) {
      b.columnNames(filter.columns());
    } else {
      b.columnWildcard(ColumnWildcard.builder().excludedColumnNames(filter.excludedColumns()).build());
    }
    return b.build();
  }

  public static FilterSpec flatten(DataCellsFilter filter) {
    RowFilter rows = filter.rowFilter();
    String rowFilter = rows == null || rows.allRowsWildcard() != null ? null : rows.filterExpression();
    boolean named = filter.columnWildcard() == null && filter.hasColumnNames() && !filter.columnNames().isEmpty();
    return new FilterSpec(filter.name(), filter.databaseName(), filter.tableName(), rowFilter,
        named ? filter.columnNames() : null,
        filter.columnWildcard() == null ? null : filter.columnWildcard().excludedColumnNames());
  }
}
