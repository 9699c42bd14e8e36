package dev.lakehouse.provision.monitoring;

import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AlarmsConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * The stack's three alarms, from the config to {@link AlarmSpec} ({@code slowQueries},
 * {@code dataScanned}, {@code snapshotCount}), and pure conversions between the spec and the
 * CloudWatch API: {@code expand} builds PutMetricAlarm, {@code flatten} reads DescribeAlarms.
 *
 * <p>Alarm names are {@code <project>-<env>-<key>} ({@code acme-dev-slowQueries}): stable, one
 * per key, and distinct between the environments that share an account.
 */
public final class AlarmConverters {
  public static final String SLOW_QUERIES = "slowQueries";
  public static final String DATA_SCANNED = "dataScanned";
  public static final String SNAPSHOT_COUNT = "snapshotCount";

  static final String ATHENA = "AWS/Athena";
  static final String WORKGROUP = "WorkGroup";
  static final String ATHENA_SCHEMA = "SCHEMA(\"" + ATHENA + "\", QueryState, QueryType, " + WORKGROUP + ")";
  private static final Pattern WORKGROUP_FILTER = Pattern.compile(WORKGROUP + " = '([^']*)'");
  static final String GREATER_THAN = "GreaterThanThreshold";
  static final String NOT_BREACHING = "notBreaching";
  static final String IGNORE = "ignore";
  /**
   * The most snapshots of any table of the stack, as {@code maintain} publishes them
   * ({@code Lakehouse/Metadata}, dimensions {@code Project}, {@code Env}, {@code Database} and
   * {@code Table}). An alarm cannot watch a SEARCH expression, and CloudWatch keeps no
   * dimensionless aggregate of a custom metric; it can watch a Metrics Insights query, and
   * {@code MAX} over the schema is one series however many tables there are, tables made later
   * included. The query keeps to the stack's own tables by its project and environment (Metrics
   * Insights filters with {@code =}, {@code !=} and {@code AND} only, so it could not list the
   * stack's databases): another environment's or project's tables in the same account never fire
   * it. CloudWatch evaluates such an alarm on the last three hours of data.
   */
  static String maxSnapshots(Stack stack) {
    return "SELECT MAX(SnapshotCount) FROM SCHEMA(\"Lakehouse/Metadata\", Project, Env, Database, Table)"
        + " WHERE Project = '" + stack.project() + "' AND Env = '" + stack.env() + "'";
  }
  static final String SNAPSHOTS_QUERY_ID = "snapshots";

  private AlarmConverters() {}

  /** The alarm's name: {@code <project>-<env>-<key>}. */
  public static String alarmName(Stack stack, String key) {
    return stack.project() + "-" + stack.env() + "-" + key;
  }

  /** The alarm's ARN, known from its name before it exists. */
  public static String alarmArn(Stack stack, String name) {
    return "arn:" + stack.partition() + ":cloudwatch:" + stack.region() + ":" + stack.account() + ":alarm:" + name;
  }

  // Config -> spec

  /**
   * Athena {@code EngineExecutionTime} (milliseconds) of the workgroup, averaged over five
   * minutes, above the configured seconds in two of three periods: a sustained slowdown, not
   * one long query.
   */
  static AlarmSpec slowQueries(Stack stack, AlarmsConfig.SlowQueries config, String topicArn) {
    double seconds = config.averageSecondsAbove();
    return alarm(stack, SLOW_QUERIES,
        "Athena queries in workgroup " + config.workgroup() + " run longer than " + format(seconds)
            + " s on average (EngineExecutionTime, 5-minute average, 2 of 3 periods)",
        null, List.of(AlarmSpec.Query.expression("executionTime",
            athenaQuery("AVG", "EngineExecutionTime", config.workgroup()), 300)),
        seconds * 1000, 3, 2, NOT_BREACHING, topicArn);
  }

  /**
   * Athena {@code ProcessedBytes} of the workgroup (the bytes its queries scanned, which Athena's
   * API calls {@code DataScannedInBytes}), summed per hour, above the configured size.
   */
  static AlarmSpec dataScanned(Stack stack, AlarmsConfig.DataScanned config, String topicArn) {
    return alarm(stack, DATA_SCANNED,
        "Athena queries in workgroup " + config.workgroup() + " scan more than " + config.bytesPerHourAbove()
            + " in an hour (ProcessedBytes, hourly sum)",
        null, List.of(AlarmSpec.Query.expression("processedBytes",
            athenaQuery("SUM", "ProcessedBytes", config.workgroup()), 3600)),
        config.bytesPerHourAbove().bytes(), 1, 1, NOT_BREACHING, topicArn);
  }

  /**
   * A Metrics Insights query of one of a workgroup's Athena metrics. Athena publishes each
   * query metric under the dimensions {@code QueryState}, {@code QueryType} and
   * {@code WorkGroup} together, never under {@code WorkGroup} alone, so an alarm on the
   * metric with only a {@code WorkGroup} dimension would never see data; the query adds the
   * series of every state and type of the workgroup up.
   */
  static String athenaQuery(String function, String metric, String workgroup) {
    return "SELECT " + function + "(" + metric + ") FROM " + ATHENA_SCHEMA + " WHERE " + WORKGROUP + " = '"
        + workgroup + "'";
  }

  /** The workgroup an Athena alarm watches, as {@link #athenaQuery} wrote it; null for other alarms. */
  static String workgroupOf(AlarmSpec alarm) {
    for (AlarmSpec.Query query : alarm.queries()) {
      Matcher m = WORKGROUP_FILTER.matcher(query.expression() == null ? "" : query.expression());
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /**
   * The most snapshots of any table of the stack ({@link #maxSnapshots}) per hour, above the
   * configured count. {@code maintain} publishes once a run, a night apart, and the query sees
   * three hours back: the hours between runs leave the alarm as the last run left it, so it goes
   * back to OK only when a run finds the snapshots expired, not hours after every ALARM.
   */
  static AlarmSpec snapshotCount(Stack stack, AlarmsConfig.SnapshotCount config, String topicArn) {
    return alarm(stack, SNAPSHOT_COUNT,
        "An Iceberg table has more than " + config.above() + " snapshots (Lakehouse/Metadata SnapshotCount, "
            + "published by lakehouse maintain; most of any table, hourly)",
        null, List.of(AlarmSpec.Query.expression(SNAPSHOTS_QUERY_ID, maxSnapshots(stack), 3600)), config.above(), 1, 1,
        IGNORE, topicArn);
  }

  /** The configured alarms by key, in the order of the config. */
  static Map<String, AlarmSpec> fromConfig(Stack stack, AlarmsConfig alarms, String topicArn) {
    Map<String, AlarmSpec> specs = new LinkedHashMap<>();
    if (alarms.slowQueries() != null) {
      specs.put(SLOW_QUERIES, slowQueries(stack, alarms.slowQueries(), topicArn));
    }
    if (alarms.dataScanned() != null) {
      specs.put(DATA_SCANNED, dataScanned(stack, alarms.dataScanned(), topicArn));
    }
    if (alarms.snapshotCount() != null) {
      specs.put(SNAPSHOT_COUNT, snapshotCount(stack, alarms.snapshotCount(), topicArn));
    }
    return specs;
  }

  /**
   * An alarm that tells the topic when it goes to ALARM and when it is back to OK, treating
   * periods without data as {@code treatMissingData} says: as good ({@link #NOT_BREACHING}) where
   * no data means nothing happened (Athena publishes only while queries run), or as no news
   * ({@link #IGNORE}) where data comes only now and then.
   */
  private static AlarmSpec alarm(Stack stack, String key, String description, AlarmSpec.Metric metric,
      List<AlarmSpec.Query> queries, double threshold, int evaluationPeriods, int datapointsToAlarm,
      String treatMissingData, String topicArn) {
    String name = alarmName(stack, key);
    return new AlarmSpec(name, description, metric, queries, GREATER_THAN, threshold, evaluationPeriods,
        datapointsToAlarm, treatMissingData, true, List.of(topicArn), List.of(topicArn), List.of(),
        stack.tagsWith(Map.of()), alarmArn(stack, name));
  }

  private static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  // Spec -> API

  /** The PutMetricAlarm request that makes the alarm what the spec says (it replaces the whole alarm). */
  public static PutMetricAlarmRequest expand(AlarmSpec spec) {
    PutMetricAlarmRequest.Builder b = PutMetricAlarmRequest.builder()
        .alarmName(spec.name())
        .alarmDescription(spec.description())
        .comparisonOperator(ComparisonOperator.fromValue(spec.comparisonOperator()))
        .threshold(spec.threshold())
        .evaluationPeriods(spec.evaluationPeriods())
        .datapointsToAlarm(spec.datapointsToAlarm())
        .treatMissingData(spec.treatMissingData())
        .actionsEnabled(spec.actionsEnabled())
        .alarmActions(spec.alarmActions())
        .okActions(spec.okActions())
        .insufficientDataActions(spec.insufficientDataActions())
        .tags(tags(spec.tags()));
    if (spec.metric() != null) {
      AlarmSpec.Metric metric = spec.metric();
      b.namespace(metric.namespace())
          .metricName(metric.name())
          .dimensions(dimensions(metric.dimensions()))
          .statistic(metric.statistic())
          .period(metric.period());
    } else {
      b.metrics(spec.queries().stream().map(AlarmConverters::expandQuery).toList());
    }
    return b.build();
  }

  private static MetricDataQuery expandQuery(AlarmSpec.Query query) {
    MetricDataQuery.Builder b = MetricDataQuery.builder().id(query.id()).returnData(query.returnData());
    if (query.metric() != null) {
      AlarmSpec.Metric metric = query.metric();
      b.metricStat(s -> s.metric(m -> m.namespace(metric.namespace()).metricName(metric.name())
              .dimensions(dimensions(metric.dimensions())))
          .stat(metric.statistic())
          .period(metric.period()));
    } else {
      b.expression(query.expression()).period(query.period());
    }
    return b.build();
  }

  private static List<Dimension> dimensions(Map<String, String> dimensions) {
    return new TreeMap<>(dimensions).entrySet().stream()
        .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  static List<Tag> tags(Map<String, String> tags) {
    return new TreeMap<>(tags).entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  // API -> spec

  /**
   * The spec of an alarm as DescribeAlarms returns it, with its tags. Absent settings read as
   * CloudWatch applies them: no DatapointsToAlarm means all evaluation periods, no
   * TreatMissingData means {@code missing}, a query without ReturnData returns its series.
   */
  public static AlarmSpec flatten(MetricAlarm alarm, Map<String, String> tags) {
    AlarmSpec.Metric metric = alarm.metricName() == null ? null : new AlarmSpec.Metric(alarm.namespace(),
        alarm.metricName(), flattenDimensions(alarm.dimensions()),
        alarm.extendedStatistic() != null ? alarm.extendedStatistic() : alarm.statisticAsString(),
        alarm.period() == null ? 0 : alarm.period());
    int evaluationPeriods = alarm.evaluationPeriods() == null ? 0 : alarm.evaluationPeriods();
    return new AlarmSpec(
        alarm.alarmName(),
        alarm.alarmDescription(),
        metric,
        alarm.metrics().stream().map(AlarmConverters::flattenQuery).toList(),
        alarm.comparisonOperatorAsString(),
        alarm.threshold() == null ? 0 : alarm.threshold(),
        evaluationPeriods,
        alarm.datapointsToAlarm() == null ? evaluationPeriods : alarm.datapointsToAlarm(),
        alarm.treatMissingData() == null ? "missing" : alarm.treatMissingData(),
        Boolean.TRUE.equals(alarm.actionsEnabled()),
        alarm.alarmActions(),
        alarm.okActions(),
        alarm.insufficientDataActions(),
        tags,
        alarm.alarmArn());
  }

  private static AlarmSpec.Query flattenQuery(MetricDataQuery query) {
    AlarmSpec.Metric metric = null;
    Integer period = query.period();
    if (query.metricStat() != null) {
      MetricStat stat = query.metricStat();
      metric = new AlarmSpec.Metric(stat.metric().namespace(), stat.metric().metricName(),
          flattenDimensions(stat.metric().dimensions()), stat.stat(), stat.period() == null ? 0 : stat.period());
      period = null;
    }
    return new AlarmSpec.Query(query.id(), query.expression(), metric, period,
        query.returnData() == null || query.returnData());
  }

  private static Map<String, String> flattenDimensions(List<Dimension> dimensions) {
    Map<String, String> out = new TreeMap<>();
    dimensions.forEach(d -> out.put(d.name(), d.value()));
    return out;
  }
}
