package dev.lakehouse.provision.resource;

import dev.lakehouse.provision.engine.Address;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A resource the config declares: its address, its type, the resources it needs first,
 * and how to build its spec from the outputs of those (so that a bucket's encryption can
 * name a key that apply has only just created). Notes are shown with its change in plans.
 * {@code adopt} is the config's {@code adopt: true}: apply may take the resource over when it
 * already exists without the stack's ownership tags.
 */
public record Desired<S>(
    Address address, ResourceType<S> type, Set<Address> dependsOn, Function<Outputs, S> spec, List<String> notes,
    boolean adopt) {

  public Desired {
    dependsOn = Set.copyOf(dependsOn);
    notes = List.copyOf(notes);
  }

  public Desired(Address address, ResourceType<S> type, Set<Address> dependsOn, Function<Outputs, S> spec,
      List<String> notes) {
    this(address, type, dependsOn, spec, notes, false);
  }

  /** This resource, which apply may adopt when {@code adopt} is true. */
  public Desired<S> adopting(boolean adopt) {
    return new Desired<>(address, type, dependsOn, spec, notes, adopt);
  }

  public static <S> Desired<S> of(Address address, ResourceType<S> type, Set<Address> dependsOn,
      Function<Outputs, S> spec) {
    return new Desired<>(address, type, dependsOn, spec, List.of());
  }
}
