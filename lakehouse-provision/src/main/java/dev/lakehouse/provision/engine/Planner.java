package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.provision.resource.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses what to do with each resource from what the config wants and what AWS holds. A
 * pure function: no AWS, no printing, the same answer for the same input.
 */
public final class Planner {
  private Planner() {}

  /**
   * One resource as the planner sees it.
   *
   * @param desired the spec the config wants, as JSON; null when the config no longer declares it
   * @param observed the spec AWS holds, as JSON; null when it does not exist
   * @param ownership whether the existing resource is the stack's; a {@link Ownership#FOREIGN} one is adopted
   * @param renamed elements of desired that are elements of observed under another key, by their
   *     paths ({@link ResourceType#renamedElements})
   */
  public record Input(
      Address address,
      JsonNode desired,
      JsonNode observed,
      Set<String> replaceOn,
      Set<Address> dependsOn,
      List<String> notes,
      List<String> refusals,
      Ownership ownership,
      Map<String, String> renamed) {

    public Input(Address address, JsonNode desired, JsonNode observed, Set<String> replaceOn, Set<Address> dependsOn,
        List<String> notes, List<String> refusals) {
      this(address, desired, observed, replaceOn, dependsOn, notes, refusals, Ownership.OWNED);
    }

    public Input(Address address, JsonNode desired, JsonNode observed, Set<String> replaceOn, Set<Address> dependsOn,
        List<String> notes, List<String> refusals, Ownership ownership) {
      this(address, desired, observed, replaceOn, dependsOn, notes, refusals, ownership, Map.of());
    }
  }

  /**
   * The plan: a change per resource, ordered as apply carries them out: creations and
   * updates after what they depend on, then deletions, each before what it depends on.
   */
  public static Plan plan(List<Input> inputs) {
    Map<Address, Set<Address>> dependsOn = new LinkedHashMap<>();
    Map<Address, Change> changes = new LinkedHashMap<>();
    for (Input input : inputs) {
      dependsOn.put(input.address(), input.dependsOn());
      changes.put(input.address(), change(input));
    }
    List<Address> order = DependencyGraph.order(dependsOn);
    List<Change> ordered = new ArrayList<>();
    for (Address address : order) {
      if (changes.get(address).action() != Action.DELETE) {
        ordered.add(changes.get(address));
      }
    }
    for (int i = order.size() - 1; i >= 0; i--) {
      if (changes.get(order.get(i)).action() == Action.DELETE) {
        ordered.add(changes.get(order.get(i)));
      }
    }
    return new Plan(ordered);
  }

  static Change change(Input input) {
    JsonNode desired = input.desired();
    JsonNode observed = input.observed();
    if (desired == null && observed == null) {
      return new Change(input.address(), Action.NO_OP, null, null, List.of(), input.notes(), List.of());
    }
    if (desired == null) {
      return new Change(input.address(), Action.DELETE, observed, null, List.of(), input.notes(), List.of());
    }
    if (observed == null) {
      return new Change(input.address(), Action.CREATE, null, desired, List.of(), input.notes(), input.refusals());
    }
    List<AttributeChange> attributes = AttributeDiff.between(observed, desired, input.replaceOn(), input.renamed());
    if (input.ownership() == Ownership.FOREIGN) {
      return adoption(input, attributes);
    }
    Action action = attributes.isEmpty() ? Action.NO_OP
        : attributes.stream().anyMatch(AttributeChange::forcesReplacement) ? Action.REPLACE : Action.UPDATE;
    List<String> notes = new ArrayList<>(input.notes());
    if (action == Action.REPLACE) {
      attributes.stream().filter(AttributeChange::forcesReplacement).findFirst().ifPresent(a ->
          notes.add(a.path() + " cannot change in place, so the resource is replaced"));
    }
    return new Change(input.address(), action, observed, desired, attributes, notes,
        action == Action.NO_OP ? List.of() : input.refusals());
  }

  /**
   * A resource the config names that exists without the stack's ownership tags: adopted, never
   * silently taken over, and never replaced (that would delete what is not the stack's).
   */
  private static Change adoption(Input input, List<AttributeChange> attributes) {
    List<String> notes = new ArrayList<>(input.notes());
    notes.add("exists, but without this stack's ownership tags: apply --adopt (or adopt: true in the config) "
        + "takes it over");
    List<String> refusals = new ArrayList<>(input.refusals());
    attributes.stream().filter(AttributeChange::forcesReplacement).findFirst().ifPresent(a -> refusals.add(
        "adopting it would replace it (" + a.path() + " cannot change in place), and lakehouse never deletes "
            + "what is not the stack's"));
    return new Change(input.address(), Action.ADOPT, input.observed(), input.desired(), attributes, notes, refusals);
  }
}
