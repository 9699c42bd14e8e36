package dev.lakehouse.testkit;

import java.util.Map;
import java.util.TreeMap;

/**
 * The mark of the applied config ({@code lakehouse:applied}) that apply writes with a resource's
 * tags: tests that compare a resource's tags with the config's check it is there, and compare the rest.
 */
public final class AppliedMarks {
  /** The tag that holds the mark. */
  public static final String TAG = "lakehouse:applied";

  private AppliedMarks() {}

  /**
   * The tags without the mark, which they must carry: 16 hex digits, then the keys of the config's
   * tags it lists (a space within a key written {@code @_}, an {@code @} as {@code @@}), each of
   * which the tags hold.
   *
   * @throws AssertionError when the tags carry no mark, or one of another form
   */
  public static Map<String, String> unmarked(Map<String, String> tags) {
    String mark = tags.get(TAG);
    if (mark == null || !mark.matches("[0-9a-f]{16}( [^ ]+)*")) {
      throw new AssertionError("expected the tags to carry " + TAG + " (16 hex digits, then the keys it lists),"
          + " but they are " + tags);
    }
    for (String listed : mark.substring(16).trim().split(" ")) {
      String key = listed.replace("@@", "\u0000").replace("@_", " ").replace('\u0000', '@');
      if (!listed.isEmpty() && !tags.containsKey(key)) {
        throw new AssertionError(TAG + " lists the key " + key + ", which the tags lack: " + tags);
      }
    }
    Map<String, String> rest = new TreeMap<>(tags);
    rest.remove(TAG);
    return rest;
  }
}
