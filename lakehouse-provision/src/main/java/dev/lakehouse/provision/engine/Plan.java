package dev.lakehouse.provision.engine;

import dev.lakehouse.provision.resource.Unmanaged;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code apply} would do, as data: one change per resource of the stack (no-ops
 * included), in the order apply would carry them out, and what the plan leaves alone
 * because the stack does not manage it, sorted by address. Printing is the renderers' job.
 */
public record Plan(List<Change> changes, List<Unmanaged> unmanaged) {
  public Plan {
    changes = List.copyOf(changes);
    unmanaged = unmanaged.stream().sorted(Comparator.comparing(Unmanaged::address)).toList();
  }

  public Plan(List<Change> changes) {
    this(changes, List.of());
  }

  public boolean hasChanges() {
    return changes.stream().anyMatch(c -> !c.isNoOp());
  }

  /** Resources to create, counting the create half of each replace. */
  public long toAdd() {
    return count(Action.CREATE) + count(Action.REPLACE);
  }

  public long toChange() {
    return count(Action.UPDATE);
  }

  /** Resources to delete, counting the delete half of each replace. */
  public long toDestroy() {
    return count(Action.DELETE) + count(Action.REPLACE);
  }

  private long count(Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  public Change change(Address address) {
    return changes.stream().filter(c -> c.address().equals(address)).findFirst().orElse(null);
  }
}
