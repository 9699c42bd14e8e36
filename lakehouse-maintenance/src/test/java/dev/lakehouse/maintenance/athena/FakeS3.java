package dev.lakehouse.maintenance.athena;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 for unit tests of the runner's table locks: one bucket's objects in memory, with the
 * conditional puts ({@code If-None-Match: *}, {@code If-Match}) and deletes ({@code If-Match}) the
 * locks make. Its answers carry no {@code Date}, so a lock's expiry is judged on the reader's clock.
 */
final class FakeS3 implements S3Client {
  private record StoredObject(byte[] body, String etag) {}

  private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
  private final AtomicInteger etags = new AtomicInteger();

  /** Writes {@code body} to {@code key} unconditionally, as a plain client would. */
  void write(String key, String body) {
    objects.put(key, new StoredObject(body.getBytes(StandardCharsets.UTF_8), nextEtag()));
  }

  /** The body of the object at {@code key}, if there is one. */
  Optional<String> body(String key) {
    return Optional.ofNullable(objects.get(key)).map(object -> new String(object.body(), StandardCharsets.UTF_8));
  }

  @Override
  public synchronized PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    StoredObject current = objects.get(request.key());
    if ("*".equals(request.ifNoneMatch()) && current != null) {
      throw refusal(412, "PreconditionFailed");
    }
    if (request.ifMatch() != null && (current == null || !current.etag().equals(request.ifMatch()))) {
      throw current == null ? noSuchKey() : refusal(412, "PreconditionFailed");
    }
    StoredObject written = new StoredObject(bytes(body), nextEtag());
    objects.put(request.key(), written);
    return PutObjectResponse.builder().eTag(written.etag()).build();
  }

  @Override
  public synchronized <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
    StoredObject current = objects.get(request.key());
    if (current == null) {
      throw noSuchKey();
    }
    GetObjectResponse response = (GetObjectResponse) GetObjectResponse.builder().eTag(current.etag())
        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(200).build()).build();
    try {
      return transformer.transform(response, AbortableInputStream.create(new ByteArrayInputStream(current.body())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
    StoredObject current = objects.get(request.key());
    if (current == null) {
      throw noSuchKey();
    }
    if (request.ifMatch() != null && !current.etag().equals(request.ifMatch())) {
      throw refusal(412, "PreconditionFailed");
    }
    objects.remove(request.key());
    return DeleteObjectResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "s3";
  }

  @Override
  public void close() {}

  private String nextEtag() {
    return "\"etag-" + etags.incrementAndGet() + "\"";
  }

  private static byte[] bytes(RequestBody body) {
    try (InputStream in = body.contentStreamProvider().newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static S3Exception refusal(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }

  private static NoSuchKeyException noSuchKey() {
    return (NoSuchKeyException) NoSuchKeyException.builder().statusCode(404)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").errorMessage("no such key").build()).build();
  }
}
