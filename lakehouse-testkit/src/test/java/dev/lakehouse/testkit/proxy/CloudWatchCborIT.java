package dev.lakehouse.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DashboardEntry;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/** The SDK's CloudWatch client, which speaks RPC v2 CBOR, against moto through the translating proxy. */
class CloudWatchCborIT {

    private static final Dimension TABLE = Dimension.builder().name("Table").value("sales.orders").build();
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:lakehouse-alarms";

    private final MotoServer moto = MotoServer.shared();
    private AwsProxy proxy;
    private TestClients aws;
    private CloudWatchClient cloudWatch;

    @BeforeEach
    void start() {
        moto.reset();
        proxy = AwsProxy.start(moto);
        aws = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials())
                .withOverrideConfiguration(AwsProxyIT.retries(3));
        cloudWatch = aws.cloudWatch();
    }

    @AfterEach
    void stop() {
        aws.close();
        proxy.close();
    }

    @Test
    void putsDescribesAndDeletesAnAlarm() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        cloudWatch.putMetricAlarm(alarm -> alarm.alarmName("orders-small-files")
                .alarmDescription("Too many small files in sales.orders")
                .namespace("Lakehouse/Iceberg").metricName("SmallFileCount").dimensions(TABLE)
                .statistic(Statistic.MAXIMUM).period(300).evaluationPeriods(3).datapointsToAlarm(2)
                .threshold(1500.5).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData("notBreaching").alarmActions(TOPIC).okActions(TOPIC));

        List<MetricAlarm> alarms = cloudWatch.describeAlarms(describe -> describe.alarmNames("orders-small-files"))
                .metricAlarms();

        assertThat(alarms).hasSize(1);
        MetricAlarm alarm = alarms.get(0);
        assertThat(alarm.alarmDescription()).isEqualTo("Too many small files in sales.orders");
        assertThat(alarm.namespace()).isEqualTo("Lakehouse/Iceberg");
        assertThat(alarm.metricName()).isEqualTo("SmallFileCount");
        assertThat(alarm.dimensions()).containsExactly(TABLE);
        assertThat(alarm.statistic()).isEqualTo(Statistic.MAXIMUM);
        assertThat(alarm.period()).isEqualTo(300);
        assertThat(alarm.evaluationPeriods()).isEqualTo(3);
        assertThat(alarm.datapointsToAlarm()).isEqualTo(2);
        assertThat(alarm.threshold()).isEqualTo(1500.5);
        assertThat(alarm.comparisonOperator()).isEqualTo(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        assertThat(alarm.treatMissingData()).isEqualTo("notBreaching");
        assertThat(alarm.alarmActions()).containsExactly(TOPIC);
        assertThat(alarm.okActions()).containsExactly(TOPIC);
        assertThat(alarm.alarmArn()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-small-files");
        assertThat(alarm.alarmConfigurationUpdatedTimestamp()).isBetween(before, Instant.now().plusSeconds(1));

        cloudWatch.deleteAlarms(delete -> delete.alarmNames("orders-small-files"));

        assertThat(cloudWatch.describeAlarms(describe -> { }).metricAlarms()).isEmpty();
        assertThat(proxy.requests()).extracting(RecordedRequest::service, RecordedRequest::operation).containsExactly(
                tuple("cloudwatch", "PutMetricAlarm"), tuple("cloudwatch", "DescribeAlarms"),
                tuple("cloudwatch", "DeleteAlarms"), tuple("cloudwatch", "DescribeAlarms"));
    }

    @Test
    void putsGetsAndListsADashboard() {
        String body = "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":6,\"height\":3,"
                + "\"properties\":{\"markdown\":\"Lakehouse\"}}]}";

        List<?> validation = cloudWatch.putDashboard(put -> put.dashboardName("lakehouse").dashboardBody(body))
                .dashboardValidationMessages();
        String read = cloudWatch.getDashboard(get -> get.dashboardName("lakehouse")).dashboardBody();
        List<DashboardEntry> listed = cloudWatch.listDashboards(list -> { }).dashboardEntries();

        assertThat(validation).isEmpty();
        assertThat(read).isEqualTo(body);
        assertThat(listed).extracting(DashboardEntry::dashboardName).containsExactly("lakehouse");
        assertThat(listed.get(0).size()).isEqualTo(body.length());
        assertThat(listed.get(0).lastModified()).isNotNull();
    }

    @Test
    void putsMetricDataAndReadsItBack() {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
        cloudWatch.putMetricData(put -> put.namespace("Lakehouse/Maintenance").metricData(
                filesRewritten(minute, 40.0), filesRewritten(minute.plusSeconds(60), 2.5)));

        List<Metric> metrics = cloudWatch.listMetrics(list -> list.namespace("Lakehouse/Maintenance")).metrics();
        MetricDataQuery query = MetricDataQuery.builder().id("rewritten").metricStat(stat -> stat
                        .metric(metric -> metric.namespace("Lakehouse/Maintenance").metricName("FilesRewritten")
                                .dimensions(TABLE))
                        .period(60).stat("Sum"))
                .build();
        GetMetricDataResponse data = cloudWatch.getMetricData(get -> get
                .startTime(minute.minus(Duration.ofMinutes(1))).endTime(minute.plus(Duration.ofMinutes(3)))
                .metricDataQueries(query));

        assertThat(metrics).extracting(Metric::metricName, Metric::dimensions)
                .containsExactly(tuple("FilesRewritten", List.of(TABLE)));
        MetricDataResult result = data.metricDataResults().get(0);
        assertThat(result.id()).isEqualTo("rewritten");
        assertThat(result.values()).containsExactlyInAnyOrder(40.0, 2.5);
        assertThat(result.timestamps()).containsExactlyInAnyOrder(minute, minute.plusSeconds(60));
    }

    private static MetricDatum filesRewritten(Instant timestamp, double value) {
        return MetricDatum.builder().metricName("FilesRewritten").dimensions(TABLE).timestamp(timestamp).value(value)
                .unit(StandardUnit.COUNT).build();
    }

    @Test
    void acceptsMetricDataTheSdkCompresses() {
        List<MetricDatum> data = IntStream.range(0, 400)
                .mapToObj(i -> MetricDatum.builder().metricName("SnapshotCount")
                        .dimensions(Dimension.builder().name("Table").value("sales.orders_" + i).build())
                        .value((double) i).unit(StandardUnit.COUNT).build())
                .toList();

        FaultRule gzipped = proxy.rule().operation("PutMetricData")
                .when(request -> request.header("Content-Encoding").filter("gzip"::equals).isPresent())
                .latency(Duration.ofMillis(1));

        cloudWatch.putMetricData(put -> put.namespace("Lakehouse/Iceberg").metricData(data));

        assertThat(gzipped.fired()).isEqualTo(1);
        assertThat(cloudWatch.listMetrics(list -> list.namespace("Lakehouse/Iceberg")).metrics()).hasSize(400);
    }

    @Test
    void tagsAnAlarm() {
        cloudWatch.putMetricAlarm(alarm -> alarm.alarmName("tagged").namespace("Lakehouse").metricName("Errors")
                .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        String arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:tagged";

        cloudWatch.tagResource(tag -> tag.resourceARN(arn).tags(
                Tag.builder().key("stack").value("prod").build(), Tag.builder().key("owner").value("data").build()));

        assertThat(cloudWatch.listTagsForResource(list -> list.resourceARN(arn)).tags())
                .extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(tuple("stack", "prod"), tuple("owner", "data"));
    }

    @Test
    void reportsAMissingDashboardAsTheSdksTypedException() {
        assertThatThrownBy(() -> cloudWatch.getDashboard(get -> get.dashboardName("missing")))
                .isInstanceOfSatisfying(DashboardNotFoundErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Dashboard does not exist");
                });
    }

    @Test
    void throttlesCloudWatchInCborAndTheSdkRetries() {
        FaultRule throttle = proxy.rule().service("cloudwatch").operation("ListDashboards").times(2).throttling();

        assertThat(cloudWatch.listDashboards(list -> { }).dashboardEntries()).isEmpty();
        assertThat(throttle.fired()).isEqualTo(2);
        assertThat(proxy.requests()).extracting(RecordedRequest::status).containsExactly(400, 400, 200);
    }
}
