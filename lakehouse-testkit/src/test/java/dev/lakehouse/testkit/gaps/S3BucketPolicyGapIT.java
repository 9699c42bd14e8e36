package dev.lakehouse.testkit.gaps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A bucket with the TLS-only policy takes object writes through the gap filler, as it does on AWS
 * over TLS; moto alone refuses them, because it ignores the policy's condition.
 */
class S3BucketPolicyGapIT {
  private static final String TLS_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\","
      + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::tls-only\","
      + "\"arn:aws:s3:::tls-only/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";

  private final MotoServer moto = MotoServer.shared();
  private AwsProxy proxy;
  private TestClients direct;
  private TestClients proxied;

  @BeforeEach
  void start() {
    moto.reset();
    proxy = AwsProxy.start(moto);
    S3BucketPolicyGap.install(proxy);
    direct = TestClients.of(moto);
    proxied = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials());
  }

  @AfterEach
  void stop() {
    proxied.close();
    direct.close();
    proxy.close();
  }

  @Test
  void motoAloneRefusesObjectWritesUnderTheTlsOnlyPolicy() {
    S3Client s3 = direct.s3();
    s3.createBucket(b -> b.bucket("tls-only"));
    s3.putBucketPolicy(b -> b.bucket("tls-only").policy(TLS_ONLY));
    assertThatThrownBy(() -> s3.putObject(b -> b.bucket("tls-only").key("k"), RequestBody.fromString("x")))
        .isInstanceOf(S3Exception.class).extracting(e -> ((S3Exception) e).statusCode()).isEqualTo(403);
  }

  @Test
  void throughTheGapThePolicyIsKeptAndObjectsAreWritten() {
    S3Client s3 = proxied.s3();
    s3.createBucket(b -> b.bucket("tls-only"));
    s3.putBucketPolicy(b -> b.bucket("tls-only").policy(TLS_ONLY));

    assertThat(s3.getBucketPolicy(b -> b.bucket("tls-only")).policy()).isEqualTo(TLS_ONLY);
    s3.putObject(b -> b.bucket("tls-only").key("k"), RequestBody.fromString("x"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("tls-only").key("k")).asUtf8String()).isEqualTo("x");

    s3.deleteBucketPolicy(b -> b.bucket("tls-only"));
    assertThatThrownBy(() -> s3.getBucketPolicy(b -> b.bucket("tls-only"))).satisfies(e -> code(e, "NoSuchBucketPolicy"));
  }

  @Test
  void aBucketThatDoesNotExistHasNoPolicy() {
    S3Client s3 = proxied.s3();
    assertThatThrownBy(() -> s3.putBucketPolicy(b -> b.bucket("missing").policy(TLS_ONLY)))
        .isInstanceOf(NoSuchBucketException.class);
    assertThatThrownBy(() -> s3.getBucketPolicy(b -> b.bucket("missing")))
        .isInstanceOf(NoSuchBucketException.class);
  }

  @Test
  void aPolicyGoesWithItsBucketAndWithAReset() throws Exception {
    S3Client s3 = proxied.s3();
    s3.createBucket(b -> b.bucket("tls-only"));
    s3.putBucketPolicy(b -> b.bucket("tls-only").policy(TLS_ONLY));
    s3.deleteBucket(b -> b.bucket("tls-only"));
    s3.createBucket(b -> b.bucket("tls-only"));
    assertThatThrownBy(() -> s3.getBucketPolicy(b -> b.bucket("tls-only"))).satisfies(e -> code(e, "NoSuchBucketPolicy"));

    s3.putBucketPolicy(b -> b.bucket("tls-only").policy(TLS_ONLY));
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.endpoint().resolve("/moto-api/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    s3.createBucket(b -> b.bucket("tls-only"));
    assertThatThrownBy(() -> s3.getBucketPolicy(b -> b.bucket("tls-only"))).satisfies(e -> code(e, "NoSuchBucketPolicy"));
  }

  @Test
  void aBodyThatIsNotAPolicyIsRefused() {
    S3Client s3 = proxied.s3();
    s3.createBucket(b -> b.bucket("tls-only"));
    assertThatThrownBy(() -> s3.putBucketPolicy(b -> b.bucket("tls-only").policy("not json")))
        .satisfies(e -> code(e, "MalformedPolicy"));
  }

  private static void code(Throwable e, String code) {
    assertThat(e).isInstanceOf(S3Exception.class);
    assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo(code);
  }
}
