package dev.lakehouse.provision.resource;

import dev.lakehouse.provision.engine.Address;

/**
 * Values of other resources a spec refers to (the KMS key's ARN in a bucket's encryption).
 * At plan time a resource that does not exist yet has no values: they read as
 * {@link #UNKNOWN}, shown in plans as such and settled during apply.
 */
@FunctionalInterface
public interface Outputs {
  String UNKNOWN = "(known after apply)";

  /** The output, or {@link #UNKNOWN} when the resource does not exist yet. */
  String get(Address address, String key);
}
