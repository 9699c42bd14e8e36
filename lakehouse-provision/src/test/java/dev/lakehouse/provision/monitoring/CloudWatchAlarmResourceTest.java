package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.Stack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmResponse;
import software.amazon.awssdk.services.cloudwatch.model.Tag;
import software.amazon.awssdk.services.cloudwatch.model.TagResourceRequest;
import software.amazon.awssdk.services.cloudwatch.model.TagResourceResponse;
import software.amazon.awssdk.services.cloudwatch.model.UntagResourceRequest;
import software.amazon.awssdk.services.cloudwatch.model.UntagResourceResponse;

class CloudWatchAlarmResourceTest {
  private final Stack stack = CanonicalStack.dev();
  private final AlarmSpec wanted = AlarmConverters.fromConfig(stack, stack.config().monitoring().alarms(),
      CanonicalStack.TOPIC_ARN).get("slowQueries");

  /** A CloudWatch holding alarms as their PutMetricAlarm requests, with tags by ARN; records changes. */
  private static final class StubCloudWatch implements CloudWatchClient {
    final Map<String, MetricAlarm> alarms = new HashMap<>();
    final Map<String, List<Tag>> tags = new HashMap<>();
    final List<Object> changes = new ArrayList<>();

    @Override
    public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
      return DescribeAlarmsResponse.builder()
          .metricAlarms(request.alarmNames().stream().filter(alarms::containsKey).map(alarms::get).toList())
          .build();
    }

    @Override
    public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
      return ListTagsForResourceResponse.builder().tags(tags.getOrDefault(request.resourceARN(), List.of())).build();
    }

    @Override
    public PutMetricAlarmResponse putMetricAlarm(PutMetricAlarmRequest request) {
      changes.add(request);
      return PutMetricAlarmResponse.builder().build();
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
      changes.add(request);
      return TagResourceResponse.builder().build();
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
      changes.add(request);
      return UntagResourceResponse.builder().build();
    }

    @Override
    public DeleteAlarmsResponse deleteAlarms(DeleteAlarmsRequest request) {
      changes.add(request);
      return DeleteAlarmsResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "monitoring";
    }

    @Override
    public void close() {
    }
  }

  @Test
  void readsTheAlarmWithItsTags() {
    StubCloudWatch cloudWatch = new StubCloudWatch();
    cloudWatch.alarms.put(wanted.name(), AlarmConvertersTest.described(AlarmConverters.expand(wanted), wanted.arn()));
    cloudWatch.tags.put(wanted.arn(), AlarmConverters.tags(wanted.tags()));
    assertThat(new CloudWatchAlarmResource(cloudWatch).read(wanted)).contains(wanted);
    assertThat(new CloudWatchAlarmResource(new StubCloudWatch()).read(wanted)).isEmpty();
  }

  @Test
  void anyChangeButTagsRewritesTheWholeAlarm() {
    StubCloudWatch cloudWatch = new StubCloudWatch();
    new CloudWatchAlarmResource(cloudWatch).update(wanted, wanted, Set.of("threshold"));
    assertThat(cloudWatch.changes).containsExactly(AlarmConverters.expand(wanted));
  }

  @Test
  void tagsAloneGoThroughTagAndUntag() {
    StubCloudWatch cloudWatch = new StubCloudWatch();
    Map<String, String> drifted = new HashMap<>(wanted.tags());
    drifted.remove("Owner");
    drifted.put("lakehouse:alias", "yes");
    drifted.put("cost-tool", "team42");
    AlarmSpec observed = new AlarmSpec(wanted.name(), wanted.description(), wanted.metric(), wanted.queries(),
        wanted.comparisonOperator(), wanted.threshold(), wanted.evaluationPeriods(), wanted.datapointsToAlarm(),
        wanted.treatMissingData(), wanted.actionsEnabled(), wanted.alarmActions(), wanted.okActions(),
        wanted.insufficientDataActions(), drifted, wanted.arn());
    new CloudWatchAlarmResource(cloudWatch).update(observed, wanted, Set.of("tags"));
    assertThat(cloudWatch.changes).containsExactly(
        UntagResourceRequest.builder().resourceARN(wanted.arn()).tagKeys("lakehouse:alias").build(),
        TagResourceRequest.builder().resourceARN(wanted.arn())
            .tags(Tag.builder().key("Owner").value("data-platform").build()).build());
  }

  @Test
  void deletesByName() {
    StubCloudWatch cloudWatch = new StubCloudWatch();
    new CloudWatchAlarmResource(cloudWatch).delete(wanted);
    assertThat(cloudWatch.changes).containsExactly(DeleteAlarmsRequest.builder().alarmNames("acme-dev-slowQueries")
        .build());
  }
}
