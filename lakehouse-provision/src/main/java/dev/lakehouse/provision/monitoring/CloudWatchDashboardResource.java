package dev.lakehouse.provision.monitoring;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardEntry;
import software.amazon.awssdk.services.cloudwatch.model.DashboardValidationMessage;
import software.amazon.awssdk.services.cloudwatch.model.GetDashboardResponse;

/**
 * A CloudWatch dashboard. PutDashboard writes the whole body and takes no tags, so a create puts
 * the body and then tags the dashboard with the stack's ownership tags (TagResource); an apply cut
 * short between the two leaves an untagged dashboard holding what the create wrote, which the next
 * apply finishes ({@link #unfinished}).
 */
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
    // The tags are asked for at once; when the dashboard turns out not to exist, their answer is dropped.
    Supplier<Optional<Map<String, String>>> tags = AttributeReads.start(() -> tags(desired.arn()));
    Optional<String> body = body(desired.name());
    if (body.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> all = tags.get().orElse(Map.of());
    return Optional.of(new DashboardSpec(desired.name(), Dashboards.parse(body.get()),
        TagChanges.managed(all, desired.tags()), desired.arn(), all.isEmpty()));
  }

  /**
   * Every dashboard of the account carrying all of these tags, read in full, but those whose names
   * {@code known} accepts: they are neither read nor returned. One listing, then the tags of each
   * other dashboard side by side ({@link AttributeReads#carrying}); a dashboard deleted meanwhile is
   * skipped.
   */
  List<DashboardSpec> tagged(Map<String, String> wanted, String partition, String account, Predicate<String> known) {
    List<String> names = new ArrayList<>();
    for (DashboardEntry entry : cloudWatch.listDashboardsPaginator(b -> { }).dashboardEntries()) {
      if (!known.test(entry.dashboardName())) {
        names.add(entry.dashboardName());
      }
    }
    List<Supplier<Optional<DashboardSpec>>> reads = new ArrayList<>();
    AttributeReads.carrying(names, name -> tags(DashboardSpec.arn(partition, account, name)).orElse(Map.of()), wanted)
        .forEach((name, found) -> reads.add(AttributeReads.start(() -> body(name).map(body -> new DashboardSpec(name,
            Dashboards.parse(body), found, DashboardSpec.arn(partition, account, name), found.isEmpty())))));
    List<DashboardSpec> dashboards = new ArrayList<>();
    reads.forEach(read -> read.get().ifPresent(dashboards::add));
    return dashboards;
  }

  /** The dashboard's body, or empty when there is no such dashboard. */
  private Optional<String> body(String name) {
    try {
      GetDashboardResponse response = cloudWatch.getDashboard(b -> b.dashboardName(name));
      return Optional.of(response.dashboardBody());
    } catch (CloudWatchException e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The dashboard's tags; empty when it is gone. */
  private Optional<Map<String, String>> tags(String arn) {
    try {
      Map<String, String> found = new TreeMap<>();
      cloudWatch.listTagsForResource(b -> b.resourceARN(arn)).tags().forEach(t -> found.put(t.key(), t.value()));
      return Optional.of(found);
    } catch (CloudWatchException e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean notFound(CloudWatchException e) {
    return AwsErrors.isNotFound(e) || AwsErrors.hasCode(e, "ResourceNotFound", "ResourceNotFoundException");
  }

  @Override
  public void create(DashboardSpec desired) {
    put(desired);
    cloudWatch.tagResource(b -> b.resourceARN(desired.arn()).tags(AlarmConverters.tags(desired.tags())));
  }

  @Override
  public void update(DashboardSpec observed, DashboardSpec desired, Set<String> changed) {
    if (changed.contains("body")) {
      put(desired);
    }
    if (changed.contains("tags")) {
      TagChanges tags = TagChanges.between(observed.tags(), desired.tags());
      if (!tags.removed().isEmpty()) {
        cloudWatch.untagResource(b -> b.resourceARN(desired.arn()).tagKeys(tags.removed()));
      }
      if (!tags.set().isEmpty()) {
        cloudWatch.tagResource(b -> b.resourceARN(desired.arn()).tags(AlarmConverters.tags(tags.set())));
      }
    }
  }

  /** Writes the body; CloudWatch saves a body it only warns about, and the warnings go to the log. */
  private void put(DashboardSpec desired) {
    for (DashboardValidationMessage message : cloudWatch.putDashboard(b -> b.dashboardName(desired.name())
        .dashboardBody(Dashboards.toJson(desired.body()))).dashboardValidationMessages()) {
      LOG.warn("CloudWatch dashboard {}: {} ({})", desired.name(), message.message(), message.dataPath());
    }
  }

  /**
   * What the create leaves when it is cut short before it tags the dashboard: no tag at all, and
   * the very body the config gives it. A dashboard of an earlier lakehouse, which wrote no tags,
   * looks the same while its body is the config's, and the next apply tags it.
   */
  @Override
  public boolean unfinished(DashboardSpec observed, DashboardSpec desired) {
    return observed.untagged() && observed.body().equals(desired.body());
  }

  @Override
  public void delete(DashboardSpec observed) {
    cloudWatch.deleteDashboards(b -> b.dashboardNames(observed.name()));
  }

  @Override
  public Map<String, String> outputs(DashboardSpec observed) {
    return Map.of("arn", observed.arn());
  }
}
