package dev.lakehouse.provision.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.lakeformation.model.InvalidInputException;
import software.amazon.awssdk.services.lakeformation.model.LakeFormationException;

/** The waiter retries exactly Lake Formation's "unknown principal" answers, and gives up clearly. */
class IamWaitersTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/acme-dev-analyst";
  private final IamWaiters waiters = new IamWaiters(Collections.nCopies(3, Duration.ZERO));

  @Test
  void retriesWhileLakeFormationDoesNotKnowTheRoleYet() {
    AtomicInteger calls = new AtomicInteger();
    String result = waiters.untilRoleUsable(ROLE, () -> {
      if (calls.incrementAndGet() < 3) {
        throw invalidInput(calls.get() == 1 ? "Invalid principal: " + ROLE : "Principal " + ROLE + " not found");
      }
      return "granted";
    });
    assertThat(result).isEqualTo("granted");
    assertThat(calls).hasValue(3);
  }

  @Test
  void anyOtherFailureIsTheCallersAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> waiters.untilRoleUsable(ROLE, () -> {
      calls.incrementAndGet();
      throw invalidInput("Permissions modification is invalid");
    })).isInstanceOf(InvalidInputException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void givesUpAfterTheLastPauseSayingWhy() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> waiters.untilRoleUsable(ROLE, () -> {
      calls.incrementAndGet();
      throw invalidInput("Invalid principal: " + ROLE);
    })).isInstanceOf(AwsFailure.class)
        .hasMessage("Cannot use IAM principal (" + ROLE + "): Lake Formation still rejects it after waiting 0s for "
            + "IAM to propagate it, so it probably does not exist (InvalidInputException: Invalid principal: " + ROLE
            + " [HTTP 400])");
    assertThat(calls).hasValue(4);
  }

  @Test
  void theDefaultPausesAddUpToAboutTwoMinutes() {
    assertThat(IamWaiters.DELAYS.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(113));
  }

  private static LakeFormationException invalidInput(String message) {
    return (LakeFormationException) InvalidInputException.builder().statusCode(400).message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidInputException").errorMessage(message).build())
        .build();
  }
}
