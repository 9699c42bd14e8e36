package dev.lakehouse.maintenance.lock;

import java.time.Instant;

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
}
