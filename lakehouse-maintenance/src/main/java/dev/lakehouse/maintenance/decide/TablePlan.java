package dev.lakehouse.maintenance.decide;

import dev.lakehouse.maintenance.athena.TableWork;
import dev.lakehouse.maintenance.inspect.TableState;
import dev.lakehouse.maintenance.table.MaintainedTable;
import java.util.List;

/** What was decided for one table from its state: one decision per action, in the order they run. */
public record TablePlan(MaintainedTable table, TableState before, List<Decision> decisions) {
  public TablePlan {
    decisions = List.copyOf(decisions);
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
