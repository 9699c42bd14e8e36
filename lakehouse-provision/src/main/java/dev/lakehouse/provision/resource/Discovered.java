package dev.lakehouse.provision.resource;

import dev.lakehouse.provision.engine.Address;
import java.util.Set;

/**
 * A resource the stack owns in the account that the config no longer declares; plans
 * delete it. {@code dependsOn} orders its deletion after the resources that use it.
 */
public record Discovered<S>(Address address, ResourceType<S> type, S observed, Set<Address> dependsOn) {}
