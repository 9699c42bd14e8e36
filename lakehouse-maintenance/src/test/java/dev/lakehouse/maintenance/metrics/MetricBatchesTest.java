package dev.lakehouse.maintenance.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

class MetricBatchesTest {
  private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");

  private static List<MetricDatum> tables(int count, int nameLength) {
    return MaintenanceMetrics.metadata("acme", "dev", IntStream.range(0, count)
        .mapToObj(i -> new TableMetrics("db", ("t" + i + "_".repeat(nameLength)).substring(0, nameLength), 1, 2, 3, 4))
        .toList(), NOW);
  }

  @Test
  void putsAtMostAThousandDataInOneRequest() {
    List<List<MetricDatum>> batches = MetricBatches.split(tables(501, 10), MetricBatches.MAX_DATA, MetricBatches.MAX_BYTES);

    assertThat(batches).extracting(List::size).containsExactly(1000, 1000, 4);
  }

  @Test
  void keepsEachRequestUnderTheSizeLimit() {
    List<MetricDatum> data = tables(250, 255);

    List<List<MetricDatum>> batches = MetricBatches.split(data, MetricBatches.MAX_DATA, MetricBatches.MAX_BYTES);

    assertThat(batches).hasSizeGreaterThan(1);
    assertThat(batches).allSatisfy(batch -> assertThat(batch.stream().mapToInt(MetricBatches::estimatedSize).sum())
        .isLessThanOrEqualTo(MetricBatches.MAX_BYTES));
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(1000);
  }

  @Test
  void sendsNothingForNoData() {
    assertThat(MetricBatches.split(List.of(), 1000, 1000)).isEmpty();
  }

  @Test
  void describesEachTableWithFourMetricsByItsStackDatabaseAndTable() {
    List<MetricDatum> data = MaintenanceMetrics.metadata("acme", "dev",
        List.of(new TableMetrics("sales", "orders", 12, 340, 300, 1_048_576)), NOW);

    assertThat(data).extracting(MetricDatum::metricName, MetricDatum::value, MetricDatum::unit)
        .containsExactly(tuple("SnapshotCount", 12.0, StandardUnit.COUNT), tuple("DataFileCount", 340.0, StandardUnit.COUNT),
            tuple("SmallFileCount", 300.0, StandardUnit.COUNT), tuple("AverageFileSize", 1_048_576.0, StandardUnit.BYTES));
    assertThat(data).allSatisfy(datum -> {
      assertThat(datum.dimensions()).extracting(Dimension::name, Dimension::value)
          .containsExactly(tuple("Project", "acme"), tuple("Env", "dev"), tuple("Database", "sales"),
              tuple("Table", "orders"));
      assertThat(datum.timestamp()).isEqualTo(NOW);
    });
  }
}
