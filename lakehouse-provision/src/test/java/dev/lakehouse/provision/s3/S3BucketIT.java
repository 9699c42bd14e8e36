package dev.lakehouse.provision.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.EmulatedAccount;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * A zone bucket brought to a changed config and read back: after each apply the bucket holds what
 * the config says, and a plan shows no change. Checked with plain SDK clients.
 */
class S3BucketIT {
  private static final String CANONICAL_TIERING = """
          intelligentTiering:
            archiveAfterDays: 90
      """;

  @EmulatorTest
  void aTieringConfigurationGivenAnotherIdReplacesTheOneUnderTheOldId(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()));
        TestClients s3Side = TestClients.of(account.proxy().endpoint(), emulator.region(), emulator.credentials())) {
      String curated = "acme-dev-curated-" + emulator.accountId();
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      Stack renamed = account.editedDev(text -> {
        assertThat(text).contains(CANONICAL_TIERING);
        return text.replace(CANONICAL_TIERING, CANONICAL_TIERING.replace("intelligentTiering:\n",
            "intelligentTiering:\n      id: archive\n"));
      });

      assertThat(account.plan(renamed).changes()).filteredOn(c -> !c.isNoOp()).extracting(Change::address)
          .containsExactly(Addresses.zoneBucket("curated"));
      assertThat(account.apply(renamed).failed()).isEmpty();

      assertThat(tieringIds(s3Side, curated)).containsExactly("archive");
      assertThat(account.plan(renamed).hasChanges()).isFalse();

      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();

      assertThat(tieringIds(s3Side, curated)).containsExactly("lakehouse");
      assertThat(account.plan(account.canonicalDev()).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void destroyKeepsTheNoncurrentVersionsOfDeletedObjectsAndRemovesABucketHoldingOnlyDeleteMarkers(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()))) {
      Stack stack = account.canonicalDev();
      assertThat(account.apply(stack).failed()).isEmpty();
      String raw = "acme-dev-raw-" + emulator.accountId();
      S3Client s3 = account.clients().s3();
      String version = s3.putObject(b -> b.bucket(raw).key("events/1.json"), RequestBody.fromString("{}")).versionId();
      s3.deleteObject(b -> b.bucket(raw).key("events/1.json"));
      Engine destroying = account.engine(new Overrides(Set.of(DataRisk.KMS_KEY)));

      Plan restorable = destroying.destroyPlan(destroying.read(stack), Set.of());

      assertThat(restorable.kept()).filteredOn(kept -> kept.address().equals(Addresses.zoneBucket("raw")))
          .extracting(Plan.Kept::reason).containsExactly("bucket " + raw + " holds no current objects, but "
              + "noncurrent versions of deleted or overwritten objects (events/1.json among them), which S3 can "
              + "still restore; to allow it, pass --allow-data-loss bucket-objects");

      s3.deleteObject(b -> b.bucket(raw).key("events/1.json").versionId(version));
      LiveStack live = destroying.read(stack);
      Plan markersOnly = destroying.destroyPlan(live, Set.of());

      assertThat(markersOnly.kept()).isEmpty();
      assertThat(markersOnly.risks()).extracting(Plan.Risk::address).doesNotContain(Addresses.zoneBucket("raw"));
      assertThat(markersOnly.change(Addresses.zoneBucket("raw")).notes())
          .containsExactly("the delete markers of objects deleted from it go with it (a delete marker holds no data)");
      assertThat(destroying.apply(live, markersOnly, ApplyListener.NONE, new Cancellation()).failed()).isEmpty();
      assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(raw);
    }
  }

  @EmulatorTest
  void aRuleRemovingExpiredDeleteMarkersIsMadeAndReadBackWithoutAChange(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()));
        TestClients s3Side = TestClients.of(account.proxy().endpoint(), emulator.region(), emulator.credentials())) {
      String processed = "acme-dev-processed-" + emulator.accountId();
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      String cleanup = "        abortIncompleteMultipartUploadDays: 7\n    database:\n"
          + "      name: ${project}_${env}_processed";
      Stack markers = account.editedDev(text -> {
        assertThat(text).contains(cleanup);
        return text.replace(cleanup, cleanup.replace("7\n", "7\n        expiredObjectDeleteMarker: true\n"));
      });

      assertThat(account.plan(markers).change(Addresses.zoneBucket("processed")).attributes())
          .extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("lifecycle[cleanup].expiredObjectDeleteMarker: null -> true");
      assertThat(account.apply(markers).failed()).isEmpty();

      LifecycleRule rule = s3Side.s3().getBucketLifecycleConfiguration(b -> b.bucket(processed)).rules().get(0);
      assertThat(rule.expiration().expiredObjectDeleteMarker()).isTrue();
      assertThat(rule.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(90);
      assertThat(account.plan(markers).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void aLifecycleRuleNarrowedToTaggedObjectsOutsideLakehouseIsDriftThatApplyPutsBack(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()));
        TestClients s3Side = TestClients.of(account.proxy().endpoint(), emulator.region(), emulator.credentials())) {
      String raw = "acme-dev-raw-" + emulator.accountId();
      Stack stack = account.canonicalDev();
      assertThat(account.apply(stack).failed()).isEmpty();
      LifecycleRule applied = s3Side.s3().getBucketLifecycleConfiguration(b -> b.bucket(raw)).rules().get(0);
      s3Side.s3().putBucketLifecycleConfiguration(b -> b.bucket(raw).lifecycleConfiguration(c -> c.rules(
          applied.toBuilder().filter(f -> f.tag(t -> t.key("archive").value("yes"))).build())));

      Plan plan = account.plan(stack);
      assertThat(plan.drift()).extracting(d -> d.address() + " " + d.cause())
          .containsExactly(Addresses.zoneBucket("raw") + " OUTSIDE");
      assertThat(plan.change(Addresses.zoneBucket("raw")).attributes())
          .extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("lifecycle[tier-down].filterConditions: \"tag archive=yes\" -> null");
      assertThat(account.apply(stack).failed()).isEmpty();

      LifecycleRule now = s3Side.s3().getBucketLifecycleConfiguration(b -> b.bucket(raw)).rules().get(0);
      assertThat(now.filter().tag()).isNull();
      assertThat(now.filter().prefix()).isEmpty();
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void aTieringConfigurationNarrowedToTaggedObjectsOutsideLakehouseIsDriftThatApplyPutsBack(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()));
        TestClients s3Side = TestClients.of(account.proxy().endpoint(), emulator.region(), emulator.credentials())) {
      String curated = "acme-dev-curated-" + emulator.accountId();
      Stack stack = account.canonicalDev();
      assertThat(account.apply(stack).failed()).isEmpty();
      IntelligentTieringConfiguration applied = s3Side.s3().getBucketIntelligentTieringConfiguration(
          b -> b.bucket(curated).id("lakehouse")).intelligentTieringConfiguration();
      s3Side.s3().putBucketIntelligentTieringConfiguration(b -> b.bucket(curated).id("lakehouse")
          .intelligentTieringConfiguration(applied.toBuilder().filter(f -> f.tag(t -> t.key("k").value("v"))).build()));

      Plan plan = account.plan(stack);
      assertThat(plan.drift()).extracting(d -> d.address() + " " + d.cause())
          .containsExactly(Addresses.zoneBucket("curated") + " OUTSIDE");
      assertThat(plan.change(Addresses.zoneBucket("curated")).attributes())
          .extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("intelligentTiering[lakehouse].filterTags: \"tag k=v\" -> null");
      assertThat(account.apply(stack).failed()).isEmpty();

      assertThat(s3Side.s3().getBucketIntelligentTieringConfiguration(b -> b.bucket(curated).id("lakehouse"))
          .intelligentTieringConfiguration().filter()).isNull();
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  private static List<String> tieringIds(TestClients clients, String bucket) {
    return clients.s3().listBucketIntelligentTieringConfigurations(b -> b.bucket(bucket))
        .intelligentTieringConfigurationList().stream().map(IntelligentTieringConfiguration::id).toList();
  }
}
