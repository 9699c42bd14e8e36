package dev.lakehouse.provision.resource;

import dev.lakehouse.aws.AwsErrors;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads of one resource's attributes that do not depend on each other (a bucket's versioning,
 * encryption, policy, lifecycle and tags), started side by side so that a resource costs about
 * one round trip after the call that finds it, not one per attribute. They run on a shared pool of
 * {@value #THREADS} threads, enough for the nine reads of four buckets at once (an apply that makes
 * the canonical stack reads its four new buckets back at once; with fewer threads those reads
 * waited in turn, a round trip more for each wave), apart
 * from the engine's pool of resources, so a resource waiting for its attributes never holds up the
 * reads it waits for. A read started here must not itself wait for other reads started here (the
 * pool could fill with waiters).
 *
 * <pre>{@code
 * Supplier<String> versioning = AttributeReads.start(() -> s3.getBucketVersioning(...).statusAsString());
 * Supplier<Map<String, String>> tags = AttributeReads.start(() -> ...);
 * return new BucketSpec(name, versioning.get(), tags.get());
 * }</pre>
 */
public final class AttributeReads {
  private static final Logger LOG = LoggerFactory.getLogger(AttributeReads.class);
  static final int THREADS = 40;

  private static final ExecutorService POOL = pool("lakehouse-attribute-read-", THREADS);

  /** Threads for {@link #startAhead}: one read for each change the engine runs at once, by default. */
  private static final ExecutorService AHEAD = pool("lakehouse-read-ahead-", 20);

  private AttributeReads() {}

  /**
   * Starts {@code read} now; the supplier returned waits for it and gives its value, or throws
   * what it threw (an SDK exception stays that exception, for the caller's not-found handling).
   * A read whose value is never asked for still runs to its end, and its failure is dropped.
   */
  public static <T> Supplier<T> start(Supplier<T> read) {
    Future<T> future = POOL.submit(read::get);
    return () -> outcome(future);
  }

  /**
   * Like {@link #start}, on threads of their own: for a read that a write will wait on (the
   * ownership record read beside the grant it records, the look for an unnamed key beside
   * CreateKey, which itself starts reads on the shared pool, what a change prepares as the apply
   * starts), which on the shared pool would queue behind the attribute reads of every resource
   * being read back and come no earlier than the write.
   */
  public static <T> Supplier<T> startAhead(Supplier<T> read) {
    Future<T> future = AHEAD.submit(read::get);
    return () -> outcome(future);
  }

  /**
   * The value of what was begun ahead ({@code begun}, null when nothing was), or, when nothing was
   * begun or it failed, {@code now}'s: a failure is then the caller's own.
   */
  public static <T> T begunOrNow(Supplier<T> begun, Supplier<T> now) {
    if (begun != null) {
      try {
        return begun.get();
      } catch (RuntimeException e) {
        // Done again below.
      }
    }
    return now.get();
  }

  /**
   * The candidates whose tags carry every one of {@code wanted}, each with the tags read, in the
   * candidates' order: the tags of all of them read side by side, one {@code readTags} each. How a
   * provider looks through the account for what carries the stack's ownership tags. A candidate whose
   * tags the caller may not read (another team's, outside the names its policy grants) is not the
   * stack's, and is left out.
   */
  public static <T> Map<T, Map<String, String>> carrying(Collection<T> candidates,
      Function<T, Map<String, String>> readTags, Map<String, String> wanted) {
    Map<T, Supplier<Map<String, String>>> reads = new LinkedHashMap<>();
    candidates.forEach(candidate -> reads.put(candidate, start(() -> readable(candidate, readTags))));
    Map<T, Map<String, String>> carrying = new LinkedHashMap<>();
    reads.forEach((candidate, read) -> {
      Map<String, String> tags = read.get();
      if (tags != null && tags.entrySet().containsAll(wanted.entrySet())) {
        carrying.put(candidate, tags);
      }
    });
    return carrying;
  }

  /** The candidate's tags, or null when the caller may not read them. */
  private static <T> Map<String, String> readable(T candidate, Function<T, Map<String, String>> readTags) {
    try {
      return readTags.apply(candidate);
    } catch (SdkException e) {
      if (!AwsErrors.isAccessDenied(e)) {
        throw e;
      }
      LOG.debug("Cannot read the tags of {}: {}", candidate, e.getMessage());
      return null;
    }
  }

  /** Waits for {@code future} and gives its value, or throws what its task threw. */
  private static <T> T outcome(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A pool of daemon threads named {@code prefix<n>} that end after 10 idle seconds. */
  static ExecutorService pool(String prefix, int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
