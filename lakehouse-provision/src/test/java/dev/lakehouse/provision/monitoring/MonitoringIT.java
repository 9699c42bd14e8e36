package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.Addresses;
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
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.resource.ResourceProvider;
import dev.lakehouse.provision.s3.S3Provider;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.CloudWatchDashboardTagsGap;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.gaps.S3IntelligentTieringGap;
import dev.lakehouse.testkit.gaps.SnsEmailConfirmationGap;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardEntry;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * The canonical stack's monitoring, with its KMS key and buckets, applied by the engine through
 * the recording proxy (which also speaks CloudWatch's CBOR protocol to moto and keeps e-mail
 * subscriptions pending as AWS does), and verified with plain SDK clients.
 */
class MonitoringIT {
  private static final Path CANONICAL = Path.of("..", "examples", "lakehouse.yaml");
  private static final List<ResourceProvider> PROVIDERS =
      List.of(new KmsProvider(), new S3Provider(), new MonitoringProvider());
  private static final String ADDRESS = "data-platform@example.com";

  /** The tool's engine and plain clients, both through one proxy in front of the emulator. */
  private record Run(Emulator emulator, AwsProxy proxy, AwsClients aws, TestClients check) implements AutoCloseable {
    static Run through(Emulator emulator, AwsProxy proxy) {
      return new Run(emulator, proxy, new AwsClients(new AwsSettings(null, emulator.region(), proxy.endpoint()),
          new CallRecorder()), TestClients.of(proxy.endpoint(), emulator.region(), emulator.credentials()));
    }

    /** The stack for dev from that config text, as the tool would load it from a file. */
    Stack stack(String yaml) throws IOException {
      Path file = Files.createTempFile("lakehouse", ".yaml");
      try {
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of()).load(ConfigLoader.Request.of(file, "dev").withAccount(emulator.accountId()));
      } finally {
        Files.delete(file);
      }
    }

    Plan plan(Stack stack) {
      return new Engine(aws, PROVIDERS, 4, Overrides.NONE).read(stack).plan();
    }

    Plan apply(Stack stack) {
      Engine engine = new Engine(aws, PROVIDERS, 4, Overrides.NONE);
      LiveStack live = engine.read(stack);
      Plan plan = live.plan();
      ApplyResult result = engine.apply(live, plan, ApplyListener.NONE, new Cancellation());
      assertThat(result.failed()).isEmpty();
      assertThat(result.succeeded()).isTrue();
      return plan;
    }

    long calls(String operation) {
      return proxy.requests().stream().map(RecordedRequest::operation).filter(operation::equals).count();
    }

    @Override
    public void close() {
      check.close();
      aws.close();
      proxy.close();
    }
  }

  private static String canonical() throws IOException {
    return Files.readString(CANONICAL);
  }

  private static String topicArn(Emulator emulator) {
    return "arn:aws:sns:us-east-1:" + emulator.accountId() + ":acme-dev-lakehouse-alerts";
  }

  @EmulatorTest
  void appliesTheMonitoringOfTheCanonicalStackAndReappliesWithoutAChange(Emulator emulator) throws IOException {
    try (Run run = Run.through(emulator, MotoGaps.proxy(emulator))) {
      Stack stack = run.stack(canonical());

      Plan first = run.apply(stack);

      List<Address> order = first.changes().stream().map(Change::address).toList();
      assertThat(order.indexOf(Addresses.kmsKey())).isLessThan(order.indexOf(Addresses.alertTopic()));
      assertThat(order.indexOf(Addresses.alertTopic())).isLessThan(order.indexOf(Addresses.alarm("slowQueries")))
          .isLessThan(order.indexOf(Addresses.subscription(ADDRESS)));
      assertThat(order.indexOf(Addresses.alarm("snapshotCount")))
          .isLessThan(order.indexOf(Addresses.dashboard("acme-dev-lakehouse")));
      assertThat(first.changes()).filteredOn(c -> c.address().type().startsWith("sns")
              || c.address().type().startsWith("cloudwatch"))
          .hasSize(6).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.CREATE));

      String topic = topicArn(emulator);
      String keyArn = run.check().kms().describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata().arn();
      SnsClient sns = run.check().sns();
      Map<String, String> attributes = sns.getTopicAttributes(b -> b.topicArn(topic)).attributes();
      assertThat(attributes).containsEntry("KmsMasterKeyId", keyArn);
      assertThat(PolicyDocuments.parse(attributes.get("Policy")))
          .isEqualTo(TopicPolicies.alertTopic("aws", emulator.accountId(), "us-east-1", topic));
      assertThat(sns.listTagsForResource(b -> b.resourceArn(topic)).tags())
          .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("lakehouse:env=dev"));
      assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions()).singleElement()
          .satisfies(s -> {
            assertThat(s.protocol()).isEqualTo("email");
            assertThat(s.endpoint()).isEqualTo(ADDRESS);
          });
      assertThat(PolicyDocuments.parse(run.check().kms().getKeyPolicy(b -> b.keyId(keyArn).policyName("default"))
          .policy()).toString()).contains("cloudwatch.amazonaws.com");

      CloudWatchClient cloudWatch = run.check().cloudWatch();
      List<MetricAlarm> alarms = cloudWatch.describeAlarms(b -> b.alarmNamePrefix("acme-dev-")).metricAlarms();
      assertThat(alarms).extracting(MetricAlarm::alarmName)
          .containsExactlyInAnyOrder("acme-dev-slowQueries", "acme-dev-dataScanned", "acme-dev-snapshotCount");
      MetricAlarm slow = alarm(alarms, "acme-dev-slowQueries");
      assertThat(slow.metrics()).singleElement().satisfies(q -> {
        assertThat(q.expression()).isEqualTo("SELECT AVG(EngineExecutionTime) FROM SCHEMA(\"AWS/Athena\", "
            + "QueryState, QueryType, WorkGroup) WHERE WorkGroup = 'acme-dev'");
        assertThat(q.period()).isEqualTo(300);
      });
      assertThat(slow.threshold()).isEqualTo(60_000d);
      assertThat(slow.alarmActions()).containsExactly(topic);
      assertThat(slow.okActions()).containsExactly(topic);
      assertThat(slow.treatMissingData()).isEqualTo("notBreaching");
      MetricAlarm scanned = alarm(alarms, "acme-dev-dataScanned");
      assertThat(scanned.metrics()).singleElement().satisfies(q -> {
        assertThat(q.expression()).contains("SUM(ProcessedBytes)", "WorkGroup = 'acme-dev'");
        assertThat(q.period()).isEqualTo(3600);
      });
      assertThat(scanned.threshold()).isEqualTo(1_099_511_627_776d);
      MetricAlarm snapshots = alarm(alarms, "acme-dev-snapshotCount");
      assertThat(snapshots.metrics()).singleElement().satisfies(q -> {
        assertThat(q.expression()).endsWith("WHERE Project = 'acme' AND Env = 'dev'");
        assertThat(q.period()).isEqualTo(3600);
      });
      assertThat(snapshots.threshold()).isEqualTo(100d);
      assertThat(cloudWatch.listTagsForResource(b -> b.resourceARN(slow.alarmArn())).tags())
          .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("lakehouse:project=acme"));

      String body = cloudWatch.getDashboard(b -> b.dashboardName("acme-dev-lakehouse")).dashboardBody();
      assertThat(Dashboards.parse(body).get("widgets")).hasSize(4);
      assertThat(body).contains("EngineExecutionTime", "ProcessedBytes", "SnapshotCount",
          slow.alarmArn());
      assertThat(dashboardTags(cloudWatch, emulator, "acme-dev-lakehouse")).containsEntry("lakehouse:project", "acme")
          .containsEntry("lakehouse:env", "dev").containsEntry("lakehouse:region", "us-east-1");

      assertThat(run.calls("Subscribe")).isEqualTo(1);
      run.proxy().clearRecording();
      Plan second = run.apply(stack);

      assertThat(second.hasChanges()).isFalse();
      assertThat(run.proxy().mutatingCount()).isZero();
      assertThat(run.calls("DescribeAlarms")).as("the three alarms are read together").isEqualTo(1);
      assertThat(run.calls("ListTagsForResource")).as("each alarm's tags, the topic's and the dashboard's").isEqualTo(5);
      assertThat(run.calls("ListDashboards")).as("the search for a dashboard the config dropped").isEqualTo(1);
      assertThat(run.calls("ListSubscriptionsByTopic")).as("the subscription's read and the search for others share one")
          .isEqualTo(1);
      assertThat(run.calls("Subscribe")).isZero();
      if (emulator.name().equals("moto")) {
        // The testkit keeps e-mail subscriptions pending in front of moto, as AWS does until the recipient confirms.
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions())
            .extracting(Subscription::subscriptionArn).containsExactly("PendingConfirmation");
      }
    }
  }

  @EmulatorTest
  void driftShowsInThePlanAndApplyRepairsIt(Emulator emulator) throws IOException {
    try (Run run = Run.through(emulator, MotoGaps.proxy(emulator))) {
      Stack stack = run.stack(canonical());
      run.apply(stack);
      CloudWatchClient cloudWatch = run.check().cloudWatch();
      SnsClient sns = run.check().sns();
      String topic = topicArn(emulator);
      MetricAlarm slow = cloudWatch.describeAlarms(b -> b.alarmNames("acme-dev-slowQueries")).metricAlarms().get(0);
      cloudWatch.putMetricAlarm(b -> b.alarmName(slow.alarmName()).alarmDescription(slow.alarmDescription())
          .metrics(slow.metrics()).evaluationPeriods(slow.evaluationPeriods())
          .datapointsToAlarm(slow.datapointsToAlarm()).threshold(90_000d)
          .comparisonOperator(slow.comparisonOperator()).treatMissingData(slow.treatMissingData())
          .alarmActions(slow.alarmActions()).okActions(slow.okActions()));
      cloudWatch.deleteDashboards(b -> b.dashboardNames("acme-dev-lakehouse"));
      sns.setTopicAttributes(b -> b.topicArn(topic).attributeName("Policy")
          .attributeValue("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));

      Plan drift = run.plan(stack);

      Change alarm = drift.change(Addresses.alarm("slowQueries"));
      assertThat(alarm.action()).isEqualTo(Action.UPDATE);
      assertThat(alarm.attributes()).singleElement().satisfies(a -> {
        assertThat(a.path()).isEqualTo("threshold");
        assertThat(a.before().asDouble()).isEqualTo(90_000d);
        assertThat(a.after().asDouble()).isEqualTo(60_000d);
      });
      assertThat(drift.change(Addresses.dashboard("acme-dev-lakehouse")).action()).isEqualTo(Action.CREATE);
      assertThat(drift.change(Addresses.alertTopic()).action()).isEqualTo(Action.UPDATE);
      assertThat(drift.change(Addresses.alertTopic()).attributes()).extracting(AttributeChange::path).isNotEmpty()
          .allMatch(path -> path.startsWith("policy"));
      assertThat(drift.toChange()).isEqualTo(2);
      assertThat(drift.toAdd()).isEqualTo(1);

      run.apply(stack);

      assertThat(cloudWatch.describeAlarms(b -> b.alarmNames("acme-dev-slowQueries")).metricAlarms().get(0)
          .threshold()).isEqualTo(60_000d);
      assertThat(cloudWatch.getDashboard(b -> b.dashboardName("acme-dev-lakehouse")).dashboardBody())
          .contains("EngineExecutionTime");
      assertThat(PolicyDocuments.parse(sns.getTopicAttributes(b -> b.topicArn(topic)).attributes().get("Policy")))
          .isEqualTo(TopicPolicies.alertTopic("aws", emulator.accountId(), "us-east-1", topic));
      assertThat(run.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest(motoOnly = true, reason = "confirming an e-mail subscription is the testkit's emulation of the "
      + "recipient following the link, in front of moto")
  void addressesLeavingTheConfigAreUnsubscribedOrNotedWhilePending(Emulator emulator) throws IOException {
    AwsProxy proxy = AwsProxy.start(emulator);
    S3IntelligentTieringGap.install(proxy);
    CloudWatchDashboardTagsGap.install(proxy);
    SnsEmailConfirmationGap emails = SnsEmailConfirmationGap.install(proxy);
    try (Run run = Run.through(emulator, proxy)) {
      String two = canonical().replace("alertEmails: [\"${var.alertEmail}\"]",
          "alertEmails: [\"${var.alertEmail}\", oncall@example.com]");
      run.apply(run.stack(two));
      emails.confirm("oncall@example.com");
      assertThat(run.calls("Subscribe")).isEqualTo(2);
      assertThat(run.plan(run.stack(two)).hasChanges()).isFalse();

      Stack none = run.stack(canonical().replace("alertEmails: [\"${var.alertEmail}\"]", "alertEmails: []"));
      Plan plan = run.plan(none);

      assertThat(plan.change(Addresses.subscription("oncall@example.com")).action()).isEqualTo(Action.DELETE);
      Change pending = plan.change(Addresses.subscription(ADDRESS));
      assertThat(pending.action()).isEqualTo(Action.NO_OP);
      assertThat(pending.notes()).containsExactly(ADDRESS + " is not in monitoring.alertEmails but has not "
          + "confirmed its subscription, so apply leaves it: SNS cannot unsubscribe an address that has not "
          + "confirmed its subscription; SNS deletes the pending subscription itself 48 hours after it was made");

      run.proxy().clearRecording();
      run.apply(none);

      assertThat(run.calls("Unsubscribe")).isEqualTo(1);
      assertThat(run.check().sns().listSubscriptionsByTopic(b -> b.topicArn(topicArn(emulator))).subscriptions())
          .extracting(Subscription::endpoint, Subscription::subscriptionArn)
          .containsExactly(tuple(ADDRESS, "PendingConfirmation"));
      Plan after = run.plan(none);
      assertThat(after.hasChanges()).isFalse();
      assertThat(after.change(Addresses.subscription(ADDRESS)).notes()).hasSize(1);
    }
  }

  @EmulatorTest
  void anAlarmAndADashboardLeavingTheConfigAreDeleted(Emulator emulator) throws IOException {
    try (Run run = Run.through(emulator, MotoGaps.proxy(emulator))) {
      run.apply(run.stack(canonical()));
      Stack fewer = run.stack(canonical()
          .replace("    snapshotCount: { above: 100 }      # fed by the metrics that `maintain` publishes\n", ""));

      Plan plan = run.plan(fewer);

      assertThat(plan.change(Addresses.alarm("snapshotCount")).action()).isEqualTo(Action.DELETE);
      assertThat(plan.change(Addresses.dashboard("acme-dev-lakehouse")).action()).isEqualTo(Action.UPDATE);
      run.apply(fewer);
      CloudWatchClient cloudWatch = run.check().cloudWatch();
      assertThat(cloudWatch.describeAlarms(b -> b.alarmNamePrefix("acme-dev-")).metricAlarms())
          .extracting(MetricAlarm::alarmName).containsExactlyInAnyOrder("acme-dev-slowQueries", "acme-dev-dataScanned");
      assertThat(Dashboards.parse(cloudWatch.getDashboard(b -> b.dashboardName("acme-dev-lakehouse")).dashboardBody())
          .get("widgets")).hasSize(3);
      assertThat(run.plan(fewer).hasChanges()).isFalse();
      cloudWatch.deleteDashboards(b -> b.dashboardNames("acme-dev-lakehouse"));
      assertThatThrownBy(
          () -> cloudWatch.getDashboard(b -> b.dashboardName("acme-dev-lakehouse")))
          .isInstanceOf(DashboardNotFoundErrorException.class);
    }
  }

  @EmulatorTest
  void aRenamedDashboardIsDeletedAndAnotherStacksIsNeverTaken(Emulator emulator) throws IOException {
    try (Run run = Run.through(emulator, MotoGaps.proxy(emulator))) {
      run.apply(run.stack(canonical()));
      CloudWatchClient cloudWatch = run.check().cloudWatch();
      Stack renamed = run.stack(canonical().replace("dashboard: ${project}-${env}-lakehouse",
          "dashboard: ${project}-${env}-overview"));

      Plan plan = run.plan(renamed);

      assertThat(plan.change(Addresses.dashboard("acme-dev-overview")).action()).isEqualTo(Action.CREATE);
      assertThat(plan.change(Addresses.dashboard("acme-dev-lakehouse")).action()).isEqualTo(Action.DELETE);
      run.apply(renamed);
      assertThat(cloudWatch.listDashboards(b -> { }).dashboardEntries()).extracting(DashboardEntry::dashboardName)
          .containsExactly("acme-dev-overview");
      assertThat(run.plan(renamed).hasChanges()).isFalse();

      String other = "acme-shared";
      cloudWatch.putDashboard(b -> b.dashboardName(other).dashboardBody("{\"widgets\":[]}"));
      cloudWatch.tagResource(b -> b.resourceARN(dashboardArn(emulator, other)).tags(
          Tag.builder().key("lakehouse:project").value("acme").build(),
          Tag.builder().key("lakehouse:env").value("staging").build()));
      Stack taking = run.stack(canonical().replace("dashboard: ${project}-${env}-lakehouse", "dashboard: " + other));

      Change refused = run.plan(taking).change(Addresses.dashboard(other));

      assertThat(refused.refusals()).anySatisfy(r -> assertThat(r).contains("acme/staging"));
      assertThat(run.plan(renamed).hasChanges()).as("another stack's dashboard is not this one's to delete").isFalse();
    }
  }

  @EmulatorTest
  void anUntaggedDashboardWithTheConfigsBodyIsTaggedAndOneWithAnotherBodyIsOfferedForAdoption(Emulator emulator)
      throws IOException {
    try (Run run = Run.through(emulator, MotoGaps.proxy(emulator))) {
      Stack stack = run.stack(canonical());
      run.apply(stack);
      CloudWatchClient cloudWatch = run.check().cloudWatch();
      String arn = dashboardArn(emulator, "acme-dev-lakehouse");
      List<String> keys = List.copyOf(dashboardTags(cloudWatch, emulator, "acme-dev-lakehouse").keySet());
      cloudWatch.untagResource(b -> b.resourceARN(arn).tagKeys(keys));

      Change finished = run.plan(stack).change(Addresses.dashboard("acme-dev-lakehouse"));

      assertThat(finished.action()).isEqualTo(Action.UPDATE);
      assertThat(finished.notes()).anySatisfy(n -> assertThat(n).contains("cut short"));
      run.apply(stack);
      assertThat(dashboardTags(cloudWatch, emulator, "acme-dev-lakehouse")).containsEntry("lakehouse:env", "dev");
      assertThat(run.plan(stack).hasChanges()).isFalse();

      cloudWatch.untagResource(b -> b.resourceARN(arn).tagKeys(keys));
      cloudWatch.putDashboard(b -> b.dashboardName("acme-dev-lakehouse").dashboardBody("{\"widgets\":[]}"));

      assertThat(run.plan(stack).change(Addresses.dashboard("acme-dev-lakehouse")).action()).isEqualTo(Action.ADOPT);
    }
  }

  private static String dashboardArn(Emulator emulator, String name) {
    return "arn:aws:cloudwatch::" + emulator.accountId() + ":dashboard/" + name;
  }

  private static Map<String, String> dashboardTags(CloudWatchClient cloudWatch, Emulator emulator, String name) {
    Map<String, String> tags = new TreeMap<>();
    cloudWatch.listTagsForResource(b -> b.resourceARN(dashboardArn(emulator, name))).tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private static MetricAlarm alarm(List<MetricAlarm> alarms, String name) {
    return alarms.stream().filter(a -> a.alarmName().equals(name)).findFirst().orElseThrow();
  }
}
