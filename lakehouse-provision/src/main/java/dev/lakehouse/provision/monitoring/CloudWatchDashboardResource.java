package dev.lakehouse.provision.monitoring;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.ResourceType;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardValidationMessage;

/** A CloudWatch dashboard; PutDashboard writes the whole body, and the body is all there is to change. */
public final class CloudWatchDashboardResource implements ResourceType<DashboardSpec> {
  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchDashboardResource.class);

  private final CloudWatchClient cloudWatch;

  public CloudWatchDashboardResource(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public String name() {
    return Addresses.CLOUDWATCH_DASHBOARD;
  }

  @Override
  public Optional<DashboardSpec> read(DashboardSpec desired) {
    try {
      String body = cloudWatch.getDashboard(b -> b.dashboardName(desired.name())).dashboardBody();
      return Optional.of(new DashboardSpec(desired.name(), Dashboards.parse(body)));
    } catch (CloudWatchException e) {
      if (AwsErrors.isNotFound(e) || AwsErrors.hasCode(e, "ResourceNotFound", "ResourceNotFoundException")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void create(DashboardSpec desired) {
    put(desired);
  }

  @Override
  public void update(DashboardSpec observed, DashboardSpec desired, Set<String> changed) {
    put(desired);
  }

  /** Writes the body; CloudWatch saves a body it only warns about, and the warnings go to the log. */
  private void put(DashboardSpec desired) {
    for (DashboardValidationMessage message : cloudWatch.putDashboard(b -> b.dashboardName(desired.name())
        .dashboardBody(Dashboards.toJson(desired.body()))).dashboardValidationMessages()) {
      LOG.warn("CloudWatch dashboard {}: {} ({})", desired.name(), message.message(), message.dataPath());
    }
  }

  @Override
  public void delete(DashboardSpec observed) {
    cloudWatch.deleteDashboards(b -> b.dashboardNames(observed.name()));
  }
}
