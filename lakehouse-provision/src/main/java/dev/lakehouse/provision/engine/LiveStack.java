package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.Suggestions;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Digests;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Ownership;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.Unmanaged;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A stack as read from the account: for each resource, what the config wants and what AWS
 * holds. Made by {@link Engine#read}; {@link #plan} turns it into a plan, and apply keeps
 * it current as it changes the account.
 */
public final class LiveStack {

  /** One resource: its type, what the config declares (null if nothing) and what AWS holds. */
  static final class Entry<S> {
    final Address address;
    final ResourceType<S> type;
    final Desired<S> desired;
    final Set<Address> dependsOn;
    final boolean discovered;
    private final List<String> foundNotes;
    private volatile Optional<S> observed;
    private volatile Boolean unfinished;
    /**
     * The JSON of the spec the config wants, kept from the read so that the plan does not build
     * it again; only for a spec that refers to no other resource's values (see {@link #keepJson}).
     */
    private volatile JsonNode specJson;

    Entry(Desired<S> desired, Optional<S> observed) {
      this.address = desired.address();
      this.type = desired.type();
      this.desired = desired;
      this.dependsOn = desired.dependsOn();
      this.discovered = false;
      this.foundNotes = List.of();
      this.observed = observed;
    }

    Entry(Discovered<S> discovered) {
      this.address = discovered.address();
      this.type = discovered.type();
      this.desired = null;
      this.dependsOn = discovered.dependsOn();
      this.discovered = true;
      this.foundNotes = discovered.notes();
      this.observed = Optional.ofNullable(discovered.observed());
    }

    Optional<S> observed() {
      return observed;
    }

    void observed(Optional<S> now) {
      observed = now;
      unfinished = null;
    }

    /**
     * Whether it is a declared resource an interrupted create of this stack left untagged (asked
     * once), given the outputs known now.
     */
    boolean unfinished(Outputs outputs) {
      if (unfinished == null) {
        try {
          unfinished = desired != null && observed.isPresent() && tags().map(Map::isEmpty).orElse(false)
              && type.unfinished(observed.get(), desiredSpec(outputs));
        } catch (SdkException e) {
          throw new AwsFailure("read", address.toString(), null, e);
        }
      }
      return unfinished;
    }

    /**
     * The JSON of {@code spec}, a spec the config wants for this resource ({@link #desiredSpec}):
     * the one the read kept when the config's spec refers to no other resource's values, and is
     * therefore the same whatever they are, else built.
     */
    JsonNode json(S spec) {
      JsonNode kept = specJson;
      return kept != null ? kept : Specs.toJson(spec);
    }

    /**
     * Keeps the JSON of the spec the read built with every other resource's values unknown, for
     * {@link #json}, when building it asked for none of them (with {@code outputFree}).
     */
    void keepJson(S spec, boolean outputFree) {
      if (outputFree) {
        specJson = Specs.toJson(spec);
      }
    }

    /** The spec the config wants, given the outputs known now; null when it is not declared. */
    S desiredSpec(Outputs outputs) {
      return desired == null ? null : desired.spec().apply(outputs);
    }

    Map<String, String> outputs() {
      return observed.map(type::outputs).orElse(Map.of());
    }

    List<String> notes() {
      return desired == null ? foundNotes : desired.notes();
    }

    Optional<Map<String, String>> tags() {
      return observed.flatMap(type::tags);
    }
  }

  private final Stack stack;
  private final Map<Address, Entry<?>> entries = new LinkedHashMap<>();
  private final List<Unmanaged> unmanaged;

  LiveStack(Stack stack, Collection<Entry<?>> entries) {
    this(stack, entries, List.of());
  }

  LiveStack(Stack stack, Collection<Entry<?>> entries, List<Unmanaged> unmanaged) {
    this.stack = stack;
    entries.forEach(entry -> this.entries.put(entry.address, entry));
    this.unmanaged = List.copyOf(unmanaged);
  }

  public Stack stack() {
    return stack;
  }

  Entry<?> entry(Address address) {
    return entries.get(address);
  }

  Collection<Entry<?>> entries() {
    return entries.values();
  }

  /** Every address, declared or found. */
  public Set<Address> addresses() {
    return entries.keySet();
  }

  /** Outputs of the resources as they are now; those that do not exist read as unknown. */
  Outputs outputs() {
    return (address, key) -> {
      Entry<?> entry = entries.get(address);
      String value = entry == null ? null : entry.outputs().get(key);
      return value == null ? Outputs.UNKNOWN : value;
    };
  }

  /**
   * Whether the existing resource is the stack's, by its tags; null when it does not exist. A
   * declared resource that an interrupted create of this stack left untagged counts as owned.
   */
  Ownership ownership(Entry<?> entry) {
    if (entry.observed().isEmpty()) {
      return null;
    }
    if (entry.discovered) {
      return Ownership.OWNED;
    }
    Ownership ownership = Ownership.of(entry.tags(), stack);
    return ownership == Ownership.FOREIGN && entry.unfinished(outputs()) ? Ownership.OWNED : ownership;
  }

  /**
   * Whether destroy may remove the resource: it carries the stack's ownership tags, or it carries
   * no tags and depends (directly or not) on a resource that does.
   */
  boolean destroyable(Entry<?> entry) {
    Ownership ownership = ownership(entry);
    if (ownership != Ownership.UNTAGGED) {
      return ownership == Ownership.OWNED;
    }
    Set<Address> seen = new LinkedHashSet<>();
    Deque<Address> todo = new ArrayDeque<>(entry.dependsOn);
    while (!todo.isEmpty()) {
      Entry<?> dependency = entries.get(todo.pop());
      if (dependency == null || !seen.add(dependency.address)) {
        continue;
      }
      if (ownership(dependency) == Ownership.OWNED) {
        return true;
      }
      todo.addAll(dependency.dependsOn);
    }
    return false;
  }

  /** The plan that would make the account match the config. */
  public Plan plan() {
    return plan(Set.of());
  }

  /**
   * The plan that would make the targeted resources, and everything they depend on, match the
   * config; every resource when {@code targets} is empty.
   */
  public Plan plan(Set<Address> targets) {
    Set<Address> scope = targets.isEmpty() ? entries.keySet() : withDependencies(targets);
    Outputs outputs = outputs();
    List<Planner.Input> inputs = new ArrayList<>();
    List<Plan.Drift> drift = new ArrayList<>();
    for (Entry<?> entry : entries.values()) {
      if (scope.contains(entry.address)) {
        Planner.Input input = input(entry, outputs);
        inputs.add(input);
        if (!entry.unfinished(outputs) && !leftByDestroy(entry)) {
          drift(input, entry).ifPresent(drift::add);
        }
      }
    }
    Plan plan = Planner.plan(inputs);
    return new Plan(plan.changes(), drift, List.of(), List.of(), targets.isEmpty() ? unmanaged : List.of());
  }

  /**
   * Attributes of an existing resource the stack owns that differ from the config, and why, as
   * far as the mark of the config last applied to it tells ({@link AppliedMark}): changed outside
   * lakehouse, or in the config since the last apply. Values only apply will know are left out,
   * and a spec that still holds one has no cause known.
   */
  private Optional<Plan.Drift> drift(Planner.Input input, Entry<?> entry) {
    if (input.desired() == null || input.observed() == null || input.ownership() == Ownership.FOREIGN) {
      return Optional.empty();
    }
    List<AttributeChange> attributes = new ArrayList<>();
    Map<String, String> renamedBack = new LinkedHashMap<>();
    input.renamed().forEach((to, from) -> renamedBack.put(from, to));
    for (AttributeChange change : AttributeDiff.between(input.desired(), input.observed(), Set.of(), renamedBack)) {
      if (change.before() == null || !Outputs.refersToUnknown(change.before())) {
        attributes.add(new AttributeChange(change.path(), change.before(), change.after(), false));
      }
    }
    if (attributes.isEmpty()) {
      return Optional.empty();
    }
    if (Outputs.refersToUnknown(input.desired())) {
      return Optional.of(new Plan.Drift(input.address(), attributes, AppliedMark.Cause.UNKNOWN));
    }
    JsonNode held = entry.observed().map(Specs::toJson).orElseThrow();
    AppliedMark.Cause cause = AppliedMark.cause(held, input.desired());
    if (cause == AppliedMark.Cause.UNKNOWN) {
      // Both changed since the last apply: told attribute by attribute where they changed different ones.
      Optional<Set<String>> edited = AppliedMark.editedAttributes(held, input.desired());
      if (edited.isPresent()) {
        Set<String> paths = attributes.stream().map(AttributeChange::path)
            .filter(path -> AppliedMark.isIn(path, edited.get())).collect(Collectors.toSet());
        return Optional.of(new Plan.Drift(input.address(), attributes, AppliedMark.Cause.OUTSIDE, paths));
      }
    }
    return Optional.of(new Plan.Drift(input.address(), attributes, cause));
  }

  private static <S> boolean leftByDestroy(Entry<S> entry) {
    return entry.observed().map(entry.type::leftByDestroy).orElse(false);
  }

  private <S> Planner.Input input(Entry<S> entry, Outputs outputs) {
    S desiredSpec = entry.desiredSpec(outputs);
    JsonNode desired = desiredSpec == null ? null : entry.json(desiredSpec);
    // The mark of the applied config is never shown, planned or compared: drift() reads it.
    JsonNode observed = entry.observed().map(Specs::toJson).map(AppliedMark::without).orElse(null);
    List<String> refusals = new ArrayList<>();
    if (desiredSpec != null) {
      refusals.addAll(entry.type.beyondLimits(desiredSpec));
    }
    if (desiredSpec != null && entry.observed().isPresent()) {
      refusals.addAll(entry.type.impossibleChanges(entry.observed().get(), desiredSpec));
    }
    Ownership ownership = ownership(entry);
    List<String> notes = new ArrayList<>(entry.notes());
    Map<String, String> renamed = Map.of();
    if (desiredSpec != null && entry.observed().isPresent()) {
      notes.addAll(entry.type.changeNotes(entry.observed().get(), desiredSpec));
      renamed = entry.type.renamedElements(entry.observed().get(), desiredSpec);
    }
    if (entry.unfinished(outputs)) {
      notes.add("an apply of this stack was cut short while creating it (it is untagged and empty): "
          + "this apply finishes it");
    }
    if (ownership == Ownership.FOREIGN && desiredSpec != null) {
      Ownership.otherStack(entry.tags(), stack).ifPresent(refusals::add);
    }
    return new Planner.Input(entry.address, desired, observed, entry.type.replacedWhenChanged(),
        entry.dependsOn, notes, refusals, ownership == null ? Ownership.OWNED : ownership, renamed);
  }

  /** The addresses and every resource they depend on, directly or not. */
  Set<Address> withDependencies(Set<Address> targets) {
    return closure(targets, address -> entries.get(address).dependsOn);
  }

  /** The addresses and every resource that depends on them, directly or not. */
  Set<Address> withDependents(Set<Address> targets) {
    Map<Address, Set<Address>> dependsOn = new LinkedHashMap<>();
    entries.values().forEach(e -> dependsOn.put(e.address, e.dependsOn));
    Map<Address, Set<Address>> dependents = DependencyGraph.dependents(dependsOn);
    return closure(targets, dependents::get);
  }

  private Set<Address> closure(Set<Address> start, java.util.function.Function<Address, Set<Address>> next) {
    Set<Address> result = new LinkedHashSet<>();
    Deque<Address> todo = new ArrayDeque<>(start);
    while (!todo.isEmpty()) {
      Address address = todo.pop();
      if (entries.containsKey(address) && result.add(address)) {
        todo.addAll(next.apply(address));
      }
    }
    return result;
  }

  /**
   * The addresses the user gave with {@code --target}, checked against the stack's resources.
   *
   * @throws Refused naming an unknown address and the closest known one
   */
  public Set<Address> targets(List<String> given) {
    Set<Address> targets = new LinkedHashSet<>();
    List<String> known = entries.keySet().stream().map(Address::toString).sorted().toList();
    for (String text : given) {
      Address address;
      try {
        address = Address.parse(text);
      } catch (IllegalArgumentException e) {
        throw new Refused("Cannot target " + text + ": " + e.getMessage());
      }
      if (!entries.containsKey(address)) {
        List<String> listed = Arrays.stream(text.split(",")).map(String::trim).toList();
        if (listed.size() > 1 && known.containsAll(listed)) {
          throw new Refused("Cannot target " + text + ": the stack has no resource at that address; --target takes "
              + "one address: give each as a --target of its own ("
              + listed.stream().map(each -> "--target " + each).collect(Collectors.joining(" ")) + ")");
        }
        // A grant's or a table's address cut short names several resources, none of them whole.
        List<String> under = known.stream().filter(k -> k.startsWith(text + ".")).toList();
        throw new Refused("Cannot target " + text + ": the stack has no resource at that address" + (under.isEmpty()
            ? Suggestions.didYouMean(text, known) + " (see the addresses in `lakehouse plan`)"
            : ", but " + under.size() + " under it (" + String.join(", ", under) + "); give each one you mean "
                + "as a --target of its own"));
      }
      targets.add(address);
    }
    return targets;
  }

  /**
   * A fingerprint of what AWS holds for the resource now: the SHA-256 of its observed spec and
   * outputs in canonical JSON (keys sorted), or {@code absent}. Saved plans keep these to tell
   * whether the account has moved since the plan was made.
   */
  public String fingerprint(Address address) {
    Entry<?> entry = entries.get(address);
    if (entry == null || entry.observed().isEmpty()) {
      return "absent";
    }
    ObjectNode document = Specs.mapper().createObjectNode();
    document.set("spec", Specs.toJson(entry.observed().get()));
    document.set("outputs", Specs.toJson(new TreeMap<>(entry.outputs())));
    return "sha256:" + Digests.sha256(Specs.canonical(document).toString());
  }
}
