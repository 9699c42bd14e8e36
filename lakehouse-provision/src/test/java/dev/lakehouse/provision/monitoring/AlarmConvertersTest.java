package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.AttributeDiff;
import dev.lakehouse.provision.engine.Specs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

class AlarmConvertersTest {
  private static final Map<String, String> TAGS = Map.of("CostCenter", "DataEngineering", "Owner", "data-platform",
      "lakehouse:project", "acme", "lakehouse:env", "dev");

  private final Stack stack = CanonicalStack.dev();
  private final Map<String, AlarmSpec> alarms =
      AlarmConverters.fromConfig(stack, stack.config().monitoring().alarms(), CanonicalStack.TOPIC_ARN);

  @Test
  void slowQueriesWatchesTheWorkgroupsAverageEngineTimeInMilliseconds() {
    assertThat(alarms.get("slowQueries")).isEqualTo(new AlarmSpec(
        "acme-dev-slowQueries",
        "Athena queries in workgroup acme-dev run longer than 60 s on average (EngineExecutionTime, 5-minute "
            + "average, 2 of 3 periods)",
        null,
        List.of(new AlarmSpec.Query("executionTime", "SELECT AVG(EngineExecutionTime) FROM SCHEMA(\"AWS/Athena\", "
            + "QueryState, QueryType, WorkGroup) WHERE WorkGroup = 'acme-dev'", null, 300, true)),
        "GreaterThanThreshold", 60_000, 3, 2, "notBreaching", true,
        List.of(CanonicalStack.TOPIC_ARN), List.of(CanonicalStack.TOPIC_ARN), List.of(), TAGS,
        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-dev-slowQueries"));
  }

  @Test
  void dataScannedSumsTheBytesTheWorkgroupsQueriesProcessedPerHour() {
    AlarmSpec alarm = alarms.get("dataScanned");
    assertThat(alarm.metric()).isNull();
    assertThat(alarm.queries()).containsExactly(new AlarmSpec.Query("processedBytes", "SELECT SUM(ProcessedBytes) "
        + "FROM SCHEMA(\"AWS/Athena\", QueryState, QueryType, WorkGroup) WHERE WorkGroup = 'acme-dev'", null, 3600,
        true));
    assertThat(alarm.threshold()).isEqualTo(1_099_511_627_776d);
    assertThat(alarm.description()).isEqualTo("Athena queries in workgroup acme-dev scan more than 1TB in an hour "
        + "(ProcessedBytes, hourly sum)");
    assertThat(List.of(alarm.evaluationPeriods(), alarm.datapointsToAlarm())).containsExactly(1, 1);
    assertThat(AlarmConverters.workgroupOf(alarm)).isEqualTo("acme-dev");
    assertThat(AlarmConverters.workgroupOf(alarms.get("snapshotCount"))).isNull();
  }

  @Test
  void snapshotCountWatchesTheMostSnapshotsOfAnyTableOfTheStackThroughMetricsInsights() {
    AlarmSpec alarm = alarms.get("snapshotCount");
    assertThat(alarm.metric()).isNull();
    assertThat(alarm.queries()).containsExactly(new AlarmSpec.Query("snapshots",
        "SELECT MAX(SnapshotCount) FROM SCHEMA(\"Lakehouse/Metadata\", Project, Env, Database, Table)"
            + " WHERE Project = 'acme' AND Env = 'dev'", null, 3600, true));
    assertThat(alarm.threshold()).isEqualTo(100);
    assertThat(alarm.name()).isEqualTo("acme-dev-snapshotCount");
  }

  @Test
  void snapshotCountKeepsItsStateBetweenMaintenanceRunsRatherThanGoingBackToOkHoursAfterAnAlarm() {
    AlarmSpec alarm = alarms.get("snapshotCount");
    assertThat(alarm.treatMissingData()).isEqualTo("ignore");
    assertThat(alarm.okActions()).containsExactly(CanonicalStack.TOPIC_ARN);
    assertThat(AlarmConverters.expand(alarm).treatMissingData()).isEqualTo("ignore");
  }

  @Test
  void alarmsAreInTheOrderOfTheConfig() {
    assertThat(alarms).containsOnlyKeys("slowQueries", "dataScanned", "snapshotCount");
    assertThat(List.copyOf(alarms.keySet())).containsExactly("slowQueries", "dataScanned", "snapshotCount");
  }

  @Test
  void aMetricAlarmExpandsToTheWholePutMetricAlarmRequest() {
    AlarmSpec slow = alarms.get("slowQueries");
    AlarmSpec onAMetric = new AlarmSpec(slow.name(), slow.description(),
        new AlarmSpec.Metric("AWS/Athena", "EngineExecutionTime", Map.of("WorkGroup", "acme-dev"), "Average", 300),
        List.of(), slow.comparisonOperator(), slow.threshold(), slow.evaluationPeriods(), slow.datapointsToAlarm(),
        slow.treatMissingData(), slow.actionsEnabled(), slow.alarmActions(), slow.okActions(),
        slow.insufficientDataActions(), slow.tags(), slow.arn());
    PutMetricAlarmRequest request = AlarmConverters.expand(onAMetric);
    assertThat(request.alarmName()).isEqualTo("acme-dev-slowQueries");
    assertThat(request.namespace()).isEqualTo("AWS/Athena");
    assertThat(request.metricName()).isEqualTo("EngineExecutionTime");
    assertThat(request.dimensions()).containsExactly(Dimension.builder().name("WorkGroup").value("acme-dev").build());
    assertThat(request.statisticAsString()).isEqualTo("Average");
    assertThat(request.period()).isEqualTo(300);
    assertThat(request.threshold()).isEqualTo(60_000d);
    assertThat(request.comparisonOperatorAsString()).isEqualTo("GreaterThanThreshold");
    assertThat(request.evaluationPeriods()).isEqualTo(3);
    assertThat(request.datapointsToAlarm()).isEqualTo(2);
    assertThat(request.treatMissingData()).isEqualTo("notBreaching");
    assertThat(request.actionsEnabled()).isTrue();
    assertThat(request.alarmActions()).containsExactly(CanonicalStack.TOPIC_ARN);
    assertThat(request.okActions()).containsExactly(CanonicalStack.TOPIC_ARN);
    assertThat(request.insufficientDataActions()).isEmpty();
    assertThat(request.hasMetrics()).isFalse();
    assertThat(request.tags()).extracting(Tag::key)
        .containsExactly("CostCenter", "Owner", "lakehouse:env", "lakehouse:project");
  }

  @Test
  void aQueryAlarmExpandsToMetricsAndNoMetricFields() {
    PutMetricAlarmRequest request = AlarmConverters.expand(alarms.get("snapshotCount"));
    assertThat(request.metricName()).isNull();
    assertThat(request.period()).isNull();
    assertThat(request.metrics()).containsExactly(MetricDataQuery.builder().id("snapshots")
        .expression("SELECT MAX(SnapshotCount) FROM SCHEMA(\"Lakehouse/Metadata\", Project, Env, Database, Table)"
            + " WHERE Project = 'acme' AND Env = 'dev'")
        .period(3600).returnData(true).build());
  }

  @Test
  void whatDescribeAlarmsReturnsFlattensBackToTheSpec() {
    for (AlarmSpec alarm : alarms.values()) {
      assertThat(AlarmConverters.flatten(described(AlarmConverters.expand(alarm), alarm.arn()), alarm.tags()))
          .isEqualTo(alarm);
    }
  }

  @Test
  void absentSettingsReadAsCloudWatchAppliesThem() {
    MetricAlarm bare = MetricAlarm.builder().alarmName("a").alarmArn("arn").evaluationPeriods(4).threshold(1d)
        .comparisonOperator("GreaterThanThreshold")
        .metrics(MetricDataQuery.builder().id("q").expression("x").period(60).build())
        .build();
    AlarmSpec spec = AlarmConverters.flatten(bare, Map.of());
    assertThat(spec.datapointsToAlarm()).isEqualTo(4);
    assertThat(spec.treatMissingData()).isEqualTo("missing");
    assertThat(spec.actionsEnabled()).isFalse();
    assertThat(spec.queries()).containsExactly(new AlarmSpec.Query("q", "x", null, 60, true));
  }

  @Test
  void aThresholdChangedBehindTheStacksBackIsOneAttribute() {
    AlarmSpec wanted = alarms.get("slowQueries");
    PutMetricAlarmRequest drifted = AlarmConverters.expand(wanted).toBuilder().threshold(90_000d).build();
    AlarmSpec observed = AlarmConverters.flatten(described(drifted, wanted.arn()), wanted.tags());
    assertThat(AttributeDiff.between(Specs.toJson(observed), Specs.toJson(wanted), Set.of()))
        .singleElement()
        .satisfies(change -> {
          assertThat(change.path()).isEqualTo("threshold");
          assertThat(change.before().asDouble()).isEqualTo(90_000d);
          assertThat(change.after().asDouble()).isEqualTo(60_000d);
        });
  }

  @Test
  void actionListsCompareInAnyOrder() {
    AlarmSpec wanted = alarms.get("dataScanned");
    String other = "arn:aws:sns:us-east-1:123456789012:other";
    PutMetricAlarmRequest put = AlarmConverters.expand(wanted);
    AlarmSpec one = AlarmConverters.flatten(described(put.toBuilder().alarmActions(other, CanonicalStack.TOPIC_ARN)
        .build(), wanted.arn()), wanted.tags());
    AlarmSpec two = AlarmConverters.flatten(described(put.toBuilder().alarmActions(CanonicalStack.TOPIC_ARN, other)
        .build(), wanted.arn()), wanted.tags());
    assertThat(one).isEqualTo(two);
    assertThat(one.alarmActions()).containsExactly(CanonicalStack.TOPIC_ARN, other);
  }

  /** The alarm as DescribeAlarms would list it after that PutMetricAlarm. */
  static MetricAlarm described(PutMetricAlarmRequest put, String arn) {
    return MetricAlarm.builder()
        .alarmName(put.alarmName())
        .alarmArn(arn)
        .alarmDescription(put.alarmDescription())
        .namespace(put.namespace())
        .metricName(put.metricName())
        .dimensions(put.dimensions())
        .statistic(put.statisticAsString())
        .period(put.period())
        .metrics(put.metrics())
        .threshold(put.threshold())
        .comparisonOperator(put.comparisonOperatorAsString())
        .evaluationPeriods(put.evaluationPeriods())
        .datapointsToAlarm(put.datapointsToAlarm())
        .treatMissingData(put.treatMissingData())
        .actionsEnabled(put.actionsEnabled())
        .alarmActions(put.alarmActions())
        .okActions(put.okActions())
        .insufficientDataActions(put.insufficientDataActions())
        .stateValue("INSUFFICIENT_DATA")
        .build();
  }
}
