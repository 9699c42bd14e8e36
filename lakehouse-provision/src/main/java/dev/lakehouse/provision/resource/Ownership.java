package dev.lakehouse.provision.resource;

import dev.lakehouse.config.Stack;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a resource in the account is the stack's own, as its ownership tags
 * ({@code lakehouse:project}, {@code lakehouse:env}) tell. lakehouse keeps no state file: these
 * tags are how it knows what it may change, adopt or destroy.
 */
public enum Ownership {
  /** It carries the stack's ownership tags, or a provider found it as the stack's. */
  OWNED,
  /** Its kind carries tags, but it lacks the stack's ownership tags: someone else's until adopted. */
  FOREIGN,
  /**
   * Its kind carries no tags (Lake Formation grants and settings): it belongs to
   * the stack when the config declares it, and destroy removes it only when it depends on a
   * resource the stack owns.
   */
  UNTAGGED;

  /** The ownership of a resource with these tags (empty: a kind without tags) for the stack's ownership tags. */
  public static Ownership of(Optional<Map<String, String>> tags, Map<String, String> ownershipTags) {
    if (tags.isEmpty()) {
      return UNTAGGED;
    }
    return tags.get().entrySet().containsAll(ownershipTags.entrySet()) ? OWNED : FOREIGN;
  }

  /** The other lakehouse stack ({@code project/env}) whose ownership tags the resource carries, if any. */
  public static Optional<String> otherStack(Optional<Map<String, String>> tags) {
    return tags.flatMap(t -> {
      String project = t.get(Stack.PROJECT_TAG);
      String env = t.get(Stack.ENV_TAG);
      return project == null || env == null ? Optional.empty() : Optional.of(project + "/" + env);
    });
  }

  /** The ownership tags as {@code key=value, ...}, for messages. */
  public static String describe(Map<String, String> ownershipTags) {
    return ownershipTags.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }
}
