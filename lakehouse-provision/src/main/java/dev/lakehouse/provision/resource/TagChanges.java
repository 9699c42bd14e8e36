package dev.lakehouse.provision.resource;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tag writes that bring a resource's tags from what AWS holds to what the config wants,
 * for services that tag and untag by key (Glue, Athena): the keys to remove, and the tags to
 * set (new keys and changed values). Both sorted, so that requests are the same every run.
 */
public record TagChanges(List<String> removed, Map<String, String> set) {

  public TagChanges {
    removed = List.copyOf(removed);
    set = Collections.unmodifiableSortedMap(new TreeMap<>(set));
  }

  public static TagChanges between(Map<String, String> observed, Map<String, String> desired) {
    List<String> removed = observed.keySet().stream().filter(key -> !desired.containsKey(key)).sorted().toList();
    Map<String, String> set = new TreeMap<>();
    desired.forEach((key, value) -> {
      if (!value.equals(observed.get(key))) {
        set.put(key, value);
      }
    });
    return new TagChanges(removed, set);
  }
}
