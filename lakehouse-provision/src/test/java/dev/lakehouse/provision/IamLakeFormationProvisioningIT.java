package dev.lakehouse.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.iam.IamProvider;
import dev.lakehouse.provision.iam.IamRoleResource;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.lakeformation.LakeFormationProvider;
import dev.lakehouse.provision.lakeformation.OwnershipLedger;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.s3.S3Provider;
import dev.lakehouse.testkit.AppliedMarks;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.FaultRule;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilter;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.DataLakeSettings;
import software.amazon.awssdk.services.lakeformation.model.DatabaseResource;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;
import software.amazon.awssdk.services.lakeformation.model.ResourceInfo;
import software.amazon.awssdk.services.lakeformation.model.RowFilter;
import software.amazon.awssdk.services.lakeformation.model.TableResource;

/**
 * The IAM roles and Lake Formation setup of the canonical stack, applied with the engine (with
 * the key and buckets they need) to an empty emulated account whose Glue databases and table a
 * pipeline has made, read back with independent clients, re-applied without a mutating call,
 * repaired after drift, and taken away only as far as the stack made them.
 */
class IamLakeFormationProvisioningIT {
  private static final String LAKE_FORMATION = "moto only: LocalStack's community edition has no Lake Formation";
  private static final String ADMIN_POLICY = "arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin";

  private static EmulatedAccount open(Emulator emulator) {
    EmulatedAccount account = EmulatedAccount.open(emulator,
        List.of(new KmsProvider(), new S3Provider(), new IamProvider(), new LakeFormationProvider()));
    // The Glue databases and the table come from providers this test leaves out: made here as they would be.
    for (String zone : List.of("raw", "processed", "curated")) {
      account.clients().glue().createDatabase(b -> b.databaseInput(d -> d.name("acme_dev_" + zone)));
    }
    account.clients().glue().createTable(b -> b.databaseName("acme_dev_processed")
        .tableInput(t -> t.name("customer_events").tableType("EXTERNAL_TABLE")));
    return account;
  }

  @EmulatorTest
  void rolesAreMadeAsConfiguredReappliedWithoutChangesAndRepaired(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator,
        List.of(new KmsProvider(), new S3Provider(), new IamProvider()))) {
      Stack stack = account.canonicalDev();
      String id = emulator.accountId();
      assertSucceeded(account.apply(stack));

      IamClient iam = account.clients().iam();
      Role admin = iam.getRole(b -> b.roleName("acme-dev-lakehouse-admin")).role();
      assertThat(PolicyDocuments.parse(admin.assumeRolePolicyDocument()).at("/Statement/0/Principal/Service/0").asText())
          .isEqualTo("lakeformation.amazonaws.com");
      assertThat(admin.maxSessionDuration()).isEqualTo(3600);
      assertThat(attached(iam, "acme-dev-lakehouse-admin")).containsExactly(ADMIN_POLICY);
      assertThatThrownBy(() -> iam.getRolePolicy(b -> b.roleName("acme-dev-lakehouse-admin")
          .policyName(IamRoleResource.ACCESS_POLICY))).isInstanceOf(NoSuchEntityException.class);
      assertThat(AppliedMarks.unmarked(iam.listRoleTags(b -> b.roleName("acme-dev-lakehouse-admin")).tags().stream()
          .collect(Collectors.toMap(t -> t.key(), t -> t.value())))).isEqualTo(Map.of("CostCenter", "DataEngineering",
              "Owner", "data-platform", "lakehouse:project", "acme", "lakehouse:env", "dev",
              "lakehouse:region", "us-east-1"));

      Role analyst = iam.getRole(b -> b.roleName("acme-dev-analyst")).role();
      assertThat(PolicyDocuments.parse(analyst.assumeRolePolicyDocument()).at("/Statement/0/Principal/AWS/0").asText())
          .isEqualTo("arn:aws:iam::" + id + ":root");
      JsonNode access = PolicyDocuments.parse(iam.getRolePolicy(b -> b.roleName("acme-dev-analyst")
          .policyName(IamRoleResource.ACCESS_POLICY)).policyDocument());
      String keyArn = account.clients().kms().describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata().arn();
      assertThat(statement(access, "UseStackKey").get("Resource").get(0).asText()).isEqualTo(keyArn);
      assertThat(access.toString()).as("the registered zones are read through Lake Formation only")
          .doesNotContain("arn:aws:s3:::acme-dev-curated-", "arn:aws:s3:::acme-dev-processed-");
      assertThat(statement(access, "UseLakeFormationData").get("Action").get(0).asText())
          .isEqualTo("lakeformation:GetDataAccess");
      assertThat(statement(access, "UseAthenaResults").get("Resource").get(0).asText())
          .isEqualTo("arn:aws:s3:::acme-dev-athena-results-" + id + "/acme-dev/*");
      assertThat(statement(access, "AthenaDefaultDatabase").get("Resource")).extracting(JsonNode::asText)
          .containsExactly("arn:aws:glue:us-east-1:" + id + ":catalog", "arn:aws:glue:us-east-1:" + id + ":database/default");

      account.proxy().clearRecording();
      assertThat(account.apply(stack).done()).isEmpty();
      assertThat(account.proxy().requests()).extracting(RecordedRequest::service).contains("iam");
      assertThat(account.proxy().mutatingCount()).isZero();

      iam.detachRolePolicy(b -> b.roleName("acme-dev-lakehouse-admin").policyArn(ADMIN_POLICY));
      Change detached = account.plan(stack).change(Addresses.role("acme-dev-lakehouse-admin"));
      assertThat(detached.action()).isEqualTo(Action.UPDATE);
      assertThat(detached.attributes()).extracting(AttributeChange::path).containsExactly("managedPolicies");
      assertSucceeded(account.apply(stack));
      assertThat(attached(iam, "acme-dev-lakehouse-admin")).containsExactly(ADMIN_POLICY);
      assertThat(account.plan(stack).hasChanges()).isFalse();

      iam.tagRole(b -> b.roleName("acme-dev-analyst").tags(t -> t.key("Owner").value("someone-else")));
      Change retagged = account.plan(stack).change(Addresses.role("acme-dev-analyst"));
      assertThat(retagged.attributes()).extracting(AttributeChange::path).containsExactly("tags.Owner");
      assertSucceeded(account.apply(stack));
      assertThat(iam.listRoleTags(b -> b.roleName("acme-dev-analyst")).tags())
          .anyMatch(t -> t.key().equals("Owner") && t.value().equals("data-platform"));
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void permissionsBoundariesAreSetRepairedChangedAndTakenOff(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator,
        List.of(new KmsProvider(), new S3Provider(), new IamProvider()))) {
      IamClient iam = account.clients().iam();
      String id = emulator.accountId();
      String allow = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
          + "\"Resource\":\"*\"}]}";
      String stackBoundary = iam.createPolicy(b -> b.policyName("DataBoundary").policyDocument(allow)).policy().arn();
      String adminBoundary = iam.createPolicy(b -> b.policyName("AdminBoundary").path("/lake/").policyDocument(allow))
          .policy().arn();
      Stack bounded = account.editedDev(yaml -> yaml
          .replace("iam:\n  roles:\n",
              "iam:\n  permissionsBoundary: \"arn:${partition}:iam::${account}:policy/DataBoundary\"\n  roles:\n")
          .replace("      managedPolicies: [arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]\n",
              "      managedPolicies: [arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]\n"
                  + "      permissionsBoundary: \"arn:aws:iam::${account}:policy/lake/AdminBoundary\"\n"));

      assertSucceeded(account.apply(bounded));
      assertThat(boundary(iam, "acme-dev-analyst")).isEqualTo(stackBoundary).isEqualTo(
          "arn:aws:iam::" + id + ":policy/DataBoundary");
      assertThat(boundary(iam, "acme-dev-lakehouse-admin")).isEqualTo(adminBoundary);
      account.proxy().clearRecording();
      assertThat(account.apply(bounded).done()).isEmpty();
      assertThat(account.proxy().mutatingCount()).isZero();

      iam.deleteRolePermissionsBoundary(b -> b.roleName("acme-dev-analyst"));
      Change takenOff = account.plan(bounded).change(Addresses.role("acme-dev-analyst"));
      assertThat(takenOff.action()).isEqualTo(Action.UPDATE);
      assertThat(takenOff.attributes()).extracting(AttributeChange::path).containsExactly("permissionsBoundary");
      assertSucceeded(account.apply(bounded));
      assertThat(boundary(iam, "acme-dev-analyst")).isEqualTo(stackBoundary);

      Stack unbounded = account.canonicalDev();
      Plan plan = account.plan(unbounded);
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(c -> c.address().toString())
          .containsExactlyInAnyOrder("iam_role.acme-dev-analyst", "iam_role.acme-dev-lakehouse-admin");
      assertSucceeded(account.apply(unbounded));
      assertThat(boundary(iam, "acme-dev-analyst")).isNull();
      assertThat(boundary(iam, "acme-dev-lakehouse-admin")).isNull();
      assertThat(account.plan(unbounded).hasChanges()).isFalse();

      Stack missing = account.editedDev(yaml -> yaml.replace("iam:\n  roles:\n",
          "iam:\n  permissionsBoundary: \"arn:aws:iam::${account}:policy/NoSuchBoundary\"\n  roles:\n"));
      account.proxy().clearRecording();
      assertThat(account.plan(missing).change(Addresses.role("acme-dev-analyst")).refusals()).singleElement()
          .satisfies(refusal -> assertThat(refusal).contains(
          "there is no managed policy arn:aws:iam::" + id + ":policy/NoSuchBoundary to be its permissions boundary"));
      assertThat(account.proxy().mutatingCount()).isZero();
    }
  }

  private static String boundary(IamClient iam, String role) {
    Role found = iam.getRole(b -> b.roleName(role)).role();
    return found.permissionsBoundary() == null ? null : found.permissionsBoundary().permissionsBoundaryArn();
  }

  @EmulatorTest
  void aRoleThatLosesItsAccessLosesItsInlinePolicyAndADroppedRoleIsDeleted(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator,
        List.of(new KmsProvider(), new S3Provider(), new IamProvider()))) {
      assertSucceeded(account.apply(account.canonicalDev()));
      Stack edited = account.editedDev(yaml -> yaml
          .replace("""
                    access:                          # generates a least-privilege inline policy
                      read: [processed, curated]     # zones: their buckets, databases, KMS decrypt
                      athenaWorkgroups: ["${project}-${env}"]
              """, "")
          .replace("""
                  - name: ${project}-${env}-lakehouse-admin
                    trustedServices: [lakeformation.amazonaws.com]
                    managedPolicies: [arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]
              """, "")
          .replace("""
                admins: ["arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin"]
              """, ""));

      Plan plan = account.plan(edited);
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(c -> c.address().toString(), Change::action)
          .containsExactlyInAnyOrder(tuple("iam_role.acme-dev-analyst", Action.UPDATE),
              tuple("iam_role.acme-dev-lakehouse-admin", Action.DELETE));
      assertThat(plan.change(Addresses.role("acme-dev-analyst")).attributes()).extracting(AttributeChange::path)
          .containsExactly("accessPolicy");
      assertSucceeded(account.apply(edited));

      IamClient iam = account.clients().iam();
      assertThat(iam.listRolePolicies(b -> b.roleName("acme-dev-analyst")).policyNames()).isEmpty();
      assertThatThrownBy(() -> iam.getRole(b -> b.roleName("acme-dev-lakehouse-admin")))
          .isInstanceOf(NoSuchEntityException.class);
      assertThat(account.plan(edited).hasChanges()).isFalse();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void theCanonicalLakeFormationSetupIsMadeInDependencyOrderAndReappliedWithoutChanges(Emulator emulator) {
    try (EmulatedAccount account = open(emulator); TestClients viaProxy = throughProxy(account, emulator)) {
      Stack stack = account.canonicalDev();
      String id = emulator.accountId();
      String analyst = "arn:aws:iam::" + id + ":role/acme-dev-analyst";
      String admin = "arn:aws:iam::" + id + ":role/acme-dev-lakehouse-admin";

      List<String> order = account.plan(stack).changes().stream().map(c -> c.address().toString()).toList();
      assertThat(order).startsWith("kms_key.lakehouse");
      assertBefore(order, "s3_bucket.processed", "iam_role.acme-dev-analyst");
      assertBefore(order, "iam_role.acme-dev-lakehouse-admin", "lakeformation_settings.account");
      assertBefore(order, "lakeformation_settings.account", "lakeformation_location.processed");
      assertBefore(order, "lakeformation_location.processed", "lakeformation_grant.analyst.processed");
      assertBefore(order, "iam_role.acme-dev-analyst", "lakeformation_grant.analyst.processed.customer_events");
      assertBefore(order, "lakeformation_data_filter.us_region_only",
          "lakeformation_grant.analyst.processed.customer_events.us_region_only");

      assertSucceeded(account.apply(stack));

      LakeFormationClient lf = account.clients().lakeFormation();
      assertThat(admins(lf.getDataLakeSettings(b -> { }).dataLakeSettings())).containsExactly(admin);
      assertThat(lf.listResources(b -> { }).resourceInfoList()).extracting(ResourceInfo::resourceArn)
          .containsExactlyInAnyOrder("arn:aws:s3:::acme-dev-processed-" + id, "arn:aws:s3:::acme-dev-curated-" + id);
      List<PrincipalResourcePermissions> granted = lf.listPermissions(b -> { }).principalResourcePermissions();
      assertThat(granted).allMatch(p -> p.principal().dataLakePrincipalIdentifier().equals(analyst));
      assertThat(granted).extracting(p -> resourceKind(p.resource()), PrincipalResourcePermissions::permissionsAsStrings)
          .containsExactlyInAnyOrder(
              tuple("database acme_dev_processed", List.of("DESCRIBE")),
              tuple("columns acme_dev_processed.customer_events [event_date, event_id, event_timestamp, event_type]",
                  List.of("SELECT")),
              tuple("filter acme_dev_processed.customer_events.us_region_only", List.of("SELECT")));
      DataCellsFilter filter = viaProxy.lakeFormation().getDataCellsFilter(b -> b.tableCatalogId(id)
          .databaseName("acme_dev_processed").tableName("customer_events").name("us_region_only")).dataCellsFilter();
      assertThat(filter.rowFilter().filterExpression()).isEqualTo("region = 'US'");
      assertThat(filter.columnWildcard().excludedColumnNames()).isEmpty();
      assertThat(lf.getLFTag(b -> b.tagKey(OwnershipLedger.tagKey("acme", "dev"))).tagValues())
          .hasSize(7).allMatch(v -> v.matches("(admin|location|grant|filter)-[0-9a-f]{16}"));

      account.proxy().clearRecording();
      Plan again = account.plan(stack);
      // The settings, the grants and the search for what the stack made share one read of each.
      assertThat(account.proxy().requests()).extracting(RecordedRequest::operation)
          .containsOnlyOnce("GetLFTag", "ListPermissions");
      ApplyResult second = account.apply(stack);
      assertThat(again.hasChanges()).isFalse();
      assertThat(second.done()).isEmpty();
      assertThat(account.proxy().requests()).extracting(RecordedRequest::service).contains("iam", "lakeformation");
      assertThat(account.proxy().mutatingCount()).isZero();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aRegistrationAndAFilterWhoseAnswersWereLostAndThatTheSdkSentAgainAreRecordedAsTheStacks(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.canonicalDev();
      String id = emulator.accountId();
      List<FaultRule> lost = List.of(
          account.proxy().rule().service("lakeformation").operation("RegisterResource").times(2).loseResponse(),
          account.proxy().rule().service("lakeformation").operation("CreateDataCellsFilter").times(1).loseResponse());

      assertSucceeded(account.apply(stack));

      assertThat(lost).allMatch(rule -> rule.fired() > 0);
      String record = OwnershipLedger.tagKey("acme", "dev");
      assertThat(account.clients().lakeFormation().getLFTag(b -> b.tagKey(record)).tagValues()).contains(
          OwnershipLedger.entry(OwnershipLedger.Kind.LOCATION, "arn:aws:s3:::acme-dev-processed-" + id),
          OwnershipLedger.entry(OwnershipLedger.Kind.LOCATION, "arn:aws:s3:::acme-dev-curated-" + id),
          OwnershipLedger.entry(OwnershipLedger.Kind.FILTER, id + "|acme_dev_processed|customer_events|us_region_only"));
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aRegistrationTakenAwayWhoseAnswerWasLostLeavesNoEntryForAThingGone(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String id = emulator.accountId();
      assertSucceeded(account.apply(account.canonicalDev()));
      Stack processedOnly = account.editedDev(yaml -> yaml.replace("registerZones: [processed, curated]",
          "registerZones: [processed]"));
      String curated = OwnershipLedger.entry(OwnershipLedger.Kind.LOCATION, "arn:aws:s3:::acme-dev-curated-" + id);
      String record = OwnershipLedger.tagKey("acme", "dev");
      LakeFormationClient lf = account.clients().lakeFormation();
      assertThat(lf.getLFTag(b -> b.tagKey(record)).tagValues()).contains(curated);
      // The deregistration happens and its answer is lost; the SDK's retry hears it is not there.
      FaultRule lost = account.proxy().rule().service("lakeformation").operation("DeregisterResource").times(1)
          .loseResponse();

      account.apply(processedOnly);

      assertThat(lost.fired()).isPositive();
      lost.remove();
      assertThat(lf.listResources(b -> { }).resourceInfoList()).extracting(ResourceInfo::resourceArn)
          .containsExactly("arn:aws:s3:::acme-dev-processed-" + id);
      assertThat(lf.getLFTag(b -> b.tagKey(record)).tagValues()).doesNotContain(curated);
      assertThat(account.plan(processedOnly).hasChanges()).isFalse();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void driftOnEachLakeFormationResourceIsShownAndRepairedAndAForeignAdminIsKept(Emulator emulator) {
    try (EmulatedAccount account = open(emulator); TestClients viaProxy = throughProxy(account, emulator)) {
      Stack stack = account.canonicalDev();
      String id = emulator.accountId();
      String admin = "arn:aws:iam::" + id + ":role/acme-dev-lakehouse-admin";
      String oncall = "arn:aws:iam::" + id + ":user/oncall";
      assertSucceeded(account.apply(stack));
      LakeFormationClient lf = account.clients().lakeFormation();

      DataLakeSettings settings = lf.getDataLakeSettings(b -> { }).dataLakeSettings();
      lf.putDataLakeSettings(b -> b.dataLakeSettings(settings.toBuilder().dataLakeAdmins(principal(oncall)).build()));
      lf.deregisterResource(b -> b.resourceArn("arn:aws:s3:::acme-dev-curated-" + id));
      Resource database = Resource.builder().database(DatabaseResource.builder().catalogId(id)
          .name("acme_dev_processed").build()).build();
      lf.revokePermissions(b -> b.principal(principal("arn:aws:iam::" + id + ":role/acme-dev-analyst"))
          .resource(database).permissionsWithStrings("DESCRIBE"));
      DataCellsFilter filter = viaProxy.lakeFormation().getDataCellsFilter(b -> b.tableCatalogId(id)
          .databaseName("acme_dev_processed").tableName("customer_events").name("us_region_only")).dataCellsFilter();
      viaProxy.lakeFormation().updateDataCellsFilter(b -> b.tableData(filter.toBuilder()
          .rowFilter(RowFilter.builder().filterExpression("region IN ('US', 'CA')").build()).build()));

      Plan plan = account.plan(stack);
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(c -> c.address().toString(), Change::action)
          .containsExactlyInAnyOrder(
              tuple("lakeformation_settings.account", Action.UPDATE),
              tuple("lakeformation_location.curated", Action.CREATE),
              tuple("lakeformation_grant.analyst.processed", Action.CREATE),
              tuple("lakeformation_data_filter.us_region_only", Action.UPDATE));
      assertThat(plan.change(Addresses.lakeFormationSettings()).attributes()).extracting(AttributeChange::path)
          .containsExactly("admins");
      assertThat(plan.change(Addresses.dataFilter("us_region_only")).attributes()).containsExactly(new AttributeChange(
          "rowFilter", TextNode.valueOf("region IN ('US', 'CA')"), TextNode.valueOf("region = 'US'"), false));

      assertSucceeded(account.apply(stack));

      assertThat(admins(lf.getDataLakeSettings(b -> { }).dataLakeSettings())).containsExactly(oncall, admin);
      assertThat(lf.describeResource(b -> b.resourceArn("arn:aws:s3:::acme-dev-curated-" + id)).resourceInfo())
          .isNotNull();
      assertThat(lf.listPermissions(b -> b.resource(database)).principalResourcePermissions())
          .extracting(PrincipalResourcePermissions::permissionsAsStrings).containsExactly(List.of("DESCRIBE"));
      assertThat(viaProxy.lakeFormation().getDataCellsFilter(b -> b.tableCatalogId(id).databaseName("acme_dev_processed")
          .tableName("customer_events").name("us_region_only")).dataCellsFilter().rowFilter().filterExpression())
          .isEqualTo("region = 'US'");
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aColumnGrantWidenedToTheWholeTableOutsideLakehouseIsShownAndNarrowedAgain(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.canonicalDev();
      String id = emulator.accountId();
      String analyst = "arn:aws:iam::" + id + ":role/acme-dev-analyst";
      assertSucceeded(account.apply(stack));
      LakeFormationClient lf = account.clients().lakeFormation();
      Resource table = Resource.builder().table(TableResource.builder().catalogId(id)
          .databaseName("acme_dev_processed").name("customer_events").build()).build();
      lf.grantPermissions(b -> b.principal(principal(analyst)).resource(table).permissionsWithStrings("SELECT"));

      Plan plan = account.plan(stack);
      Address grant = Address.parse("lakeformation_grant.analyst.processed.customer_events");
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(Change::address).containsExactly(grant);
      assertThat(plan.change(grant).attributes()).extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("columns: null -> [\"event_date\",\"event_id\",\"event_timestamp\",\"event_type\"]");
      assertSucceeded(account.apply(stack));

      assertThat(lf.listPermissions(b -> { }).principalResourcePermissions())
          .filteredOn(p -> p.principal().dataLakePrincipalIdentifier().equals(analyst)
              && (p.resource().table() != null || p.resource().tableWithColumns() != null))
          .extracting(p -> p.resource().tableWithColumns() == null ? List.of("the whole table")
              : p.resource().tableWithColumns().columnNames(), PrincipalResourcePermissions::permissionsAsStrings)
          .containsExactly(tuple(List.of("event_date", "event_id", "event_timestamp", "event_type"),
              List.of("SELECT")));
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void anEnforcedZoneLosesWhatIamAllowedPrincipalsHeldThereAfterItsGrantsAndOtherZonesKeepIt(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.editedDev(yaml -> yaml.replace("  registerZones: [processed, curated]\n",
          "  registerZones: [processed, curated]\n  enforceZones: [processed]\n"));
      String id = emulator.accountId();
      String analyst = "arn:aws:iam::" + id + ":role/acme-dev-analyst";
      LakeFormationClient lf = account.clients().lakeFormation();
      // What AWS gives IAM_ALLOWED_PRINCIPALS on new databases and tables, by Lake Formation's default settings.
      DataLakePrincipal everyone = principal("IAM_ALLOWED_PRINCIPALS");
      for (String zone : List.of("processed", "curated")) {
        lf.grantPermissions(b -> b.principal(everyone).permissionsWithStrings("ALL")
            .resource(r -> r.database(d -> d.catalogId(id).name("acme_dev_" + zone))));
      }
      lf.grantPermissions(b -> b.principal(everyone).permissionsWithStrings("ALL").resource(r -> r.table(t -> t
          .catalogId(id).databaseName("acme_dev_processed").name("customer_events"))));

      Plan plan = account.plan(stack);
      Address enforced = Addresses.iamAllowedPrincipals("processed");
      List<String> order = plan.changes().stream().map(c -> c.address().toString()).toList();
      assertBefore(order, "lakeformation_grant.analyst.processed", enforced.toString());
      assertBefore(order, "lakeformation_grant.analyst.processed.customer_events", enforced.toString());
      assertBefore(order, "lakeformation_grant.analyst.processed.customer_events.us_region_only", enforced.toString());
      assertBefore(order, "lakeformation_location.processed", enforced.toString());
      assertThat(plan.change(enforced).attributes()).extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("grantedOn: [\"acme_dev_processed\",\"acme_dev_processed.customer_events\"] -> []");
      assertThat(order).doesNotContain("lakeformation_iam_allowed_principals.curated");

      assertSucceeded(account.apply(stack));

      List<PrincipalResourcePermissions> listed = lf.listPermissions(b -> { }).principalResourcePermissions();
      assertThat(listed).filteredOn(p -> p.principal().dataLakePrincipalIdentifier().equals("IAM_ALLOWED_PRINCIPALS"))
          .extracting(p -> resourceKind(p.resource())).containsExactly("database acme_dev_curated");
      assertThat(listed).filteredOn(p -> p.principal().dataLakePrincipalIdentifier().equals(analyst)).hasSize(3);
      account.proxy().clearRecording();
      assertThat(account.plan(stack).hasChanges()).isFalse();
      assertThat(account.apply(stack).done()).isEmpty();
      assertThat(account.proxy().mutatingCount()).isZero();

      // Given again outside lakehouse: shown, and taken back.
      lf.grantPermissions(b -> b.principal(everyone).permissionsWithStrings("SELECT").resource(r -> r.table(t -> t
          .catalogId(id).databaseName("acme_dev_processed").name("customer_events"))));
      assertThat(account.plan(stack).changes()).filteredOn(c -> !c.isNoOp()).extracting(Change::address)
          .containsExactly(enforced);
      assertSucceeded(account.apply(stack));
      assertThat(lf.listPermissions(b -> { }).principalResourcePermissions())
          .noneMatch(p -> p.principal().dataLakePrincipalIdentifier().equals("IAM_ALLOWED_PRINCIPALS")
              && p.resource().table() != null);
      assertThat(account.plan(stack).hasChanges()).isFalse();

      // Destroy has nothing of its own to delete, and revokes the stack's grants as ever.
      Engine destroying = account.engine(new Overrides(Set.of(DataRisk.KMS_KEY)));
      LiveStack live = destroying.read(stack);
      Plan destroy = destroying.destroyPlan(live, Set.of());
      assertThat(destroy.changes()).extracting(Change::address).doesNotContain(enforced)
          .contains(Address.parse("lakeformation_grant.analyst.processed.customer_events"));
      assertThat(destroying.apply(live, destroy, ApplyListener.NONE, new Cancellation()).failed()).isEmpty();
      assertThat(lf.listPermissions(b -> { }).principalResourcePermissions())
          .noneMatch(p -> p.principal().dataLakePrincipalIdentifier().equals(analyst));
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aGrantDroppedFromTheConfigIsRevokedAndGrantsMadeOutsideTheStackAreLeftAlone(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String id = emulator.accountId();
      String analyst = "arn:aws:iam::" + id + ":role/acme-dev-analyst";
      String reporting = "arn:aws:iam::" + id + ":role/reporting";
      assertSucceeded(account.apply(account.canonicalDev()));
      LakeFormationClient lf = account.clients().lakeFormation();
      Resource processed = Resource.builder().database(DatabaseResource.builder().catalogId(id)
          .name("acme_dev_processed").build()).build();
      Resource curated = Resource.builder().database(DatabaseResource.builder().catalogId(id)
          .name("acme_dev_curated").build()).build();
      lf.grantPermissions(b -> b.principal(principal(reporting)).resource(processed).permissionsWithStrings("DESCRIBE"));
      lf.grantPermissions(b -> b.principal(principal(analyst)).resource(curated).permissionsWithStrings("DESCRIBE"));
      Stack withoutDatabaseGrant = account.editedDev(yaml -> yaml.replace("""
              - principal: "arn:aws:iam::${account}:role/${project}-${env}-analyst"
                database: processed
                permissions: [DESCRIBE]
          """, ""));

      Plan plan = account.plan(withoutDatabaseGrant);
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(c -> c.address().toString(), Change::action)
          .containsExactly(tuple("lakeformation_grant.analyst.processed", Action.DELETE));
      assertSucceeded(account.apply(withoutDatabaseGrant));

      assertThat(lf.listPermissions(b -> b.resource(processed)).principalResourcePermissions())
          .extracting(p -> p.principal().dataLakePrincipalIdentifier()).containsExactly(reporting);
      assertThat(lf.listPermissions(b -> b.resource(curated)).principalResourcePermissions())
          .extracting(p -> p.principal().dataLakePrincipalIdentifier()).containsExactly(analyst);
      assertThat(account.plan(withoutDatabaseGrant).hasChanges()).isFalse();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aRoleDroppedFromTheConfigWhileGrantsStillNameItIsNotDeleted(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String id = emulator.accountId();
      assertSucceeded(account.apply(account.canonicalDev()));
      String analystRole = "    - name: ${project}-${env}-analyst\n      trustedAccounts: [\"${account}\"]\n"
          + "      access:                          # generates a least-privilege inline policy\n"
          + "        read: [processed, curated]     # zones: their buckets, databases, KMS decrypt\n"
          + "        athenaWorkgroups: [\"${project}-${env}\"]\n";
      Stack dropped = account.editedDev(yaml -> {
        assertThat(yaml).contains(analystRole);
        return yaml.replace(analystRole, "");
      });

      Engine engine = account.engine(Overrides.NONE);
      LiveStack live = engine.read(dropped);
      Plan plan = engine.plan(live, Set.of());
      assertThat(plan.changes()).filteredOn(c -> !c.refusals().isEmpty())
          .extracting(c -> c.address().toString(), Change::refusals).containsExactly(
              tuple("iam_role.acme-dev-analyst", List.of("lakeformation_grant.analyst.processed, "
                  + "lakeformation_grant.analyst.processed.customer_events, "
                  + "lakeformation_grant.analyst.processed.customer_events.us_region_only still name it (arn:aws:iam::"
                  + id + ":role/acme-dev-analyst) as a principal, and would be left naming a role that is gone: keep "
                  + "it in the config, or take those out of it too")));
      account.proxy().clearRecording();
      assertThatThrownBy(() -> engine.apply(live, plan, ApplyListener.NONE, new Cancellation()))
          .isInstanceOf(Refused.class).hasMessageContaining("still name it");
      assertThat(account.proxy().mutatingCount()).isZero();
      assertThat(account.clients().iam().getRole(b -> b.roleName("acme-dev-analyst")).role()).isNotNull();

      // Dropped with what names it, the role goes with its grants.
      Stack droppedWhole = account.editedDev(yaml -> yaml.replace(analystRole, "")
          .replaceAll("(?s)  grants:\n.*  dataFilters:\n.*?\n\nmonitoring:", "\nmonitoring:"));
      assertThat(droppedWhole.config().lakeFormation().grants()).isEmpty();
      assertThat(droppedWhole.config().lakeFormation().dataFilters()).isEmpty();
      Plan whole = engine.plan(engine.read(droppedWhole), Set.of());
      assertThat(whole.changes()).allMatch(c -> c.refusals().isEmpty());
      assertThat(whole.change(Addresses.role("acme-dev-analyst")).action()).isEqualTo(Action.DELETE);
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aMisspeltRoleNamedAsAPrincipalIsRefusedAtPlanTimeAndApplyChangesNothing(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String id = emulator.accountId();
      account.clients().iam().createRole(b -> b.roleName("etl-runner").assumeRolePolicyDocument(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
              + "{\"Service\":\"glue.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
      Stack misspelt = account.editedDev(yaml -> yaml
          .replace("  admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
              "  admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\", "
                  + "\"arn:aws:iam::${account}:role/etl-runner\"]")
          .replace("    - principal: \"arn:aws:iam::${account}:role/${project}-${env}-analyst\"\n      database: processed",
              "    - principal: \"arn:aws:iam::${account}:role/${project}-${env}-analys\"\n      database: processed")
          .replace("      grantSelectTo: [\"arn:aws:iam::${account}:role/${project}-${env}-analyst\"]",
              "      grantSelectTo: [\"arn:aws:iam::${account}:role/etl-runer\"]"));

      // As plan and apply do: the engine's plan asks AWS what stands in the way of each create.
      Engine engine = account.engine(Overrides.NONE);
      LiveStack live = engine.read(misspelt);
      Plan plan = engine.plan(live, Set.of());
      assertThat(plan.changes()).filteredOn(c -> !c.refusals().isEmpty())
          .extracting(c -> c.address().toString(), Change::refusals).containsExactlyInAnyOrder(
              tuple("lakeformation_grant.analys.processed", List.of("there is no IAM role acme-dev-analys in account "
                  + id + ", and Lake Formation refuses a principal it cannot find; did you mean 'acme-dev-analyst'?; "
                  + "correct the ARN, or make the role first")),
              tuple("lakeformation_grant.etl-runer~03ffc0.processed.customer_events.us_region_only", List.of(
                  "there is no IAM role etl-runer in account " + id + ", and Lake Formation refuses a principal it "
                      + "cannot find; did you mean 'etl-runner'?; correct the ARN, or make the role first")));
      account.proxy().clearRecording();
      assertThatThrownBy(() -> engine.apply(live, plan, ApplyListener.NONE, new Cancellation()))
          .isInstanceOf(Refused.class).hasMessageContaining("there is no IAM role ");
      assertThat(account.proxy().mutatingCount()).isZero();
      assertThat(account.clients().lakeFormation().listPermissions(b -> { }).principalResourcePermissions()).isEmpty();

      Stack mended = account.editedDev(yaml -> yaml.replace(
          "  admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
          "  admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\", "
              + "\"arn:aws:iam::${account}:role/etl-runner\"]"));
      assertThat(engine.plan(engine.read(mended), Set.of()).changes()).allMatch(c -> c.refusals().isEmpty());
      assertSucceeded(account.apply(mended));
      Stack adminMisspelt = account.editedDev(yaml -> yaml.replace(
          "  admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
          "  admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\", "
              + "\"arn:aws:iam::${account}:role/etl-runner\", \"arn:aws:iam::${account}:role/etl-runnr\"]"));
      assertThat(engine.plan(engine.read(adminMisspelt), Set.of()).change(Addresses.lakeFormationSettings())
          .refusals()).containsExactly(
          "there is no IAM role etl-runnr in account " + id + ", and Lake Formation refuses a principal it cannot "
              + "find; did you mean 'etl-runner'?; correct the ARN, or make the role first");
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aZoneRegisteredWithAnotherRoleIsRefusedAndNeitherChangedNorDeregistered(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String id = emulator.accountId();
      String curated = "arn:aws:s3:::acme-dev-curated-" + id;
      String role = "arn:aws:iam::" + id + ":role/etl-data-access";
      LakeFormationClient lf = account.clients().lakeFormation();
      lf.registerResource(b -> b.resourceArn(curated).roleArn(role));

      Engine engine = account.engine(Overrides.NONE);
      LiveStack live = engine.read(account.canonicalDev());
      Plan plan = engine.plan(live, Set.of());

      assertThat(plan.changes()).filteredOn(c -> !c.refusals().isEmpty()).extracting(c -> c.address().toString())
          .containsExactly("lakeformation_location.curated");
      assertThat(plan.change(Addresses.lakeFormationLocation("curated")).refusals()).singleElement().asString()
          .startsWith(curated + " is registered with Lake Formation with the role " + role)
          .contains("deregister it (`aws lakeformation deregister-resource --resource-arn " + curated + "`)");
      account.proxy().clearRecording();
      assertThatThrownBy(() -> engine.apply(live, plan, ApplyListener.NONE, new Cancellation()))
          .isInstanceOf(Refused.class);
      assertThat(account.proxy().mutatingCount()).isZero();
      assertThat(lf.describeResource(b -> b.resourceArn(curated)).resourceInfo().roleArn()).isEqualTo(role);
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void theAdminsTheAccountHasAreShownKeptAndCountTowardsLakeFormationsLimit(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String id = emulator.accountId();
      LakeFormationClient lf = account.clients().lakeFormation();
      List<DataLakePrincipal> team = IntStream.range(0, 30)
          .mapToObj(i -> principal("arn:aws:iam::" + id + ":user/team-" + i)).toList();
      lf.putDataLakeSettings(b -> b.dataLakeSettings(s -> s.dataLakeAdmins(team.subList(0, 1))));

      Engine engine = account.engine(Overrides.NONE);
      Change create = engine.plan(engine.read(account.canonicalDev()), Set.of())
          .change(Addresses.lakeFormationSettings());
      assertThat(create.action()).isEqualTo(Action.CREATE);
      assertThat(create.notes()).containsExactly("the account's other data lake admin stays beside these: "
          + "arn:aws:iam::" + id + ":user/team-0");
      assertThat(create.refusals()).isEmpty();

      lf.putDataLakeSettings(b -> b.dataLakeSettings(s -> s.dataLakeAdmins(team)));
      LiveStack live = engine.read(account.canonicalDev());
      Plan plan = engine.plan(live, Set.of());
      assertThat(plan.change(Addresses.lakeFormationSettings()).refusals()).singleElement().asString()
          .endsWith("lakeFormation.admins names 1 data lake admin, and the account has 30 others, which apply keeps: "
              + "31 in all, and Lake Formation allows at most 30; name fewer, or remove admins the account no longer "
              + "needs (`aws lakeformation get-data-lake-settings` lists them)");
      account.proxy().clearRecording();
      assertThatThrownBy(() -> engine.apply(live, plan, ApplyListener.NONE, new Cancellation()))
          .isInstanceOf(Refused.class);
      assertThat(account.proxy().mutatingCount()).isZero();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void adminsTheStackAddedGoWhenTheConfigNamesNoneAndOthersStay(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String id = emulator.accountId();
      String oncall = "arn:aws:iam::" + id + ":user/oncall";
      LakeFormationClient lf = account.clients().lakeFormation();
      DataLakeSettings before = lf.getDataLakeSettings(b -> { }).dataLakeSettings();
      lf.putDataLakeSettings(b -> b.dataLakeSettings(before.toBuilder().dataLakeAdmins(principal(oncall)).build()));
      assertSucceeded(account.apply(account.canonicalDev()));
      Stack withoutAdmins = account.editedDev(yaml -> yaml.replace(
          "  admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"]\n", ""));

      Plan plan = account.plan(withoutAdmins);
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(c -> c.address().toString(), Change::action)
          .containsExactly(tuple("lakeformation_settings.account", Action.DELETE));
      assertSucceeded(account.apply(withoutAdmins));

      DataLakeSettings after = lf.getDataLakeSettings(b -> { }).dataLakeSettings();
      assertThat(admins(after)).containsExactly(oncall);
      assertThat(after.createDatabaseDefaultPermissions()).isEqualTo(before.createDatabaseDefaultPermissions());
      assertThat(account.plan(withoutAdmins).hasChanges()).isFalse();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aGrantOnATableNoPipelineHasMadeYetSaysApplyFailsItAndApplyDoes(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String analyst = "arn:aws:iam::" + emulator.accountId() + ":role/acme-dev-analyst";
      Stack withPipelineTable = account.editedDev(yaml -> yaml.replace("  dataFilters:\n", """
              - principal: "arn:aws:iam::${account}:role/${project}-${env}-analyst"
                table: processed.clicks
                permissions: [SELECT]
            dataFilters:
          """));

      Change change = account.plan(withPipelineTable).change(Addresses.grant("analyst.processed.clicks"));
      assertThat(change.action()).isEqualTo(Action.CREATE);
      assertThat(change.notes()).first().isEqualTo("table processed.clicks is not declared under tables, so a "
          + "pipeline must create it: until it exists, apply fails this change (and carries out the others); apply "
          + "again once it exists");

      ApplyResult result = account.apply(withPipelineTable);
      assertThat(result.failed()).containsOnlyKeys(Addresses.grant("analyst.processed.clicks"));
      assertThat(result.failed().get(Addresses.grant("analyst.processed.clicks")))
          .hasMessage("Cannot grant on acme_dev_processed.clicks to " + analyst + ": table acme_dev_processed.clicks "
              + "does not exist yet; the config does not declare it under tables, so a pipeline must create it: "
              + "apply again once it exists");
      assertThat(result.done()).extracting(c -> c.address().toString())
          .contains("lakeformation_grant.analyst.processed.customer_events.us_region_only");

      account.clients().glue().createTable(b -> b.databaseName("acme_dev_processed")
          .tableInput(t -> t.name("clicks").tableType("EXTERNAL_TABLE")));
      assertSucceeded(account.apply(withPipelineTable));
      assertThat(account.plan(withPipelineTable).hasChanges()).isFalse();
    }
  }

  @EmulatorTest(motoOnly = true, reason = LAKE_FORMATION)
  void aDataFilterMovedToAnotherTableIsDeletedFromTheOldOneWithItsGrant(Emulator emulator) {
    try (EmulatedAccount account = open(emulator); TestClients viaProxy = throughProxy(account, emulator)) {
      account.clients().glue().createTable(b -> b.databaseName("acme_dev_curated")
          .tableInput(t -> t.name("monthly_aggregates").tableType("EXTERNAL_TABLE")));
      assertSucceeded(account.apply(account.canonicalDev()));
      Stack moved = account.editedDev(yaml -> yaml.replace("""
                table: processed.customer_events
                rowFilter: "region = 'US'"
          """, """
                table: curated.monthly_aggregates
                rowFilter: "metric_name = 'cost'"
          """));

      Plan plan = account.plan(moved);
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(c -> c.address().toString(), Change::action)
          .containsExactlyInAnyOrder(
              tuple("lakeformation_data_filter.us_region_only", Action.CREATE),
              tuple("lakeformation_grant.analyst.curated.monthly_aggregates.us_region_only", Action.CREATE),
              tuple("lakeformation_grant.analyst.processed.customer_events.us_region_only", Action.DELETE),
              tuple("lakeformation_data_filter.processed.customer_events.us_region_only", Action.DELETE));
      assertSucceeded(account.apply(moved));

      assertThat(viaProxy.lakeFormation().listDataCellsFilter(b -> { }).dataCellsFilters())
          .extracting(DataCellsFilter::databaseName, DataCellsFilter::tableName, DataCellsFilter::name)
          .containsExactly(tuple("acme_dev_curated", "monthly_aggregates", "us_region_only"));
      assertThat(account.plan(moved).hasChanges()).isFalse();
    }
  }

  /** Clients through the proxy: moto keeps no data cells filters, the proxy's gap filler does. */
  private static TestClients throughProxy(EmulatedAccount account, Emulator emulator) {
    return TestClients.of(account.proxy().endpoint(), emulator.region(), emulator.credentials());
  }

  private static void assertSucceeded(ApplyResult result) {
    assertThat(result.failed()).isEmpty();
    assertThat(result.succeeded()).isTrue();
  }

  private static void assertBefore(List<String> order, String first, String then) {
    assertThat(order).contains(first, then);
    assertThat(order.indexOf(first)).as(first + " before " + then).isLessThan(order.indexOf(then));
  }

  private static List<String> attached(IamClient iam, String role) {
    return iam.listAttachedRolePolicies(b -> b.roleName(role)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn).toList();
  }

  private static List<String> admins(DataLakeSettings settings) {
    return settings.dataLakeAdmins().stream().map(DataLakePrincipal::dataLakePrincipalIdentifier).toList();
  }

  private static DataLakePrincipal principal(String arn) {
    return DataLakePrincipal.builder().dataLakePrincipalIdentifier(arn).build();
  }

  private static JsonNode statement(JsonNode policy, String sid) {
    for (JsonNode statement : policy.get("Statement")) {
      if (sid.equals(statement.path("Sid").asText())) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy);
  }

  private static String resourceKind(Resource resource) {
    if (resource.database() != null) {
      return "database " + resource.database().name();
    }
    if (resource.tableWithColumns() != null) {
      return "columns " + resource.tableWithColumns().databaseName() + "." + resource.tableWithColumns().name() + " "
          + resource.tableWithColumns().columnNames();
    }
    if (resource.dataCellsFilter() != null) {
      return "filter " + resource.dataCellsFilter().databaseName() + "." + resource.dataCellsFilter().tableName() + "."
          + resource.dataCellsFilter().name();
    }
    return resource.toString();
  }
}
