package dev.lakehouse.maintenance.athena;

import java.util.List;
import java.util.Objects;

/**
 * How one table went; lockedBy is non-null when another run held the table's lock (nothing ran).
 *
 * @param work the table and its statements
 * @param statements one outcome per statement of {@code work}, in the same order
 * @param lockedBy who held the table's lock, as {@link dev.lakehouse.maintenance.lock.TableLocks#holder} tells
 */
public record TableOutcome(TableWork work, List<StatementOutcome> statements, String lockedBy) {
  public TableOutcome {
    Objects.requireNonNull(work, "work");
    statements = List.copyOf(statements);
  }

  /** Whether every statement of the table succeeded. */
  public boolean succeeded() {
    return statements.stream().allMatch(outcome -> outcome.status().succeeded());
  }
}
