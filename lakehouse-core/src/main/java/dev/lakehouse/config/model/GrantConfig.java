package dev.lakehouse.config.model;

import java.util.List;

/**
 * A Lake Formation grant to one principal on a zone's database, or on a table
 * ({@code <zone>.<table>}), optionally limited to some columns or all but some.
 */
public record GrantConfig(
    String principal,
    String database,
    String table,
    List<String> columns,
    List<String> excludedColumns,
    List<String> permissions,
    List<String> grantable) {
  public GrantConfig {
    permissions = Defaults.list(permissions);
    grantable = Defaults.list(grantable);
  }
}
