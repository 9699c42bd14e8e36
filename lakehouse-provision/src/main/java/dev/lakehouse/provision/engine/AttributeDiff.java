package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attributes that differ between two versions of a resource, as narrowly as the
 * values allow: nested objects are compared key by key, lists of objects with an {@code id},
 * {@code name}, {@code key} or (a policy's statements) {@code Sid} element by that key
 * ({@code lifecycle[tier-down].expirationDays}, {@code accessPolicy.Statement[ReadZoneCatalog].Resource}), other
 * lists of equal length position by position. An absent value and null are the same. An element
 * that the resource knows to be an element of {@code before} under another key (a column renamed
 * in place) is compared with that element, so that the change shows as its key's new value rather
 * than as a removal beside an addition.
 */
public final class AttributeDiff {
  /** The keys that name a list's elements; {@code Sid} a policy's statements. */
  private static final List<String> LIST_KEYS = List.of("id", "name", "key", "Sid");

  private AttributeDiff() {}

  /** The differing attributes of two objects; those under a top-level name in replaceOn force a replacement. */
  public static List<AttributeChange> between(JsonNode before, JsonNode after, Set<String> replaceOn) {
    return between(before, after, replaceOn, Map.of());
  }

  /**
   * The same, with elements renamed: each key an element's path in {@code after}
   * ({@code columns[customer_id]}), its value the path of the same element in {@code before}
   * ({@code columns[customer]}), in the same list. The change is listed under the path in after.
   */
  public static List<AttributeChange> between(JsonNode before, JsonNode after, Set<String> replaceOn,
      Map<String, String> renamed) {
    List<AttributeChange> changes = new ArrayList<>();
    new Comparison(replaceOn, renamed, changes).objects("", before, after);
    return changes;
  }

  /**
   * The top-level attributes in which {@code after} differs from {@code before}, in the order the
   * plan lists them: what an update must write to bring a resource from one to the other.
   */
  public static Set<String> changedAttributes(JsonNode before, JsonNode after) {
    Set<String> changed = new LinkedHashSet<>();
    between(before, after, Set.of()).forEach(change -> changed.add(topLevel(change.path())));
    return changed;
  }

  /** One comparison: what forces a replacement, the renamed elements, and the changes found. */
  private record Comparison(Set<String> replaceOn, Map<String, String> renamed, List<AttributeChange> out) {

    void compare(String path, JsonNode before, JsonNode after) {
      boolean beforeAbsent = isAbsent(before);
      boolean afterAbsent = isAbsent(after);
      if (beforeAbsent && afterAbsent) {
        return;
      }
      if (!beforeAbsent && !afterAbsent && before.isObject() && after.isObject()) {
        objects(path, before, after);
      } else if (!beforeAbsent && !afterAbsent && before.isArray() && after.isArray()) {
        arrays(path, before, after);
      } else if (beforeAbsent || afterAbsent || !before.equals(after)) {
        out.add(new AttributeChange(path, beforeAbsent ? null : before, afterAbsent ? null : after,
            replaceOn.contains(topLevel(path))));
      }
    }

    void objects(String path, JsonNode before, JsonNode after) {
      Set<String> keys = new LinkedHashSet<>();
      after.fieldNames().forEachRemaining(keys::add);
      before.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        compare(path.isEmpty() ? key : path + "." + key, before.get(key), after.get(key));
      }
    }

    void arrays(String path, JsonNode before, JsonNode after) {
      String key = commonKey(before, after);
      if (key != null) {
        Map<String, JsonNode> beforeByKey = byKey(before, key);
        Map<String, JsonNode> afterByKey = byKey(after, key);
        Map<String, String> formerKeys = formerKeys(path, beforeByKey, afterByKey);
        Set<String> ids = new LinkedHashSet<>(afterByKey.keySet());
        beforeByKey.keySet().stream().filter(id -> !formerKeys.containsValue(id)).forEach(ids::add);
        for (String id : ids) {
          JsonNode was = beforeByKey.get(formerKeys.getOrDefault(id, id));
          compare(path + "[" + id + "]", was, afterByKey.get(id));
        }
      } else if (before.size() == after.size()) {
        for (int i = 0; i < before.size(); i++) {
          compare(path + "[" + i + "]", before.get(i), after.get(i));
        }
      } else {
        out.add(new AttributeChange(path, before, after, replaceOn.contains(topLevel(path))));
      }
    }

    /**
     * The renamed elements of this list: new key to former key, where after holds the new key,
     * before holds the former one, and neither key is in the other list already.
     */
    Map<String, String> formerKeys(String path, Map<String, JsonNode> before, Map<String, JsonNode> after) {
      Map<String, String> former = new LinkedHashMap<>();
      String prefix = path + "[";
      renamed.forEach((to, from) -> {
        if (to.startsWith(prefix) && to.endsWith("]") && from.startsWith(prefix) && from.endsWith("]")) {
          String newKey = to.substring(prefix.length(), to.length() - 1);
          String oldKey = from.substring(prefix.length(), from.length() - 1);
          if (after.containsKey(newKey) && !before.containsKey(newKey) && before.containsKey(oldKey)
              && !after.containsKey(oldKey)) {
            former.put(newKey, oldKey);
          }
        }
      });
      return former;
    }
  }

  /** The element key shared by every object of both lists, with unique values, if any. */
  static String commonKey(JsonNode before, JsonNode after) {
    for (String key : LIST_KEYS) {
      if (allHaveUniqueKey(before, key) && allHaveUniqueKey(after, key) && (before.size() + after.size()) > 0) {
        return key;
      }
    }
    return null;
  }

  private static boolean allHaveUniqueKey(JsonNode array, String key) {
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode element : array) {
      if (!element.isObject() || !element.path(key).isTextual() || !seen.add(element.get(key).textValue())) {
        return false;
      }
    }
    return true;
  }

  /** The elements of a list whose every element has a unique {@code key}, by that key, in order. */
  static Map<String, JsonNode> byKey(JsonNode array, String key) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    Iterator<JsonNode> elements = array.elements();
    while (elements.hasNext()) {
      JsonNode element = elements.next();
      map.put(element.get(key).textValue(), element);
    }
    return map;
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() || node instanceof NullNode;
  }

  private static String topLevel(String path) {
    int end = path.length();
    int dot = path.indexOf('.');
    int bracket = path.indexOf('[');
    if (dot >= 0) {
      end = dot;
    }
    if (bracket >= 0 && bracket < end) {
      end = bracket;
    }
    return path.substring(0, end);
  }
}
