package dev.lakehouse.provision.lakeformation;

import java.util.List;

/**
 * A Lake Formation data cells filter: which rows (a PartiQL predicate) and which columns of a
 * table it lets through.
 *
 * @param rowFilter the row filter expression; null for all rows, as is {@code TRUE}, which is how Lake
 *     Formation reports the all-rows wildcard
 * @param columns the only columns it lets through, sorted; null for all columns but the excluded ones
 * @param excludedColumns the columns it holds back, sorted; empty when columns are named or none are held back
 */
public record FilterSpec(
    String name, String database, String table, String rowFilter, List<String> columns, List<String> excludedColumns) {

  public FilterSpec {
    rowFilter = rowFilter == null || rowFilter.strip().equalsIgnoreCase("TRUE") ? null : rowFilter;
    columns = columns == null ? null : columns.stream().sorted().distinct().toList();
    excludedColumns = columns != null || excludedColumns == null ? List.of()
        : excludedColumns.stream().sorted().distinct().toList();
  }
}
