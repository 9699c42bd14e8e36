package dev.lakehouse.config.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md documents every key of the config model and no key the model lacks.
 * Keys are written as in the reference's tables: {@code zones.*.lifecycle[].transitions[].afterDays},
 * with {@code *} for a name the user chooses (a map's key) and {@code []} for a list's items.
 */
class ConfigurationReferenceTest {
  private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
  /** A documented key: the first cell of a table row, in backticks. */
  private static final Pattern DOCUMENTED_KEY = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

  @Test
  void everyKeyOfTheModelIsDocumented() throws IOException {
    Set<String> documented = documentedKeys();
    Set<String> undocumented = new TreeSet<>(keys());
    undocumented.removeAll(documented);
    assertThat(undocumented)
        .as("keys of dev.lakehouse.config.model missing from " + REFERENCE + ": add a row for each to its table")
        .isEmpty();
  }

  @Test
  void theReferenceDocumentsNoKeyTheModelLacks() throws IOException {
    Set<String> stale = documentedKeys();
    stale.removeAll(keys());
    assertThat(stale).as("rows of " + REFERENCE + " naming keys the config model does not have").isEmpty();
  }

  @Test
  void theWalkFindsNestedKeys() {
    assertThat(keys()).contains("project", "zones.*.bucket", "zones.*.lifecycle[].transitions[].afterDays",
        "maintenance.defaults.orphanFileAge", "maintenance.tables[].match", "environments.*.variables",
        "monitoring.alarms.dataScanned.bytesPerHourAbove", "iam.roles[].access.read");
  }

  /** Every key path of the config, from the root record down to its leaves. */
  static Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    walk(StackConfig.class, "", keys);
    return keys;
  }

  private static void walk(Class<?> record, String prefix, Set<String> keys) {
    for (RecordComponent component : record.getRecordComponents()) {
      String key = prefix + component.getName();
      keys.add(key);
      Type type = component.getGenericType();
      Class<?> raw = component.getType();
      if (isSection(raw)) {
        walk(raw, key + ".", keys);
      } else if (List.class.isAssignableFrom(raw) && element(type, 0) instanceof Class<?> item && isSection(item)) {
        walk(item, key + "[].", keys);
      } else if (Map.class.isAssignableFrom(raw) && element(type, 1) instanceof Class<?> value && isSection(value)) {
        walk(value, key + ".*.", keys);
      }
    }
  }

  /** A record of the model holds keys; any other type (a {@code Size}, a {@code Duration}) is a value. */
  private static boolean isSection(Class<?> type) {
    return type.isRecord() && type.getPackageName().equals(StackConfig.class.getPackageName());
  }

  private static Type element(Type type, int index) {
    return type instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[index] : null;
  }

  private static Set<String> documentedKeys() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher matcher = DOCUMENTED_KEY.matcher(Files.readString(REFERENCE));
    while (matcher.find()) {
      documented.add(matcher.group(1));
    }
    return documented;
  }
}
