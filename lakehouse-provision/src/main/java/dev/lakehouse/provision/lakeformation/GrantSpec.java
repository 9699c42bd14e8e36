package dev.lakehouse.provision.lakeformation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;

/**
 * The Lake Formation permissions of one principal on one database, table or data cells filter,
 * normalised: permissions sorted, a table's SELECT limited to columns (sorted) or to all but
 * some (sorted), or on the whole table however Lake Formation lists it (a {@code Table}
 * resource, or a {@code TableWithColumns} with an empty column wildcard). The catalog is the
 * account's.
 *
 * @param database the Glue database's name
 * @param table the table's name; null for a grant on the database
 * @param filter the data cells filter's name; null unless the grant is on a filter
 * @param permissions what the principal may do, sorted
 * @param grantable the permissions the principal may grant on, sorted
 * @param columns the only columns SELECT reaches, sorted; null when not limited to some
 * @param excludedColumns the columns SELECT does not reach, sorted; null when none are excluded
 * @param listed the permission entries as Lake Formation listed them, revoked from as they are
 */
public record GrantSpec(
    String principal,
    String database,
    String table,
    String filter,
    List<String> permissions,
    List<String> grantable,
    List<String> columns,
    List<String> excludedColumns,
    @JsonIgnore List<PrincipalResourcePermissions> listed) {

  public GrantSpec {
    permissions = sorted(permissions);
    grantable = sorted(grantable);
    columns = columns == null ? null : sorted(columns);
    excludedColumns = excludedColumns == null || excludedColumns.isEmpty() ? null : sorted(excludedColumns);
    listed = List.copyOf(listed);
  }

  /** A grant the config wants (nothing listed). */
  public static GrantSpec wanted(String principal, String database, String table, String filter,
      List<String> permissions, List<String> grantable, List<String> columns, List<String> excludedColumns) {
    return new GrantSpec(principal, database, table, filter, permissions, grantable, columns, excludedColumns,
        List.of());
  }

  /** What the grant is on, for messages: {@code acme_dev_processed.customer_events}. */
  @JsonIgnore
  public String target() {
    return database + (table == null ? "" : "." + table) + (filter == null ? "" : " (data cells filter " + filter + ")");
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().sorted().distinct().toList();
  }
}
