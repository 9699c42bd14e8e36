package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.DataFilterConfig;
import dev.lakehouse.config.model.GrantConfig;
import dev.lakehouse.config.model.LakeFormationConfig;
import dev.lakehouse.config.model.RoleConfig;
import dev.lakehouse.config.model.StackConfig;
import dev.lakehouse.config.model.TableConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.iam.IamProvider;
import dev.lakehouse.provision.iam.IamWaiters;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilter;
import software.amazon.awssdk.services.lakeformation.model.DataLakeSettings;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.ResourceInfo;

/**
 * Lake Formation: the data lake admins ({@code lakeformation_settings.account}), the registered
 * zone buckets ({@code lakeformation_location.<zone>}), the grants
 * ({@code lakeformation_grant.<stable-id>}, see {@link Grants#stableId}), the data cells filters
 * ({@code lakeformation_data_filter.<name>}) and the SELECT grants on them; and whatever of
 * these the stack made that the config no longer declares ({@link OwnershipLedger}).
 *
 * <p>Everything here comes after the roles it names, the data lake settings after the admin
 * roles, registrations after their buckets, and grants and filters after the database, the
 * table (when the config declares it: otherwise a pipeline makes it, and the plan says so), the
 * settings and the zone's registration.
 */
public final class LakeFormationProvider implements ResourceProvider {
  /** The largest page ListPermissions gives. */
  private static final int MAX_RESULTS = 1000;
  private final IamWaiters waiters;

  public LakeFormationProvider() {
    this(new IamWaiters());
  }

  /** With another IAM waiter (tests wait less). */
  public LakeFormationProvider(IamWaiters waiters) {
    this.waiters = waiters;
  }

  /** The resource types of one run, sharing one ownership record. */
  private record Types(OwnershipLedger ledger, DataLakeSettingsResource settings, LocationResource location,
      GrantResource grant, DataFilterResource filter, IamAllowedResource iamAllowed) {}

  /**
   * @param shared the listings one read of the whole stack shares, begun by their first use: the
   *     catalog's permissions, and the ownership record of the given ledger
   */
  private Types types(Stack stack, LakeFormationClient lakeFormation, GlueClient glue, Shared shared) {
    String account = stack.account();
    OwnershipLedger ledger = new OwnershipLedger(lakeFormation, account, stack.project(), stack.env());
    CatalogTargets targets = new CatalogTargets(glue, declaredTables(stack.config()));
    Supplier<List<PrincipalResourcePermissions>> permissions = () -> shared.permissions().get().get();
    Supplier<DataLakeSettings> settings = () -> lakeFormation.getDataLakeSettings(b -> b.catalogId(account))
        .dataLakeSettings();
    return new Types(ledger,
        new DataLakeSettingsResource(lakeFormation, account, ledger, waiters, () -> shared.record().apply(ledger),
            shared.principals(), () -> shared.settings().apply(settings),
            stack.where(ConfigPath.of("lakeFormation").key("admins"))),
        new LocationResource(lakeFormation, ledger),
        new GrantResource(lakeFormation, account, ledger, targets, waiters, permissions, shared.principals()),
        new DataFilterResource(lakeFormation, account, ledger, targets),
        new IamAllowedResource(lakeFormation, glue, account, permissions));
  }

  /**
   * What a read of the whole stack reads once for the grants, the settings and the search for
   * what the stack made, each begun by its first use: every permission in the catalog, the
   * ownership record (given the ledger that reads it), and the data lake settings (given their read).
   */
  private record Shared(Supplier<Supplier<List<PrincipalResourcePermissions>>> permissions,
      Function<OwnershipLedger, Supplier<Set<String>>> record, Principals principals,
      Function<Supplier<DataLakeSettings>, Supplier<DataLakeSettings>> settings) {

    /** Once for all that the context is given to. */
    static Shared in(ProvisionContext context) {
      Stack stack = context.stack();
      Supplier<List<Role>> roles = () -> IamProvider.roles(context).get();
      return new Shared(
          () -> context.shared("lakeformation permissions", () -> AttributeReads.start(
              () -> listPermissions(context.aws().lakeFormation(), stack.account()))),
          ledger -> context.shared("lakeformation ownership record", () -> AttributeReads.start(ledger::entries)),
          new Principals(stack.account(), principal -> stackRole(stack, principal).isPresent(),
              stack.config().iam().roles().stream().map(RoleConfig::name).toList(), roles),
          read -> context.shared("lakeformation settings", () -> AttributeReads.start(read)));
    }

    /** Read anew at each use: for a search made without a context, which judges no principal. */
    static Shared unshared(Stack stack, LakeFormationClient lakeFormation) {
      String account = stack.account();
      return new Shared(() -> AttributeReads.start(() -> listPermissions(lakeFormation, account)),
          ledger -> AttributeReads.start(ledger::entries),
          Principals.unjudged(account, principal -> stackRole(stack, principal).isPresent()),
          AttributeReads::start);
    }
  }

  /** Every permission of the account's catalog, page after page. */
  static List<PrincipalResourcePermissions> listPermissions(LakeFormationClient lakeFormation, String account) {
    return lakeFormation.listPermissionsPaginator(b -> b.catalogId(account).maxResults(MAX_RESULTS))
        .stream().flatMap(page -> page.principalResourcePermissions().stream()).toList();
  }

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    LakeFormationConfig lf = stack.config().lakeFormation();
    if (lf == null) {
      return List.of();
    }
    Types types = types(stack, context.aws().lakeFormation(), context.aws().glue(), Shared.in(context));
    List<Desired<?>> desired = new ArrayList<>();
    boolean settings = !lf.admins().isEmpty();
    if (settings) {
      Set<Address> roles = new LinkedHashSet<>();
      lf.admins().forEach(admin -> stackRole(stack, admin).ifPresent(roles::add));
      SettingsSpec spec = new SettingsSpec(lf.admins(), true);
      desired.add(Desired.of(Addresses.lakeFormationSettings(), types.settings(), roles, outputs -> spec));
    }
    for (String zone : lf.registerZones()) {
      Set<Address> dependsOn = new LinkedHashSet<>(List.of(Addresses.zoneBucket(zone)));
      if (settings) {
        dependsOn.add(Addresses.lakeFormationSettings());
      }
      LocationSpec spec = LocationSpec.wanted(bucketArn(stack, stack.config().zone(zone).bucket()));
      desired.add(Desired.of(Addresses.lakeFormationLocation(zone), types.location(), dependsOn, outputs -> spec));
    }
    ZoneGrants zoneGrants = new ZoneGrants(stack.config());
    for (GrantConfig grant : lf.grants()) {
      Desired<GrantSpec> made = grant(stack, types, grant);
      desired.add(made);
      zoneGrants.add(grant.table() != null ? grant.table() : grant.database(), made.address());
    }
    for (DataFilterConfig filter : lf.dataFilters()) {
      desired.add(filter(stack, types, filter));
      for (String principal : filter.grantSelectTo()) {
        Desired<GrantSpec> made = filterGrant(stack, types, filter, principal);
        desired.add(made);
        zoneGrants.add(filter.table(), made.address());
      }
    }
    for (String zone : lf.enforceZones()) {
      desired.addAll(iamAllowed(stack, types, zone, zoneGrants.of(zone)));
    }
    return desired;
  }

  /**
   * The grants on each zone, by what they are on: the database or a declared table (key
   * {@code ""}), or a table the config does not declare (its name).
   */
  private static final class ZoneGrants {
    private final StackConfig config;
    private final Map<String, Map<String, Set<Address>>> byZone = new HashMap<>();

    ZoneGrants(StackConfig config) {
      this.config = config;
    }

    /** @param target a zone, or a table {@code <zone>.<table>} */
    void add(String target, Address grant) {
      boolean onTable = target.contains(".");
      String zone = onTable ? zoneOf(target) : target;
      String apart = onTable && !declares(config, target) ? tableOf(target) : "";
      byZone.computeIfAbsent(zone, z -> new TreeMap<>()).computeIfAbsent(apart, t -> new LinkedHashSet<>())
          .add(grant);
    }

    Map<String, Set<Address>> of(String zone) {
      return byZone.getOrDefault(zone, Map.of());
    }
  }

  /**
   * What {@code IAM_ALLOWED_PRINCIPALS} holds on an enforced zone: taken back after the database,
   * the zone's declared tables, its registration and every grant on it, so that no principal a
   * grant names is without access in between. A table the config does not declare that grants
   * name is taken back apart, after its own grants only: until a pipeline makes it, they fail, and
   * the rest of the zone does not wait for them.
   *
   * @param grants the zone's grants, by the undeclared table they are on ({@code ""}: any other)
   */
  private static List<Desired<IamAllowedSpec>> iamAllowed(Stack stack, Types types, String zone,
      Map<String, Set<Address>> grants) {
    String database = databaseName(stack.config(), zone);
    List<String> apart = grants.keySet().stream().filter(table -> !table.isEmpty()).toList();
    Set<Address> dependsOn = onCatalog(stack, zone, null);
    stack.config().tables().stream().filter(table -> zone.equals(table.zone()))
        .forEach(table -> dependsOn.add(Addresses.table(table.name())));
    dependsOn.addAll(grants.getOrDefault("", Set.of()));
    IamAllowedSpec spec = IamAllowedSpec.none(database, null, apart);
    List<Desired<IamAllowedSpec>> desired = new ArrayList<>();
    desired.add(Desired.of(Addresses.iamAllowedPrincipals(zone), types.iamAllowed(), dependsOn, outputs -> spec));
    for (String table : apart) {
      Set<Address> after = onCatalog(stack, zone, null);
      after.addAll(grants.get(table));
      IamAllowedSpec one = IamAllowedSpec.none(database, table, List.of());
      desired.add(Desired.of(Addresses.iamAllowedPrincipals(zone, table), types.iamAllowed(), after,
          outputs -> one));
    }
    return desired;
  }

  private static Desired<GrantSpec> grant(Stack stack, Types types, GrantConfig grant) {
    boolean onTable = grant.table() != null;
    String zone = onTable ? zoneOf(grant.table()) : grant.database();
    String table = onTable ? tableOf(grant.table()) : null;
    GrantSpec spec = GrantSpec.wanted(grant.principal(), databaseName(stack.config(), zone), table, null,
        grant.permissions(), grant.grantable(), grant.columns(), grant.excludedColumns());
    Set<Address> dependsOn = onCatalog(stack, zone, grant.table());
    stackRole(stack, grant.principal()).ifPresent(dependsOn::add);
    Address address = Addresses.grant(stableId(stack, grant.principal(), zone, table, null));
    List<String> notes = new ArrayList<>(tableNotes(stack.config(), grant.table()));
    notes.addAll(enforcementNotes(stack.config(), zone, table));
    return new Desired<>(address, types.grant(), dependsOn, outputs -> spec, notes);
  }

  private static Desired<FilterSpec> filter(Stack stack, Types types, DataFilterConfig filter) {
    String zone = zoneOf(filter.table());
    FilterSpec spec = new FilterSpec(filter.name(), databaseName(stack.config(), zone), tableOf(filter.table()),
        filter.rowFilter(), filter.columns(), filter.excludedColumns());
    return new Desired<>(Addresses.dataFilter(filter.name()), types.filter(), onCatalog(stack, zone, filter.table()),
        outputs -> spec, tableNotes(stack.config(), filter.table()));
  }

  private static Desired<GrantSpec> filterGrant(Stack stack, Types types, DataFilterConfig filter, String principal) {
    String zone = zoneOf(filter.table());
    String table = tableOf(filter.table());
    GrantSpec spec = GrantSpec.wanted(principal, databaseName(stack.config(), zone), table, filter.name(),
        List.of("SELECT"), List.of(), null, null);
    Set<Address> dependsOn = onCatalog(stack, zone, filter.table());
    dependsOn.add(Addresses.dataFilter(filter.name()));
    stackRole(stack, principal).ifPresent(dependsOn::add);
    Address address = Addresses.grant(stableId(stack, principal, zone, table, filter.name()));
    return new Desired<>(address, types.grant(), dependsOn, outputs -> spec,
        enforcementNotes(stack.config(), zone, table));
  }

  /**
   * Why a grant on a table of a zone not in {@code enforceZones} may narrow nothing: Lake
   * Formation's default settings give {@code IAM_ALLOWED_PRINCIPALS} ALL on new tables, and while
   * it holds that, IAM policies alone decide who reads the table.
   */
  static List<String> enforcementNotes(StackConfig config, String zone, String table) {
    if (table == null || config.lakeFormation().enforceZones().contains(zone)) {
      return List.of();
    }
    return List.of("in effect only while IAM_ALLOWED_PRINCIPALS holds nothing on the table, which Lake Formation's "
        + "default settings give ALL on new tables: add '" + zone + "' to lakeFormation.enforceZones for the zone's "
        + "grants to decide who reads it");
  }

  /** What anything on a zone's database or table comes after: the database, the table, the settings, the registration. */
  private static Set<Address> onCatalog(Stack stack, String zone, String table) {
    LakeFormationConfig lf = stack.config().lakeFormation();
    Set<Address> dependsOn = new LinkedHashSet<>();
    dependsOn.add(Addresses.database(zone));
    if (table != null && declares(stack.config(), table)) {
      dependsOn.add(Addresses.table(table));
    }
    if (!lf.admins().isEmpty()) {
      dependsOn.add(Addresses.lakeFormationSettings());
    }
    if (lf.registerZones().contains(zone)) {
      dependsOn.add(Addresses.lakeFormationLocation(zone));
    }
    return dependsOn;
  }

  /**
   * Why a grant or filter on a table comes after it, in the plan; for a table the config does not
   * declare, that apply fails this change (and carries out the rest) until a pipeline has made it.
   */
  static List<String> tableNotes(StackConfig config, String table) {
    if (table == null) {
      return List.of();
    }
    if (declares(config, table)) {
      return List.of("applied after " + Addresses.table(table) + ", the table it is on");
    }
    return List.of("table " + table + " is not declared under tables, so a pipeline must create it: "
        + "until it exists, apply fails this change (and carries out the others); apply again once it exists");
  }

  /**
   * What the stack made that the config no longer declares: admins it added (when the config
   * names none any more), registrations, filters and grants. A filter whose name the config keeps
   * on another table is one of them, on its old table: {@code
   * lakeformation_data_filter.<zone>.<table>.<name>}. Grants are found in one listing of the
   * catalog's permissions; the ownership record says which are the stack's.
   */
  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    return discover(context.stack(), context.aws().lakeFormation(), context.aws().glue(), declared,
        Shared.in(context));
  }

  List<Discovered<?>> discover(Stack stack, LakeFormationClient lakeFormation, GlueClient glue, Set<Address> declared) {
    return discover(stack, lakeFormation, glue, declared, Shared.unshared(stack, lakeFormation));
  }

  private List<Discovered<?>> discover(Stack stack, LakeFormationClient lakeFormation, GlueClient glue,
      Set<Address> declared, Shared shared) {
    Types types = types(stack, lakeFormation, glue, shared);
    String account = stack.account();
    List<Discovered<?>> found = new ArrayList<>();
    try {
      Set<String> entries = shared.record().apply(types.ledger()).get();
      if (entries.isEmpty()) {
        return found;
      }
      // The three listings do not depend on each other: they are asked for at once.
      Supplier<List<ResourceInfo>> locations = AttributeReads.start(() -> lakeFormation.listResourcesPaginator(b -> { })
          .stream().flatMap(page -> page.resourceInfoList().stream()).toList());
      Supplier<List<DataCellsFilter>> filters = AttributeReads.start(() ->
          lakeFormation.listDataCellsFilterPaginator(b -> { }).dataCellsFilters().stream().toList());
      Supplier<List<PrincipalResourcePermissions>> permissions = shared.permissions().get();
      if (!declared.contains(Addresses.lakeFormationSettings())) {
        types.settings().readAll(List.of(new SettingsSpec(List.of(), false))).get(0).ifPresent(observed ->
            found.add(new Discovered<>(Addresses.lakeFormationSettings(), types.settings(), observed, Set.of())));
      }
      for (ResourceInfo info : locations.get()) {
        Address address = Addresses.lakeFormationLocation(zoneOfBucket(stack, info.resourceArn()));
        if (types.ledger().owns(entries, OwnershipLedger.Kind.LOCATION, info.resourceArn())
            && !declared.contains(address)) {
          found.add(new Discovered<>(address, types.location(), LocationSpec.of(info),
              Set.of()));
        }
      }
      Map<String, Address> movedFilters = new HashMap<>();
      for (DataCellsFilter filter : filters.get()) {
        FilterSpec spec = FilterConverters.flatten(filter);
        Address address = Addresses.dataFilter(spec.name());
        if (!types.ledger().owns(entries, OwnershipLedger.Kind.FILTER, DataFilterResource.identity(account, spec))
            || declaresFilter(stack.config(), spec)) {
          continue;
        }
        if (declared.contains(address)) {
          // The config's filter of that name is on another table now: this one, on its old table, goes.
          address = new Address(Addresses.LAKEFORMATION_DATA_FILTER,
              zoneOfDatabase(stack.config(), spec.database()) + "." + spec.table() + "." + spec.name());
          movedFilters.put(DataFilterResource.identity(account, spec), address);
        }
        found.add(new Discovered<>(address, types.filter(), spec, Set.of()));
      }
      for (GrantSpec grant : Grants.group(permissions.get(), account)) {
        String zone = zoneOfDatabase(stack.config(), grant.database());
        Address address = Addresses.grant(stableId(stack, grant.principal(), zone, grant.table(), grant.filter()));
        if (types.ledger().owns(entries, OwnershipLedger.Kind.GRANT, Grants.identity(grant))
            && !declared.contains(address)) {
          Set<Address> dependsOn = grant.filter() == null ? Set.of() : Set.of(movedFilters.getOrDefault(
              DataFilterResource.identity(account, new FilterSpec(grant.filter(), grant.database(), grant.table(),
                  null, null, null)),
              Addresses.dataFilter(grant.filter())));
          found.add(new Discovered<>(address, types.grant(), grant, dependsOn));
        }
      }
    } catch (SdkException e) {
      throw new AwsFailure("find", "what the stack made in Lake Formation", null, e);
    }
    return found;
  }

  static String stableId(Stack stack, String principal, String zone, String table, String filter) {
    return Grants.stableId(principal, stack.account(), stack.project(), stack.env(), zone, table, filter);
  }

  /** The address of the stack role a principal ARN names, if it names one. */
  private static Optional<Address> stackRole(Stack stack, String principal) {
    String prefix = "arn:" + stack.partition() + ":iam::" + stack.account() + ":role/";
    return stack.config().iam().roles().stream().map(RoleConfig::name)
        .filter(name -> principal.equals(prefix + name)).findFirst().map(Addresses::role);
  }

  private static Set<String> declaredTables(StackConfig config) {
    return config.tables().stream()
        .filter(t -> t.zone() != null && config.zone(t.zone()) != null && config.zone(t.zone()).database() != null)
        .map(t -> databaseName(config, t.zone()) + "." + t.tableName())
        .collect(Collectors.toSet());
  }

  /** Whether the config declares this filter: its name, on its table. */
  private static boolean declaresFilter(StackConfig config, FilterSpec filter) {
    return config.lakeFormation() != null && config.lakeFormation().dataFilters().stream()
        .anyMatch(declared -> declared.name().equals(filter.name())
            && databaseName(config, zoneOf(declared.table())).equals(filter.database())
            && tableOf(declared.table()).equals(filter.table()));
  }

  private static boolean declares(StackConfig config, String table) {
    return config.tables().stream().map(TableConfig::name).anyMatch(table::equals);
  }

  private static String databaseName(StackConfig config, String zone) {
    return config.zone(zone).database().name();
  }

  private static String zoneOfDatabase(StackConfig config, String database) {
    for (Map.Entry<String, ZoneConfig> zone : config.zones().entrySet()) {
      if (zone.getValue().database() != null && database.equals(zone.getValue().database().name())) {
        return zone.getKey();
      }
    }
    return database;
  }

  private static String zoneOfBucket(Stack stack, String arn) {
    String bucket = arn.substring(arn.lastIndexOf(':') + 1).replaceAll("/+$", "");
    for (Map.Entry<String, ZoneConfig> zone : stack.config().zones().entrySet()) {
      if (bucket.equals(zone.getValue().bucket())) {
        return zone.getKey();
      }
    }
    return bucket;
  }

  private static String bucketArn(Stack stack, String bucket) {
    return "arn:" + stack.partition() + ":s3:::" + bucket;
  }

  private static String zoneOf(String table) {
    return table.substring(0, table.indexOf('.'));
  }

  private static String tableOf(String table) {
    return table.substring(table.indexOf('.') + 1);
  }
}
