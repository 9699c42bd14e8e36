package dev.lakehouse.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.glue.GlueProvider;
import dev.lakehouse.provision.iceberg.IcebergProvider;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.monitoring.MonitoringProvider;
import dev.lakehouse.provision.s3.S3Provider;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.proxy.FaultRule;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * What the stack owns but the config no longer declares, found in the account and planned for
 * deletion (a removed zone's bucket and database, a renamed alert topic), the key a destroy
 * scheduled for deletion taken back by the next apply, and what those searches cost a plan that
 * changes nothing. Checked with plain SDK clients.
 */
class DiscoveryIT {
  /** What a plan of the converged canonical stack may cost at most, in calls (see docs/architecture.md). */
  private static final int NO_CHANGE_PLAN_CALLS = 84;

  private static final String RAW_ZONE = """
        raw:
          bucket: ${project}-${env}-raw-${account}
          versioning: true
          lifecycle:
            - id: tier-down
              transitions:
                - { afterDays: 30, storageClass: STANDARD_IA }
                - { afterDays: 90, storageClass: GLACIER_IR }
              noncurrentVersionExpirationDays: 90
              abortIncompleteMultipartUploadDays: 7
          database:
            name: ${project}_${env}_raw
            description: Raw zone (bronze)
      """;
  private static final String ENCRYPTION = """
      encryption:
        kmsKey:
          alias: ${project}-lakehouse-${env}
          description: Lakehouse data encryption key
          rotation: true
          deletionWindowDays: 30
      """;

  private static String withoutRawZone(String text) {
    return removed(text, RAW_ZONE);
  }

  private static String removed(String text, String part) {
    if (!text.contains(part)) {
      throw new IllegalStateException("the canonical stack has changed: no\n" + part);
    }
    return text.replace(part, "");
  }

  private static Set<Address> addresses(Plan plan, Action action) {
    return plan.changes().stream().filter(c -> c.action() == action).map(Change::address).collect(Collectors.toSet());
  }

  @EmulatorTest
  void aRemovedZonesBucketAndDatabaseArePlannedForDeletionUnderTheZonesAddresses(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider(),
        new GlueProvider()))) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      String raw = "acme-dev-raw-" + emulator.accountId();
      account.clients().s3().putObject(b -> b.bucket(raw).key("events/1.json"), RequestBody.fromString("{}"));
      Stack edited = account.editedDev(DiscoveryIT::withoutRawZone);

      Engine guarded = account.engine(Overrides.NONE);
      LiveStack live = guarded.read(edited);
      Plan plan = guarded.plan(live, Set.of());

      assertThat(addresses(plan, Action.DELETE)).containsExactlyInAnyOrder(
          Addresses.zoneBucket("raw"), Addresses.database("raw"));
      assertThat(plan.risks()).singleElement().satisfies(risk -> {
        assertThat(risk.address()).isEqualTo(Addresses.zoneBucket("raw"));
        assertThat(risk.risk().kind()).isEqualTo(DataRisk.BUCKET_OBJECTS);
        assertThat(risk.allowed()).isFalse();
      });
      assertThatThrownBy(() -> guarded.apply(live, plan, ApplyListener.NONE, new Cancellation()))
          .isInstanceOf(Refused.class).hasMessageContaining("Cannot delete s3_bucket.raw");
      assertThat(account.clients().s3().headBucket(b -> b.bucket(raw)).sdkHttpResponse().isSuccessful()).isTrue();

      // Destroying the stack keeps the bucket holding data, and the key its objects are encrypted with.
      Engine destroying = account.engine(new Overrides(Set.of(DataRisk.KMS_KEY)));
      Plan destroy = destroying.destroyPlan(destroying.read(edited), Set.of());
      assertThat(destroy.kept()).extracting(Plan.Kept::address)
          .contains(Addresses.zoneBucket("raw"), Addresses.kmsKey());
      assertThat(destroy.kept()).filteredOn(k -> k.address().equals(Addresses.kmsKey())).singleElement()
          .satisfies(k -> assertThat(k.reason()).isEqualTo("s3_bucket.raw is kept and needs it"));
      assertThat(addresses(destroy, Action.DELETE)).contains(Addresses.database("raw"))
          .doesNotContain(Addresses.zoneBucket("raw"), Addresses.kmsKey());

      ApplyResult allowed = account.apply(edited, new Overrides(Set.of(DataRisk.BUCKET_OBJECTS)));

      assertThat(allowed.failed()).isEmpty();
      assertThat(account.clients().s3().listBuckets().buckets()).extracting(Bucket::name).doesNotContain(raw);
      assertThat(account.clients().glue().getDatabases(b -> { }).databaseList()).extracting(Database::name)
          .doesNotContain("acme_dev_raw").contains("acme_dev_processed");
      assertThat(account.plan(edited).changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.NO_OP));
    }
  }

  @EmulatorTest
  void aRemovedZonesBucketIsFoundInAnAccountWhoseBucketsS3ListsOnlyPageByPage(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider(),
        new GlueProvider()))) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      FaultRule unpaginated = account.proxy().rule().service("s3").operation("ListBuckets")
          .when(request -> !request.query().contains("max-buckets="))
          .respondError(400, "InvalidRequest", "List the buckets of this account with max-buckets");

      Plan plan = account.plan(account.editedDev(DiscoveryIT::withoutRawZone));

      assertThat(addresses(plan, Action.DELETE)).contains(Addresses.zoneBucket("raw"));
      assertThat(unpaginated.fired()).isZero();
    }
  }

  @EmulatorTest
  void aRenamedBucketThatATableStillKeepsItsFilesInIsNotDeleted(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider(),
        new GlueProvider(), new IcebergProvider()))) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      String old = "acme-dev-processed-" + emulator.accountId();
      Stack renamed = account.editedDev(text -> text.replace("bucket: ${project}-${env}-processed-${account}",
          "bucket: ${project}-${env}-silver-${account}"));

      Engine engine = account.engine(new Overrides(Set.of(DataRisk.BUCKET_OBJECTS)));
      LiveStack live = engine.read(renamed);
      Plan plan = engine.plan(live, Set.of());

      Change deletion = plan.changes().stream().filter(c -> c.action() == Action.DELETE).filter(c -> c.before()
          .path("name").asText().equals(old)).findFirst().orElseThrow();
      assertThat(deletion.refusals()).containsExactly("iceberg_table.processed.customer_events keeps its files in it "
          + "(s3://" + old + "/): deleting it would lose them; drop that first, or keep it out of the stack by taking "
          + "away its ownership tags (lakehouse:env=dev, lakehouse:project=acme)");
      assertThatThrownBy(() -> engine.apply(live, plan, ApplyListener.NONE, new Cancellation()))
          .isInstanceOf(Refused.class).hasMessageStartingWith("Cannot delete " + deletion.address() + ": ");
      assertThat(account.clients().s3().headBucket(b -> b.bucket(old)).sdkHttpResponse().isSuccessful()).isTrue();
    }
  }

  @EmulatorTest
  void theKeyOfAStackWhoseConfigDropsEncryptionIsPlannedForDeletionBehindItsGuard(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()))) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      String keyId = account.clients().kms().describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata().keyId();

      Stack edited = account.editedDev(text -> removed(text, ENCRYPTION));
      Engine engine = account.engine(Overrides.NONE);
      Plan plan = engine.plan(engine.read(edited), Set.of());

      assertThat(addresses(plan, Action.DELETE)).containsExactly(Addresses.kmsKey());
      assertThat(addresses(plan, Action.UPDATE)).contains(Addresses.zoneBucket("raw"), Addresses.resultsBucket());
      assertThat(plan.risks()).singleElement().satisfies(risk -> {
        assertThat(risk.risk().kind()).isEqualTo(DataRisk.KMS_KEY);
        assertThat(risk.allowed()).isFalse();
      });

      assertThat(account.apply(edited, new Overrides(Set.of(DataRisk.KMS_KEY))).failed()).isEmpty();

      assertThat(account.clients().kms().describeKey(b -> b.keyId(keyId)).keyMetadata().keyState())
          .isEqualTo(KeyState.PENDING_DELETION);
      assertThat(account.plan(edited).changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.NO_OP));
    }
  }

  @EmulatorTest
  void anApplyAfterADestroyTakesBackTheKeyTheDestroyScheduledForDeletion(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()))) {
      Stack stack = account.canonicalDev();
      assertThat(account.apply(stack).failed()).isEmpty();
      KmsClient kms = account.clients().kms();
      String keyId = kms.describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata().keyId();
      Engine destroying = account.engine(new Overrides(Set.of(DataRisk.KMS_KEY)));
      LiveStack live = destroying.read(stack);
      assertThat(destroying.apply(live, destroying.destroyPlan(live, Set.of()), ApplyListener.NONE, new Cancellation())
          .failed()).isEmpty();
      assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.PENDING_DELETION);
      // A second destroy has nothing left to do to a key already scheduled for deletion.
      assertThat(destroying.destroyPlan(destroying.read(stack), Set.of()).changes()).extracting(Change::address)
          .doesNotContain(Addresses.kmsKey());

      Plan plan = account.plan(stack);

      assertThat(plan.drift()).as("the destroy's own doing is not drift").extracting(Plan.Drift::address)
          .doesNotContain(Addresses.kmsKey());
      Change key = plan.change(Addresses.kmsKey());
      assertThat(key.action()).isEqualTo(Action.UPDATE);
      assertThat(key.attributes()).extracting(AttributeChange::path)
          .contains("alias", "state");
      assertThat(key.attributes()).filteredOn(a -> a.path().equals("state")).singleElement()
          .satisfies(a -> {
            assertThat(a.before().asText()).isEqualTo("PendingDeletion");
            assertThat(a.after().asText()).isEqualTo("Enabled");
          });

      assertThat(account.apply(stack).failed()).isEmpty();

      assertThat(kms.describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata())
          .satisfies(named -> {
            assertThat(named.keyId()).isEqualTo(keyId);
            assertThat(named.keyState()).isEqualTo(KeyState.ENABLED);
          });
      assertThat(kms.getKeyRotationStatus(b -> b.keyId(keyId)).keyRotationEnabled()).isTrue();
      assertThat(kms.listKeys().keys()).as("no second key").extracting(KeyListEntry::keyId).containsExactly(keyId);
      String raw = "acme-dev-raw-" + emulator.accountId();
      assertThat(account.clients().s3().getBucketEncryption(b -> b.bucket(raw)).serverSideEncryptionConfiguration()
          .rules().get(0).applyServerSideEncryptionByDefault().kmsMasterKeyID()).endsWith(keyId);
      assertThat(account.plan(stack).changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.NO_OP));
    }
  }

  @EmulatorTest
  void aRenamedAlertTopicsOldTopicIsDeleted(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider(),
        new MonitoringProvider()))) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      String old = "arn:aws:sns:us-east-1:" + emulator.accountId() + ":acme-dev-lakehouse-alerts";
      String renamed = "arn:aws:sns:us-east-1:" + emulator.accountId() + ":acme-dev-alerts";
      Stack edited = account.editedDev(text -> text.replace("alertTopic: ${project}-${env}-lakehouse-alerts",
          "alertTopic: ${project}-${env}-alerts"));

      Plan plan = account.plan(edited);

      assertThat(addresses(plan, Action.DELETE)).containsExactly(new Address(Addresses.SNS_TOPIC,
          "acme-dev-lakehouse-alerts"));
      assertThat(plan.change(Addresses.alertTopic()).action()).isEqualTo(Action.CREATE);

      assertThat(account.apply(edited).failed()).isEmpty();

      SnsClient sns = account.clients().sns();
      assertThat(sns.listTopics().topics()).extracting(Topic::topicArn).containsExactly(renamed).doesNotContain(old);
      assertThat(sns.listSubscriptions().subscriptions()).extracting(Subscription::topicArn).doesNotContain(old);
      assertThat(account.plan(edited).changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.NO_OP));
    }
  }

  @EmulatorTest
  void aRoleTheConfigNamesInAnotherCaseIsNeverPlannedForDeletion(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, Providers.all())) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      // IAM role names are unique regardless of case: acme-dev-ANALYST names the role acme-dev-analyst.
      Stack edited = account.editedDev(text -> text.replace("name: ${project}-${env}-analyst",
          "name: ${project}-${env}-ANALYST"));

      Plan plan = account.plan(edited);

      assertThat(addresses(plan, Action.DELETE)).as("the role in the account is the one the config names")
          .doesNotContain(Addresses.role("acme-dev-analyst"));
      assertThat(account.clients().iam().getRole(b -> b.roleName("acme-dev-analyst")).role()).isNotNull();
    }
  }

  @EmulatorTest
  void aPlanOfTheConvergedCanonicalStackStaysCheap(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, Providers.all())) {
      Stack stack = account.canonicalDev();
      assertThat(account.apply(stack).failed()).isEmpty();
      account.proxy().clearRecording();

      Plan plan = account.plan(stack);

      assertThat(plan.changes()).allSatisfy(c -> assertThat(c.action()).as(c.address().toString()).isEqualTo(Action.NO_OP));
      int calls = account.proxy().requests().size();
      System.out.println("DiscoveryIT: a no-change plan of the canonical stack made " + calls + " calls: "
          + account.proxy().requests().stream().map(RecordedRequest::operation)
              .collect(Collectors.groupingBy(o -> o, java.util.TreeMap::new, Collectors.counting())));
      assertThat(calls).isLessThanOrEqualTo(NO_CHANGE_PLAN_CALLS);
    }
  }
}
