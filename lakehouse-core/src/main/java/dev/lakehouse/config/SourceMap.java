package dev.lakehouse.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The positions in the file of every key and value of a parsed config, and for values
 * that came from {@code ${...}} references the text they were written as, so that an error
 * about a resolved value can still point at the line the user wrote.
 */
public final class SourceMap {
  private final Map<String, SourcePosition> keys = new HashMap<>();
  private final Map<String, SourcePosition> values = new HashMap<>();
  private final Map<String, String> written = new HashMap<>();

  void putKey(ConfigPath path, SourcePosition position) {
    keys.put(path.pointer(), position);
  }

  void putValue(ConfigPath path, SourcePosition position) {
    values.put(path.pointer(), position);
  }

  void putWritten(ConfigPath path, String text) {
    written.put(path.pointer(), text);
  }

  /** Where the value at that path starts, or the nearest enclosing value that is in the file. */
  public SourcePosition valuePosition(ConfigPath path) {
    for (ConfigPath p = path; ; p = p.parent()) {
      SourcePosition found = values.get(p.pointer());
      if (found != null) {
        return found;
      }
      if (p.isRoot()) {
        return new SourcePosition(1, 1);
      }
    }
  }

  /** Where the key of that path is written, else where its value (or an enclosing one) is. */
  public SourcePosition keyPosition(ConfigPath path) {
    SourcePosition key = keys.get(path.pointer());
    return key != null ? key : valuePosition(path);
  }

  /** The text as written before interpolation, when the value at that path had references. */
  public String writtenAs(ConfigPath path) {
    return written.get(path.pointer());
  }
}
