package dev.lakehouse.provision.s3;

import dev.lakehouse.aws.AwsErrors;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The named retry for one bucket configuration call that S3 answered with {@code 409
 * OperationAborted} ("A conflicting conditional operation is currently in progress against this
 * resource"), as it may while another change to the same bucket is under way: the bucket's settings
 * written side by side, or two applies at once. The SDK does not retry that code; the Terraform AWS
 * provider retries it for the same bucket calls. Each pause is taken once, in order, before the
 * next attempt; when S3 still answers so after the last, its exception is thrown as it came, so
 * the engine names the call (and AwsErrors says what to do).
 *
 * @param pauses the pauses before the second, third... attempt
 */
record ConflictRetry(List<Duration> pauses) {
  /** Five attempts over 1.5 s at most: 100 ms, doubling. */
  static final ConflictRetry DEFAULT = new ConflictRetry(List.of(
      Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800)));

  static final String CODE = "OperationAborted";

  ConflictRetry {
    pauses = List.copyOf(pauses);
  }

  /** Makes the call, again after each pause while S3 answers OperationAborted. */
  void run(Runnable call) {
    for (int attempt = 0; ; attempt++) {
      try {
        call.run();
        return;
      } catch (S3Exception e) {
        if (attempt == pauses.size() || !AwsErrors.hasCode(e, CODE)) {
          throw e;
        }
      }
      pause(pauses.get(attempt));
    }
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a bucket setting", e);
    }
  }
}
