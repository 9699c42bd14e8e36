package dev.lakehouse.provision.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The OperationAborted retry: again after each pause, then S3's own answer. */
class ConflictRetryTest {
  private static final ConflictRetry QUICK = new ConflictRetry(List.of(Duration.ofMillis(1), Duration.ofMillis(1),
      Duration.ofMillis(1)));

  @Test
  void pausesShortlyAndDoublingForAFewAttempts() {
    assertThat(ConflictRetry.DEFAULT.pauses()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
        Duration.ofMillis(400), Duration.ofMillis(800));
  }

  @Test
  void callsAgainWhileS3AnswersOperationAborted() {
    AtomicInteger attempts = new AtomicInteger();

    QUICK.run(() -> {
      if (attempts.incrementAndGet() < 3) {
        throw error(409, "OperationAborted");
      }
    });

    assertThat(attempts).hasValue(3);
  }

  @Test
  void givesUpAfterTheLastPauseWithS3sLastAnswer() {
    List<S3Exception> thrown = new ArrayList<>();

    assertThatThrownBy(() -> QUICK.run(() -> {
      S3Exception aborted = error(409, "OperationAborted");
      thrown.add(aborted);
      throw aborted;
    })).isSameAs(thrown.get(thrown.size() - 1));

    assertThat(thrown).hasSize(4);
  }

  @Test
  void otherErrorsAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    S3Exception denied = error(403, "AccessDenied");

    assertThatThrownBy(() -> QUICK.run(() -> {
      attempts.incrementAndGet();
      throw denied;
    })).isSameAs(denied);

    assertThat(attempts).hasValue(1);
  }

  private static S3Exception error(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }
}
