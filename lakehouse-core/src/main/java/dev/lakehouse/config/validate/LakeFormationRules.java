package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.Suggestions;
import dev.lakehouse.config.model.ColumnConfig;
import dev.lakehouse.config.model.DataFilterConfig;
import dev.lakehouse.config.model.GrantConfig;
import dev.lakehouse.config.model.LakeFormationConfig;
import dev.lakehouse.config.model.TableConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Lake Formation: admins, registered zones, grants and data filters, and what they refer to. */
final class LakeFormationRules extends Rules {
  static final List<String> DATABASE_PERMISSIONS = List.of("ALL", "ALTER", "CREATE_TABLE", "DESCRIBE", "DROP");
  static final List<String> TABLE_PERMISSIONS =
      List.of("ALL", "ALTER", "DELETE", "DESCRIBE", "DROP", "INSERT", "SELECT");
  private static final String IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";
  private static final Pattern IAM_PRINCIPAL =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(role|user)/[\\w+=,.@/-]+");
  private static final Pattern PRINCIPAL = Pattern.compile(
      IAM_PRINCIPAL.pattern() + "|\\d{12}|" + IAM_ALLOWED_PRINCIPALS
      + "|arn:aws[a-z-]*:iam::\\d{12}:saml-provider/.+");
  private static final Pattern FILTER_NAME = Pattern.compile("[\\w-]{1,255}");
  /**
   * The words of Lake Formation's row filter language (PartiQL's operators, constants and typed
   * literals, such as DATE '2024-01-01'): any other word, not followed by '(', names a column.
   */
  private static final Set<String> ROW_FILTER_WORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "ESCAPE",
      "IS", "NULL", "MISSING", "TRUE", "FALSE", "DATE", "TIME", "TIMESTAMP", "WITH", "WITHOUT", "ZONE");
  /** Lake Formation takes a row filter expression shorter than this. */
  static final int MAX_ROW_FILTER = 2048;

  LakeFormationRules(Stack stack, Problems problems) {
    super(stack, problems);
  }

  @Override
  void validate() {
    LakeFormationConfig lf = stack.config().lakeFormation();
    if (lf == null) {
      return;
    }
    ConfigPath path = ConfigPath.of("lakeFormation");
    for (int i = 0; i < lf.admins().size(); i++) {
      if (matches(lf.admins().get(i), IAM_PRINCIPAL, path.key("admins").index(i),
          "is not an IAM role or user ARN such as arn:" + stack.partition() + ":iam::123456789012:role/admin")
          && inStackPartition(lf.admins().get(i), path.key("admins").index(i), "a principal")) {
        sameAccount(lf.admins().get(i), path.key("admins").index(i));
      }
    }
    uniqueValues(lf.admins(), path.key("admins"), "admin");
    if (lf.admins().size() > LakeFormationConfig.MAX_ADMINS) {
      problems.add(path.key("admins"), "Lake Formation allows at most " + LakeFormationConfig.MAX_ADMINS
          + " data lake admins, got " + lf.admins().size());
    }
    for (int i = 0; i < lf.registerZones().size(); i++) {
      zoneExists(lf.registerZones().get(i), path.key("registerZones").index(i));
    }
    uniqueValues(lf.registerZones(), path.key("registerZones"), "zone");
    for (int i = 0; i < lf.enforceZones().size(); i++) {
      enforced(lf, lf.enforceZones().get(i), path.key("enforceZones").index(i));
    }
    uniqueValues(lf.enforceZones(), path.key("enforceZones"), "zone");
    Map<String, Integer> targets = new HashMap<>();
    for (int i = 0; i < lf.grants().size(); i++) {
      GrantConfig grant = lf.grants().get(i);
      grant(grant, path.key("grants").index(i));
      if (grant.principal() == null || (grant.database() == null) == (grant.table() == null)) {
        continue;
      }
      String zone = grant.table() != null ? zoneOf(grant.table()) : grant.database();
      notToTheGroupOnAnEnforcedZone(lf, grant.principal(), zone, path.key("grants").index(i).key("principal"));
      String target = grant.principal() + " on " + (grant.table() != null ? "table " + grant.table()
          : "database " + grant.database());
      Integer first = targets.putIfAbsent(target, i);
      if (first != null) {
        problems.add(path.key("grants").index(i), "a second grant to " + target + " (the first is grants["
            + first + "]): Lake Formation keeps one set of permissions per principal and " + (grant.table() != null
            ? "table, with SELECT on one set of columns" : "database") + "; merge them into one grant");
      }
    }
    unique(lf.dataFilters(), DataFilterConfig::name, path.key("dataFilters"), "name", "data filter");
    for (int i = 0; i < lf.dataFilters().size(); i++) {
      filter(lf.dataFilters().get(i), path.key("dataFilters").index(i));
    }
  }

  /**
   * A zone whose access Lake Formation alone decides: it has a database, whose permissions are
   * those taken from IAM_ALLOWED_PRINCIPALS, and its bucket is registered, without which Athena
   * reads its data with the caller's own S3 access, past every grant and filter.
   */
  private void enforced(LakeFormationConfig lf, String zone, ConfigPath path) {
    if (zone == null || !zoneExists(zone, path)) {
      return;
    }
    if (stack.config().zone(zone).database() == null) {
      problems.add(path, "zone '" + zone + "' has no database, whose tables Lake Formation would govern");
    } else if (!lf.registerZones().contains(zone)) {
      problems.add(path, "zone '" + zone + "' is not in lakeFormation.registerZones: Lake Formation governs the "
          + "data of registered locations only (add '" + zone + "' to registerZones)");
    }
  }

  private void grant(GrantConfig grant, ConfigPath path) {
    if (required(grant.principal(), path.key("principal"))) {
      principal(grant.principal(), path.key("principal"));
    }
    if ((grant.database() == null) == (grant.table() == null)) {
      problems.add(path, "a grant names exactly one of 'database' (a zone) or 'table' (<zone>.<table>)");
      return;
    }
    if (grant.permissions().isEmpty()) {
      problems.add(path.key("permissions"), "a grant needs at least one permission");
    }
    boolean onTable = grant.table() != null;
    List<String> allowed = onTable ? TABLE_PERMISSIONS : DATABASE_PERMISSIONS;
    for (int i = 0; i < grant.permissions().size(); i++) {
      oneOf(grant.permissions().get(i), allowed, path.key("permissions").index(i),
          (onTable ? "table" : "database") + " permission");
    }
    for (int i = 0; i < grant.grantable().size(); i++) {
      if (!grant.permissions().contains(grant.grantable().get(i))) {
        problems.add(path.key("grantable").index(i), "'" + grant.grantable().get(i)
            + "' can be grantable only if it is also in permissions");
      }
    }
    if (!onTable) {
      if (zoneExists(grant.database(), path.key("database"))
          && stack.config().zone(grant.database()).database() == null) {
        problems.add(path.key("database"), "zone '" + grant.database() + "' has no database");
      }
      if (grant.columns() != null || grant.excludedColumns() != null) {
        problems.add(path, "columns and excludedColumns apply to table grants only");
      }
      return;
    }
    Optional<TableConfig> table = table(grant.table(), path.key("table"));
    columns(grant.columns(), grant.excludedColumns(), table, path);
    if ((grant.columns() != null || grant.excludedColumns() != null)
        && !Set.of("SELECT").containsAll(grant.permissions())) {
      problems.add(path.key("permissions"), "a grant on some columns can give only SELECT");
    }
  }

  private void filter(DataFilterConfig filter, ConfigPath path) {
    if (required(filter.name(), path.key("name"))) {
      matches(filter.name(), FILTER_NAME, path.key("name"), "may hold only letters, digits, '_' and '-'");
    }
    Optional<TableConfig> table = Optional.empty();
    if (required(filter.table(), path.key("table"))) {
      table = table(filter.table(), path.key("table"));
      columns(filter.columns(), filter.excludedColumns(), table, path);
    }
    rowFilter(filter.rowFilter(), table, path.key("rowFilter"));
    for (int i = 0; i < filter.grantSelectTo().size(); i++) {
      principal(filter.grantSelectTo().get(i), path.key("grantSelectTo").index(i));
    }
    uniqueValues(filter.grantSelectTo(), path.key("grantSelectTo"), "principal");
    if (filter.table() != null) {
      for (int i = 0; i < filter.grantSelectTo().size(); i++) {
        notToTheGroupOnAnEnforcedZone(stack.config().lakeFormation(), filter.grantSelectTo().get(i),
            zoneOf(filter.table()), path.key("grantSelectTo").index(i));
      }
    }
  }

  /** The zone of a {@code <zone>.<table>} name; empty for a name without one. */
  private static String zoneOf(String table) {
    return table.substring(0, Math.max(table.indexOf('.'), 0));
  }

  /**
   * On an enforced zone, apply revokes whatever IAM_ALLOWED_PRINCIPALS holds after the zone's
   * grants: a grant to the group there would be made and taken back by every apply.
   */
  private void notToTheGroupOnAnEnforcedZone(LakeFormationConfig lf, String principal, String zone, ConfigPath path) {
    if (IAM_ALLOWED_PRINCIPALS.equals(principal) && lf.enforceZones().contains(zone)) {
      problems.add(path, "zone '" + zone + "' is in lakeFormation.enforceZones: apply revokes every permission "
          + IAM_ALLOWED_PRINCIPALS + " holds on its database and tables, this one too, and the next apply grants it "
          + "again; grant to the principals that need access, or take '" + zone + "' out of enforceZones to leave "
          + "its access to IAM policies");
    }
  }

  /**
   * A row filter is optional (absent: all rows); one that is written must be a condition Lake
   * Formation can parse, or CreateDataCellsFilter refuses it halfway through an apply. Checked
   * here: that there is one, shorter than Lake Formation's limit, that its quoted names and texts
   * are closed, that its parentheses pair up and that it calls no function (Lake Formation allows
   * none); and, on a table the config declares, that each column it names is one of the table's
   * (a typo, or a column since renamed, would fail the filter's create, or every query through it).
   * What the condition means is Lake Formation's to judge.
   */
  private void rowFilter(String rowFilter, Optional<TableConfig> table, ConfigPath path) {
    if (rowFilter == null) {
      return;
    }
    if (rowFilter.isBlank()) {
      problems.add(path, "an empty row filter; write a condition such as region = 'US', or leave rowFilter out "
          + "for all rows");
      return;
    }
    if (rowFilter.length() >= MAX_ROW_FILTER) {
      problems.add(path, "the row filter is " + rowFilter.length() + " characters long, but Lake Formation takes "
          + "fewer than " + MAX_ROW_FILTER + "; shorten it (IN ('a', 'b') for several values of one column)");
      return;
    }
    int depth = 0;
    List<String> names = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    for (int i = 0; i < rowFilter.length(); i++) {
      char c = rowFilter.charAt(i);
      if (c == '\'' || c == '"') {
        int close = i + 1;
        while (close < rowFilter.length()) {
          if (rowFilter.charAt(close) == c && close + 1 < rowFilter.length() && rowFilter.charAt(close + 1) == c) {
            close += 2; // a quote written twice stands for itself
          } else if (rowFilter.charAt(close) == c) {
            break;
          } else {
            close++;
          }
        }
        if (close >= rowFilter.length()) {
          problems.add(path, "the row filter's " + (c == '\'' ? "text" : "quoted name") + " starting at character "
              + (i + 1) + " is not closed: end it with " + c);
          return;
        }
        if (c == '"') {
          names.add(rowFilter.substring(i + 1, close).replace("\"\"", "\""));
        }
        i = close;
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        i = word(rowFilter, i, names, calls) - 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        problems.add(path, "the row filter's ')' at character " + (i + 1) + " closes no '('");
        return;
      }
    }
    if (depth > 0) {
      problems.add(path, "the row filter opens " + depth + " more '(' than it closes");
      return;
    }
    if (!calls.isEmpty()) {
      problems.add(path, "the row filter calls " + calls.get(0) + "(...), but Lake Formation allows no function in "
          + "a row filter: compare a column with a value, such as region = 'US' or region LIKE 'U%'");
      return;
    }
    table.ifPresent(declared -> filteredColumns(names, declared, path));
  }

  /**
   * Reads the word (or number) of a row filter that starts at {@code start}, adds it to the names
   * when it names a column (not a word of the language, a number or a call), or to the calls when
   * it names a function, and returns where it ends.
   */
  private static int word(String rowFilter, int start, List<String> names, List<String> calls) {
    int end = start;
    while (end < rowFilter.length() && (Character.isLetterOrDigit(rowFilter.charAt(end))
        || rowFilter.charAt(end) == '_' || rowFilter.charAt(end) == '.')) {
      end++;
    }
    String word = rowFilter.substring(start, end);
    boolean call = rowFilter.substring(end).stripLeading().startsWith("(");
    if (Character.isLetter(word.charAt(0)) && !ROW_FILTER_WORDS.contains(word.toUpperCase(Locale.ROOT))) {
      (call ? calls : names).add(word);
    }
    return end;
  }

  /** The columns a row filter names (the first part of a nested one, a.b) against its table's. */
  private void filteredColumns(List<String> names, TableConfig table, ConfigPath path) {
    List<String> known = table.columns().stream().map(ColumnConfig::name).toList();
    Set<String> reported = new HashSet<>();
    for (String name : names) {
      String column = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
      if (known.contains(column) || !reported.add(column)) {
        continue;
      }
      Optional<String> renamed = table.columns().stream().filter(c -> column.equals(c.renamedFrom()))
          .map(ColumnConfig::name).findFirst();
      problems.add(path, "the row filter names '" + column + "', which is not a column of table " + table.name()
          + renamed.map(to -> ": it is renamed to " + to + "; write " + to + " here too")
              .orElse(Suggestions.didYouMean(column, known)));
    }
  }

  private void principal(String principal, ConfigPath path) {
    if (matches(principal, PRINCIPAL, path,
        "is not a Lake Formation principal: an IAM role or user ARN, an account id, a SAML provider ARN "
        + "(arn:" + stack.partition() + ":iam::123456789012:saml-provider/NAME:group/GROUP) or IAM_ALLOWED_PRINCIPALS")
        && principal != null && principal.startsWith("arn:")) {
      inStackPartition(principal, path, "a principal");
    }
  }

  /** Lake Formation's admins are users and roles of the account whose data lake they administer. */
  private void sameAccount(String admin, ConfigPath path) {
    String account = admin.split(":")[4];
    if (stack.account() != null && !account.equals(stack.account())) {
      problems.add(path, "'" + admin + "' belongs to account " + account + ", but a data lake admin must be a "
          + "user or role of the stack's account " + stack.account());
    }
  }

  /** The declared table when the config declares it; a table of a known zone may also come from a pipeline. */
  private Optional<TableConfig> table(String name, ConfigPath path) {
    int dot = name.indexOf('.');
    if (dot < 0) {
      problems.add(path, "'" + name + "' must be written <zone>.<table>, e.g. processed.events");
      return Optional.empty();
    }
    String zone = name.substring(0, dot);
    if (!zoneExists(zone, path)) {
      return Optional.empty();
    }
    if (stack.config().zone(zone).database() == null) {
      problems.add(path, "zone '" + zone + "' has no database, so it has no tables");
      return Optional.empty();
    }
    return stack.config().tables().stream().filter(t -> name.equals(t.name())).findFirst();
  }

  private void columns(List<String> columns, List<String> excluded, Optional<TableConfig> table, ConfigPath path) {
    if (columns != null && excluded != null) {
      problems.add(path, "use either columns or excludedColumns, not both");
      return;
    }
    List<String> named = columns != null ? columns : excluded;
    String key = columns != null ? "columns" : "excludedColumns";
    if (named == null) {
      return;
    }
    if (named.isEmpty()) {
      problems.add(path.key(key), "list at least one column, or leave " + key + " out");
    }
    if (table.isEmpty()) {
      return;
    }
    List<String> known = table.get().columns().stream().map(ColumnConfig::name).toList();
    for (int i = 0; i < named.size(); i++) {
      if (!known.contains(named.get(i))) {
        problems.add(path.key(key).index(i), "'" + named.get(i) + "' is not a column of table "
            + table.get().name() + Suggestions.didYouMean(named.get(i), known));
      }
    }
  }
}
