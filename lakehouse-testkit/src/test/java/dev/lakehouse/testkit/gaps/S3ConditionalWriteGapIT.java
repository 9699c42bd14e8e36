package dev.lakehouse.testkit.gaps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Conditional writes through the gap filler: of racing creates of one key exactly one wins, as in S3. */
class S3ConditionalWriteGapIT {

    private static final String BUCKET = "conditional-writes";
    private static final int KEYS = 10;
    private static final int WRITERS = 4;

    private final MotoServer moto = MotoServer.shared();
    private AwsProxy proxy;
    private TestClients proxied;

    @BeforeEach
    void start() {
        moto.reset();
        proxy = AwsProxy.start(moto);
        S3ConditionalWriteGap.install(proxy);
        proxied = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials());
        proxied.s3().createBucket(create -> create.bucket(BUCKET));
    }

    @AfterEach
    void stop() {
        proxied.close();
        proxy.close();
    }

    @Test
    void letsExactlyOneOfRacingCreatesOfAKeyWin() throws Exception {
        S3Client s3 = proxied.s3();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int key = 0; key < KEYS; key++) {
                String name = "locks/table-" + key + ".lock";
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> writers = new ArrayList<>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    String body = "writer " + writer;
                    writers.add(pool.submit(() -> {
                        go.await();
                        try {
                            s3.putObject(put -> put.bucket(BUCKET).key(name).ifNoneMatch("*"), RequestBody.fromString(body));
                            return true;
                        } catch (S3Exception e) {
                            assertThat(e.statusCode()).isEqualTo(412);
                            return false;
                        }
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> writer : writers) {
                    won += writer.get() ? 1 : 0;
                }
                assertThat(won).as("winners for %s", name).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keepsMotosPreconditionsForOverwritesAndDeletes() {
        S3Client s3 = proxied.s3();
        String etag = s3.putObject(put -> put.bucket(BUCKET).key("k.lock").ifNoneMatch("*"), RequestBody.fromString("one"))
                .eTag();

        assertThatThrownBy(() -> s3.putObject(put -> put.bucket(BUCKET).key("k.lock").ifMatch("\"other\""),
                RequestBody.fromString("two")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> s3.deleteObject(delete -> delete.bucket(BUCKET).key("k.lock").ifMatch("\"other\"")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        String overwritten = s3.putObject(put -> put.bucket(BUCKET).key("k.lock").ifMatch(etag), RequestBody.fromString("two"))
                .eTag();
        s3.deleteObject(delete -> delete.bucket(BUCKET).key("k.lock").ifMatch(overwritten));

        assertThat(s3.listObjectsV2(list -> list.bucket(BUCKET)).contents()).isEmpty();
    }
}
