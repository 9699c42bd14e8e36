package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Any value of the canonical stack written as {@code ~} or as nothing ({@code key:}) instead
 * either leaves the field absent or is a config error at a place in the file: never an exception
 * of another kind.
 */
class NullValuesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"~", "nothing"})
  void everyValueWrittenEmptyLoadsOrIsAConfigError(String written) throws IOException {
    JsonNode empty = written.equals("~") ? NullNode.instance : TextNode.valueOf("");
    byte[] canonical = Files.readAllBytes(CanonicalStackTest.CANONICAL);
    ObjectNode tree = YamlReader.read("lakehouse.yaml", canonical).root();
    List<ConfigPath> paths = new ArrayList<>();
    collect(tree, ConfigPath.ROOT, paths);
    assertThat(paths).hasSizeGreaterThan(150);
    List<String> failures = new ArrayList<>();
    for (ConfigPath path : paths) {
      ObjectNode edited = tree.deepCopy();
      set(edited, path, empty);
      try {
        loader.load(request(), YAML.writeValueAsBytes(edited));
      } catch (ConfigException e) {
        assertThat(e.problems()).as(path.toString()).allSatisfy(p -> assertThat(p.position()).isNotNull());
      } catch (RuntimeException e) {
        failures.add(path + ": " + written + " there fails with " + e);
      }
    }
    assertThat(failures).isEmpty();
  }

  private static void collect(JsonNode node, ConfigPath path, List<ConfigPath> into) {
    if (!path.isRoot()) {
      into.add(path);
    }
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> collect(field.getValue(), path.key(field.getKey()), into));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path.index(i), into);
      }
    }
  }

  /** Sets the value at the path, found through its JSON Pointer. */
  private static void set(ObjectNode root, ConfigPath path, JsonNode value) {
    String pointer = path.pointer();
    int last = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, last));
    String segment = pointer.substring(last + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(segment), value);
    } else {
      ((ObjectNode) parent).set(segment, value);
    }
  }

  private static ConfigLoader.Request request() {
    return new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, null);
  }
}
