package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Secrets;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.Suggestions;
import dev.lakehouse.config.model.WorkgroupConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The checks of one section of the config; shared helpers for the common kinds of check. */
abstract class Rules {
  /** The most tags AWS lets one resource carry. */
  static final int MAX_TAGS = 50;

  protected final Stack stack;
  protected final Problems problems;

  Rules(Stack stack, Problems problems) {
    this.stack = stack;
    this.problems = problems;
  }

  abstract void validate();

  /** False (and a problem) when the value is absent or blank. */
  protected boolean required(Object value, ConfigPath path) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      problems.add(path, "is required");
      return false;
    }
    return true;
  }

  protected boolean matches(String value, Pattern pattern, ConfigPath path, String rule) {
    if (value != null && !pattern.matcher(value).matches()) {
      problems.add(path, "'" + value + "' " + rule);
      return false;
    }
    return true;
  }

  /**
   * False (and a problem) when the ARN is of another partition than the stack's region
   * ({@code arn:aws:} in {@code cn-north-1}), which AWS refuses there, after the writes before it.
   */
  protected boolean inStackPartition(String arn, ConfigPath path, String what) {
    String partition = arn.substring("arn:".length(), arn.indexOf(':', "arn:".length()));
    if (partition.equals(stack.partition())) {
      return true;
    }
    problems.add(path, "'" + arn + "' is " + what + " of partition " + partition + ", but the stack's region "
        + stack.region() + " is in partition " + stack.partition() + ": write arn:" + stack.partition()
        + ": (or arn:${partition}:, which takes the region's)");
    return false;
  }

  protected void range(Integer value, int min, int max, ConfigPath path, String what) {
    if (value != null && (value < min || value > max)) {
      problems.add(path, what + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  protected void atLeast(Number value, long min, ConfigPath path, String what) {
    if (value != null && value.doubleValue() < min) {
      problems.add(path, what + " must be at least " + min + ", got " + value);
    }
  }

  /** A reference to a zone must name a declared zone. */
  protected boolean zoneExists(String zone, ConfigPath path) {
    if (zone != null && !stack.config().zones().containsKey(zone)) {
      problems.add(path, "unknown zone '" + zone + "'" + Suggestions.didYouMean(zone, zoneNames())
          + " (zones: " + String.join(", ", zoneNames()) + ")");
      return false;
    }
    return true;
  }

  /** A reference to a workgroup must name one declared under athena.workgroups. */
  protected boolean workgroupExists(String name, ConfigPath path) {
    List<String> workgroups = stack.config().athena() == null ? List.of()
        : stack.config().athena().workgroups().stream().map(WorkgroupConfig::name).toList();
    if (name != null && !workgroups.contains(name)) {
      problems.add(path, "unknown workgroup '" + name + "'" + Suggestions.didYouMean(name, workgroups)
          + "; declare it under athena.workgroups");
      return false;
    }
    return true;
  }

  protected Set<String> zoneNames() {
    return stack.config().zones().keySet();
  }

  /** Each element's key (by the function) appears once; later duplicates are reported. */
  protected <T> void unique(List<T> items, Function<T, String> key, ConfigPath listPath, String field, String what) {
    unique(items, key, listPath, field, what, null);
  }

  /**
   * As {@link #unique(List, Function, ConfigPath, String, String)}; with {@code why}, a duplicate also
   * names where the value was first written and says why it may appear only once.
   */
  protected <T> void unique(List<T> items, Function<T, String> key, ConfigPath listPath, String field, String what,
      String why) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String value = key.apply(items.get(i));
      Integer earlier = value == null ? null : first.putIfAbsent(value, i);
      if (earlier != null) {
        problems.add(listPath.index(i).key(field), "duplicate " + what + " '" + value + "'" + (why == null ? ""
            : " (also " + listPath.lastKey() + "[" + earlier + "]." + field + "): " + why));
      }
    }
  }

  /** Each value of a list of names appears once. */
  protected void uniqueValues(List<String> values, ConfigPath listPath, String what) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null && !seen.add(values.get(i))) {
        problems.add(listPath.index(i), "duplicate " + what + " '" + values.get(i) + "'");
      }
    }
  }

  protected void oneOf(String value, Collection<String> allowed, ConfigPath path, String what) {
    if (value != null && !allowed.contains(value)) {
      problems.add(path, "unknown " + what + " '" + value + "'" + Suggestions.didYouMean(value, allowed)
          + "; use one of " + String.join(", ", allowed));
    }
  }

  /**
   * A resource with tags of its own carries at most 50 with the stack's and lakehouse's own (the
   * two ownership tags and the mark of the applied config). Not checked when the stack's tags alone
   * are too many: that has its own problem.
   */
  protected void tagCount(Map<String, String> resourceTags, ConfigPath path, String what) {
    int count = stack.tagCountWith(resourceTags);
    if (count > MAX_TAGS && stack.tagCountWith(Map.of()) <= MAX_TAGS) {
      problems.add(path, what + " can carry at most " + MAX_TAGS + " tags, and these come to " + count
          + " with the stack's tags and lakehouse's own three");
    }
  }

  /** The characters every tagging API of the stack's services takes (S3, IAM, KMS, Athena, SNS, CloudWatch). */
  private static final Pattern TAG_CHARACTER = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]");
  private static final String TAG_CHARACTERS_RULE =
      "use letters, digits, spaces and _ . : / = + - @ only";

  /** The first character of the text that AWS does not take in a tag, described; null when there is none. */
  private static String firstCharacterNotInTags(String text) {
    return text.codePoints()
        .filter(c -> !TAG_CHARACTER.matcher(new String(Character.toChars(c))).matches())
        .mapToObj(c -> Character.isISOControl(c) || Character.isWhitespace(c)
            ? String.format("the character U+%04X", c) : "'" + new String(Character.toChars(c)) + "'")
        .findFirst().orElse(null);
  }

  protected void tags(Map<String, String> tags, ConfigPath path) {
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      ConfigPath at = path.key(tag.getKey());
      if (tag.getKey().isEmpty() || tag.getKey().length() > 128) {
        problems.addAtKey(at, "a tag key must be 1 to 128 characters long");
      } else if (tag.getKey().toLowerCase().startsWith("aws:")) {
        problems.addAtKey(at, "tag keys starting with 'aws:' are reserved by AWS");
      } else if (tag.getKey().startsWith("lakehouse:")) {
        problems.addAtKey(at, "tag keys starting with 'lakehouse:' are reserved for the stack's ownership tags");
      }
      String keyCharacter = firstCharacterNotInTags(tag.getKey());
      if (keyCharacter != null) {
        problems.addAtKey(at, "tag key '" + tag.getKey() + "' holds " + keyCharacter + ", which AWS refuses in tags: "
            + TAG_CHARACTERS_RULE);
      }
      if (tag.getValue().length() > 256) {
        problems.add(at, "a tag value must be at most 256 characters long");
      }
      String valueCharacter = firstCharacterNotInTags(tag.getValue());
      if (valueCharacter != null) {
        problems.add(at, "the tag value holds " + valueCharacter + ", which AWS refuses in tags: " + TAG_CHARACTERS_RULE);
      }
      // Anyone who may read the resource may read its tags, and every plan prints them.
      Secrets.credentialKind(tag.getValue()).ifPresent(kind -> problems.add(at,
          "a tag value must not be a credential, and this one looks like " + kind + " (not shown): anyone "
              + "who can read the resource can read its tags, and every plan prints them"));
    }
  }
}
