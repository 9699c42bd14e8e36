package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.iam.IamWaiters;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilterResource;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.GrantPermissionsRequest;
import software.amazon.awssdk.services.lakeformation.model.ListPermissionsRequest;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;
import software.amazon.awssdk.services.lakeformation.model.RevokePermissionsRequest;

/** Grants on data cells filters (moto cannot list them) and on tables that do not exist yet. */
class GrantResourceTest {
  private static final String ACCOUNT = "123456789012";
  private static final String ANALYST = "arn:aws:iam::123456789012:role/acme-dev-analyst";
  private static final DataLakePrincipal PRINCIPAL = DataLakePrincipal.builder().dataLakePrincipalIdentifier(ANALYST)
      .build();
  private static final GrantSpec ON_FILTER = GrantSpec.wanted(ANALYST, "acme_dev_processed", "customer_events",
      "us_region_only", List.of("SELECT"), List.of(), null, null);
  private static final Resource FILTER = Resource.builder().dataCellsFilter(DataCellsFilterResource.builder()
      .tableCatalogId(ACCOUNT).databaseName("acme_dev_processed").tableName("customer_events").name("us_region_only")
      .build()).build();

  private final FakeGlue glue = new FakeGlue().with("acme_dev_processed", "acme_dev_processed.customer_events");
  private final FakeLakeFormation lakeFormation = new FakeLakeFormation().over(glue);
  private final OwnershipLedger ledger = new OwnershipLedger(lakeFormation, ACCOUNT, "acme", "granttest");
  private final GrantResource resource = new GrantResource(lakeFormation, ACCOUNT, ledger,
      new CatalogTargets(glue, Set.of("acme_dev_processed.customer_events")), new IamWaiters(List.of()),
      () -> lakeFormation.listPermissions(ListPermissionsRequest.builder().catalogId(ACCOUNT).build())
          .principalResourcePermissions(), Principals.unjudged(ACCOUNT, principal -> false));

  @Test
  void aFilterGrantIsListedByPrincipalAndFilterAndGrantedOnTheFilter() {
    assertThat(resource.read(ON_FILTER)).isEmpty();
    assertThat(lakeFormation.requests(ListPermissionsRequest.class)).singleElement()
        .satisfies(list -> assertThat(list.equalsBySdkFields(ListPermissionsRequest.builder()
            .catalogId(ACCOUNT).principal(PRINCIPAL).resource(FILTER).build())).isTrue());

    resource.create(ON_FILTER);
    assertThat(lakeFormation.requests(GrantPermissionsRequest.class)).containsExactly(GrantPermissionsRequest.builder()
        .catalogId(ACCOUNT).principal(PRINCIPAL).resource(FILTER).permissionsWithStrings("SELECT")
        .permissionsWithGrantOptionWithStrings(List.of()).build());
    assertThat(ledger.owns(ledger.entries(), OwnershipLedger.Kind.GRANT, Grants.identity(ON_FILTER))).isTrue();
    assertThat(glue.lookups).as("a grant that succeeds looks nothing up").isZero();

    lakeFormation.permissions.add(PrincipalResourcePermissions.builder().principal(PRINCIPAL).resource(FILTER)
        .permissionsWithStrings("SELECT").build());
    GrantSpec read = resource.read(ON_FILTER).orElseThrow();
    assertThat(read).isEqualTo(new GrantSpec(ANALYST, "acme_dev_processed", "customer_events", "us_region_only",
        List.of("SELECT"), List.of(), null, null, lakeFormation.permissions));

    resource.delete(read);
    assertThat(lakeFormation.requests(RevokePermissionsRequest.class)).containsExactly(RevokePermissionsRequest
        .builder().catalogId(ACCOUNT).principal(PRINCIPAL).resource(FILTER).permissionsWithStrings("SELECT")
        .permissionsWithGrantOptionWithStrings(List.of()).build());
    assertThat(ledger.entries()).isEmpty();
  }

  @Test
  void grantsReadTogetherComeFromOneListingOfTheCatalogAsEachWouldBeReadAlone() {
    GrantSpec onDatabase = GrantSpec.wanted(ANALYST, "acme_dev_processed", null, null, List.of("DESCRIBE"), List.of(),
        null, null);
    GrantSpec someoneElses = GrantSpec.wanted("arn:aws:iam::123456789012:role/acme-dev-engineer", "acme_dev_processed",
        "customer_events", "us_region_only", List.of("SELECT"), List.of(), null, null);
    lakeFormation.permissions.add(PrincipalResourcePermissions.builder().principal(PRINCIPAL).resource(FILTER)
        .permissionsWithStrings("SELECT").build());
    lakeFormation.permissions.add(PrincipalResourcePermissions.builder().principal(PRINCIPAL)
        .resource(Grants.listed(onDatabase, ACCOUNT)).permissionsWithStrings("DESCRIBE", "ALTER").build());

    List<Optional<GrantSpec>> together = resource.readAll(List.of(ON_FILTER, someoneElses, onDatabase));

    assertThat(lakeFormation.requests(ListPermissionsRequest.class)).as("one listing, of the whole catalog")
        .containsExactly(ListPermissionsRequest.builder().catalogId(ACCOUNT).build());
    assertThat(resource.readsTogether()).isTrue();
    assertThat(together).containsExactly(resource.read(ON_FILTER), Optional.empty(),
        resource.read(onDatabase));
    assertThat(together.get(2).orElseThrow().permissions()).containsExactly("ALTER", "DESCRIBE");
  }

  @Test
  void anUpdateThatOnlyRevokesRecordsNothing() {
    GrantSpec wanted = GrantSpec.wanted(ANALYST, "acme_dev_processed", null, null, List.of("DESCRIBE"), List.of(), null,
        null);
    Resource database = Grants.listed(wanted, ACCOUNT);
    GrantSpec observed = new GrantSpec(ANALYST, "acme_dev_processed", null, null, List.of("ALTER", "DESCRIBE"),
        List.of(), null, null, List.of(PrincipalResourcePermissions.builder().principal(PRINCIPAL).resource(database)
            .permissionsWithStrings("ALTER", "DESCRIBE").build()));
    resource.update(observed, wanted, Set.of("permissions"));
    assertThat(lakeFormation.writes()).containsExactly("RevokePermissions");
  }

  @Test
  void aGrantOnATablePipelinesHaveNotMadeYetWaitsForIt() {
    GrantSpec onPipelineTable = GrantSpec.wanted(ANALYST, "acme_dev_processed", "clicks", null, List.of("SELECT"),
        List.of(), null, null);
    assertThatThrownBy(() -> resource.create(onPipelineTable)).isInstanceOf(AwsFailure.class)
        .hasMessage("Cannot grant on acme_dev_processed.clicks to " + ANALYST + ": table acme_dev_processed.clicks "
            + "does not exist yet; the config does not declare it under tables, so a pipeline must create it: apply "
            + "again once it exists");
    assertThat(lakeFormation.writes()).as("Lake Formation refused the grant; nothing is recorded")
        .containsExactly("GrantPermissions");
    assertThat(ledger.entries()).isEmpty();
  }

  @Test
  void aDeclaredTableThatIsMissingAtGrantTimeSaysItWasDeletedSinceApplyFoundOrMadeIt() {
    // A grant waits for its table: it is tried only once the table was found or made, so a missing one was deleted since.
    CatalogTargets targets = new CatalogTargets(new FakeGlue(), Set.of("acme_dev_processed.customer_events"));
    assertThat(targets.missing("acme_dev_processed", "customer_events")).isEqualTo("table "
        + "acme_dev_processed.customer_events does not exist, although the config declares it and this apply found or "
        + "made it before anything on it: it was deleted since (by a destroy of the stack run at the same time, or by "
        + "hand); apply again to make it");
    assertThat(targets.missing("acme_dev_raw", null)).isEqualTo("database acme_dev_raw does not exist yet");
  }
}
