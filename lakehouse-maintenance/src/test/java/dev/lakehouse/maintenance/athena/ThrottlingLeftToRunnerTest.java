package dev.lakehouse.maintenance.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

class ThrottlingLeftToRunnerTest {
  private static final RetryStrategy CLIENTS = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8)
      .circuitBreakerEnabled(false).build();

  private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code) {
    return builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("no").build())
        .statusCode(status).build();
  }

  private static RefreshRetryTokenRequest failed(RetryToken token, Throwable failure) {
    return RefreshRetryTokenRequest.builder().token(token).failure(failure).build();
  }

  @Test
  void doesNotRetryAThrottledAttempt() {
    RetryStrategy retries = ThrottlingLeftToRunner.notRetryingThrottling(CLIENTS);
    RetryToken token = retries.acquireInitialToken(AcquireInitialTokenRequest.create("athena")).token();

    assertThatThrownBy(() -> retries.refreshRetryToken(failed(token,
        error(TooManyRequestsException.builder(), 400, "TooManyRequestsException"))))
        .isInstanceOf(TokenAcquisitionFailedException.class);
    assertThatThrownBy(() -> retries.refreshRetryToken(failed(token,
        error(AthenaException.builder(), 400, "ThrottlingException"))))
        .isInstanceOf(TokenAcquisitionFailedException.class);
  }

  @Test
  void retriesOtherFailuresAsTheClientsStrategyDoes() {
    RetryStrategy retries = ThrottlingLeftToRunner.notRetryingThrottling(CLIENTS);
    RetryToken token = retries.acquireInitialToken(AcquireInitialTokenRequest.create("athena")).token();

    assertThat(retries.refreshRetryToken(failed(token, error(AthenaException.builder(), 500, "InternalServerException")))
        .token()).isNotNull();
    assertThat(retries.maxAttempts()).isEqualTo(8);
  }

  @Test
  void aStrategyRebuiltFromItStillLeavesThrottlingToTheRunner() {
    RetryStrategy rebuilt = ThrottlingLeftToRunner.notRetryingThrottling(CLIENTS).toBuilder().maxAttempts(3).build();
    RetryToken token = rebuilt.acquireInitialToken(AcquireInitialTokenRequest.create("athena")).token();

    assertThat(rebuilt.maxAttempts()).isEqualTo(3);
    assertThatThrownBy(() -> rebuilt.refreshRetryToken(failed(token,
        error(TooManyRequestsException.builder(), 400, "TooManyRequestsException"))))
        .isInstanceOf(TokenAcquisitionFailedException.class);
  }
}
