package dev.lakehouse.maintenance.athena;

/**
 * What is due on a table once its lock is held. The work was decided from the table's metadata as
 * it was read before the lock was taken; another run may have held the lock meanwhile and done that
 * work, so the runner asks again right before the table's first statement.
 */
@FunctionalInterface
public interface Recheck {
  /** The work as it was decided. */
  Recheck NONE = planned -> planned;

  /**
   * The statements due on the table now: {@code planned}, or those decided again from the table as
   * it is now (possibly none). Called from worker threads, holding the table's lock.
   */
  TableWork underLock(TableWork planned);
}
