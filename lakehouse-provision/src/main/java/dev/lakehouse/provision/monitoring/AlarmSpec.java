package dev.lakehouse.provision.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.lakehouse.provision.resource.TaggedSpec;
import java.util.List;
import java.util.Map;

/**
 * A CloudWatch metric alarm as the stack manages it: on one metric ({@code metric}) or on
 * queries ({@code queries}: metric math or Metrics Insights expressions and the metrics they
 * use, one of them returning the series compared), never both; the comparison and how many
 * periods decide; and the SNS topics told of ALARM and of OK. Action lists are sorted; the ARN
 * is known from the name and not compared.
 *
 * @param treatMissingData {@code notBreaching}, {@code breaching}, {@code ignore} or {@code missing}
 */
public record AlarmSpec(
    String name,
    String description,
    Metric metric,
    List<Query> queries,
    String comparisonOperator,
    double threshold,
    int evaluationPeriods,
    int datapointsToAlarm,
    String treatMissingData,
    boolean actionsEnabled,
    List<String> alarmActions,
    List<String> okActions,
    List<String> insufficientDataActions,
    Map<String, String> tags,
    @JsonIgnore String arn) implements TaggedSpec<AlarmSpec> {

  public AlarmSpec {
    queries = List.copyOf(queries);
    alarmActions = alarmActions.stream().sorted().toList();
    okActions = okActions.stream().sorted().toList();
    insufficientDataActions = insufficientDataActions.stream().sorted().toList();
    tags = Map.copyOf(tags);
  }

  @Override
  public AlarmSpec withTags(Map<String, String> tags) {
    return new AlarmSpec(name, description, metric, queries, comparisonOperator, threshold, evaluationPeriods,
        datapointsToAlarm, treatMissingData, actionsEnabled, alarmActions, okActions, insufficientDataActions, tags, arn);
  }

  /** One metric and the statistic of it the alarm compares, per period (seconds). */
  public record Metric(String namespace, String name, Map<String, String> dimensions, String statistic, int period) {
    public Metric {
      dimensions = Map.copyOf(dimensions);
    }
  }

  /**
   * One query of a metric math or Metrics Insights alarm: an expression, or a metric (its
   * {@code period} then the query's), with whether its series is the one compared.
   */
  public record Query(String id, String expression, Metric metric, Integer period, boolean returnData) {
    public static Query expression(String id, String expression, int period) {
      return new Query(id, expression, null, period, true);
    }
  }
}
