package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    private final List<String> foundNotes;
    private volatile Optional<S> observed;

    Entry(Desired<S> desired, Optional<S> observed) {
      this.address = desired.address();
      this.type = desired.type();
      this.desired = desired;
      this.dependsOn = desired.dependsOn();
      this.foundNotes = List.of();
      this.observed = observed;
    }

    Entry(Discovered<S> discovered) {
      this.address = discovered.address();
      this.type = discovered.type();
      this.desired = null;
      this.dependsOn = discovered.dependsOn();
      this.foundNotes = discovered.notes();
      this.observed = Optional.ofNullable(discovered.observed());
    }

    Optional<S> observed() {
      return observed;
    }

    void observed(Optional<S> now) {
      observed = now;
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
  }

  private final Stack stack;
  private final Map<Address, Entry<?>> entries = new LinkedHashMap<>();

  LiveStack(Stack stack, Collection<Entry<?>> entries) {
    this.stack = stack;
    entries.forEach(entry -> this.entries.put(entry.address, entry));
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

  /** The plan that would make the account match the config. */
  public Plan plan() {
    Outputs outputs = outputs();
    List<Planner.Input> inputs = new ArrayList<>();
    for (Entry<?> entry : entries.values()) {
      inputs.add(input(entry, outputs));
    }
    return Planner.plan(inputs);
  }

  private static <S> Planner.Input input(Entry<S> entry, Outputs outputs) {
    S desiredSpec = entry.desiredSpec(outputs);
    JsonNode desired = Specs.toJson(desiredSpec);
    JsonNode observed = entry.observed().map(Specs::toJson).orElse(null);
    List<String> refusals = desiredSpec != null && entry.observed().isPresent()
        ? entry.type.impossibleChanges(entry.observed().get(), desiredSpec) : List.of();
    return new Planner.Input(entry.address, desired, observed, entry.type.replacedWhenChanged(),
        entry.dependsOn, entry.notes(), refusals);
  }
}
