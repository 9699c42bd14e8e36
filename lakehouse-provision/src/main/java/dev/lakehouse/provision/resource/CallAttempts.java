package dev.lakehouse.provision.resource;

import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Tells whether the SDK sent one call more than once: given to a call as its metric publisher
 * ({@code overrideConfiguration(o -> o.addMetricPublisher(attempts))}), it hears the call's retry
 * count as the call ends, before the call returns or throws. For a create that AWS cannot tell a
 * retry of (KMS's CreateKey takes no client token), a retry means an earlier attempt, whose answer
 * was lost or came too late, may have made one too.
 */
public final class CallAttempts implements MetricPublisher {
  private volatile int retries;

  @Override
  public void publish(MetricCollection metrics) {
    retries = Math.max(retries, metrics.metricValues(CoreMetric.RETRY_COUNT).stream()
        .mapToInt(Integer::intValue).max().orElse(0));
  }

  /**
   * Runs a create given this publisher, taking the "already exists" AWS answers a retry of it as
   * the create's own: an earlier attempt made the thing and its answer was lost. The same answer
   * to a call sent once is thrown: the thing was there before.
   */
  public void create(Class<? extends RuntimeException> alreadyExists, Runnable create) {
    try {
      create.run();
    } catch (RuntimeException e) {
      if (!alreadyExists.isInstance(e) || !retried()) {
        throw e;
      }
    }
  }

  /** Whether the call was sent more than once. */
  public boolean retried() {
    return retries > 0;
  }

  @Override
  public void close() {
    // Holds nothing.
  }
}
