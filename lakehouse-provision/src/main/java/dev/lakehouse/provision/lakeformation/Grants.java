package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.provision.resource.Digests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.lakeformation.model.ColumnWildcard;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilterResource;
import software.amazon.awssdk.services.lakeformation.model.DatabaseResource;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;
import software.amazon.awssdk.services.lakeformation.model.TableResource;
import software.amazon.awssdk.services.lakeformation.model.TableWithColumnsResource;

/**
 * Pure conversions between {@link GrantSpec} and Lake Formation's permission entries: which
 * listed entries belong to a grant, the grant they add up to, the GrantPermissions and
 * RevokePermissions calls that turn one into another, and the stable id of a grant.
 *
 * <p>Lake Formation lists a table's permissions as entries on the {@code Table} and on the
 * {@code TableWithColumns} (SELECT on some columns, or on a column wildcard with or without
 * exclusions; an empty wildcard is the whole table). Entries are compared by their
 * <em>scope</em>: the database, the whole table, some columns, all but some columns, or a data
 * cells filter; the catalog id, absent or the account's, is the same catalog.
 */
public final class Grants {
  private static final String DATABASE = "database";
  private static final String TABLE = "table";
  private static final String FILTER = "filter";
  private static final String SELECT = "SELECT";
  private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/([^/]+)");
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_+=,@-]+");

  private Grants() {}

  /** A GrantPermissions ({@code grant}) or RevokePermissions call for one resource. */
  public record Call(boolean grant, Resource resource, List<String> permissions, List<String> grantable) {}

  /** Permissions on one resource, with the scope they reach. */
  private record Scoped(String scope, Resource resource, Set<String> permissions, Set<String> grantable) {}

  /** The resource ListPermissions is asked about for a grant: the database, the table (which lists its columns too) or the filter. */
  public static Resource listed(GrantSpec grant, String catalogId) {
    if (grant.filter() != null) {
      return Resource.builder().dataCellsFilter(filterResource(grant, catalogId)).build();
    }
    if (grant.table() != null) {
      return Resource.builder().table(tableResource(grant, catalogId)).build();
    }
    return Resource.builder().database(DatabaseResource.builder().catalogId(catalogId).name(grant.database()).build())
        .build();
  }

  /**
   * The grant that the entries of its principal on its resource add up to; empty when there are
   * none. SELECT on the whole table (on the {@code Table}, or on an empty column wildcard) reaches
   * every column, whatever other entries limit it to: the grant then reads with no columns and
   * no exclusions, so that one limited to some columns and widened outside lakehouse shows the widening.
   */
  public static Optional<GrantSpec> flatten(GrantSpec identity, List<PrincipalResourcePermissions> entries,
      String catalogId) {
    List<PrincipalResourcePermissions> mine = entries.stream()
        .filter(entry -> entry.principal() != null
            && identity.principal().equals(entry.principal().dataLakePrincipalIdentifier())
            && entry.resource() != null && target(entry.resource(), catalogId).equals(Optional.of(target(identity))))
        .toList();
    if (mine.isEmpty() || mine.stream().allMatch(entry -> entry.permissions().isEmpty())) {
      return Optional.empty();
    }
    Set<String> permissions = new TreeSet<>();
    Set<String> grantable = new TreeSet<>();
    List<String> columns = null;
    List<String> excluded = null;
    boolean wholeTableSelect = false;
    for (PrincipalResourcePermissions entry : mine) {
      permissions.addAll(entry.permissionsAsStrings());
      grantable.addAll(entry.permissionsWithGrantOptionAsStrings());
      wholeTableSelect |= TABLE.equals(scope(entry.resource())) && entry.permissionsAsStrings().contains(SELECT);
      TableWithColumnsResource withColumns = entry.resource().tableWithColumns();
      if (withColumns != null && withColumns.hasColumnNames() && !withColumns.columnNames().isEmpty()) {
        columns = withColumns.columnNames();
      } else if (withColumns != null && withColumns.columnWildcard() != null
          && !withColumns.columnWildcard().excludedColumnNames().isEmpty()) {
        excluded = withColumns.columnWildcard().excludedColumnNames();
      }
    }
    if (wholeTableSelect) {
      columns = null;
      excluded = null;
    }
    return Optional.of(new GrantSpec(identity.principal(), identity.database(), identity.table(), identity.filter(),
        List.copyOf(permissions), List.copyOf(grantable), columns, excluded, mine));
  }

  /**
   * Every grant in a listing of permissions, grouped by principal and resource, in the order first
   * listed. Entries on the catalog, data locations, LF-Tags and table wildcards are not grants the
   * stack makes and are left out.
   */
  public static List<GrantSpec> group(List<PrincipalResourcePermissions> entries, String catalogId) {
    Map<String, GrantSpec> identities = new LinkedHashMap<>();
    for (PrincipalResourcePermissions entry : entries) {
      if (entry.principal() == null || entry.resource() == null) {
        continue;
      }
      identityOf(entry.principal().dataLakePrincipalIdentifier(), entry.resource(), catalogId)
          .ifPresent(grant -> identities.putIfAbsent(identity(grant), grant));
    }
    List<GrantSpec> grants = new ArrayList<>();
    identities.values().forEach(grant -> flatten(grant, entries, catalogId).ifPresent(grants::add));
    return grants;
  }

  /**
   * The calls that turn the permissions listed for a grant into the desired ones ({@code null}
   * to revoke them all): revocations first, since Lake Formation merges a new column list into
   * an existing one, then grants. Permissions already held in the desired scope, with the
   * desired grant option, are left alone; one held there that is to gain the grant option is only
   * granted again with it.
   */
  public static List<Call> calls(List<PrincipalResourcePermissions> listed, GrantSpec desired, String catalogId) {
    List<Scoped> wanted = desired == null ? List.of() : expand(desired, catalogId);
    Set<String> want = new LinkedHashSet<>();
    wanted.forEach(s -> s.permissions().forEach(p -> want.add(key(s.scope(), p, s.grantable().contains(p)))));
    Set<String> have = new LinkedHashSet<>();
    List<Call> calls = new ArrayList<>();
    for (PrincipalResourcePermissions entry : listed) {
      String scope = scope(entry.resource());
      List<String> revoke = new ArrayList<>();
      List<String> revokeGrantable = new ArrayList<>();
      for (String permission : new TreeSet<>(entry.permissionsAsStrings())) {
        boolean withGrant = entry.permissionsWithGrantOptionAsStrings().contains(permission);
        String key = key(scope, permission, withGrant);
        if (want.contains(key)) {
          have.add(key);
        } else if (!withGrant && want.contains(key(scope, permission, true))) {
          // Granting it with the grant option below adds the option to what is held: revoking it
          // first would take the principal's access away until that grant.
          continue;
        } else {
          revoke.add(permission);
          if (withGrant) {
            revokeGrantable.add(permission);
          }
        }
      }
      if (!revoke.isEmpty()) {
        calls.add(new Call(false, entry.resource(), revoke, revokeGrantable));
      }
    }
    for (Scoped scoped : wanted) {
      List<String> grant = scoped.permissions().stream()
          .filter(p -> !have.contains(key(scoped.scope(), p, scoped.grantable().contains(p)))).sorted().toList();
      if (!grant.isEmpty()) {
        calls.add(new Call(true, scoped.resource(), grant,
            grant.stream().filter(scoped.grantable()::contains).toList()));
      }
    }
    return calls;
  }

  /** The grant as Lake Formation resources: SELECT on its columns apart from the rest when limited to some. */
  private static List<Scoped> expand(GrantSpec grant, String catalogId) {
    if (grant.filter() != null) {
      return List.of(new Scoped(FILTER, listed(grant, catalogId), set(grant.permissions()), set(grant.grantable())));
    }
    if (grant.table() == null) {
      return List.of(new Scoped(DATABASE, listed(grant, catalogId), set(grant.permissions()), set(grant.grantable())));
    }
    if (grant.columns() == null && grant.excludedColumns() == null) {
      return List.of(new Scoped(TABLE, listed(grant, catalogId), set(grant.permissions()), set(grant.grantable())));
    }
    TableWithColumnsResource.Builder columns = TableWithColumnsResource.builder()
        .catalogId(catalogId).databaseName(grant.database()).name(grant.table());
    if (grant.columns() != null) {
      columns.columnNames(grant.columns());
    } else {
      columns.columnWildcard(ColumnWildcard.builder().excludedColumnNames(grant.excludedColumns()).build());
    }
    Resource withColumns = Resource.builder().tableWithColumns(columns.build()).build();
    List<Scoped> scoped = new ArrayList<>();
    scoped.add(new Scoped(scope(withColumns), withColumns, select(grant.permissions(), true),
        select(grant.grantable(), true)));
    Set<String> rest = select(grant.permissions(), false);
    if (!rest.isEmpty()) {
      scoped.add(new Scoped(TABLE, listed(grant, catalogId), rest, select(grant.grantable(), false)));
    }
    return scoped;
  }

  private static Set<String> select(List<String> permissions, boolean select) {
    Set<String> out = new TreeSet<>();
    permissions.stream().filter(p -> p.equals(SELECT) == select).forEach(out::add);
    return out;
  }

  /** What part of a table (or which database or filter) an entry's permissions reach. */
  static String scope(Resource resource) {
    if (resource.database() != null) {
      return DATABASE;
    }
    if (resource.dataCellsFilter() != null) {
      return FILTER;
    }
    TableWithColumnsResource withColumns = resource.tableWithColumns();
    if (withColumns != null) {
      if (withColumns.hasColumnNames() && !withColumns.columnNames().isEmpty()) {
        return "columns " + new TreeSet<>(withColumns.columnNames());
      }
      if (withColumns.columnWildcard() != null && !withColumns.columnWildcard().excludedColumnNames().isEmpty()) {
        return "all columns but " + new TreeSet<>(withColumns.columnWildcard().excludedColumnNames());
      }
    }
    return TABLE;
  }

  /** The grant (principal and resource, no permissions) an entry belongs to; empty for resources the stack does not grant on. */
  static Optional<GrantSpec> identityOf(String principal, Resource resource, String catalogId) {
    if (principal == null || !sameCatalog(catalogOf(resource), catalogId)) {
      return Optional.empty();
    }
    if (resource.database() != null) {
      return Optional.of(GrantSpec.wanted(principal, resource.database().name(), null, null, List.of(), List.of(),
          null, null));
    }
    if (resource.table() != null && resource.table().name() != null && resource.table().tableWildcard() == null) {
      return Optional.of(GrantSpec.wanted(principal, resource.table().databaseName(), resource.table().name(), null,
          List.of(), List.of(), null, null));
    }
    if (resource.tableWithColumns() != null) {
      return Optional.of(GrantSpec.wanted(principal, resource.tableWithColumns().databaseName(),
          resource.tableWithColumns().name(), null, List.of(), List.of(), null, null));
    }
    if (resource.dataCellsFilter() != null) {
      DataCellsFilterResource filter = resource.dataCellsFilter();
      return Optional.of(GrantSpec.wanted(principal, filter.databaseName(), filter.tableName(), filter.name(),
          List.of(), List.of(), null, null));
    }
    return Optional.empty();
  }

  /** A grant's identity in the ownership record: its principal and what it is on. */
  public static String identity(GrantSpec grant) {
    return grant.principal() + "|" + target(grant);
  }

  private static String target(GrantSpec grant) {
    return grant.database() + "|" + (grant.table() == null ? "" : grant.table()) + "|"
        + (grant.filter() == null ? "" : grant.filter());
  }

  private static Optional<String> target(Resource resource, String catalogId) {
    return identityOf("", resource, catalogId).map(Grants::target);
  }

  /**
   * The stable id of a grant, the name of its address: who, then what it is on, in the config's
   * terms: {@code analyst.processed}, {@code analyst.processed.customer_events},
   * {@code analyst.processed.customer_events.us_region_only} for a data cells filter. It depends
   * on nothing but the grant, so reordering the config's grants changes no address. A role of the
   * stack's account named {@code <project>-<env>-<name>} is called by its name; any other
   * principal by the last part of its identifier and a short digest of all of it, so that two
   * principals never share an id: {@code bob~3f2a1c}.
   *
   * @param zone the zone whose database the grant is on (or the database's name, for one that is no zone's)
   */
  public static String stableId(String principal, String account, String project, String env, String zone,
      String table, String filter) {
    return label(principal, account, project + "-" + env + "-") + "." + zone + (table == null ? "" : "." + table)
        + (filter == null ? "" : "." + filter);
  }

  static String label(String principal, String account, String prefix) {
    Matcher role = ROLE.matcher(principal);
    if (role.matches() && role.group(1).equals(account) && role.group(2).startsWith(prefix)) {
      String name = role.group(2).substring(prefix.length());
      if (PLAIN_NAME.matcher(name).matches()) {
        return name;
      }
    }
    String last = principal.substring(Math.max(principal.lastIndexOf('/'), principal.lastIndexOf(':')) + 1);
    return last.replaceAll("[^A-Za-z0-9_+=,@-]", "_") + "~" + Digests.sha256(principal, 3);
  }


  private static String key(String scope, String permission, boolean grantable) {
    return scope + "|" + permission + "|" + grantable;
  }

  private static Set<String> set(List<String> values) {
    return new TreeSet<>(values);
  }

  private static TableResource tableResource(GrantSpec grant, String catalogId) {
    return TableResource.builder().catalogId(catalogId).databaseName(grant.database()).name(grant.table()).build();
  }

  private static DataCellsFilterResource filterResource(GrantSpec grant, String catalogId) {
    return DataCellsFilterResource.builder().tableCatalogId(catalogId).databaseName(grant.database())
        .tableName(grant.table()).name(grant.filter()).build();
  }

  private static String catalogOf(Resource resource) {
    if (resource.database() != null) {
      return resource.database().catalogId();
    }
    if (resource.table() != null) {
      return resource.table().catalogId();
    }
    if (resource.tableWithColumns() != null) {
      return resource.tableWithColumns().catalogId();
    }
    if (resource.dataCellsFilter() != null) {
      return resource.dataCellsFilter().tableCatalogId();
    }
    return null;
  }

  /** An absent catalog id is the caller's account's catalog. */
  private static boolean sameCatalog(String catalog, String account) {
    return catalog == null || catalog.equals(account);
  }
}
