package dev.lakehouse.provision.resource;

import dev.lakehouse.config.Stack;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which of a resource's tags the stack manages, and the tag writes that bring those from what AWS
 * holds to what the config wants, for services that tag and untag by key (IAM, KMS, Glue, Athena,
 * SNS, CloudWatch): the keys to remove, and the tags to set (new keys and changed values). Both
 * sorted, so that requests are the same every run.
 *
 * <p>The stack manages the keys the config declares for the resource (the stack's tags, the
 * environment's, the resource's own), its own keys ({@link #OWN_KEYS}), and the keys the config
 * declared at the last apply, which the mark of the applied config records ({@link #recorded}): a
 * key dropped from the config is taken away by the next apply. Any other key is someone else's (a
 * cost tool's): readers keep it out of the spec, with {@link #managed}, so that it is never drift
 * and never planned, and writes leave it as it is. A key the mark does not record (its resource
 * last written by an earlier version, or the keys too many to fit in a tag's value) stays once the
 * config no longer declares it, as lakehouse cannot tell it from someone else's without a state file.
 */
public record TagChanges(List<String> removed, Map<String, String> set) {
  /**
   * The keys lakehouse itself writes, which it always manages: the ownership tags, an IAM role's
   * region, the mark of the applied config and the KMS key's alias tag. Another {@code lakehouse:}
   * key (one a later version writes) is left alone, as someone else's: a version of lakehouse never
   * takes away a newer one's tags.
   */
  public static final Set<String> OWN_KEYS =
      Set.of(Stack.PROJECT_TAG, Stack.ENV_TAG, Stack.REGION_TAG, Stack.APPLIED_TAG, "lakehouse:alias");

  /** How a key is written in the mark's list: a space in it as {@code @_}, an {@code @} as {@code @@}. */
  private static final char ESCAPE = '@';

  public TagChanges {
    removed = List.copyOf(removed);
    set = Collections.unmodifiableSortedMap(new TreeMap<>(set));
  }

  /**
   * The writes that bring the managed tags of {@code observed} to {@code desired}: only a managed
   * key can be removed, so tags the stack does not manage stay whether the reader kept them or not.
   */
  public static TagChanges between(Map<String, String> observed, Map<String, String> desired) {
    Set<String> recorded = recorded(observed);
    List<String> removed = observed.keySet().stream()
        .filter(key -> manages(recorded, desired, key) && !desired.containsKey(key)).sorted().toList();
    Map<String, String> set = new TreeMap<>();
    desired.forEach((key, value) -> {
      if (!value.equals(observed.get(key))) {
        set.put(key, value);
      }
    });
    return new TagChanges(removed, set);
  }

  /**
   * Whether the stack manages the tag {@code key} of a resource whose config wants {@code desired}
   * and whose tags in AWS ({@code tags}) carry a mark that records the keys {@code recorded}.
   */
  private static boolean manages(Set<String> recorded, Map<String, String> desired, String key) {
    return desired.containsKey(key) || OWN_KEYS.contains(key) || recorded.contains(key);
  }

  /**
   * Whether the stack manages the tag {@code key} of a resource whose tags in AWS are {@code tags}
   * (the mark of the applied config among them) and whose config wants {@code desired}.
   */
  public static boolean manages(Map<String, String> tags, Map<String, String> desired, String key) {
    return manages(recorded(tags), desired, key);
  }

  /** The tags of {@code tags} the stack manages on a resource whose config wants {@code desired}: what readers keep. */
  public static Map<String, String> managed(Map<String, String> tags, Map<String, String> desired) {
    Set<String> recorded = recorded(tags);
    return those(tags, key -> manages(recorded, desired, key));
  }

  /** The tags of {@code tags} the stack does not manage on a resource whose config wants {@code desired}. */
  public static Map<String, String> unmanaged(Map<String, String> tags, Map<String, String> desired) {
    Set<String> recorded = recorded(tags);
    return those(tags, key -> !manages(recorded, desired, key));
  }

  /**
   * The list of the config's keys among {@code keys} (lakehouse's own left out) that the mark
   * of the applied config records after its digest: sorted, one space between keys, a space
   * within a key written {@code @_} and an {@code @} written {@code @@} (tag values allow both
   * characters, and no other that tag keys lack). Empty when the config declares no key of its own.
   */
  public static String keyList(Collection<String> keys) {
    StringBuilder list = new StringBuilder();
    keys.stream().filter(key -> !OWN_KEYS.contains(key)).sorted().forEach(key -> {
      if (!list.isEmpty()) {
        list.append(' ');
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c == ESCAPE) {
          list.append(ESCAPE).append(ESCAPE);
        } else if (c == ' ') {
          list.append(ESCAPE).append('_');
        } else {
          list.append(c);
        }
      }
    });
    return list.toString();
  }

  /**
   * The keys the mark of the applied config among {@code tags} records (the value's words after
   * its digest, as {@link #keyList} writes them): those the config declared at the last apply.
   * Empty without a mark or a list in it.
   */
  public static Set<String> recorded(Map<String, String> tags) {
    String mark = tags.get(Stack.APPLIED_TAG);
    int from = mark == null ? -1 : mark.indexOf(' ');
    if (from < 0) {
      return Set.of();
    }
    Set<String> keys = new TreeSet<>();
    StringBuilder key = new StringBuilder();
    for (int i = from + 1; i <= mark.length(); i++) {
      char c = i == mark.length() ? ' ' : mark.charAt(i);
      if (c == ' ') {
        if (!key.isEmpty()) {
          keys.add(key.toString());
        }
        key.setLength(0);
      } else if (c == ESCAPE && i + 1 < mark.length()) {
        i++;
        key.append(mark.charAt(i) == '_' ? ' ' : mark.charAt(i));
      } else {
        key.append(c);
      }
    }
    return Collections.unmodifiableSet(keys);
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
