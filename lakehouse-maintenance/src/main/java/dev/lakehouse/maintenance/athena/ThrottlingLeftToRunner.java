package dev.lakehouse.maintenance.athena;

import dev.lakehouse.aws.AwsErrors;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * A plugin for one Athena request ({@code overrideConfiguration(o -> o.addPlugin(...))}) that the
 * runner tries again itself when Athena throttles it: a start, a poll. The client's retry strategy
 * still retries the request's other failures (a 5xx, a lost connection), but a throttled attempt
 * ends the call at once: the runner waits its own backoff, keeps the table's lock alive and heeds
 * the statement timeout between two tries, which the SDK's own waits for a throttled call (seconds
 * each, several in a row) would not.
 */
final class ThrottlingLeftToRunner implements SdkPlugin {
  static final ThrottlingLeftToRunner PLUGIN = new ThrottlingLeftToRunner();

  private ThrottlingLeftToRunner() {}

  @Override
  public void configureClient(SdkServiceClientConfiguration.Builder config) {
    ClientOverrideConfiguration overrides = config.overrideConfiguration();
    RetryStrategy clients = overrides.retryStrategy().orElseGet(AwsRetryStrategy::defaultRetryStrategy);
    config.overrideConfiguration(overrides.toBuilder().retryStrategy(new Strategy(clients)).build());
  }

  /** {@code retries}, but for throttled attempts, which it does not retry. */
  static RetryStrategy notRetryingThrottling(RetryStrategy retries) {
    return new Strategy(retries);
  }

  private record Strategy(RetryStrategy retries) implements RetryStrategy {
    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
      return retries.acquireInitialToken(request);
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
      if (request.failure() instanceof SdkException failure && AwsErrors.isThrottling(failure)) {
        throw new TokenAcquisitionFailedException("Throttled: left to the maintenance runner", request.token(),
            request.failure());
      }
      return retries.refreshRetryToken(request);
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
      return retries.recordSuccess(request);
    }

    @Override
    public int maxAttempts() {
      return retries.maxAttempts();
    }

    @Override
    public boolean useClientDefaults() {
      return retries.useClientDefaults();
    }

    @Override
    public RetryStrategy.Builder<?, ?> toBuilder() {
      return new StrategyBuilder(retries.toBuilder());
    }
  }

  /** A builder of the wrapped strategy that builds it wrapped again. */
  private static final class StrategyBuilder implements RetryStrategy.Builder<StrategyBuilder, RetryStrategy> {
    private final RetryStrategy.Builder<?, ?> retries;

    StrategyBuilder(RetryStrategy.Builder<?, ?> retries) {
      this.retries = retries;
    }

    @Override
    public StrategyBuilder retryOnException(Predicate<Throwable> shouldRetry) {
      retries.retryOnException(shouldRetry);
      return this;
    }

    @Override
    public StrategyBuilder maxAttempts(int maxAttempts) {
      retries.maxAttempts(maxAttempts);
      return this;
    }

    @Override
    public StrategyBuilder backoffStrategy(BackoffStrategy backoffStrategy) {
      retries.backoffStrategy(backoffStrategy);
      return this;
    }

    @Override
    public StrategyBuilder throttlingBackoffStrategy(BackoffStrategy backoffStrategy) {
      retries.throttlingBackoffStrategy(backoffStrategy);
      return this;
    }

    @Override
    public StrategyBuilder treatAsThrottling(Predicate<Throwable> treatAsThrottling) {
      retries.treatAsThrottling(treatAsThrottling);
      return this;
    }

    @Override
    public StrategyBuilder useClientDefaults(boolean useClientDefaults) {
      retries.useClientDefaults(useClientDefaults);
      return this;
    }

    @Override
    public RetryStrategy build() {
      return new Strategy(retries.build());
    }
  }
}
