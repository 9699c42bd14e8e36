package dev.lakehouse.provision.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes of one resource's attributes that do not depend on each other (a bucket's encryption,
 * versioning and lifecycle), run side by side so that they cost about one round trip, not one
 * each. They run on a shared pool of {@value #THREADS} threads (enough for the seven writes of
 * four new buckets at once), apart from the engine's pool and
 * from {@link AttributeReads}, so a resource waiting for its writes never holds up the writes it
 * waits for. A write run here must not itself wait for other writes run here; writes that must
 * follow one another go into one task, in their order.
 *
 * <pre>{@code
 * AttributeWrites.all(List.of(
 *     () -> { putPublicAccessBlock(); putBucketPolicy(); },
 *     () -> putBucketEncryption(),
 *     () -> putBucketVersioning()));
 * }</pre>
 */
public final class AttributeWrites {
  static final int THREADS = 32;

  private static final ExecutorService POOL = AttributeReads.pool("lakehouse-attribute-write-", THREADS);

  private AttributeWrites() {}

  /**
   * Starts {@code write} now, beside what the caller does meanwhile; the runnable returned waits
   * for it to end and throws what it threw.
   */
  public static Runnable start(Runnable write) {
    Future<Void> started = POOL.submit(() -> {
      write.run();
      return null;
    });
    return () -> {
      Throwable failure = failure(started, List.of(started));
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
    };
  }

  /**
   * Runs every write and returns once none is running. When one fails, those not yet started are
   * not started, those running end, and the first failure in the order given is thrown as it was
   * thrown (an SDK exception stays that exception, for the engine's messages), the later ones
   * suppressed in it.
   */
  public static void all(List<Runnable> writes) {
    if (writes.size() <= 1) {
      writes.forEach(Runnable::run);
      return;
    }
    // Once a write has failed, those that have not started yet skip their work: a task that
    // is running cannot be taken back, so every task is waited for, and none is cancelled.
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Void>> started = new ArrayList<>();
    for (Runnable write : writes) {
      started.add(POOL.submit(() -> {
        if (stop.get()) {
          return null;
        }
        try {
          write.run();
          return null;
        } catch (RuntimeException | Error e) {
          stop.set(true);
          throw e;
        }
      }));
    }
    Throwable first = null;
    for (Future<Void> task : started) {
      Throwable failure = failure(task, started);
      if (failure != null && first == null) {
        first = failure;
      } else if (failure != null) {
        first.addSuppressed(failure);
      }
    }
    if (first instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (first instanceof Error error) {
      throw error;
    }
  }

  /** Waits for the task to end; what it threw, or null. Interrupted, it interrupts them all. */
  private static Throwable failure(Future<Void> task, List<Future<Void>> all) {
    try {
      task.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      all.forEach(other -> other.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing", e);
    }
  }
}
