package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.resource.Digests;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mark of the config last applied to a resource: a tag ({@value Stack#APPLIED_TAG}; for an
 * Iceberg table, a Glue table parameter of that name) whose value is the first 16 hex digits of the
 * SHA-256 of the resource's spec as the config set it, in canonical JSON, the mark itself left out;
 * on a tag, followed by the keys of the config's own tags ({@link TagChanges#keyList}), so that a
 * key the config drops later is known to be the stack's and taken away: all of them where the value
 * fits in a tag's {@value #VALUE_LIMIT} characters, else the shortest, as many as fit. apply writes
 * it with every create and update of a kind that carries tags (or, for tables, parameters), and
 * never on its own, so an apply that changes nothing still makes no call.
 *
 * <p>lakehouse keeps no state file, so without it a plan cannot tell why AWS differs from the
 * config. With it, a plan can: when the config's spec still has the digest of the mark, the config
 * is as it was at the last apply, and what differs was changed outside lakehouse (or left by an
 * apply that failed part-way); when what AWS holds has that digest, AWS is as the last apply left
 * it, and what differs is the config's edit. Plans and diffs never show the mark itself.
 */
public final class AppliedMark {

  /** Why a resource the stack owns differs from its config, as far as its mark tells. */
  public enum Cause {
    /** The config is as it was at the last apply: AWS was changed since, outside lakehouse. */
    OUTSIDE("outside"),
    /** AWS holds what the last apply wrote: the config has changed since. */
    CONFIG("config"),
    /**
     * Not known: the resource carries no mark (a kind without tags, or one last written by an
     * earlier version of lakehouse), or both the config and AWS have changed since the last apply.
     */
    UNKNOWN("unknown");

    private final String word;

    Cause(String word) {
      this.word = word;
    }

    /** The word of {@code plan --json}'s {@code cause}. */
    public String word() {
      return word;
    }
  }

  /** The attributes a mark may be in. */
  private static final List<String> FIELDS = List.of("tags", "glueParameters");

  private AppliedMark() {}

  /** The longest value a tag holds, in every service that tags resources of the stack. */
  static final int VALUE_LIMIT = 256;

  /**
   * The mark's value for a spec (as JSON): the digest of the spec without any mark it carries, and
   * after it, for a spec with tags, the list of the config's keys among them, or of as many of the
   * shortest as fit in a tag's value.
   */
  public static String of(JsonNode spec) {
    String digest = Digests.sha256(Specs.canonical(without(spec)).toString(), 8);
    JsonNode tags = spec == null ? null : spec.get("tags");
    if (tags == null || !tags.isObject()) {
      return digest;
    }
    List<String> keys = new ArrayList<>();
    tags.fieldNames().forEachRemaining(keys::add);
    String list = TagChanges.keyList(keys);
    if (digest.length() + 1 + list.length() <= VALUE_LIMIT) {
      return list.isEmpty() ? digest : digest + " " + list;
    }
    // Too many to list them all: the shortest, as many as fit, so that the most keys can be taken
    // away once dropped; an unlisted key stays on the resource, as someone else's would.
    List<String> listed = new ArrayList<>();
    int length = digest.length();
    keys.sort(Comparator.comparingInt((String key) -> TagChanges.keyList(List.of(key)).length())
        .thenComparing(Comparator.naturalOrder()));
    for (String key : keys) {
      int entry = TagChanges.keyList(List.of(key)).length();
      if (entry > 0 && length + 1 + entry <= VALUE_LIMIT) {
        listed.add(key);
        length += 1 + entry;
      }
    }
    return listed.isEmpty() ? digest : digest + " " + TagChanges.keyList(listed);
  }

  /** The digest of a mark's value: its first word. */
  static String digest(String mark) {
    int end = mark.indexOf(' ');
    return end < 0 ? mark : mark.substring(0, end);
  }

  /**
   * The top-level attribute of the spec (as JSON) that holds its mark: {@code tags}, or an Iceberg
   * table's {@code glueParameters} (Glue tables carry no tags); empty when it carries none.
   */
  public static Optional<String> field(JsonNode spec) {
    for (String field : FIELDS) {
      JsonNode holder = spec == null ? null : spec.get(field);
      if (holder != null && holder.has(Stack.APPLIED_TAG)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  /** The mark the spec (as JSON) carries, if any. */
  public static Optional<String> in(JsonNode spec) {
    return field(spec).map(field -> spec.get(field).get(Stack.APPLIED_TAG)).filter(JsonNode::isTextual)
        .map(JsonNode::asText);
  }

  /** The spec (as JSON) without its mark: the same node when it carries none, else a copy. */
  public static JsonNode without(JsonNode spec) {
    Optional<String> field = field(spec);
    if (field.isEmpty()) {
      return spec;
    }
    ObjectNode copy = spec.deepCopy();
    ((ObjectNode) copy.get(field.get())).remove(Stack.APPLIED_TAG);
    return copy;
  }

  /**
   * Why AWS differs from the config for a resource: {@code observed} is what AWS holds, its mark
   * among its tags; {@code desired} what the config sets now, whose every value is known.
   */
  public static Cause cause(JsonNode observed, JsonNode desired) {
    Optional<String> mark = in(observed);
    if (mark.isEmpty()) {
      return Cause.UNKNOWN;
    }
    String applied = digest(mark.get());
    if (applied.equals(digest(of(desired)))) {
      return Cause.OUTSIDE;
    }
    return applied.equals(digest(of(observed))) ? Cause.CONFIG : Cause.UNKNOWN;
  }

  /** The most attributes that {@link #editedAttributes} tries the ways of sharing of. */
  static final int MOST_ATTRIBUTES_TRIED = 10;

  /**
   * The attributes the config edited, of a resource whose config and AWS have both changed since
   * its last apply ({@link #cause} is {@link Cause#UNKNOWN}), where each changed other attributes:
   * every other attribute that differs was changed outside lakehouse. The attributes are the spec's
   * top-level fields; within a field that is an object on both sides (the tags), its keys; and
   * within a field that is a list on both sides whose elements each have a unique {@code id},
   * {@code name} or {@code key} (a bucket's lifecycle rules), its elements: as attribute paths
   * ({@code versioning}, {@code tags.Owner}, {@code lifecycle[tier-down]}; {@link #isIn}). The spec
   * the last apply wrote took the config's value of each attribute AWS changed since, and AWS's value
   * of each the config changed, so of the ways to share the differing attributes between the two, the
   * one whose spec has the mark's digest is the one that happened. Empty when none or more than one
   * has it (an attribute changed by both, or a mark of an earlier version's making), when fewer than
   * two attributes differ, or more than {@value #MOST_ATTRIBUTES_TRIED}.
   */
  public static Optional<Set<String>> editedAttributes(JsonNode observed, JsonNode desired) {
    Optional<String> mark = in(observed);
    if (mark.isEmpty() || desired == null || !desired.isObject()) {
      return Optional.empty();
    }
    String applied = digest(mark.get());
    // A copy already: the spec carries a mark.
    ObjectNode held = (ObjectNode) without(observed);
    List<Attribute> differing = differing(held, desired);
    if (differing.size() < 2 || differing.size() > MOST_ATTRIBUTES_TRIED) {
      return Optional.empty();
    }
    Set<String> found = null;
    // Bit i set: the attribute was changed outside, and the last apply wrote the config's value.
    for (int outside = 1; outside < (1 << differing.size()) - 1; outside++) {
      ObjectNode written = held.deepCopy();
      Set<String> edited = new TreeSet<>();
      for (int i = 0; i < differing.size(); i++) {
        Attribute attribute = differing.get(i);
        if ((outside & (1 << i)) == 0) {
          edited.add(attribute.path());
        } else {
          attribute.writeConfigs(written, desired);
        }
      }
      if (applied.equals(digest(of(written)))) {
        if (found != null) {
          return Optional.empty();
        }
        found = edited;
      }
    }
    return Optional.ofNullable(found).map(Collections::unmodifiableSet);
  }

  /** The attributes in which what AWS holds (its mark left out) and what the config sets differ. */
  private static List<Attribute> differing(ObjectNode held, JsonNode desired) {
    List<Attribute> differing = new ArrayList<>();
    for (String field : names(held, desired)) {
      JsonNode was = held.get(field);
      JsonNode wanted = desired.get(field);
      if (Objects.equals(was, wanted)) {
        continue;
      }
      String listKey = was != null && wanted != null && was.isArray() && wanted.isArray()
          ? AttributeDiff.commonKey(was, wanted) : null;
      if (was != null && wanted != null && was.isObject() && wanted.isObject()) {
        for (String key : names(was, wanted)) {
          if (!Objects.equals(was.get(key), wanted.get(key))) {
            differing.add(new Attribute(field, key, null));
          }
        }
      } else if (listKey != null) {
        Map<String, JsonNode> before = AttributeDiff.byKey(was, listKey);
        Map<String, JsonNode> after = AttributeDiff.byKey(wanted, listKey);
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
          if (!Objects.equals(before.get(key), after.get(key))) {
            differing.add(new Attribute(field, key, listKey));
          }
        }
      } else {
        differing.add(new Attribute(field, null, null));
      }
    }
    return differing;
  }

  /**
   * One attribute of a spec: a top-level field ({@code key} null), a key of an object field, or
   * the element of a list field whose {@code listKey} is {@code key}.
   */
  private record Attribute(String field, String key, String listKey) {
    String path() {
      return key == null ? field : listKey == null ? field + "." + key : field + "[" + key + "]";
    }

    /** Sets the attribute of {@code written} to the config's value, or removes it where the config has none. */
    void writeConfigs(ObjectNode written, JsonNode desired) {
      if (key == null) {
        setOrRemove(written, field, desired.get(field));
      } else if (listKey == null) {
        setOrRemove((ObjectNode) written.get(field), key, desired.get(field).get(key));
      } else {
        writeElement((ArrayNode) written.get(field), desired.get(field));
      }
    }

    /**
     * Puts the config's element in place of the list's, or takes it out; one the list lacks goes
     * after the elements the config has before it (the mark's digest then tells whether that is
     * the order the last apply wrote).
     */
    private void writeElement(ArrayNode list, JsonNode configs) {
      Map<String, JsonNode> byKey = AttributeDiff.byKey(configs, listKey);
      JsonNode element = byKey.get(key);
      int at = indexOf(list, key);
      if (at >= 0 && element == null) {
        list.remove(at);
      } else if (at >= 0) {
        list.set(at, element);
      } else if (element != null) {
        int insert = 0;
        for (String before : byKey.keySet()) {
          if (before.equals(key)) {
            break;
          }
          insert = Math.max(insert, indexOf(list, before) + 1);
        }
        list.insert(insert, element);
      }
    }

    private int indexOf(ArrayNode list, String wanted) {
      for (int i = 0; i < list.size(); i++) {
        if (wanted.equals(list.get(i).path(listKey).textValue())) {
          return i;
        }
      }
      return -1;
    }
  }

  /** Whether the attribute path is one of the attributes, or within one ({@code lifecycle[expire].days} in {@code lifecycle}). */
  public static boolean isIn(String path, Set<String> attributes) {
    for (String attribute : attributes) {
      if (path.equals(attribute) || path.startsWith(attribute + ".") || path.startsWith(attribute + "[")) {
        return true;
      }
    }
    return false;
  }

  /** The field names of either object, sorted. */
  private static Set<String> names(JsonNode one, JsonNode other) {
    Set<String> names = new TreeSet<>();
    one.fieldNames().forEachRemaining(names::add);
    other.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void setOrRemove(ObjectNode object, String field, JsonNode value) {
    if (value == null) {
      object.remove(field);
    } else {
      object.set(field, value);
    }
  }
}
