package dev.lakehouse.provision.resource;

import dev.lakehouse.provision.engine.Address;
import java.util.List;
import java.util.Set;

/**
 * A resource the stack owns in the account that the config no longer declares; plans
 * delete it. {@code dependsOn} orders its deletion after the resources that use it.
 *
 * <p>A resource the stack cannot delete (an e-mail subscription still pending confirmation,
 * which SNS refuses to unsubscribe) is found with {@link #noted}: the plan shows it as a
 * no-op with its notes, so the user learns of it without a change apply cannot make.
 *
 * @param observed what AWS holds; null for a resource that is only noted
 * @param notes why the plan does what it does with it
 */
public record Discovered<S>(
    Address address, ResourceType<S> type, S observed, Set<Address> dependsOn, List<String> notes) {

  public Discovered {
    dependsOn = Set.copyOf(dependsOn);
    notes = List.copyOf(notes);
  }

  public Discovered(Address address, ResourceType<S> type, S observed, Set<Address> dependsOn) {
    this(address, type, observed, dependsOn, List.of());
  }

  /** A resource found but left alone, with the notes that say why. */
  public static <S> Discovered<S> noted(Address address, ResourceType<S> type, List<String> notes) {
    return new Discovered<>(address, type, null, Set.of(), notes);
  }
}
