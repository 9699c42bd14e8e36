package dev.lakehouse.provision.resource;

import dev.lakehouse.config.Stack;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a resource in the account is the stack's own, as its ownership tags
 * ({@code lakehouse:project}, {@code lakehouse:env}) tell. lakehouse keeps no state file: these
 * tags are how it knows what it may change, adopt or destroy. A resource whose name is the same in
 * every region (an IAM role) also carries the region of the deployment that made it
 * ({@code lakehouse:region}): the same stack applied in another region of the account does not own
 * it. One made before lakehouse wrote that tag is the stack's in any region, as it was then.
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

  /** The ownership of a resource with these tags (empty: a kind without tags) for the stack. */
  public static Ownership of(Optional<Map<String, String>> tags, Stack stack) {
    if (tags.isEmpty()) {
      return UNTAGGED;
    }
    return carriesOwnershipTags(tags.get(), stack) && otherRegion(tags.get(), stack).isEmpty() ? OWNED : FOREIGN;
  }

  private static boolean carriesOwnershipTags(Map<String, String> tags, Stack stack) {
    return tags.entrySet().containsAll(stack.ownershipTags().entrySet());
  }

  /** The region of another deployment of the stack that made the resource, if its tags name one. */
  private static Optional<String> otherRegion(Map<String, String> tags, Stack stack) {
    String region = tags.get(Stack.REGION_TAG);
    return region == null || region.equals(stack.region()) ? Optional.empty() : Optional.of(region);
  }

  /**
   * Why a resource with these tags, which carries tags but not as the stack's own, cannot be taken
   * over: it is another lakehouse stack's, or this stack's in another region; empty when it is no
   * lakehouse stack's (it may be adopted).
   */
  public static Optional<String> otherStack(Optional<Map<String, String>> tags, Stack stack) {
    return tags.flatMap(t -> {
      String project = t.get(Stack.PROJECT_TAG);
      String env = t.get(Stack.ENV_TAG);
      if (project == null || env == null) {
        return Optional.empty();
      }
      if (carriesOwnershipTags(t, stack)) {
        return otherRegion(t, stack).map(region -> "it belongs to this stack's deployment in " + region
            + " (by its tag " + Stack.REGION_TAG + "), and an IAM role's name is the same in every region: give "
            + "each region's roles names of their own (${region} in iam.roles[].name)");
      }
      return Optional.of("it belongs to the lakehouse stack " + project + "/" + env + " (by its ownership tags); "
          + "lakehouse never takes over another stack's resources");
    });
  }

  /** Why destroy leaves a resource with these tags that is not the stack's. */
  public static String notOwned(Optional<Map<String, String>> tags, Stack stack) {
    Optional<String> region = tags.flatMap(t -> carriesOwnershipTags(t, stack) ? otherRegion(t, stack)
        : Optional.empty());
    return region.map(r -> "it is this stack's deployment in " + r + "'s (by its tag " + Stack.REGION_TAG + ")")
        .orElse("it is not this stack's: it lacks the ownership tags " + describe(stack.ownershipTags()));
  }

  /** The ownership tags as {@code key=value, ...}, for messages. */
  public static String describe(Map<String, String> ownershipTags) {
    return ownershipTags.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }
}
