package dev.lakehouse.maintenance.metrics;

import dev.lakehouse.aws.AwsFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes what a maintenance run saw and did to CloudWatch, where the stack's
 * {@code snapshotCount} alarm watches it.
 */
public final class MaintenanceMetrics {
  /**
   * Per-table figures, with dimensions {@code Project}, {@code Env}, {@code Database} and
   * {@code Table}: the stack's project and environment let its {@code snapshotCount} alarm watch
   * its own tables only, beside other stacks' in the same account.
   */
  public static final String METADATA_NAMESPACE = "Lakehouse/Metadata";
  /** Per-run counts of maintenance actions, with dimensions {@code Project} and {@code Env}. */
  public static final String MAINTENANCE_NAMESPACE = "Lakehouse/Maintenance";

  private final CloudWatchClient cloudWatch;
  private final String project;
  private final String env;
  private final Clock clock;

  /** For the tables of the stack {@code project}/{@code env}. */
  public MaintenanceMetrics(CloudWatchClient cloudWatch, String project, String env) {
    this(cloudWatch, project, env, Clock.systemUTC());
  }

  /** With the clock that stamps the data. */
  public MaintenanceMetrics(CloudWatchClient cloudWatch, String project, String env, Clock clock) {
    this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
    this.project = Objects.requireNonNull(project, "project");
    this.env = Objects.requireNonNull(env, "env");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Lakehouse/Metadata: SnapshotCount, DataFileCount, SmallFileCount, AverageFileSize (Bytes) with
   *  dimensions Project, Env, Database, Table; Lakehouse/Maintenance: ActionsSucceeded, ActionsFailed (Count)
   *  with dimensions Project, Env;
   *  batched within PutMetricData limits. */
  public void publish(List<TableMetrics> tables, int actionsSucceeded, int actionsFailed) {
    Instant now = clock.instant();
    put(METADATA_NAMESPACE, metadata(project, env, tables, now));
    List<Dimension> stack = stack(project, env);
    put(MAINTENANCE_NAMESPACE, List.of(
        datum("ActionsSucceeded", stack, actionsSucceeded, StandardUnit.COUNT, now),
        datum("ActionsFailed", stack, actionsFailed, StandardUnit.COUNT, now)));
  }

  /** The Lakehouse/Metadata data of {@code tables} of the stack {@code project}/{@code env}, four per table. */
  static List<MetricDatum> metadata(String project, String env, List<TableMetrics> tables, Instant timestamp) {
    List<MetricDatum> data = new ArrayList<>();
    for (TableMetrics table : tables) {
      List<Dimension> dimensions = new ArrayList<>(stack(project, env));
      dimensions.add(Dimension.builder().name("Database").value(table.database()).build());
      dimensions.add(Dimension.builder().name("Table").value(table.table()).build());
      data.add(datum("SnapshotCount", dimensions, table.snapshotCount(), StandardUnit.COUNT, timestamp));
      data.add(datum("DataFileCount", dimensions, table.dataFileCount(), StandardUnit.COUNT, timestamp));
      data.add(datum("SmallFileCount", dimensions, table.smallFileCount(), StandardUnit.COUNT, timestamp));
      data.add(datum("AverageFileSize", dimensions, table.averageFileSizeBytes(), StandardUnit.BYTES, timestamp));
    }
    return data;
  }

  /** The dimensions that name the stack whose tables a run maintained. */
  private static List<Dimension> stack(String project, String env) {
    return List.of(Dimension.builder().name("Project").value(project).build(),
        Dimension.builder().name("Env").value(env).build());
  }

  private void put(String namespace, List<MetricDatum> data) {
    for (List<MetricDatum> batch : MetricBatches.split(data, MetricBatches.MAX_DATA, MetricBatches.MAX_BYTES)) {
      try {
        cloudWatch.putMetricData(put -> put.namespace(namespace).metricData(batch));
      } catch (SdkException e) {
        throw new AwsFailure("publish", "metrics", namespace, e);
      }
    }
  }

  private static MetricDatum datum(String name, List<Dimension> dimensions, double value, StandardUnit unit,
      Instant timestamp) {
    return MetricDatum.builder().metricName(name).dimensions(dimensions).value(value).unit(unit)
        .timestamp(timestamp).build();
  }
}
