package dev.lakehouse.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.athena.AthenaProvider;
import dev.lakehouse.provision.glue.GlueProvider;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.s3.S3Provider;
import dev.lakehouse.testkit.AppliedMarks;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.athena.model.Tag;
import software.amazon.awssdk.services.athena.model.WorkGroup;
import software.amazon.awssdk.services.athena.model.WorkGroupConfiguration;
import software.amazon.awssdk.services.athena.model.PreparedStatementSummary;
import software.amazon.awssdk.services.athena.model.WorkGroupSummary;
import software.amazon.awssdk.services.glue.model.Database;

/**
 * The Glue databases and Athena workgroups of the canonical stack, applied with the engine to
 * an empty emulated account (with the KMS key and the buckets they need), read back with
 * independent clients, re-applied without a single mutating call, repaired after drift, and
 * deleted only when that loses nothing the user has not allowed to lose.
 */
class GlueAthenaProvisioningIT {
  private static final Map<String, String> STACK_TAGS = Map.of("CostCenter", "DataEngineering",
      "Owner", "data-platform", "lakehouse:project", "acme", "lakehouse:env", "dev");

  private static EmulatedAccount open(Emulator emulator) {
    return EmulatedAccount.open(emulator,
        List.of(new KmsProvider(), new S3Provider(), new GlueProvider(), new AthenaProvider()));
  }

  @EmulatorTest
  void plansKeyThenBucketsThenDatabasesAndWorkgroups(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Plan plan = account.plan(account.canonicalDev());

      List<String> order = plan.changes().stream().map(c -> c.address().toString()).toList();
      assertThat(plan.changes()).allMatch(c -> c.action() == Action.CREATE);
      assertThat(order).containsExactlyInAnyOrder("kms_key.lakehouse", "s3_bucket.raw", "s3_bucket.processed",
          "s3_bucket.curated", "s3_bucket.athena_results", "glue_database.raw", "glue_database.processed",
          "glue_database.curated", "athena_workgroup.acme-dev", "athena_workgroup.acme-dev-adhoc");
      assertThat(order.indexOf("kms_key.lakehouse")).isZero();
      for (String zone : List.of("raw", "processed", "curated")) {
        assertThat(order.indexOf("glue_database." + zone)).isGreaterThan(order.indexOf("s3_bucket." + zone));
      }
      for (String workgroup : List.of("acme-dev", "acme-dev-adhoc")) {
        assertThat(order.indexOf("athena_workgroup." + workgroup))
            .isGreaterThan(order.indexOf("s3_bucket.athena_results"));
      }
      Change workgroup = plan.change(Addresses.workgroup("acme-dev"));
      assertThat(workgroup.after().at("/encryption/kmsKey")).isEqualTo(TextNode.valueOf(Outputs.UNKNOWN));
    }
  }

  @EmulatorTest
  void createsTheDatabasesAndWorkgroupsAsConfigured(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String id = emulator.accountId();

      assertSucceeded(account.apply(account.canonicalDev()));

      Map<String, String> descriptions = Map.of("raw", "Raw zone (bronze)", "processed", "Processed zone (silver)",
          "curated", "Curated zone (gold)");
      for (Map.Entry<String, String> zone : descriptions.entrySet()) {
        String name = "acme_dev_" + zone.getKey();
        Database database = account.clients().glue().getDatabase(b -> b.name(name)).database();
        assertThat(database.description()).isEqualTo(zone.getValue());
        assertThat(database.locationUri()).isEqualTo("s3://acme-dev-" + zone.getKey() + "-" + id + "/");
        assertThat(database.parameters()).isEmpty();
        assertThat(AppliedMarks.unmarked(account.clients().glue().getTags(b -> b.resourceArn(
            "arn:aws:glue:us-east-1:" + id + ":database/" + name)).tags())).isEqualTo(STACK_TAGS);
      }

      String keyArn = account.clients().kms().describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata().arn();
      WorkGroup main = account.clients().athena().getWorkGroup(b -> b.workGroup("acme-dev")).workGroup();
      assertThat(main.stateAsString()).isEqualTo("ENABLED");
      WorkGroupConfiguration configuration = main.configuration();
      assertThat(configuration.resultConfiguration().outputLocation())
          .isEqualTo("s3://acme-dev-athena-results-" + id + "/acme-dev/");
      assertThat(configuration.resultConfiguration().expectedBucketOwner()).isEqualTo(id);
      assertThat(configuration.resultConfiguration().encryptionConfiguration().encryptionOptionAsString())
          .isEqualTo("SSE_KMS");
      assertThat(configuration.resultConfiguration().encryptionConfiguration().kmsKey()).isEqualTo(keyArn);
      assertThat(configuration.enforceWorkGroupConfiguration()).isTrue();
      assertThat(configuration.publishCloudWatchMetricsEnabled()).isTrue();
      assertThat(configuration.bytesScannedCutoffPerQuery()).isEqualTo(100L << 30);
      assertThat(configuration.engineVersion().selectedEngineVersion()).isEqualTo("AUTO");
      assertThat(AppliedMarks.unmarked(workgroupTags(account, "acme-dev"))).isEqualTo(STACK_TAGS);

      WorkGroupConfiguration adhoc = account.clients().athena().getWorkGroup(b -> b.workGroup("acme-dev-adhoc"))
          .workGroup().configuration();
      assertThat(adhoc.resultConfiguration().outputLocation())
          .isEqualTo("s3://acme-dev-athena-results-" + id + "/acme-dev-adhoc/");
      assertThat(adhoc.enforceWorkGroupConfiguration()).isFalse();
      assertThat(adhoc.publishCloudWatchMetricsEnabled()).isFalse();
      assertThat(adhoc.bytesScannedCutoffPerQuery()).isEqualTo(100L << 30);
    }
  }

  @EmulatorTest
  void aSecondApplyOfTheSameConfigMakesNoMutatingCall(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.canonicalDev();
      assertSucceeded(account.apply(stack));
      account.proxy().clearRecording();

      Plan plan = account.plan(stack);
      ApplyResult again = account.apply(stack);

      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).isEmpty();
      assertThat(again.done()).isEmpty();
      assertThat(account.proxy().requests()).extracting(RecordedRequest::service).contains("glue", "athena");
      assertThat(account.proxy().mutatingCount()).isZero();
    }
  }

  @EmulatorTest
  void aDatabaseDescriptionChangedByHandIsShownAndRepaired(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.canonicalDev();
      assertSucceeded(account.apply(stack));
      String location = "s3://acme-dev-raw-" + emulator.accountId() + "/";
      account.clients().glue().updateDatabase(b -> b.name("acme_dev_raw").databaseInput(d -> d.name("acme_dev_raw")
          .description("Changed by hand").locationUri(location)));

      Change change = account.plan(stack).change(Addresses.database("raw"));

      assertThat(change.action()).isEqualTo(Action.UPDATE);
      assertThat(change.attributes()).containsExactly(new AttributeChange("description",
          TextNode.valueOf("Changed by hand"), TextNode.valueOf("Raw zone (bronze)"), false));
      assertSucceeded(account.apply(stack));
      Database repaired = account.clients().glue().getDatabase(b -> b.name("acme_dev_raw")).database();
      assertThat(repaired.description()).isEqualTo("Raw zone (bronze)");
      assertThat(repaired.locationUri()).isEqualTo(location);
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void workgroupTagsChangedByHandAreShownAndRepaired(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.canonicalDev();
      assertSucceeded(account.apply(stack));
      String arn = "arn:aws:athena:us-east-1:" + emulator.accountId() + ":workgroup/acme-dev";
      account.clients().athena().tagResource(b -> b.resourceARN(arn).tags(
          Tag.builder().key("Owner").value("someone-else").build(), Tag.builder().key("Extra").value("x").build()));

      Change change = account.plan(stack).change(Addresses.workgroup("acme-dev"));

      assertThat(change.action()).isEqualTo(Action.UPDATE);
      assertThat(change.attributes()).as("a tag the config does not declare is not the stack's").containsExactly(
          new AttributeChange("tags.Owner", TextNode.valueOf("someone-else"), TextNode.valueOf("data-platform"), false));
      assertSucceeded(account.apply(stack));
      Map<String, String> withExtra = new HashMap<>(STACK_TAGS);
      withExtra.put("Extra", "x");
      assertThat(AppliedMarks.unmarked(workgroupTags(account, "acme-dev"))).isEqualTo(withExtra);
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void requesterPaysAndAResultAclTurnedOnByHandAreShownAndTakenAway(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.canonicalDev();
      assertSucceeded(account.apply(stack));
      // moto keeps no update of a workgroup: the gap filler in front of it does, so it is changed and read through it.
      try (TestClients proxied = TestClients.of(account.proxy().endpoint(), emulator.region(),
          emulator.credentials())) {
        proxied.athena().updateWorkGroup(b -> b.workGroup("acme-dev").configurationUpdates(u -> u
            .requesterPaysEnabled(true)
            .resultConfigurationUpdates(r -> r.aclConfiguration(a -> a.s3AclOption("BUCKET_OWNER_FULL_CONTROL")))));

        Change change = account.plan(stack).change(Addresses.workgroup("acme-dev"));

        assertThat(change.action()).isEqualTo(Action.UPDATE);
        assertThat(change.attributes()).containsExactlyInAnyOrder(
            new AttributeChange("acl", TextNode.valueOf("BUCKET_OWNER_FULL_CONTROL"), null, false),
            new AttributeChange("requesterPays", BooleanNode.TRUE, null, false));
        assertSucceeded(account.apply(stack));
        WorkGroupConfiguration repaired = proxied.athena().getWorkGroup(b -> b.workGroup("acme-dev"))
            .workGroup().configuration();
        assertThat(repaired.requesterPaysEnabled()).isFalse();
        assertThat(repaired.resultConfiguration().aclConfiguration()).isNull();
        assertThat(account.plan(stack).hasChanges()).isFalse();
      }
    }
  }

  @EmulatorTest
  void aDatabaseThatStillHoldsTablesIsDeletedOnlyWhenTheUserAllowsIt(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      assertSucceeded(account.apply(account.canonicalDev()));
      account.clients().glue().createTable(b -> b.databaseName("acme_dev_raw")
          .tableInput(t -> t.name("clicks").tableType("EXTERNAL_TABLE")));
      Stack withoutRawDatabase = account.editedDev(yaml -> yaml.replace(
          "    database:\n      name: ${project}_${env}_raw\n      description: Raw zone (bronze)\n", ""));
      // Its zone is told by its name, as the other zones name their databases: it keeps its address.
      Address orphan = Addresses.database("raw");

      LiveStack live = account.read(withoutRawDatabase);
      Plan plan = live.plan();
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(Change::address, Change::action)
          .containsExactly(tuple(orphan, Action.DELETE));
      assertThat(account.engine(Overrides.NONE).risks(live, plan)).containsExactly(Map.entry(orphan,
          List.of(new DataRisk(DataRisk.DATABASE_TABLES, "Glue database acme_dev_raw holds tables (clicks), which "
              + "Glue deletes with it"))));
      assertThatThrownBy(() -> account.apply(withoutRawDatabase))
          .isInstanceOf(Refused.class)
          .hasMessage("Cannot delete glue_database.raw: Glue database acme_dev_raw holds tables (clicks), "
              + "which Glue deletes with it; to allow it, pass --allow-data-loss database-tables");
      assertThat(account.clients().glue().getDatabase(b -> b.name("acme_dev_raw")).database()).isNotNull();

      assertSucceeded(account.apply(withoutRawDatabase, new Overrides(Set.of(DataRisk.DATABASE_TABLES))));
      assertThat(account.clients().glue().getDatabases(b -> { }).databaseList()).extracting(Database::name)
          .containsExactlyInAnyOrder("acme_dev_processed", "acme_dev_curated");
      assertThat(account.plan(withoutRawDatabase).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void aWorkgroupDroppedFromTheConfigIsDeletedAndOthersAreLeftAlone(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      assertSucceeded(account.apply(account.canonicalDev()));
      account.clients().athena().createWorkGroup(b -> b.name("someone-elses")
          .tags(Tag.builder().key("Team").value("other").build()));
      Stack withoutAdhoc = account.editedDev(yaml -> yaml.replace(
          "    - name: ${project}-${env}-adhoc\n      bytesScannedCutoffPerQuery: 100GB\n", ""));

      Plan plan = account.plan(withoutAdhoc);
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(Change::address, Change::action)
          .containsExactly(tuple(Addresses.workgroup("acme-dev-adhoc"), Action.DELETE));
      assertSucceeded(account.apply(withoutAdhoc));

      assertThat(account.clients().athena().listWorkGroups(b -> { }).workGroups()).extracting(WorkGroupSummary::name)
          .containsExactlyInAnyOrder("primary", "acme-dev", "someone-elses");
      assertThat(account.plan(withoutAdhoc).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void settingsChangedOrDroppedFromTheConfigAreChangedOrRemovedInTheWorkgroup(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      assertSucceeded(account.apply(account.canonicalDev()));
      Stack edited = account.editedDev(yaml -> yaml.replace(
          "    - name: ${project}-${env}-adhoc\n      bytesScannedCutoffPerQuery: 100GB\n",
          "    - name: ${project}-${env}-adhoc\n      description: Ad hoc queries\n"
              + "      engineVersion: Athena engine version 3\n"));

      Plan plan = account.plan(edited);
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).singleElement().satisfies(change -> {
        assertThat(change.address()).isEqualTo(Addresses.workgroup("acme-dev-adhoc"));
        assertThat(change.action()).isEqualTo(Action.UPDATE);
        assertThat(change.attributes()).extracting(AttributeChange::path)
            .containsExactlyInAnyOrder("description", "bytesScannedCutoffPerQuery", "engineVersion");
      });
      assertSucceeded(account.apply(edited));

      WorkGroup adhoc;
      // moto keeps no update of a workgroup: what the gap filler in front of it holds is read through it.
      try (TestClients proxied = TestClients.of(account.proxy().endpoint(), emulator.region(),
          emulator.credentials())) {
        adhoc = proxied.athena().getWorkGroup(b -> b.workGroup("acme-dev-adhoc")).workGroup();
      }
      assertThat(adhoc.description()).isEqualTo("Ad hoc queries");
      assertThat(adhoc.configuration().bytesScannedCutoffPerQuery()).isNull();
      assertThat(adhoc.configuration().engineVersion().selectedEngineVersion()).isEqualTo("Athena engine version 3");
      assertThat(account.plan(edited).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void aWorkgroupHoldingSavedQueriesIsDeletedOnlyWhenTheUserAllowsIt(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      assertSucceeded(account.apply(account.canonicalDev()));
      account.clients().athena().createNamedQuery(b -> b.name("daily revenue").database("acme_dev_curated")
          .queryString("SELECT 1").workGroup("acme-dev-adhoc"));
      adhocDeletedOnlyWhenAllowed(account, "1 saved query", () -> { });
    }
  }

  @EmulatorTest
  void aWorkgroupHoldingPreparedStatementsIsDeletedOnlyWhenTheUserAllowsIt(Emulator emulator) {
    try (EmulatedAccount account = open(emulator);
        TestClients proxied = TestClients.of(account.proxy().endpoint(), emulator.region(), emulator.credentials())) {
      assertSucceeded(account.apply(account.canonicalDev()));
      proxied.athena().createPreparedStatement(b -> b.statementName("revenue_by_day").workGroup("acme-dev-adhoc")
          .queryStatement("SELECT * FROM acme_dev_curated.daily_revenue WHERE day = ?"));
      adhocDeletedOnlyWhenAllowed(account, "1 prepared statement", () -> assertThat(proxied.athena()
          .listPreparedStatements(b -> b.workGroup("acme-dev-adhoc")).preparedStatements())
          .extracting(PreparedStatementSummary::statementName).containsExactly("revenue_by_day"));
    }
  }

  /**
   * Drops the adhoc workgroup, which holds {@code held}, from the config: the plan names the loss,
   * the apply refuses it and leaves the workgroup (and {@code keptAfterRefusal} holds), and an apply
   * that allows saved-queries deletes it.
   */
  private static void adhocDeletedOnlyWhenAllowed(EmulatedAccount account, String held, Runnable keptAfterRefusal) {
    Stack withoutAdhoc = account.editedDev(yaml -> yaml.replace(
        "    - name: ${project}-${env}-adhoc\n      bytesScannedCutoffPerQuery: 100GB\n", ""));
    Address adhoc = Addresses.workgroup("acme-dev-adhoc");

    LiveStack live = account.read(withoutAdhoc);
    assertThat(account.engine(Overrides.NONE).risks(live, live.plan())).containsExactly(Map.entry(adhoc,
        List.of(new DataRisk(DataRisk.SAVED_QUERIES, "Athena workgroup acme-dev-adhoc holds " + held + ", which "
            + "Athena deletes with it"))));
    assertThatThrownBy(() -> account.apply(withoutAdhoc))
        .isInstanceOf(Refused.class)
        .hasMessage("Cannot delete athena_workgroup.acme-dev-adhoc: Athena workgroup acme-dev-adhoc holds " + held
            + ", which Athena deletes with it; to allow it, pass --allow-data-loss saved-queries");
    assertThat(account.clients().athena().listWorkGroups(b -> { }).workGroups()).extracting(WorkGroupSummary::name)
        .contains("acme-dev-adhoc");
    keptAfterRefusal.run();

    assertSucceeded(account.apply(withoutAdhoc, new Overrides(Set.of(DataRisk.SAVED_QUERIES))));
    assertThat(account.clients().athena().listWorkGroups(b -> { }).workGroups()).extracting(WorkGroupSummary::name)
        .containsExactlyInAnyOrder("primary", "acme-dev");
    assertThat(account.plan(withoutAdhoc).hasChanges()).isFalse();
  }

  private static Map<String, String> workgroupTags(EmulatedAccount account, String name) {
    String arn = "arn:aws:athena:us-east-1:" + account.canonicalDev().account() + ":workgroup/" + name;
    return account.clients().athena().listTagsForResource(b -> b.resourceARN(arn)).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @EmulatorTest
  void anEnforcedZonesDatabaseGivesNewTablesToNoOneAndIsPutBackSoWhenChangedOutsideLakehouse(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.editedDev(yaml -> yaml.replace("  registerZones: [processed, curated]\n",
          "  registerZones: [processed, curated]\n  enforceZones: [processed]\n"));
      assertThat(stack.config().lakeFormation().enforceZones()).containsExactly("processed");
      assertThat(account.plan(stack).change(Addresses.database("processed")).after().get("iamAccessForNewTables"))
          .isEqualTo(BooleanNode.FALSE);

      assertSucceeded(account.apply(stack));

      Database enforced = account.clients().glue().getDatabase(b -> b.name("acme_dev_processed")).database();
      assertThat(enforced.hasCreateTableDefaultPermissions()).isTrue();
      assertThat(enforced.createTableDefaultPermissions()).isEmpty();
      assertThat(account.clients().glue().getDatabase(b -> b.name("acme_dev_curated")).database()
          .hasCreateTableDefaultPermissions()).isFalse();
      assertThat(account.plan(stack).hasChanges()).isFalse();

      // The database set back to Lake Formation's default, "use only IAM access control for new tables".
      account.clients().glue().updateDatabase(b -> b.name("acme_dev_processed").databaseInput(d -> d
          .name("acme_dev_processed").description(enforced.description()).locationUri(enforced.locationUri())
          .createTableDefaultPermissions(p -> p.principal(x -> x.dataLakePrincipalIdentifier("IAM_ALLOWED_PRINCIPALS"))
              .permissionsWithStrings("ALL"))));
      Plan drift = account.plan(stack);
      assertThat(drift.changes()).filteredOn(c -> !c.isNoOp()).extracting(Change::address)
          .containsExactly(Addresses.database("processed"));
      assertThat(drift.change(Addresses.database("processed")).attributes())
          .extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("iamAccessForNewTables: true -> false");
      assertSucceeded(account.apply(stack));

      Database repaired = account.clients().glue().getDatabase(b -> b.name("acme_dev_processed")).database();
      assertThat(repaired.createTableDefaultPermissions()).isEmpty();
      assertThat(repaired.description()).isEqualTo("Processed zone (silver)");
      account.proxy().clearRecording();
      assertThat(account.plan(stack).hasChanges()).isFalse();
      assertThat(account.proxy().mutatingCount()).isZero();
    }
  }

  private static void assertSucceeded(ApplyResult result) {
    assertThat(result.failed()).as("failed changes").isEmpty();
    assertThat(result.skipped()).as("skipped changes").isEmpty();
    assertThat(result.succeeded()).isTrue();
  }
}
