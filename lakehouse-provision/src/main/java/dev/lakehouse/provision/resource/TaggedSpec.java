package dev.lakehouse.provision.resource;

import java.util.Map;

/**
 * A spec of a kind of resource that carries tags, kept in its top-level {@code tags} map: what lets
 * the engine write the mark of the applied config with them ({@link ResourceType#withTag}).
 *
 * @param <S> the spec itself
 */
public interface TaggedSpec<S extends TaggedSpec<S>> {
  /** The tags the spec sets (or, read from AWS, those the stack manages). */
  Map<String, String> tags();

  /** The same spec with these tags. */
  S withTags(Map<String, String> tags);
}
