package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.resource.Digests;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mark of the config last applied to a resource: a tag ({@value Stack#APPLIED_TAG}; for an
 * Iceberg table, a Glue table parameter of that name) whose value is the first 16 hex digits of the
 * SHA-256 of the resource's spec as the config set it, in canonical JSON, the mark itself left out;
 * on a tag, followed by the keys of the config's own tags ({@link TagChanges#keyList}), so that a
 * key the config drops later is known to be the stack's and taken away, where the whole value fits
 * in a tag's {@value #VALUE_LIMIT} characters. apply writes it with every create and update of a
 * kind that carries tags (or, for tables, parameters), and never on its own, so an apply that
 * changes nothing still makes no call.
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
   * after it, for a spec with tags, the list of the config's keys among them when it fits.
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
    String marked = digest + " " + list;
    return list.isEmpty() || marked.length() > VALUE_LIMIT ? digest : marked;
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
   * top-level fields, and within a field that is an object on both sides (the tags), its keys, as
   * attribute paths ({@code lifecycle}, {@code tags.Owner}; {@link #isIn}). The spec the last apply
   * wrote took the config's value of each attribute AWS changed since, and AWS's value of each the
   * config changed, so of the ways to share the differing attributes between the two, the one whose
   * spec has the mark's digest is the one that happened. Empty when none or more than one has it (an
   * attribute changed by both, or a mark of an earlier version's making), when fewer than two
   * attributes differ, or more than {@value #MOST_ATTRIBUTES_TRIED}.
   */
  public static Optional<Set<String>> editedAttributes(JsonNode observed, JsonNode desired) {
    Optional<String> mark = in(observed);
    if (mark.isEmpty() || desired == null || !desired.isObject()) {
      return Optional.empty();
    }
    String applied = digest(mark.get());
    // A copy already: the spec carries a mark.
    ObjectNode held = (ObjectNode) without(observed);
    // Each differing attribute: its field, and its key within the field (null for the whole field).
    List<String[]> differing = new ArrayList<>();
    for (String field : names(held, desired)) {
      JsonNode was = held.get(field);
      JsonNode wanted = desired.get(field);
      if (Objects.equals(was, wanted)) {
        continue;
      }
      if (was != null && wanted != null && was.isObject() && wanted.isObject()) {
        for (String key : names(was, wanted)) {
          if (!Objects.equals(was.get(key), wanted.get(key))) {
            differing.add(new String[] {field, key});
          }
        }
      } else {
        differing.add(new String[] {field, null});
      }
    }
    if (differing.size() < 2 || differing.size() > MOST_ATTRIBUTES_TRIED) {
      return Optional.empty();
    }
    Set<String> found = null;
    // Bit i set: the attribute was changed outside, and the last apply wrote the config's value.
    for (int outside = 1; outside < (1 << differing.size()) - 1; outside++) {
      ObjectNode written = held.deepCopy();
      Set<String> edited = new TreeSet<>();
      for (int i = 0; i < differing.size(); i++) {
        String field = differing.get(i)[0];
        String key = differing.get(i)[1];
        if ((outside & (1 << i)) == 0) {
          edited.add(key == null ? field : field + "." + key);
        } else if (key == null) {
          setOrRemove(written, field, desired.get(field));
        } else {
          setOrRemove((ObjectNode) written.get(field), key, desired.get(field).get(key));
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
