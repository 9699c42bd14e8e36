package dev.lakehouse.maintenance.report;

import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.inspect.TableState;
import java.util.List;

/**
 * How one table went: the plan, each action, and the table's state after.
 *
 * @param after the state read again after the statements ran; null when none ran
 * @param lockedBy who held the table's lock when another run did, else null
 * @param error why the table could not be inspected (before or after), else null
 */
public record TableReport(
    TablePlan plan, List<ActionReport> actions, TableState after, String lockedBy, TableStatus status, String error) {
  public TableReport {
    actions = List.copyOf(actions);
  }
}
