package dev.lakehouse.maintenance.athena;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Waits between polls: from {@code initial}, doubling up to {@code max}, each spread by up to 20%
 * either way (never outside {@code initial..max}) so that many tables' polls do not fall in step.
 * Not thread-safe: one per query execution.
 */
final class Backoff {
  static final double JITTER = 0.2;

  private final long initialNanos;
  private final long maxNanos;
  private final DoubleSupplier random;
  private long baseNanos;

  /** {@code random} yields values in [0, 1). */
  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
    this.baseNanos = initialNanos;
  }

  /** The next wait. */
  Duration next() {
    long base = baseNanos;
    baseNanos = base > maxNanos / 2 ? maxNanos : Math.min(maxNanos, base * 2);
    double spread = 1 + JITTER * (2 * random.getAsDouble() - 1);
    long jittered = (long) (base * spread);
    return Duration.ofNanos(Math.max(initialNanos, Math.min(maxNanos, jittered)));
  }

  /** Starts over from {@code initial}. */
  void reset() {
    baseNanos = initialNanos;
  }
}
