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
import java.util.TreeMap;
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
    // Each key as the list writes it (escaped; empty for lakehouse's own), shortest first.
    Map<String, Integer> written = new TreeMap<>();
    keys.forEach(key -> written.put(key, TagChanges.keyList(List.of(key)).length()));
    List<String> listed = new ArrayList<>();
    int length = digest.length();
    for (String key : written.keySet().stream().sorted(Comparator.comparing(written::get)).toList()) {
      int entry = written.get(key);
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

  /** How deep {@link #editedAttributes} looks into the spec's objects and keyed lists at most. */
  static final int DEEPEST = 6;

  /**
   * The attributes the config edited, of a resource whose config and AWS have both changed since
   * its last apply ({@link #cause} is {@link Cause#UNKNOWN}), where each changed other attributes:
   * every other attribute that differs was changed outside lakehouse. The spec the last apply wrote
   * took the config's value of each attribute AWS changed since, and AWS's value of each the config
   * changed, so of the ways to share the differing attributes between the two, the one whose spec
   * has the mark's digest is the one that happened.
   *
   * <p>The attributes are first the spec's top-level fields, and within a field that is an object
   * on both sides (the tags) its keys, and within one that is a list on both sides whose elements
   * each have a unique {@code id}, {@code name} or {@code key} (a bucket's lifecycle rules) its
   * elements: {@code versioning}, {@code tags.Owner}, {@code lifecycle[tier-down]}. Where no way
   * of sharing those has the digest (the config and AWS changed the same rule), each is looked into
   * one level further, as long as there is structure to look into ({@code
   * lifecycle[tier-down].expirationDays}; at most {@value #DEEPEST} levels), as attribute paths
   * ({@link #isIn}). Empty when none has it at any level (an attribute changed by both, or a mark of
   * an earlier version's making), or fewer than two attributes differ, or more than {@value
   * #MOST_ATTRIBUTES_TRIED}.
   */
  public static Optional<Set<String>> editedAttributes(JsonNode observed, JsonNode desired) {
    Optional<String> mark = in(observed);
    if (mark.isEmpty() || desired == null || !desired.isObject()) {
      return Optional.empty();
    }
    String applied = digest(mark.get());
    // A copy already: the spec carries a mark.
    ObjectNode held = (ObjectNode) without(observed);
    List<Attribute> before = List.of();
    for (int levels = 2; levels <= DEEPEST; levels++) {
      List<Attribute> differing = new ArrayList<>();
      collect(List.of(), held, desired, levels, differing);
      if (differing.equals(before) || differing.size() > MOST_ATTRIBUTES_TRIED) {
        return Optional.empty();
      }
      before = differing;
      if (differing.size() >= 2) {
        Optional<Set<String>> found = sharing(applied, held, desired, differing);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The attributes the config edited, of the one way of sharing {@code differing} between AWS and
   * the config whose spec has the digest {@code applied}; empty when none has it, or several.
   */
  private static Optional<Set<String>> sharing(String applied, ObjectNode held, JsonNode desired,
      List<Attribute> differing) {
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

  /**
   * Adds to {@code out} the attributes at and under {@code at} in which what AWS holds ({@code was})
   * and what the config sets ({@code wanted}) differ, looking {@code levels} levels into objects and
   * keyed lists present on both sides.
   */
  private static void collect(List<Step> at, JsonNode was, JsonNode wanted, int levels, List<Attribute> out) {
    if (Objects.equals(was, wanted)) {
      return;
    }
    if (levels > 0 && was != null && wanted != null) {
      if (was.isObject() && wanted.isObject()) {
        for (String name : names(was, wanted)) {
          collect(with(at, new Step(name, null)), was.get(name), wanted.get(name), levels - 1, out);
        }
        return;
      }
      String listKey = was.isArray() && wanted.isArray() ? AttributeDiff.commonKey(was, wanted) : null;
      if (listKey != null) {
        Map<String, JsonNode> before = AttributeDiff.byKey(was, listKey);
        Map<String, JsonNode> after = AttributeDiff.byKey(wanted, listKey);
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
          collect(with(at, new Step(key, listKey)), before.get(key), after.get(key), levels - 1, out);
        }
        return;
      }
    }
    out.add(new Attribute(at));
  }

  private static List<Step> with(List<Step> steps, Step next) {
    List<Step> longer = new ArrayList<>(steps);
    longer.add(next);
    return List.copyOf(longer);
  }

  /**
   * One step into a spec: the field {@code name} of an object, or, with a {@code listKey}, the
   * element of a list whose {@code listKey} is {@code name}.
   */
  private record Step(String name, String listKey) {
    /** The step's child of {@code node}, or null. */
    JsonNode of(JsonNode node) {
      if (node == null) {
        return null;
      }
      if (listKey == null) {
        return node.get(name);
      }
      int at = indexIn(node);
      return at < 0 ? null : node.get(at);
    }

    /** Where the element is in the list {@code list}, or -1. */
    int indexIn(JsonNode list) {
      for (int i = 0; i < list.size(); i++) {
        if (name.equals(list.get(i).path(listKey).textValue())) {
          return i;
        }
      }
      return -1;
    }
  }

  /** One attribute of a spec, by the steps that reach it from the spec's top. */
  private record Attribute(List<Step> steps) {
    /** Its path as plans name it: {@code lifecycle[tier-down].expirationDays}. */
    String path() {
      StringBuilder path = new StringBuilder();
      for (Step step : steps) {
        if (step.listKey() != null) {
          path.append('[').append(step.name()).append(']');
        } else {
          path.append(path.isEmpty() ? "" : ".").append(step.name());
        }
      }
      return path.toString();
    }

    /** Sets the attribute of {@code written} to the config's value, or removes it where the config has none. */
    void writeConfigs(ObjectNode written, JsonNode desired) {
      JsonNode parent = written;
      JsonNode configs = desired;
      for (Step step : steps.subList(0, steps.size() - 1)) {
        parent = step.of(parent);
        configs = step.of(configs);
      }
      Step last = steps.get(steps.size() - 1);
      if (last.listKey() == null) {
        setOrRemove((ObjectNode) parent, last.name(), configs == null ? null : configs.get(last.name()));
      } else {
        writeElement((ArrayNode) parent, configs, last);
      }
    }

    /**
     * Puts the config's element in place of the list's, or takes it out; one the list lacks goes
     * after the elements the config has before it (the mark's digest then tells whether that is
     * the order the last apply wrote).
     */
    private static void writeElement(ArrayNode list, JsonNode configs, Step element) {
      Map<String, JsonNode> byKey = AttributeDiff.byKey(configs, element.listKey());
      JsonNode wanted = byKey.get(element.name());
      int at = element.indexIn(list);
      if (at >= 0 && wanted == null) {
        list.remove(at);
      } else if (at >= 0) {
        list.set(at, wanted);
      } else if (wanted != null) {
        int insert = 0;
        for (String before : byKey.keySet()) {
          if (before.equals(element.name())) {
            break;
          }
          insert = Math.max(insert, new Step(before, element.listKey()).indexIn(list) + 1);
        }
        list.insert(insert, wanted);
      }
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
