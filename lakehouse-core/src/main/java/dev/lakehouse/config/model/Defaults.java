package dev.lakehouse.config.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Absent collections become empty ones, so that no reader of the model meets a null. */
final class Defaults {
  private Defaults() {}

  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(list);
  }

  static <K, V> Map<K, V> map(Map<K, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
