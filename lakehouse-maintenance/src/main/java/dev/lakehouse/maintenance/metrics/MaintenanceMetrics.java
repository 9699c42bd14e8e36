package dev.lakehouse.maintenance.metrics;

import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** Publishes maintenance metrics (seam placeholder). */
public final class MaintenanceMetrics {
  public MaintenanceMetrics(CloudWatchClient cloudWatch) {}

  public void publish(List<TableMetrics> tables, int actionsSucceeded, int actionsFailed) {}
}
