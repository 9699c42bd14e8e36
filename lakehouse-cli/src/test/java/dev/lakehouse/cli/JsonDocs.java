package dev.lakehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON documents of docs/*-json.md beside what the commands print: every field path of one
 * ({@code tables[].actions[].query_ids}), so that a test can tell a documented field the command
 * lacks, or a printed field the document lacks.
 */
final class JsonDocs {
  private static final Pattern JSON_BLOCK = Pattern.compile("(?s)```json\\n(.*?)\\n```");

  private JsonDocs() {}

  /** The first ```json block of a document under docs/. */
  static JsonNode example(String document) throws IOException {
    Matcher matcher = JSON_BLOCK.matcher(Files.readString(Path.of("..", "docs", document)));
    if (!matcher.find()) {
      throw new IllegalStateException("docs/" + document + " has no ```json block");
    }
    return new ObjectMapper().readTree(matcher.group(1));
  }

  /**
   * The fields the table under a heading of a document under docs/ lists: the names in backticks
   * in the first cell of each row ({@code | `added_records`, `deleted_records` | number | …}).
   */
  static Set<String> documentedFields(String document, String heading) throws IOException {
    String text = Files.readString(Path.of("..", "docs", document));
    int start = text.indexOf("\n" + heading + "\n");
    if (start < 0) {
      throw new IllegalStateException("docs/" + document + " has no heading " + heading);
    }
    Matcher next = Pattern.compile("\n#").matcher(text);
    int end = next.find(start + heading.length() + 1) ? next.start() : text.length();
    Set<String> fields = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| ([^|]+) \\|").matcher(text.substring(start, end));
    while (row.find()) {
      Matcher name = Pattern.compile("`([a-z_]+)`").matcher(row.group(1));
      while (name.find()) {
        fields.add(name.group(1));
      }
    }
    fields.remove("field");
    return fields;
  }

  /** The names of an object's fields. */
  static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Every field path of the document, the items of an array written {@code []}; below the paths
   * in {@code opaque} (maps whose keys are data, not fields) nothing is listed.
   */
  static Set<String> fieldPaths(JsonNode node, Set<String> opaque) {
    Set<String> paths = new TreeSet<>();
    collect(node, "", opaque, paths);
    return paths;
  }

  private static void collect(JsonNode node, String path, Set<String> opaque, Set<String> paths) {
    if (opaque.contains(path)) {
      return;
    }
    if (node.isArray()) {
      node.forEach(item -> collect(item, path + "[]", opaque, paths));
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        paths.add(child);
        collect(field.getValue(), child, opaque, paths);
      }
    }
  }
}
