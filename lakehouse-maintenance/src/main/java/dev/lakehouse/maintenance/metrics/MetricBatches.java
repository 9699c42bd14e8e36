package dev.lakehouse.maintenance.metrics;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * Splits metric data into {@code PutMetricData} requests within CloudWatch's limits: at most 1,000
 * data per request and a request body under 1 MB. The size of a datum is estimated from its
 * strings, generously, since the SDK's encoding is not known here.
 */
final class MetricBatches {
  /** The most data one PutMetricData request takes. */
  static final int MAX_DATA = 1000;
  /** Well under the 1 MB a PutMetricData request may carry. */
  static final int MAX_BYTES = 800 * 1024;
  /** What a datum's fields other than its strings take at most: value, unit, timestamp, framing. */
  static final int DATUM_OVERHEAD = 128;

  private MetricBatches() {}

  static List<List<MetricDatum>> split(List<MetricDatum> data, int maxData, int maxBytes) {
    List<List<MetricDatum>> batches = new ArrayList<>();
    List<MetricDatum> batch = new ArrayList<>();
    int bytes = 0;
    for (MetricDatum datum : data) {
      int size = estimatedSize(datum);
      if (!batch.isEmpty() && (batch.size() == maxData || bytes + size > maxBytes)) {
        batches.add(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(datum);
      bytes += size;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  static int estimatedSize(MetricDatum datum) {
    int size = DATUM_OVERHEAD + utf8(datum.metricName());
    for (Dimension dimension : datum.dimensions()) {
      size += 16 + utf8(dimension.name()) + utf8(dimension.value());
    }
    return size;
  }

  /** An upper bound of the string's UTF-8 length. */
  private static int utf8(String text) {
    return text == null ? 0 : text.length() * 3;
  }
}
