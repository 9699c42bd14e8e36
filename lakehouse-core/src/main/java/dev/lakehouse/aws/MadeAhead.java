package dev.lakehouse.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A value made once: ahead of its first use, on a daemon thread of its own ({@link #start}), or
 * else by its first user ({@link #get}); every user waits for the one making under way. What
 * making it throws, every user gets.
 */
final class MadeAhead<T> {
  private final String threadName;
  private final Supplier<T> maker;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<T> value = new CompletableFuture<>();

  MadeAhead(String threadName, Supplier<T> maker) {
    this.threadName = threadName;
    this.maker = maker;
  }

  /** Whether making it has begun. */
  boolean started() {
    return started.get();
  }

  /** Starts making it on a daemon thread, unless that has begun already. */
  void start() {
    if (started.compareAndSet(false, true)) {
      Thread thread = new Thread(this::make, threadName);
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The value, made here if no one started making it; waits for a making under way. */
  T get() {
    if (started.compareAndSet(false, true)) {
      make();
    }
    try {
      return value.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private void make() {
    try {
      value.complete(maker.get());
    } catch (RuntimeException | Error e) {
      value.completeExceptionally(e);
    }
  }
}
