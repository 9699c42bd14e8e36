package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.resource.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The named waiter every write ends with: read the resource back until AWS reports what
 * was written (AWS is eventually consistent: a new bucket policy or role may take a moment
 * to show), and fail, naming the attributes, if it never does.
 */
final class ReadBack {
  static final List<Duration> DELAYS = List.of(
      Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

  private ReadBack() {}

  /** Reads until the resource matches the spec; returns what AWS holds. */
  static <S> S untilConverged(Address address, ResourceType<S> type, S spec, List<Duration> delays) {
    JsonNode wanted = Specs.toJson(spec);
    Optional<S> observed = Optional.empty();
    List<AttributeChange> differences = List.of();
    for (Duration delay : delays) {
      sleep(delay);
      observed = type.readAfterWrite(spec);
      if (observed.isPresent()) {
        differences = AttributeDiff.between(Specs.toJson(observed.get()), wanted, Set.of());
        if (differences.isEmpty()) {
          return observed.get();
        }
      }
    }
    String id = address.toString();
    if (observed.isEmpty()) {
      throw new AwsFailure("verify", id, null, "it does not exist after it was written");
    }
    AttributeChange first = differences.get(0);
    throw new AwsFailure("verify", id, null, "after the write AWS reports " + first.path() + " = "
        + first.before() + ", not " + first.after()
        + (differences.size() > 1 ? " (and " + (differences.size() - 1) + " more differences)" : ""));
  }

  /** Waits until the resource is gone. */
  static <S> void untilGone(Address address, ResourceType<S> type, S spec, List<Duration> delays) {
    for (Duration delay : delays) {
      sleep(delay);
      if (type.read(spec).isEmpty()) {
        return;
      }
    }
    throw new AwsFailure("verify", address.toString(), null, "it still exists after it was deleted");
  }

  private static void sleep(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for AWS to show a write", e);
    }
  }
}
