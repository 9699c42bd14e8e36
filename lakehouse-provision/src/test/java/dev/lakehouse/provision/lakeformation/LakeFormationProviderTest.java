package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.GrantConfig;
import dev.lakehouse.config.model.LakeFormationConfig;
import dev.lakehouse.config.model.StackConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.StackFixtures;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.iam.IamWaiters;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.resource.ProvisionContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;

/** What the canonical stack declares in Lake Formation, in what order, and what is found to revoke. */
class LakeFormationProviderTest {
  private static final String ANALYST = "arn:aws:iam::123456789012:role/acme-dev-analyst";
  private static final String ADMIN = "arn:aws:iam::123456789012:role/acme-dev-lakehouse-admin";

  private final Stack stack = StackFixtures.canonical("dev", "123456789012");
  private final AwsClients aws = new AwsClients(new AwsSettings(null, "us-east-1", null), new CallRecorder(), Map.of());
  private final LakeFormationProvider provider = new LakeFormationProvider(new IamWaiters(List.of()));

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void theCanonicalStackDeclaresSettingsRegistrationsGrantsAndAFilter() {
    List<Desired<?>> desired = provider.desired(new ProvisionContext(stack, aws, Overrides.NONE));
    Map<String, Desired<?>> byAddress = desired.stream()
        .collect(Collectors.toMap(d -> d.address().toString(), d -> d));
    assertThat(byAddress.keySet()).containsExactlyInAnyOrder(
        "lakeformation_settings.account",
        "lakeformation_location.processed",
        "lakeformation_location.curated",
        "lakeformation_grant.analyst.processed",
        "lakeformation_grant.analyst.processed.customer_events",
        "lakeformation_data_filter.us_region_only",
        "lakeformation_grant.analyst.processed.customer_events.us_region_only");

    assertThat(byAddress.get("lakeformation_settings.account").dependsOn())
        .containsExactly(Addresses.role("acme-dev-lakehouse-admin"));
    assertThat(byAddress.get("lakeformation_location.processed").dependsOn())
        .containsExactlyInAnyOrder(Addresses.zoneBucket("processed"), Addresses.lakeFormationSettings());
    assertThat(byAddress.get("lakeformation_grant.analyst.processed").dependsOn()).containsExactlyInAnyOrder(
        Addresses.database("processed"), Addresses.lakeFormationSettings(), Addresses.lakeFormationLocation("processed"),
        Addresses.role("acme-dev-analyst"));
    assertThat(byAddress.get("lakeformation_grant.analyst.processed.customer_events").dependsOn())
        .contains(Addresses.table("processed.customer_events"), Addresses.database("processed"));
    assertThat(byAddress.get("lakeformation_grant.analyst.processed.customer_events.us_region_only").dependsOn())
        .contains(Addresses.dataFilter("us_region_only"), Addresses.role("acme-dev-analyst"));
    assertThat(byAddress.get("lakeformation_data_filter.us_region_only").notes()).containsExactly(
        "applied after iceberg_table.processed.customer_events, the table it is on");
    String notEnforced = "in effect only while IAM_ALLOWED_PRINCIPALS holds nothing on the table, which Lake "
        + "Formation's default settings give ALL on new tables: add 'processed' to lakeFormation.enforceZones for the "
        + "zone's grants to decide who reads it";
    assertThat(byAddress.get("lakeformation_grant.analyst.processed.customer_events").notes()).containsExactly(
        "applied after iceberg_table.processed.customer_events, the table it is on", notEnforced);
    assertThat(byAddress.get("lakeformation_grant.analyst.processed.customer_events.us_region_only").notes())
        .containsExactly(notEnforced);
    assertThat(byAddress.get("lakeformation_grant.analyst.processed").notes()).isEmpty();

    GrantSpec columns = (GrantSpec) byAddress.get("lakeformation_grant.analyst.processed.customer_events").spec()
        .apply((address, key) -> Outputs.UNKNOWN);
    assertThat(columns).isEqualTo(GrantSpec.wanted(ANALYST, "acme_dev_processed", "customer_events", null,
        List.of("SELECT"), List.of(), List.of("event_date", "event_id", "event_timestamp", "event_type"), null));
  }

  @Test
  void reorderingTheGrantsChangesNoAddress() {
    StackConfig config = stack.config();
    LakeFormationConfig lf = config.lakeFormation();
    List<GrantConfig> reversed = new ArrayList<>(lf.grants());
    Collections.reverse(reversed);
    Stack swapped = new Stack(stack.file(), stack.env(), new StackConfig(config.project(), config.region(),
        config.variables(), config.environments(), config.deletionProtection(), config.tags(), config.encryption(),
        config.zones(), config.tables(), config.athena(), config.iam(),
        new LakeFormationConfig(lf.admins(), lf.registerZones(), lf.enforceZones(), reversed, lf.dataFilters()),
        config.monitoring(), config.maintenance()),
        stack.region(), stack.account(), stack.deletionProtection(), stack.tags());
    assertThat(swapped.config().lakeFormation().grants()).isNotEqualTo(lf.grants());
    assertThat(addresses(swapped)).isEqualTo(addresses(stack));
  }

  @Test
  void anEnforcedZoneLosesWhatIamAllowedPrincipalsHoldsAfterEveryGrantOnItAndItsGrantsCarryNoWarning() {
    String registered = "  registerZones: [processed, curated]\n";
    Stack enforced = StackFixtures.edited("dev", "123456789012",
        yaml -> yaml.replace(registered, registered + "  enforceZones: [processed]\n"));
    Map<String, Desired<?>> byAddress = provider.desired(new ProvisionContext(enforced, aws, Overrides.NONE)).stream()
        .collect(Collectors.toMap(d -> d.address().toString(), d -> d));

    Desired<?> revoke = byAddress.get("lakeformation_iam_allowed_principals.processed");
    assertThat(revoke.dependsOn()).containsExactlyInAnyOrder(Addresses.database("processed"),
        Addresses.table("processed.customer_events"), Addresses.lakeFormationSettings(),
        Addresses.lakeFormationLocation("processed"), Address.parse("lakeformation_grant.analyst.processed"),
        Address.parse("lakeformation_grant.analyst.processed.customer_events"),
        Address.parse("lakeformation_grant.analyst.processed.customer_events.us_region_only"));
    assertThat(revoke.spec().apply((address, key) -> Outputs.UNKNOWN))
        .isEqualTo(new IamAllowedSpec("acme_dev_processed", List.of()));
    assertThat(byAddress).doesNotContainKey("lakeformation_iam_allowed_principals.curated");
    assertThat(byAddress.get("lakeformation_grant.analyst.processed.customer_events.us_region_only").notes()).isEmpty();
  }

  @Test
  void aTableOfAPipelineInAnEnforcedZoneLosesWhatIamAllowedPrincipalsHoldsAfterItsOwnGrantsOnly() {
    String registered = "  registerZones: [processed, curated]\n";
    String filters = "  dataFilters:\n";
    Stack enforced = StackFixtures.edited("dev", "123456789012", yaml -> yaml
        .replace(registered, registered + "  enforceZones: [processed]\n")
        .replace(filters, "    - principal: \"arn:aws:iam::${account}:role/${project}-${env}-analyst\"\n"
            + "      table: processed.clicks\n      permissions: [SELECT]\n" + filters));
    Map<String, Desired<?>> byAddress = provider.desired(new ProvisionContext(enforced, aws, Overrides.NONE)).stream()
        .collect(Collectors.toMap(d -> d.address().toString(), d -> d));
    Address clicksGrant = Address.parse("lakeformation_grant.analyst.processed.clicks");
    assertThat(byAddress).containsKey(clicksGrant.toString());

    Desired<?> zone = byAddress.get("lakeformation_iam_allowed_principals.processed");
    assertThat(zone.dependsOn()).doesNotContain(clicksGrant)
        .contains(Address.parse("lakeformation_grant.analyst.processed.customer_events"));
    assertThat(zone.spec().apply((address, key) -> Outputs.UNKNOWN))
        .isEqualTo(IamAllowedSpec.none("acme_dev_processed", null, List.of("clicks")));
    Desired<?> clicks = byAddress.get("lakeformation_iam_allowed_principals.processed.clicks");
    assertThat(clicks.dependsOn()).containsExactlyInAnyOrder(Addresses.database("processed"),
        Addresses.lakeFormationSettings(), Addresses.lakeFormationLocation("processed"), clicksGrant);
    assertThat(clicks.spec().apply((address, key) -> Outputs.UNKNOWN))
        .isEqualTo(IamAllowedSpec.none("acme_dev_processed", "clicks", List.of()));
  }

  @Test
  void aGrantOnATableOfAPipelineSaysApplyFailsItUntilThePipelineMakesIt() {
    assertThat(LakeFormationProvider.tableNotes(stack.config(), "processed.clicks")).containsExactly(
        "table processed.clicks is not declared under tables, so a pipeline must create it: until it exists, apply "
            + "fails this change (and carries out the others); apply again once it exists");
    assertThat(LakeFormationProvider.tableNotes(stack.config(), null)).isEmpty();
  }

  @Test
  void onlyGrantsTheStackMadeAndTheConfigDropsAreFoundToRevoke() {
    FakeLakeFormation lakeFormation = new FakeLakeFormation();
    OwnershipLedger ledger = new OwnershipLedger(lakeFormation, "123456789012", "acme", "dev");
    GrantSpec dropped = GrantSpec.wanted(ANALYST, "acme_dev_curated", null, null, List.of("DESCRIBE"), List.of(), null,
        null);
    GrantSpec declared = GrantSpec.wanted(ANALYST, "acme_dev_processed", null, null, List.of("DESCRIBE"), List.of(),
        null, null);
    ledger.recording().record(OwnershipLedger.Kind.GRANT, List.of(Grants.identity(dropped), Grants.identity(declared)));
    lakeFormation.permissions.addAll(List.of(
        entry(ANALYST, dropped), entry(ANALYST, declared),
        entry("arn:aws:iam::123456789012:role/reporting", dropped)));

    Set<Address> declaredAddresses = addresses(stack);
    List<Discovered<?>> found = provider.discover(stack, lakeFormation, new FakeGlue(), declaredAddresses);

    assertThat(found).extracting(d -> d.address().toString()).containsExactly("lakeformation_grant.analyst.curated");
    assertThat(((GrantSpec) found.get(0).observed()).permissions()).containsExactly("DESCRIBE");
  }

  @Test
  void aStackThatMadeNothingFindsNothingWithOneCall() {
    FakeLakeFormation lakeFormation = new FakeLakeFormation();
    lakeFormation.settings = lakeFormation.settings.toBuilder()
        .dataLakeAdmins(DataLakePrincipal.builder().dataLakePrincipalIdentifier(ADMIN).build()).build();
    assertThat(provider.discover(stack, lakeFormation, new FakeGlue(), Set.of())).isEmpty();
    assertThat(lakeFormation.requests).hasSize(1);
  }

  private Set<Address> addresses(Stack of) {
    return provider.desired(new ProvisionContext(of, aws, Overrides.NONE)).stream().map(Desired::address)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static PrincipalResourcePermissions entry(String principal, GrantSpec grant) {
    Resource resource = Grants.listed(grant, "123456789012");
    return PrincipalResourcePermissions.builder()
        .principal(DataLakePrincipal.builder().dataLakePrincipalIdentifier(principal).build())
        .resource(resource).permissionsWithStrings(grant.permissions()).build();
  }
}
