package dev.lakehouse.maintenance.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;

/**
 * Maintenance metrics published through the proxy (which speaks CloudWatch's CBOR protocol to
 * moto) and read back with a client of their own.
 */
class MaintenanceMetricsIT {
  private static final Instant MINUTE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));

  private static double valueOf(CloudWatchClient cloudWatch, String namespace, String metric, List<Dimension> dimensions) {
    MetricDataQuery query = MetricDataQuery.builder().id("m").metricStat(stat -> stat
        .metric(m -> m.namespace(namespace).metricName(metric).dimensions(dimensions)).period(60).stat("Maximum")).build();
    List<Double> values = cloudWatch.getMetricData(get -> get.startTime(MINUTE.minus(Duration.ofMinutes(1)))
        .endTime(MINUTE.plus(Duration.ofMinutes(2))).metricDataQueries(query)).metricDataResults().get(0).values();
    assertThat(values).as("%s %s %s", namespace, metric, dimensions).hasSize(1);
    return values.get(0);
  }

  private static List<Dimension> stack() {
    return List.of(Dimension.builder().name("Project").value("acme").build(),
        Dimension.builder().name("Env").value("dev").build());
  }

  private static List<Dimension> table(String database, String table) {
    List<Dimension> dimensions = new ArrayList<>(stack());
    dimensions.add(Dimension.builder().name("Database").value(database).build());
    dimensions.add(Dimension.builder().name("Table").value(table).build());
    return dimensions;
  }

  @EmulatorTest
  void publishesEachTablesFiguresAndTheRunsActionCounts(Emulator emulator) {
    try (AwsProxy proxy = MotoGaps.proxy(emulator);
        TestClients tool = TestClients.of(proxy.endpoint(), emulator.region(), emulator.credentials());
        TestClients direct = TestClients.of(emulator)) {
      new MaintenanceMetrics(tool.cloudWatch(), "acme", "dev", Clock.fixed(MINUTE, ZoneOffset.UTC)).publish(List.of(
          new TableMetrics("processed", "customer_events", 120, 4_000, 3_500, 8_388_608),
          new TableMetrics("curated", "monthly_revenue", 7, 12, 0, 536_870_912)), 5, 1);

      CloudWatchClient cloudWatch = direct.cloudWatch();
      assertThat(cloudWatch.listMetrics(list -> list.namespace("Lakehouse/Metadata")).metrics())
          .extracting(Metric::metricName, Metric::dimensions)
          .containsExactlyInAnyOrder(
              tuple("SnapshotCount", table("processed", "customer_events")),
              tuple("DataFileCount", table("processed", "customer_events")),
              tuple("SmallFileCount", table("processed", "customer_events")),
              tuple("AverageFileSize", table("processed", "customer_events")),
              tuple("SnapshotCount", table("curated", "monthly_revenue")),
              tuple("DataFileCount", table("curated", "monthly_revenue")),
              tuple("SmallFileCount", table("curated", "monthly_revenue")),
              tuple("AverageFileSize", table("curated", "monthly_revenue")));
      assertThat(valueOf(cloudWatch, "Lakehouse/Metadata", "SnapshotCount", table("processed", "customer_events")))
          .isEqualTo(120.0);
      assertThat(valueOf(cloudWatch, "Lakehouse/Metadata", "SmallFileCount", table("processed", "customer_events")))
          .isEqualTo(3_500.0);
      assertThat(valueOf(cloudWatch, "Lakehouse/Metadata", "AverageFileSize", table("curated", "monthly_revenue")))
          .isEqualTo(536_870_912.0);
      assertThat(valueOf(cloudWatch, "Lakehouse/Maintenance", "ActionsSucceeded", stack())).isEqualTo(5.0);
      assertThat(valueOf(cloudWatch, "Lakehouse/Maintenance", "ActionsFailed", stack())).isEqualTo(1.0);
    }
  }

  @EmulatorTest
  void splitsManyTablesOverSeveralRequests(Emulator emulator) {
    try (AwsProxy proxy = MotoGaps.proxy(emulator);
        TestClients tool = TestClients.of(proxy.endpoint(), emulator.region(), emulator.credentials());
        TestClients direct = TestClients.of(emulator)) {
      List<TableMetrics> tables = IntStream.range(0, 300)
          .mapToObj(i -> new TableMetrics("processed", "events_" + i, i, 10, 1, 1024)).toList();

      new MaintenanceMetrics(tool.cloudWatch(), "acme", "dev").publish(tables, 0, 0);

      assertThat(proxy.requests()).filteredOn(request -> request.operation().equals("PutMetricData")).hasSize(3);
      assertThat(direct.cloudWatch().listMetricsPaginator(list -> list.namespace("Lakehouse/Metadata")
          .metricName("SnapshotCount")).metrics().stream().count()).isEqualTo(300);
    }
  }
}
