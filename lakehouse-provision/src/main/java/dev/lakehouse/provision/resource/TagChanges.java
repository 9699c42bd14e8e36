package dev.lakehouse.provision.resource;

import dev.lakehouse.config.Stack;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which of a resource's tags the stack manages, and the tag writes that bring those from what AWS
 * holds to what the config wants, for services that tag and untag by key (IAM, KMS, Glue, Athena,
 * SNS, CloudWatch): the keys to remove, and the tags to set (new keys and changed values). Both
 * sorted, so that requests are the same every run.
 *
 * <p>The stack manages the keys the config declares for the resource (the stack's tags, the
 * environment's, the resource's own) and its own keys ({@link #OWN_KEYS}). Any other key is
 * someone else's (a cost tool's): readers keep it out of the spec, with {@link #managed}, so that
 * it is never drift and never planned, and writes leave it as it is. A key the config declared
 * and no longer declares is, without a state file, not told from someone else's: it stays.
 */
public record TagChanges(List<String> removed, Map<String, String> set) {
  /**
   * The keys lakehouse itself writes, which it always manages: the ownership tags, the mark of the
   * applied config and the KMS key's alias tag. Another {@code lakehouse:} key (one a later version
   * writes) is left alone, as someone else's: a version of lakehouse never takes away a newer one's tags.
   */
  public static final Set<String> OWN_KEYS =
      Set.of(Stack.PROJECT_TAG, Stack.ENV_TAG, Stack.APPLIED_TAG, "lakehouse:alias");

  public TagChanges {
    removed = List.copyOf(removed);
    set = Collections.unmodifiableSortedMap(new TreeMap<>(set));
  }

  /**
   * The writes that bring the managed tags of {@code observed} to {@code desired}: only a managed
   * key can be removed, so tags the stack does not manage stay whether the reader kept them or not.
   */
  public static TagChanges between(Map<String, String> observed, Map<String, String> desired) {
    List<String> removed = observed.keySet().stream()
        .filter(key -> manages(desired, key) && !desired.containsKey(key)).sorted().toList();
    Map<String, String> set = new TreeMap<>();
    desired.forEach((key, value) -> {
      if (!value.equals(observed.get(key))) {
        set.put(key, value);
      }
    });
    return new TagChanges(removed, set);
  }

  /** Whether the stack manages the tag {@code key} of a resource whose config wants {@code desired}. */
  public static boolean manages(Map<String, String> desired, String key) {
    return desired.containsKey(key) || OWN_KEYS.contains(key);
  }

  /** The tags of {@code tags} the stack manages on a resource whose config wants {@code desired}: what readers keep. */
  public static Map<String, String> managed(Map<String, String> tags, Map<String, String> desired) {
    return those(tags, key -> manages(desired, key));
  }

  /** The tags of {@code tags} the stack does not manage on a resource whose config wants {@code desired}. */
  public static Map<String, String> unmanaged(Map<String, String> tags, Map<String, String> desired) {
    return those(tags, key -> !manages(desired, key));
  }

  private static Map<String, String> those(Map<String, String> tags, Predicate<String> kept) {
    Map<String, String> those = new TreeMap<>();
    tags.forEach((key, value) -> {
      if (kept.test(key)) {
        those.put(key, value);
      }
    });
    return those;
  }

  /**
   * The whole tag set to write where one call replaces every tag (S3's PutBucketTagging): the
   * config's tags with those the stack does not manage ({@code others}), which would be lost otherwise.
   */
  public static Map<String, String> wholeSet(Map<String, String> others, Map<String, String> desired) {
    Map<String, String> all = new TreeMap<>(others);
    all.putAll(desired);
    return all;
  }

  /** The tags with one more, {@code key} set to {@code value}. */
  public static Map<String, String> plus(Map<String, String> tags, String key, String value) {
    Map<String, String> all = new TreeMap<>(tags);
    all.put(key, value);
    return all;
  }
}
