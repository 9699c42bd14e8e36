package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.ColumnWildcard;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilterResource;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.DatabaseResource;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;
import software.amazon.awssdk.services.lakeformation.model.TableResource;
import software.amazon.awssdk.services.lakeformation.model.TableWildcard;
import software.amazon.awssdk.services.lakeformation.model.TableWithColumnsResource;

/** Grant normalisation, the calls between two states of a grant, and stable ids. */
class GrantsTest {
  private static final String ACCOUNT = "123456789012";
  private static final String ANALYST = "arn:aws:iam::123456789012:role/acme-dev-analyst";
  private static final String OTHER = "arn:aws:iam::123456789012:role/reporting";
  private static final String DB = "acme_dev_processed";
  private static final String TABLE = "customer_events";

  @Test
  void aDatabaseGrantIsItsEntryWhateverTheCatalogIdSays() {
    GrantSpec identity = GrantSpec.wanted(ANALYST, DB, null, null, List.of("DESCRIBE"), List.of(), null, null);
    List<PrincipalResourcePermissions> listed = List.of(
        entry(ANALYST, Resource.builder().database(DatabaseResource.builder().name(DB).build()).build(),
            List.of("DESCRIBE"), List.of()),
        entry(OTHER, database(DB), List.of("ALL"), List.of()),
        entry(ANALYST, database("acme_dev_curated"), List.of("ALTER"), List.of()));
    GrantSpec read = Grants.flatten(identity, listed, ACCOUNT).orElseThrow();
    assertThat(read.permissions()).containsExactly("DESCRIBE");
    assertThat(read.listed()).hasSize(1);
    assertThat(Grants.calls(read.listed(), identity, ACCOUNT)).isEmpty();
  }

  @Test
  void aWholeTableSelectListedAsAnEmptyColumnWildcardIsTheTable() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, null, List.of("SELECT", "DESCRIBE"), List.of("DESCRIBE"),
        null, null);
    List<PrincipalResourcePermissions> listed = List.of(
        entry(ANALYST, table(), List.of("DESCRIBE"), List.of("DESCRIBE")),
        entry(ANALYST, withColumns(TableWithColumnsResource.builder().catalogId(ACCOUNT).databaseName(DB).name(TABLE)
            .columnWildcard(ColumnWildcard.builder().build())), List.of("SELECT"), List.of()));
    GrantSpec read = Grants.flatten(wanted, listed, ACCOUNT).orElseThrow();
    assertThat(read).isEqualTo(new GrantSpec(ANALYST, DB, TABLE, null, List.of("DESCRIBE", "SELECT"),
        List.of("DESCRIBE"), null, null, listed));
    assertThat(Grants.calls(listed, wanted, ACCOUNT)).isEmpty();
  }

  @Test
  void columnsCompareWhateverTheirOrder() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, null, List.of("SELECT"), List.of(),
        List.of("event_id", "event_type", "event_timestamp", "event_date"), null);
    List<PrincipalResourcePermissions> listed = List.of(entry(ANALYST, columns("event_type", "event_date", "event_id",
        "event_timestamp"), List.of("SELECT"), List.of()));
    GrantSpec read = Grants.flatten(wanted, listed, ACCOUNT).orElseThrow();
    assertThat(read.columns()).containsExactly("event_date", "event_id", "event_timestamp", "event_type");
    assertThat(read.columns()).isEqualTo(wanted.columns());
    assertThat(Grants.calls(listed, wanted, ACCOUNT)).isEmpty();
  }

  @Test
  void aColumnGrantWidenedToTheWholeTableReadsAsTheWholeTableAndApplyRevokesTheWidening() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, null, List.of("SELECT"), List.of(),
        List.of("event_id", "event_type"), null);
    Resource widened = table();
    List<PrincipalResourcePermissions> listed = List.of(
        entry(ANALYST, columns("event_id", "event_type"), List.of("SELECT"), List.of()),
        entry(ANALYST, widened, List.of("SELECT"), List.of()));

    GrantSpec read = Grants.flatten(wanted, listed, ACCOUNT).orElseThrow();

    assertThat(read.permissions()).containsExactly("SELECT");
    assertThat(read.columns()).isNull();
    assertThat(read.excludedColumns()).isNull();
    assertThat(Grants.calls(listed, wanted, ACCOUNT))
        .containsExactly(new Grants.Call(false, widened, List.of("SELECT"), List.of()));
  }

  @Test
  void otherColumnsAreRevokedBeforeTheNewOnesAreGranted() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, null, List.of("SELECT"), List.of(), List.of("a", "c"), null);
    Resource old = columns("a", "b");
    List<Grants.Call> calls = Grants.calls(List.of(entry(ANALYST, old, List.of("SELECT"), List.of())), wanted, ACCOUNT);
    assertThat(calls).containsExactly(
        new Grants.Call(false, old, List.of("SELECT"), List.of()),
        new Grants.Call(true, columns("a", "c"), List.of("SELECT"), List.of()));
  }

  @Test
  void excludedColumnsAreAColumnWildcardWithExclusions() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, null, List.of("SELECT"), List.of(), null,
        List.of("region", "customer_id"));
    Grants.Call call = Grants.calls(List.of(), wanted, ACCOUNT).get(0);
    assertThat(call.resource().tableWithColumns().columnWildcard().excludedColumnNames())
        .containsExactly("customer_id", "region");
    assertThat(call.resource().tableWithColumns().hasColumnNames()).isFalse();
    GrantSpec read = Grants.flatten(wanted, List.of(entry(ANALYST, call.resource(), List.of("SELECT"), List.of())),
        ACCOUNT).orElseThrow();
    assertThat(read.excludedColumns()).containsExactly("customer_id", "region");
    assertThat(read.columns()).isNull();
  }

  @Test
  void anAddedPermissionIsGrantedAndADroppedOneRevokedLeavingTheRest() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, null, null, List.of("DESCRIBE", "CREATE_TABLE"), List.of(), null,
        null);
    Resource db = database(DB);
    List<Grants.Call> calls = Grants.calls(List.of(entry(ANALYST, db, List.of("DESCRIBE", "ALTER"), List.of())), wanted,
        ACCOUNT);
    assertThat(calls).containsExactly(
        new Grants.Call(false, db, List.of("ALTER"), List.of()),
        new Grants.Call(true, database(DB, ACCOUNT), List.of("CREATE_TABLE"), List.of()));
  }

  @Test
  void aPermissionThatLosesItsGrantOptionIsRevokedWithItAndGrantedAgain() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, null, null, List.of("DESCRIBE"), List.of(), null, null);
    Resource db = database(DB, ACCOUNT);
    assertThat(Grants.calls(List.of(entry(ANALYST, db, List.of("DESCRIBE"), List.of("DESCRIBE"))), wanted, ACCOUNT))
        .containsExactly(
            new Grants.Call(false, db, List.of("DESCRIBE"), List.of("DESCRIBE")),
            new Grants.Call(true, db, List.of("DESCRIBE"), List.of()));
  }

  @Test
  void aPermissionThatGainsItsGrantOptionIsGrantedWithItWithoutARevoke() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, null, List.of("DESCRIBE", "SELECT"), List.of("SELECT"),
        List.of("event_id"), null);
    Resource columns = Resource.builder().tableWithColumns(TableWithColumnsResource.builder().catalogId(ACCOUNT)
        .databaseName(DB).name(TABLE).columnNames("event_id").build()).build();
    Resource table = Resource.builder().table(TableResource.builder().catalogId(ACCOUNT).databaseName(DB).name(TABLE)
        .build()).build();
    List<PrincipalResourcePermissions> listed = List.of(entry(ANALYST, columns, List.of("SELECT"), List.of()),
        entry(ANALYST, table, List.of("DESCRIBE"), List.of()));
    assertThat(Grants.calls(listed, wanted, ACCOUNT))
        .containsExactly(new Grants.Call(true, columns, List.of("SELECT"), List.of("SELECT")));
  }

  @Test
  void revokingAGrantRevokesEveryListedEntryAsListed() {
    Resource wildcard = withColumns(TableWithColumnsResource.builder().databaseName(DB).name(TABLE)
        .columnWildcard(ColumnWildcard.builder().build()));
    List<PrincipalResourcePermissions> listed = List.of(entry(ANALYST, table(), List.of("ALTER"), List.of()),
        entry(ANALYST, wildcard, List.of("SELECT"), List.of("SELECT")));
    assertThat(Grants.calls(listed, null, ACCOUNT)).containsExactly(
        new Grants.Call(false, table(), List.of("ALTER"), List.of()),
        new Grants.Call(false, wildcard, List.of("SELECT"), List.of("SELECT")));
  }

  @Test
  void aSelectOnColumnsAndOtherPermissionsGoToTheirOwnResources() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, null, List.of("SELECT", "DESCRIBE"), List.of(),
        List.of("a"), null);
    assertThat(Grants.calls(List.of(), wanted, ACCOUNT)).containsExactly(
        new Grants.Call(true, columns("a"), List.of("SELECT"), List.of()),
        new Grants.Call(true, table(), List.of("DESCRIBE"), List.of()));
  }

  @Test
  void aFilterGrantIsListedByTheFilter() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, "us_region_only", List.of("SELECT"), List.of(), null, null);
    Resource asked = Grants.listed(wanted, ACCOUNT);
    assertThat(asked.dataCellsFilter()).isEqualTo(DataCellsFilterResource.builder().tableCatalogId(ACCOUNT)
        .databaseName(DB).tableName(TABLE).name("us_region_only").build());
    List<PrincipalResourcePermissions> listed = List.of(entry(ANALYST, asked, List.of("SELECT"), List.of()),
        entry(ANALYST, table(), List.of("DESCRIBE"), List.of()));
    assertThat(Grants.flatten(wanted, listed, ACCOUNT).orElseThrow().listed()).hasSize(1);
  }

  @Test
  void aTableIsListedAsTheTableWhichListsItsColumnsToo() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, TABLE, null, List.of("SELECT"), List.of(), List.of("a"), null);
    assertThat(Grants.listed(wanted, ACCOUNT)).isEqualTo(table());
  }

  @Test
  void nothingListedIsNoGrant() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, DB, null, null, List.of("DESCRIBE"), List.of(), null, null);
    assertThat(Grants.flatten(wanted, List.of(entry(OTHER, database(DB), List.of("DESCRIBE"), List.of())), ACCOUNT))
        .isEmpty();
  }

  @Test
  void groupingAListingFindsEveryGrantOnce() {
    List<PrincipalResourcePermissions> listing = List.of(
        entry(ANALYST, table(), List.of("DESCRIBE"), List.of()),
        entry(ANALYST, columns("a"), List.of("SELECT"), List.of()),
        entry(ANALYST, database(DB), List.of("DESCRIBE"), List.of()),
        entry(OTHER, Resource.builder().table(TableResource.builder().databaseName(DB)
            .tableWildcard(TableWildcard.builder().build()).build()).build(), List.of("SELECT"), List.of()),
        entry(OTHER, Resource.builder().database(DatabaseResource.builder().catalogId("999999999999").name(DB).build())
            .build(), List.of("DESCRIBE"), List.of()));
    List<GrantSpec> grants = Grants.group(listing, ACCOUNT);
    assertThat(grants).extracting(g -> g.principal() + " " + g.target() + " " + g.permissions() + " " + g.columns())
        .containsExactly(
            ANALYST + " acme_dev_processed.customer_events [DESCRIBE, SELECT] [a]",
            ANALYST + " acme_dev_processed [DESCRIBE] null");
  }

  @Test
  void stableIdsNameStackRolesShortlyAndEveryOtherPrincipalUnambiguously() {
    assertThat(Grants.stableId(ANALYST, ACCOUNT, "acme", "dev", "processed", null, null)).isEqualTo("analyst.processed");
    assertThat(Grants.stableId(ANALYST, ACCOUNT, "acme", "dev", "processed", TABLE, null))
        .isEqualTo("analyst.processed.customer_events");
    assertThat(Grants.stableId(ANALYST, ACCOUNT, "acme", "dev", "processed", TABLE, "us_region_only"))
        .isEqualTo("analyst.processed.customer_events.us_region_only");
    assertThat(Grants.stableId("arn:aws:iam::123456789012:role/analyst", ACCOUNT, "acme", "dev", "processed", null, null))
        .matches("analyst~[0-9a-f]{6}\\.processed");
    assertThat(Grants.stableId("arn:aws:iam::999999999999:role/acme-dev-analyst", ACCOUNT, "acme", "dev", "processed",
        null, null)).matches("acme-dev-analyst~[0-9a-f]{6}\\.processed");
    assertThat(Grants.stableId("arn:aws:iam::123456789012:user/bob", ACCOUNT, "acme", "dev", "raw", null, null))
        .matches("bob~[0-9a-f]{6}\\.raw");
    assertThat(Grants.stableId("IAM_ALLOWED_PRINCIPALS", ACCOUNT, "acme", "dev", "raw", null, null))
        .matches("IAM_ALLOWED_PRINCIPALS~[0-9a-f]{6}\\.raw");
    assertThat(Grants.stableId("arn:aws:iam::123456789012:role/analyst", ACCOUNT, "acme", "dev", "raw", null, null))
        .isNotEqualTo(Grants.stableId("arn:aws:iam::123456789012:user/analyst", ACCOUNT, "acme", "dev", "raw", null,
            null));
  }

  private static PrincipalResourcePermissions entry(String principal, Resource resource, List<String> permissions,
      List<String> grantable) {
    return PrincipalResourcePermissions.builder()
        .principal(DataLakePrincipal.builder().dataLakePrincipalIdentifier(principal).build())
        .resource(resource).permissionsWithStrings(permissions).permissionsWithGrantOptionWithStrings(grantable).build();
  }

  private static Resource database(String name) {
    return Resource.builder().database(DatabaseResource.builder().name(name).build()).build();
  }

  private static Resource database(String name, String catalog) {
    return Resource.builder().database(DatabaseResource.builder().catalogId(catalog).name(name).build()).build();
  }

  private static Resource table() {
    return Resource.builder().table(TableResource.builder().catalogId(ACCOUNT).databaseName(DB).name(TABLE).build())
        .build();
  }

  private static Resource columns(String... names) {
    return withColumns(TableWithColumnsResource.builder().catalogId(ACCOUNT).databaseName(DB).name(TABLE)
        .columnNames(names));
  }

  private static Resource withColumns(TableWithColumnsResource.Builder columns) {
    return Resource.builder().tableWithColumns(columns.build()).build();
  }
}
