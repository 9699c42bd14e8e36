package dev.lakehouse.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.athena.AthenaProvider;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.AppliedMark.Cause;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.glue.GlueProvider;
import dev.lakehouse.provision.iam.IamProvider;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.monitoring.MonitoringProvider;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.s3.S3Provider;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Tags the config does not declare, added to the stack's resources by someone else (a cost tool),
 * with plain SDK clients: never drift, never planned, never removed, and kept when the stack
 * writes its own tags, even where one call replaces every tag (S3) and when it adopts a bucket. A
 * tag the config declared and drops is taken away beside them.
 */
class ForeignTagsIT {
  private static final String COST_TOOL = "cost-tool";

  private static EmulatedAccount open(Emulator emulator) {
    return EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider(), new IamProvider(),
        new GlueProvider(), new AthenaProvider(), new MonitoringProvider()));
  }

  @EmulatorTest
  void tagsOthersAddToEveryTaggableKindAreNeitherDriftNorTouched(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.canonicalDev();
      assertSucceeded(account.apply(stack));
      Tagged tagged = new Tagged(account.clients(), emulator.accountId());
      tagged.addEverywhere(COST_TOOL, "team42");
      account.proxy().clearRecording();

      Plan plan = account.plan(stack);
      ApplyResult again = account.apply(stack);

      assertThat(plan.drift()).isEmpty();
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).isEmpty();
      assertThat(again.done()).isEmpty();
      assertThat(account.proxy().mutatingCount()).isZero();
      assertThat(tagged.everywhere(COST_TOOL)).containsOnly("team42");
    }
  }

  @EmulatorTest
  void aStackTagChangedByHandIsDriftAndPutBackBesideTheOthersTags(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack stack = account.canonicalDev();
      assertSucceeded(account.apply(stack));
      Tagged tagged = new Tagged(account.clients(), emulator.accountId());
      tagged.addEverywhere(COST_TOOL, "team42");
      tagged.addEverywhere("Owner", "someone-else");

      Plan plan = account.plan(stack);

      AttributeChange owner = new AttributeChange("tags.Owner", TextNode.valueOf("someone-else"),
          TextNode.valueOf("data-platform"), false);
      for (Change change : plan.changes().stream().filter(c -> !c.isNoOp()).toList()) {
        assertThat(change.action()).as(change.address().toString()).isEqualTo(Action.UPDATE);
        assertThat(change.attributes()).as(change.address().toString()).containsExactly(owner);
      }
      assertThat(plan.changes()).filteredOn(c -> !c.isNoOp()).extracting(c -> c.address().toString())
          .contains("s3_bucket.curated", "iam_role.acme-dev-analyst", "athena_workgroup.acme-dev");
      assertThat(plan.drift()).allSatisfy(drift -> assertThat(drift.attributes()).singleElement()
          .extracting(AttributeChange::path).isEqualTo("tags.Owner"));
      assertSucceeded(account.apply(stack));
      assertThat(tagged.everywhere("Owner")).containsOnly("data-platform");
      assertThat(tagged.everywhere(COST_TOOL)).containsOnly("team42");
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void aTagDroppedFromTheConfigIsTakenAwayAndOthersTagsStay(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      Stack withTeam = account.editedDev(yaml -> yaml.replace("  Owner: data-platform\n",
          "  Owner: data-platform\n  Team: lakehouse\n"));
      assertSucceeded(account.apply(withTeam));
      Tagged tagged = new Tagged(account.clients(), emulator.accountId());
      assertThat(tagged.everywhere("Team")).containsOnly("lakehouse");
      tagged.addEverywhere(COST_TOOL, "team42");
      Stack stack = account.canonicalDev();

      Plan plan = account.plan(stack);

      AttributeChange team = new AttributeChange("tags.Team", TextNode.valueOf("lakehouse"), null, false);
      List<Change> changes = plan.changes().stream().filter(c -> !c.isNoOp()).toList();
      assertThat(changes).extracting(c -> c.address().toString()).contains("s3_bucket.curated", "kms_key.lakehouse",
          "iam_role.acme-dev-analyst", "athena_workgroup.acme-dev", "glue_database.raw", "sns_topic.alerts");
      for (Change change : changes) {
        assertThat(change.action()).as(change.address().toString()).isEqualTo(Action.UPDATE);
        assertThat(change.attributes()).as(change.address().toString()).containsExactly(team);
      }
      assertThat(plan.drift()).as("the config's edit, not a change made outside lakehouse").isNotEmpty()
          .allSatisfy(drift -> assertThat(drift.cause()).as(drift.address().toString()).isEqualTo(Cause.CONFIG));

      account.proxy().clearRecording();
      assertSucceeded(account.apply(stack));
      assertThat(tagged.everywhere("Team")).containsOnly("null");
      assertThat(tagged.everywhere(COST_TOOL)).containsOnly("team42");
      assertThat(tagged.everywhere("Owner")).containsOnly("data-platform");
      assertThat(account.plan(stack).hasChanges()).isFalse();
      account.proxy().clearRecording();
      assertThat(account.apply(stack).done()).isEmpty();
      assertThat(account.proxy().mutatingCount()).isZero();
    }
  }

  @EmulatorTest
  void whereTheKeysDoNotAllFitInTheMarkTheShortestAreListedAndTakenAwayOnceDropped(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      // 16 for the digest, 6 for Owner, 11 for CostCenter, 5 for Tier: room for 13 of the 16-character
      // entries of the 15-character keys, DataDomainKey01 to 13, in the tag's 256 characters.
      StringBuilder many = new StringBuilder("  Owner: data-platform\n  Tier: gold\n");
      for (int i = 1; i <= 16; i++) {
        many.append("  DataDomainKey").append(i < 10 ? "0" : "").append(i).append(": v").append(i).append('\n');
      }
      assertSucceeded(account.apply(account.editedDev(yaml -> yaml.replace("  Owner: data-platform\n", many))));
      Tagged tagged = new Tagged(account.clients(), emulator.accountId());
      assertThat(tagged.everywhere("Tier")).containsOnly("gold");
      assertThat(tagged.everywhere("DataDomainKey16")).containsOnly("v16");
      String mark = account.clients().iam().listRoleTags(b -> b.roleName("acme-dev-analyst")).tags().stream()
          .filter(t -> t.key().equals("lakehouse:applied")).findFirst().orElseThrow().value();
      assertThat(mark).hasSizeLessThanOrEqualTo(256).contains(" CostCenter DataDomainKey01 ", " DataDomainKey13 Owner Tier")
          .doesNotContain("DataDomainKey14");

      String fewer = many.toString().replace("  Tier: gold\n", "").replace("  DataDomainKey16: v16\n", "");
      Stack dropped = account.editedDev(yaml -> yaml.replace("  Owner: data-platform\n", fewer));
      assertSucceeded(account.apply(dropped));

      assertThat(tagged.everywhere("Tier")).as("listed in the mark: taken away").containsOnly("null");
      assertThat(tagged.everywhere("DataDomainKey16")).as("left out of the mark: kept, as someone else's would be")
          .containsOnly("v16");
      assertThat(tagged.everywhere("DataDomainKey15")).containsOnly("v15");
      assertThat(account.plan(dropped).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void aTagAddedInTheConfigIsToldFromOneChangedByHand(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      assertSucceeded(account.apply(account.canonicalDev()));
      account.clients().iam().tagRole(b -> b.roleName("acme-dev-analyst").tags(t -> t.key("Owner").value("someone")));
      Stack withTeam = account.editedDev(yaml -> yaml.replace("  Owner: data-platform\n",
          "  Owner: data-platform\n  Team: lakehouse\n"));

      Plan plan = account.plan(withTeam);

      Plan.Drift role = plan.drift().stream().filter(d -> d.address().toString().equals("iam_role.acme-dev-analyst"))
          .findFirst().orElseThrow();
      assertThat(role.cause()).isEqualTo(Cause.OUTSIDE);
      assertThat(role.attributes()).extracting(AttributeChange::path).containsExactlyInAnyOrder("tags.Owner", "tags.Team");
      assertThat(role.attributes()).extracting(role::causeOf).containsOnly(Cause.OUTSIDE, Cause.CONFIG)
          .containsOnlyOnce(Cause.OUTSIDE);
      assertThat(role.attributes().stream().filter(a -> role.causeOf(a) == Cause.OUTSIDE))
          .extracting(AttributeChange::path).containsExactly("tags.Owner");
      assertThat(plan.drift()).filteredOn(d -> d != role)
          .allSatisfy(d -> assertThat(d.cause()).as(d.address().toString()).isEqualTo(Cause.CONFIG));
    }
  }

  @EmulatorTest
  void adoptingABucketMadeByHandKeepsItsOwnTags(Emulator emulator) {
    try (EmulatedAccount account = open(emulator)) {
      String curated = "acme-dev-curated-" + emulator.accountId();
      account.clients().s3().createBucket(b -> b.bucket(curated));
      account.clients().s3().putBucketTagging(b -> b.bucket(curated).tagging(t -> t.tagSet(
          Tag.builder().key("team").value("bi").build(), Tag.builder().key("Owner").value("bi-team").build())));

      assertSucceeded(account.apply(account.canonicalDev(), new Overrides(Set.of(), true)));

      assertThat(new Tagged(account.clients(), emulator.accountId()).bucket(curated))
          .containsEntry("team", "bi").containsEntry("Owner", "data-platform")
          .containsEntry("lakehouse:project", "acme").containsEntry("lakehouse:env", "dev");
      assertThat(account.plan(account.canonicalDev()).hasChanges()).isFalse();
    }
  }

  /** The canonical stack's taggable resources, tagged and read with plain SDK clients. */
  private record Tagged(TestClients clients, String account) {
    String bucket() {
      return "acme-dev-curated-" + account;
    }

    String workgroup() {
      return "arn:aws:athena:us-east-1:" + account + ":workgroup/acme-dev";
    }

    String database() {
      return "arn:aws:glue:us-east-1:" + account + ":database/acme_dev_raw";
    }

    String topic() {
      return "arn:aws:sns:us-east-1:" + account + ":acme-dev-lakehouse-alerts";
    }

    String alarm() {
      return clients.cloudWatch().describeAlarms(b -> b.alarmNames("acme-dev-slowQueries")).metricAlarms().get(0)
          .alarmArn();
    }

    String key() {
      return clients.kms().describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata().keyId();
    }

    /**
     * Sets the tag on the curated bucket (its whole set, as S3 takes it), a role, a workgroup, a
     * database, the key, the topic and an alarm.
     */
    void addEverywhere(String key, String value) {
      Map<String, String> bucketTags = new TreeMap<>(bucket(bucket()));
      bucketTags.put(key, value);
      clients.s3().putBucketTagging(b -> b.bucket(bucket()).tagging(t -> t.tagSet(bucketTags.entrySet().stream()
          .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
      clients.iam().tagRole(b -> b.roleName("acme-dev-analyst").tags(t -> t.key(key).value(value)));
      clients.athena().tagResource(b -> b.resourceARN(workgroup()).tags(t -> t.key(key).value(value)));
      clients.glue().tagResource(b -> b.resourceArn(database()).tagsToAdd(Map.of(key, value)));
      clients.kms().tagResource(b -> b.keyId(key()).tags(t -> t.tagKey(key).tagValue(value)));
      clients.sns().tagResource(b -> b.resourceArn(topic()).tags(t -> t.key(key).value(value)));
      clients.cloudWatch().tagResource(b -> b.resourceARN(alarm()).tags(t -> t.key(key).value(value)));
    }

    /** The values the tag has on each resource {@link #addEverywhere} tags (null where it is missing). */
    List<String> everywhere(String key) {
      return List.of(
          String.valueOf(bucket(bucket()).get(key)),
          String.valueOf(clients.iam().listRoleTags(b -> b.roleName("acme-dev-analyst")).tags().stream()
              .filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null)),
          String.valueOf(clients.athena().listTagsForResource(b -> b.resourceARN(workgroup())).tags().stream()
              .filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null)),
          String.valueOf(clients.glue().getTags(b -> b.resourceArn(database())).tags().get(key)),
          String.valueOf(clients.kms().listResourceTags(b -> b.keyId(key())).tags().stream()
              .filter(t -> t.tagKey().equals(key)).map(t -> t.tagValue()).findFirst().orElse(null)),
          String.valueOf(clients.sns().listTagsForResource(b -> b.resourceArn(topic())).tags().stream()
              .filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null)),
          String.valueOf(clients.cloudWatch().listTagsForResource(b -> b.resourceARN(alarm())).tags().stream()
              .filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null)));
    }

    Map<String, String> bucket(String name) {
      return clients.s3().getBucketTagging(b -> b.bucket(name)).tagSet().stream()
          .collect(Collectors.toMap(Tag::key, Tag::value));
    }
  }

  private static void assertSucceeded(ApplyResult result) {
    assertThat(result.failed()).as("failed changes").isEmpty();
    assertThat(result.skipped()).as("skipped changes").isEmpty();
    assertThat(result.succeeded()).isTrue();
  }
}
