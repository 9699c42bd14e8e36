package dev.lakehouse.maintenance.lock;

import java.time.Instant;
import java.util.Optional;

/** A table's lock, held until {@link #close()} or until it expires. */
public interface TableLock extends AutoCloseable {
  /** Releases the lock if it is still ours (a run that took it over after it expired keeps it); never throws. */
  @Override
  void close();

  /**
   * Extends the lock by another time-to-live once more than half of it has passed, so that a long
   * statement does not let it expire; does nothing before that. False when the lock is no longer
   * ours (it expired and another run took it over).
   */
  boolean keepAlive();

  /** When the lock expires unless kept alive. */
  Instant expiresAt();

  /**
   * Writes the lock again naming {@code query} (null: none) as the query this run has running on the
   * table, which keeps it alive too; a write that fails for an AWS error is logged, and the lock keeps
   * what it named. False when the lock is no longer ours (it expired and another run took it over).
   */
  boolean naming(RunningQuery query);

  /**
   * The holder of the expired lock this one took over, when there was one (its run crashed or was
   * killed): the query it names may still be running in Athena. Empty for a lock created afresh.
   */
  Optional<LockHolder> tookOverFrom();
}
