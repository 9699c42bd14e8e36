package dev.lakehouse.provision.iam;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.aws.AwsFailure;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Named waiters for IAM's eventual consistency.
 *
 * <p>IAM is eventually consistent across AWS: a role that {@code CreateRole} has just made is
 * visible to IAM's own reads at once, but other services learn of it only after it has
 * propagated, usually within seconds and sometimes after a minute or more. Until then Lake
 * Formation refuses calls that name it ({@code PutDataLakeSettings} with it as an admin,
 * {@code GrantPermissions} to it) with {@code InvalidInputException} saying the principal is
 * invalid or not found. Reading the role back cannot tell when that has happened, so the call
 * itself is retried, with growing pauses, while it fails with exactly that error; any other
 * failure is the caller's at once.
 */
public final class IamWaiters {
  /** About two minutes in all, the time Terraform's AWS provider allows IAM to propagate. */
  public static final List<Duration> DELAYS = List.of(
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5),
      Duration.ofSeconds(8), Duration.ofSeconds(13), Duration.ofSeconds(21), Duration.ofSeconds(30),
      Duration.ofSeconds(30));

  private final List<Duration> delays;

  public IamWaiters() {
    this(DELAYS);
  }

  /** With other pauses between attempts (tests pass zero pauses). */
  public IamWaiters(List<Duration> delays) {
    this.delays = List.copyOf(delays);
  }

  /**
   * Makes a Lake Formation call that names {@code principal}, again after each pause while Lake
   * Formation does not know the principal yet; returns its result.
   *
   * @throws AwsFailure when Lake Formation still rejects the principal after the last pause
   */
  public <T> T untilRoleUsable(String principal, Supplier<T> call) {
    SdkException last = null;
    for (int attempt = 0; attempt <= delays.size(); attempt++) {
      if (attempt > 0) {
        sleep(delays.get(attempt - 1));
      }
      try {
        return call.get();
      } catch (SdkException e) {
        if (!rejectsUnknownPrincipal(e)) {
          throw e;
        }
        last = e;
      }
    }
    throw new AwsFailure("use", "IAM principal", principal, "Lake Formation still rejects it after waiting "
        + total().toSeconds() + "s for IAM to propagate it, so it probably does not exist ("
        + AwsErrors.reason(last) + ")");
  }

  /** As {@link #untilRoleUsable(String, Supplier)}, for a call without a result. */
  public void untilRoleUsable(String principal, Runnable call) {
    untilRoleUsable(principal, () -> {
      call.run();
      return null;
    });
  }

  /** Lake Formation's answer to a principal it does not know (yet). */
  static boolean rejectsUnknownPrincipal(SdkException e) {
    if (!AwsErrors.hasCode(e, "InvalidInputException")) {
      return false;
    }
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return message.contains("invalid principal") || message.contains("not found");
  }

  private Duration total() {
    return delays.stream().reduce(Duration.ZERO, Duration::plus);
  }

  private static void sleep(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for IAM to propagate a principal", e);
    }
  }
}
