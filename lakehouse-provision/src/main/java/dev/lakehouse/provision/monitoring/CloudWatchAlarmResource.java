package dev.lakehouse.provision.monitoring;

import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * A CloudWatch metric alarm. PutMetricAlarm replaces the whole alarm, so any change but the
 * tags sends the whole spec; tags go through TagResource and UntagResource, because
 * PutMetricAlarm ignores the tags of an alarm that exists.
 */
public final class CloudWatchAlarmResource implements ResourceType<AlarmSpec> {
  private final CloudWatchClient cloudWatch;

  public CloudWatchAlarmResource(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public String name() {
    return Addresses.CLOUDWATCH_ALARM;
  }

  @Override
  public Optional<AlarmSpec> read(AlarmSpec desired) {
    return readAll(List.of(desired)).get(0);
  }

  /** The stack's alarms (three at most) are read together: one DescribeAlarms, then their tags side by side. */
  @Override
  public boolean readsTogether() {
    return true;
  }

  /** Each alarm with the tags the stack manages on it. */
  @Override
  public List<Optional<AlarmSpec>> readAll(List<AlarmSpec> desired) {
    Map<String, AlarmSpec> found = new HashMap<>();
    find(desired.stream().map(AlarmSpec::name).toList()).forEach(alarm -> found.put(alarm.name(), alarm));
    return desired.stream().map(alarm -> Optional.ofNullable(found.get(alarm.name()))
        .map(existing -> existing.withTags(TagChanges.managed(existing.tags(), alarm.tags())))).toList();
  }

  /** The metric alarms of those names (at most 100, DescribeAlarms' limit) that exist, with their tags. */
  List<AlarmSpec> find(List<String> names) {
    List<MetricAlarm> alarms = cloudWatch.describeAlarmsPaginator(b -> b.alarmNames(names)
        .alarmTypes(AlarmType.METRIC_ALARM)).metricAlarms().stream().filter(a -> names.contains(a.alarmName())).toList();
    List<Supplier<AlarmSpec>> specs = alarms.stream().map(a -> AttributeReads.start(() -> {
      Map<String, String> tags = new TreeMap<>();
      cloudWatch.listTagsForResource(b -> b.resourceARN(a.alarmArn())).tags().forEach(t -> tags.put(t.key(), t.value()));
      return AlarmConverters.flatten(a, tags);
    })).toList();
    return specs.stream().map(Supplier::get).toList();
  }

  @Override
  public void create(AlarmSpec desired) {
    cloudWatch.putMetricAlarm(AlarmConverters.expand(desired));
  }

  @Override
  public void update(AlarmSpec observed, AlarmSpec desired, Set<String> changed) {
    Set<String> alarm = new HashSet<>(changed);
    alarm.remove("tags");
    if (!alarm.isEmpty()) {
      cloudWatch.putMetricAlarm(AlarmConverters.expand(desired));
    }
    if (changed.contains("tags")) {
      TagChanges tags = TagChanges.between(observed.tags(), desired.tags());
      if (!tags.removed().isEmpty()) {
        cloudWatch.untagResource(b -> b.resourceARN(observed.arn()).tagKeys(tags.removed()));
      }
      if (!tags.set().isEmpty()) {
        cloudWatch.tagResource(b -> b.resourceARN(observed.arn()).tags(AlarmConverters.tags(tags.set())));
      }
    }
  }

  @Override
  public void delete(AlarmSpec observed) {
    cloudWatch.deleteAlarms(b -> b.alarmNames(observed.name()));
  }

  @Override
  public Map<String, String> outputs(AlarmSpec observed) {
    return Map.of("arn", observed.arn());
  }
}
