package dev.lakehouse.provision.monitoring;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What brings a resource's tags from observed to desired with the tag/untag calls SNS and
 * CloudWatch share: the keys to remove and the tags to set (new ones and changed values).
 * Tags the stack does not declare are removed: the stack owns every tag of its resources.
 */
record TagChanges(List<String> removed, Map<String, String> set) {

  static TagChanges between(Map<String, String> observed, Map<String, String> desired) {
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
