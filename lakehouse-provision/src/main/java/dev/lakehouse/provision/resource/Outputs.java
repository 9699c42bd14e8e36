package dev.lakehouse.provision.resource;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** Whether a spec's JSON, or a part of it, still refers to a value known only after apply. */
  static boolean refersToUnknown(JsonNode json) {
    return json.toString().contains(UNKNOWN);
  }
}
