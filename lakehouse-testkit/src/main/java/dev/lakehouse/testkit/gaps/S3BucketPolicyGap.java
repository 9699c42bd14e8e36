package dev.lakehouse.testkit.gaps;

import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3 bucket policies, which moto 5.2.1 enforces without their conditions: the TLS-only deny
 * ({@code "Condition": {"Bool": {"aws:SecureTransport": "false"}}}) that the stack puts on its
 * buckets makes moto refuse every object read and write, where AWS refuses only those over plain
 * HTTP. The tool reaches AWS over TLS, so the proxy keeps bucket policies itself and moto enforces
 * none: PUT, GET and DELETE {@code ?policy} as S3 documents them, {@code NoSuchBucket} (404) for a
 * bucket moto does not have, {@code MalformedPolicy} (400) for a body that is not a JSON object,
 * {@code NoSuchBucketPolicy} (404) for a bucket without one. A policy goes when its bucket is
 * deleted or moto is reset through the proxy.
 */
public final class S3BucketPolicyGap {
  private final Map<String, String> policies = new ConcurrentHashMap<>();
  private final URI upstream;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private S3BucketPolicyGap(URI upstream) {
    this.upstream = upstream;
  }

  /** Puts the gap filler in front of the proxy's upstream. */
  public static S3BucketPolicyGap install(AwsProxy proxy) {
    S3BucketPolicyGap gap = new S3BucketPolicyGap(proxy.target());
    proxy.observe(gap::forgetOnDeleteOrReset);
    proxy.serve(S3BucketPolicyGap::isPolicyRequest, gap::serve);
    return gap;
  }

  private static boolean isPolicyRequest(ProxiedRequest request) {
    return "s3".equals(request.service()) && "policy".equals(request.query()) && !bucket(request).isEmpty()
        && bucket(request).indexOf('/') < 0;
  }

  private void forgetOnDeleteOrReset(ProxiedRequest request) {
    if (request.isMotoReset()) {
      policies.clear();
    } else if ("s3".equals(request.service()) && request.method().equals("DELETE")
        && (request.query() == null || request.query().isEmpty()) && bucket(request).indexOf('/') < 0) {
      policies.remove(bucket(request));
    }
  }

  private Reply serve(ProxiedRequest request) {
    String bucket = bucket(request);
    if (!exists(bucket)) {
      return error(404, "NoSuchBucket", "The specified bucket does not exist", bucket);
    }
    switch (request.method()) {
      case "PUT":
        String policy = request.bodyAsString().trim();
        if (!policy.startsWith("{") || !policy.endsWith("}")) {
          return error(400, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'", bucket);
        }
        policies.put(bucket, policy);
        return Reply.empty(204);
      case "DELETE":
        policies.remove(bucket);
        return Reply.empty(204);
      default:
        String held = policies.get(bucket);
        return held == null ? error(404, "NoSuchBucketPolicy", "The bucket policy does not exist", bucket)
            : new Reply(200, "application/json", held.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Whether moto has the bucket: it answers an unsigned HEAD like S3, 200 or 404. */
  private boolean exists(String bucket) {
    HttpRequest head = HttpRequest.newBuilder(upstream.resolve("/" + bucket))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
    try {
      return http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot ask " + upstream + " whether bucket " + bucket + " exists", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking whether bucket " + bucket + " exists", e);
    }
  }

  private static Reply error(int status, String code, String message, String bucket) {
    return Reply.xml(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
        + message + "</Message><BucketName>" + bucket + "</BucketName></Error>");
  }

  /** The bucket of a path-style request ({@code /bucket?policy}). */
  private static String bucket(ProxiedRequest request) {
    String path = request.path().startsWith("/") ? request.path().substring(1) : request.path();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
