package dev.lakehouse.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.testkit.ManualClock;
import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The proxy in front of moto, driven by the real SDK clients. */
class AwsProxyIT {

    private static final String ASSUME_ROLE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"glue.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final MotoServer moto = MotoServer.shared();
    private AwsProxy proxy;
    private TestClients aws;

    @BeforeEach
    void start() {
        moto.reset();
        proxy = AwsProxy.start(moto);
        aws = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials())
                .withOverrideConfiguration(retries(4));
    }

    @AfterEach
    void stop() {
        aws.close();
        proxy.close();
    }

    @Test
    void keepsS3OnTheTimeOfTheTestsClock() {
        Instant start = Instant.parse("2030-01-02T03:04:05Z");
        ManualClock clock = new ManualClock(start);
        S3Clock.install(proxy, clock);
        aws.s3().createBucket(bucket -> bucket.bucket("lake"));
        aws.s3().putObject(put -> put.bucket("lake").key("a.lock"), RequestBody.fromString("a"));
        clock.advance(Duration.ofMinutes(20));

        GetObjectResponse read = aws.s3().getObjectAsBytes(get -> get.bucket("lake").key("a.lock")).response();
        Instant headed = aws.s3().headObject(head -> head.bucket("lake").key("a.lock")).lastModified();
        aws.s3().deleteObject(delete -> delete.bucket("lake").key("a.lock"));
        aws.s3().putObject(put -> put.bucket("lake").key("a.lock"), RequestBody.fromString("b"));
        clock.advance(Duration.ofMinutes(40));
        Instant rewritten = aws.s3().headObject(head -> head.bucket("lake").key("a.lock")).lastModified();

        assertThat(read.lastModified()).isEqualTo(start);
        assertThat(headed).isEqualTo(start);
        assertThat(read.sdkHttpResponse().firstMatchingHeader("Date")).contains("Wed, 2 Jan 2030 03:24:05 GMT");
        assertThat(rewritten).isEqualTo(start.plus(Duration.ofMinutes(20)));
    }

    @Test
    void passesS3ThroughWithLargeStreamingBodies() {
        byte[] data = new byte[1_500_000];
        new Random(7).nextBytes(data);

        aws.s3().createBucket(bucket -> bucket.bucket("lake"));
        aws.s3().putObject(put -> put.bucket("lake").key("raw/part-0.parquet"),
                RequestBody.fromInputStream(new ByteArrayInputStream(data), data.length));
        byte[] read = aws.s3().getObjectAsBytes(get -> get.bucket("lake").key("raw/part-0.parquet")).asByteArray();
        List<S3Object> listed = aws.s3().listObjectsV2(list -> list.bucket("lake").prefix("raw/")).contents();
        long length = aws.s3().headObject(head -> head.bucket("lake").key("raw/part-0.parquet")).contentLength();

        assertThat(read).isEqualTo(data);
        assertThat(listed).extracting(S3Object::key, S3Object::size).containsExactly(tuple("raw/part-0.parquet", 1_500_000L));
        assertThat(length).isEqualTo(1_500_000L);
        assertThat(proxy.requests()).extracting(RecordedRequest::service, RecordedRequest::operation, RecordedRequest::status)
                .containsExactly(
                        tuple("s3", "CreateBucket", 200),
                        tuple("s3", "PutObject", 200),
                        tuple("s3", "GetObject", 200),
                        tuple("s3", "ListObjectsV2", 200),
                        tuple("s3", "HeadObject", 200));
        assertThat(proxy.mutatingCount()).isEqualTo(2);
    }

    @Test
    void identifiesTheServiceAndOperationOfEveryProtocol() {
        aws.glue().createDatabase(create -> create.databaseInput(db -> db.name("sales")));
        String database = aws.glue().getDatabase(get -> get.name("sales")).database().name();
        aws.iam().createRole(create -> create.roleName("crawler").assumeRolePolicyDocument(ASSUME_ROLE_POLICY));
        String role = aws.iam().getRole(get -> get.roleName("crawler")).role().roleName();
        String account = aws.sts().getCallerIdentity().account();
        aws.kms().describeKey(describe -> describe.keyId(aws.kms().createKey().keyMetadata().keyId()));
        aws.sns().createTopic(create -> create.name("alarms"));
        aws.lakeFormation().getDataLakeSettings(get -> { });
        aws.athena().listWorkGroups(list -> { });
        aws.cloudWatch().describeAlarms();

        assertThat(List.of(database, role, account)).containsExactly("sales", "crawler", "123456789012");
        assertThat(proxy.requests()).extracting(RecordedRequest::service, RecordedRequest::operation, RecordedRequest::status)
                .containsExactly(
                        tuple("glue", "CreateDatabase", 200),
                        tuple("glue", "GetDatabase", 200),
                        tuple("iam", "CreateRole", 200),
                        tuple("iam", "GetRole", 200),
                        tuple("sts", "GetCallerIdentity", 200),
                        tuple("kms", "CreateKey", 200),
                        tuple("kms", "DescribeKey", 200),
                        tuple("sns", "CreateTopic", 200),
                        tuple("lakeformation", "GetDataLakeSettings", 200),
                        tuple("athena", "ListWorkGroups", 200),
                        tuple("cloudwatch", "DescribeAlarms", 200));
        assertThat(proxy.mutatingCount()).isEqualTo(4);
    }

    @Test
    void throttlesTheFirstTwoCallsAndTheSdkRetriesUntilItSucceeds() {
        FaultRule glue = proxy.rule().service("glue").operation("CreateDatabase").times(2).throttling();
        FaultRule iam = proxy.rule().service("iam").operation("CreateRole").times(2).throttling();
        FaultRule s3 = proxy.rule().service("s3").operation("CreateBucket").times(2).throttling();

        aws.glue().createDatabase(create -> create.databaseInput(db -> db.name("sales")));
        aws.iam().createRole(create -> create.roleName("crawler").assumeRolePolicyDocument(ASSUME_ROLE_POLICY));
        aws.s3().createBucket(bucket -> bucket.bucket("lake"));

        assertThat(List.of(glue.fired(), iam.fired(), s3.fired())).containsExactly(2, 2, 2);
        assertThat(proxy.requests()).extracting(RecordedRequest::operation, RecordedRequest::status).containsExactly(
                tuple("CreateDatabase", 400), tuple("CreateDatabase", 400), tuple("CreateDatabase", 200),
                tuple("CreateRole", 400), tuple("CreateRole", 400), tuple("CreateRole", 200),
                tuple("CreateBucket", 503), tuple("CreateBucket", 503), tuple("CreateBucket", 200));
        assertThat(aws.glue().getDatabase(get -> get.name("sales")).database().name()).isEqualTo("sales");
    }

    @Test
    void answersInternalFailuresInTheShapeTheSdkReads() {
        proxy.rule().service("glue").operation("GetDatabases").internalFailure();

        try (TestClients once = aws.withOverrideConfiguration(retries(1))) {
            assertThatThrownBy(() -> once.glue().getDatabases(get -> { }))
                    .isInstanceOfSatisfying(GlueException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                    });
        }
        assertThatThrownBy(() -> aws.glue().getDatabases(get -> { })).isInstanceOf(GlueException.class);
        assertThat(proxy.requests()).extracting(RecordedRequest::status).containsExactly(500, 500, 500, 500, 500);
    }

    @Test
    void answersModelledErrorsAsTheSdksTypedExceptions() {
        proxy.rule().service("glue").operation("GetDatabase").respondError(400, "AccessDeniedException", "not yours");
        proxy.rule().service("iam").operation("GetRole").respondError(404, "NoSuchEntity", "no such role");
        proxy.rule().service("s3").operation("GetBucketPolicy").respondError(403, "AccessDenied", "Access Denied");

        assertThatThrownBy(() -> aws.glue().getDatabase(get -> get.name("sales")))
                .isInstanceOf(AccessDeniedException.class).hasMessageStartingWith("not yours");
        assertThatThrownBy(() -> aws.iam().getRole(get -> get.roleName("crawler")))
                .isInstanceOf(NoSuchEntityException.class).hasMessageStartingWith("no such role");
        assertThatThrownBy(() -> aws.s3().getBucketPolicy(get -> get.bucket("lake")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
    }

    @Test
    void resetsTheConnectionAndTheSdkRetries() {
        FaultRule reset = proxy.rule().service("glue").operation("CreateDatabase").times(1).resetConnection();

        aws.glue().createDatabase(create -> create.databaseInput(db -> db.name("sales")));

        assertThat(reset.fired()).isEqualTo(1);
        assertThat(proxy.requests()).extracting(RecordedRequest::operation, RecordedRequest::status)
                .containsExactly(tuple("CreateDatabase", 0), tuple("CreateDatabase", 200));
    }

    @Test
    void delaysMatchingRequests() {
        proxy.rule().service("sts").latency(Duration.ofMillis(400));

        long started = System.nanoTime();
        aws.sts().getCallerIdentity();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void servesTheToolsParallelCalls() throws Exception {
        aws.glue().createDatabase(create -> create.databaseInput(db -> db.name("sales")));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> calls = IntStream.range(0, 20)
                    .mapToObj(i -> pool.submit(() -> aws.glue().createTable(create -> create.databaseName("sales")
                            .tableInput(table -> table.name("t" + i)))))
                    .<Future<?>>map(future -> future)
                    .toList();
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(aws.glue().getTables(get -> get.databaseName("sales")).tableList()).hasSize(20);
        assertThat(proxy.requests()).filteredOn(request -> request.operation().equals("CreateTable"))
                .hasSize(20).allMatch(request -> request.status() == 200);
    }

    @Test
    void clearsItsRecording() {
        aws.sts().getCallerIdentity();

        proxy.clearRecording();

        assertThat(proxy.requests()).isEmpty();
        assertThat(proxy.mutatingCount()).isZero();
    }

    /** Standard retries with a short fixed back-off, so fault tests stay fast. */
    static ClientOverrideConfiguration retries(int maxAttempts) {
        BackoffStrategy quick = BackoffStrategy.fixedDelay(Duration.ofMillis(20));
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(quick)
                        .throttlingBackoffStrategy(quick)
                        .circuitBreakerEnabled(false)
                        .build())
                .build();
    }
}
