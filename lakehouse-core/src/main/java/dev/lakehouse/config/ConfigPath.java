package dev.lakehouse.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a value sits in the config: {@code zones.raw.lifecycle[0].afterDays}. Also its
 * JSON Pointer ({@code /zones/raw/lifecycle/0/afterDays}), by which source positions are kept.
 */
public final class ConfigPath {
  public static final ConfigPath ROOT = new ConfigPath(List.of());

  private final List<Object> segments;

  private ConfigPath(List<Object> segments) {
    this.segments = segments;
  }

  public static ConfigPath of(String... keys) {
    ConfigPath path = ROOT;
    for (String key : keys) {
      path = path.key(key);
    }
    return path;
  }

  public ConfigPath key(String key) {
    return append(key);
  }

  public ConfigPath index(int index) {
    return append(index);
  }

  private ConfigPath append(Object segment) {
    List<Object> next = new ArrayList<>(segments.size() + 1);
    next.addAll(segments);
    next.add(segment);
    return new ConfigPath(Collections.unmodifiableList(next));
  }

  public ConfigPath parent() {
    return segments.isEmpty() ? this : new ConfigPath(segments.subList(0, segments.size() - 1));
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** The last key of the path (or null at the root or at a list index). */
  public String lastKey() {
    return segments.isEmpty() || !(segments.get(segments.size() - 1) instanceof String s) ? null : s;
  }

  public String pointer() {
    StringBuilder out = new StringBuilder();
    for (Object segment : segments) {
      out.append('/').append(segment.toString().replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Object segment : segments) {
      if (segment instanceof Integer i) {
        out.append('[').append(i).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigPath other && other.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }
}
