package dev.lakehouse.maintenance.decide;

import dev.lakehouse.maintenance.athena.StatementKind;
import dev.lakehouse.maintenance.athena.TableWork;
import dev.lakehouse.maintenance.inspect.TableState;
import dev.lakehouse.maintenance.table.MaintainedTable;
import java.util.Arrays;
import java.util.List;

/**
 * What was decided for one table from its state: one decision per action, in the order they run.
 *
 * @param before the state decided from; null when the table could not be inspected
 * @param error why the table could not be inspected, else null
 * @param scope the actions considered ({@code --only}), for deciding again from the table as it is later
 */
public record TablePlan(MaintainedTable table, TableState before, List<Decision> decisions, String error,
    Scope scope) {
  public TablePlan {
    decisions = List.copyOf(decisions);
  }

  public TablePlan(MaintainedTable table, TableState before, List<Decision> decisions, Scope scope) {
    this(table, before, decisions, null, scope);
  }

  /**
   * A table that could not be inspected: every action is skipped (the report still shows all three,
   * in their order), and nothing runs.
   */
  public static TablePlan failed(MaintainedTable table, String error) {
    List<Decision> skipped = Arrays.stream(StatementKind.values())
        .map(kind -> Decision.skipped(kind, "not decided: the table could not be read")).toList();
    return new TablePlan(table, null, skipped, error, Scope.ALL);
  }

  public List<Decision> due() {
    return decisions.stream().filter(Decision::due).toList();
  }

  public boolean hasWork() {
    return !due().isEmpty();
  }

  public boolean refused() {
    return decisions.stream().anyMatch(d -> d.verdict() == Verdict.REFUSED);
  }

  /** The due statements, for the runner. */
  public TableWork work() {
    return new TableWork(table.database(), table.table(), due().stream().map(Decision::statement).toList());
  }
}
