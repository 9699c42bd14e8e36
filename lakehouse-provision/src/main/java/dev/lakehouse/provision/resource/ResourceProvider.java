package dev.lakehouse.provision.resource;

import dev.lakehouse.provision.engine.Address;
import java.util.List;
import java.util.Set;

/**
 * Turns one part of the config into desired resources (the S3 part into buckets, and so
 * on), and finds what the stack owns there that the config no longer declares.
 */
public interface ResourceProvider {

  /** The resources this part of the config declares. Makes no AWS call. */
  List<Desired<?>> desired(ProvisionContext context);

  /**
   * Resources of this part the stack owns in the account but does not declare (any more),
   * given every address the config declares. Most kinds have none to find: their names come
   * from the config alone.
   */
  default List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    return List.of();
  }

  /**
   * What sits in this part's place in the account that the config does not declare and the
   * stack did not make (tables pipelines created in a zone's database): plans show it as
   * unmanaged and leave it alone.
   */
  default List<Unmanaged> unmanaged(ProvisionContext context, Set<Address> declared) {
    return List.of();
  }

  /**
   * Both searches: what {@link #discover} and {@link #unmanaged} find. A provider whose two
   * searches look at the same things (the tables of the zones' databases) overrides this to
   * look once.
   */
  default Findings find(ProvisionContext context, Set<Address> declared) {
    return new Findings(discover(context, declared), unmanaged(context, declared));
  }

  /** What a provider found in the account beyond what the config declares. */
  record Findings(List<Discovered<?>> discovered, List<Unmanaged> unmanaged) {}
}
