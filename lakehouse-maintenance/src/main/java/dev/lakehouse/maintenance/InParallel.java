package dev.lakehouse.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Work on each of a list's items, a few at once, with the results in the list's order. */
public final class InParallel {
  private InParallel() {}

  /**
   * {@code work} applied to each item on at most {@code threads} threads, the results in the
   * items' order. The first item whose work throws ends it: that exception is thrown, and the
   * work not yet started is not started.
   *
   * @param what what the work is, for the error when the calling thread is interrupted
   */
  public static <T, R> List<R> map(List<T> items, int threads, String what, Function<T, R> work) {
    if (items.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()));
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> work.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
