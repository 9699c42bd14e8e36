package dev.lakehouse.provision.engine;

import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Unmanaged;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What {@code apply} (or {@code destroy}) would do, as data: one change per resource of the
 * stack (no-ops included), in the order apply would carry them out; apart from them, what was
 * changed outside lakehouse (drift), what a destroy keeps and why, and the data the changes
 * would lose, and what the plan leaves alone because the stack does not manage it (sorted by
 * address). Printing is the renderers' job.
 */
public record Plan(
    List<Change> changes, List<Drift> drift, List<Kept> kept, List<Risk> risks, List<Unmanaged> unmanaged) {

  /**
   * Attributes of a resource the stack owns that AWS holds otherwise than the config sets them,
   * and why, as far as the mark of the config last applied to it tells. Each attribute's
   * {@code before} is what the config sets, its {@code after} what AWS holds now. Where the config
   * and AWS both changed since the last apply, in different attributes, the cause is {@link
   * AppliedMark.Cause#OUTSIDE} and {@code edited} holds the paths of the attributes the config
   * edited ({@link #causeOf}).
   */
  public record Drift(Address address, List<AttributeChange> attributes, AppliedMark.Cause cause, Set<String> edited) {
    public Drift {
      attributes = List.copyOf(attributes);
      edited = Set.copyOf(edited);
    }

    public Drift(Address address, List<AttributeChange> attributes, AppliedMark.Cause cause) {
      this(address, attributes, cause, Set.of());
    }

    /** Why the attribute differs: the config's edit, or the resource's cause. */
    public AppliedMark.Cause causeOf(AttributeChange attribute) {
      return edited.contains(attribute.path()) ? AppliedMark.Cause.CONFIG : cause;
    }
  }

  /** A resource destroy leaves in place, and why. */
  public record Kept(Address address, String reason) {}

  /** Data a change would lose, and whether the user allowed that kind ({@code --allow-data-loss}). */
  public record Risk(Address address, DataRisk risk, boolean allowed) {}

  public Plan {
    changes = List.copyOf(changes);
    drift = List.copyOf(drift);
    kept = List.copyOf(kept);
    risks = List.copyOf(risks);
    unmanaged = unmanaged.stream().sorted(Comparator.comparing(Unmanaged::address)).toList();
  }

  public Plan(List<Change> changes, List<Drift> drift, List<Kept> kept, List<Risk> risks) {
    this(changes, drift, kept, risks, List.of());
  }

  public Plan(List<Change> changes) {
    this(changes, List.of(), List.of(), List.of());
  }

  /** This plan with the data risks of its changes. */
  public Plan withRisks(List<Risk> assessed) {
    return new Plan(changes, drift, kept, assessed, unmanaged);
  }

  public boolean hasChanges() {
    return changes.stream().anyMatch(c -> !c.isNoOp());
  }

  /** Resources to create, counting the create half of each replace. */
  public long toAdd() {
    return count(Action.CREATE) + count(Action.REPLACE);
  }

  /** Resources to change in place, counting those adopted (they gain the ownership tags at least). */
  public long toChange() {
    return count(Action.UPDATE) + count(Action.ADOPT);
  }

  /** Resources to delete, counting the delete half of each replace. */
  public long toDestroy() {
    return count(Action.DELETE) + count(Action.REPLACE);
  }

  public long toAdopt() {
    return count(Action.ADOPT);
  }

  private long count(Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  public Change change(Address address) {
    return changes.stream().filter(c -> c.address().equals(address)).findFirst().orElse(null);
  }
}
