package dev.lakehouse.testkit.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** HTTP header fields in arrival order, with names matched case-insensitively. Immutable. */
final class Headers {

    private final List<Map.Entry<String, String>> fields;

    Headers(List<Map.Entry<String, String>> fields) {
        this.fields = List.copyOf(fields);
    }

    static Headers of(String... namesAndValues) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Headers(fields);
    }

    List<Map.Entry<String, String>> fields() {
        return fields;
    }

    Optional<String> first(String name) {
        return fields.stream()
                .filter(field -> field.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    boolean contains(String name) {
        return first(name).isPresent();
    }

    /** These headers without any field named in {@code names} (given in lower case). */
    Headers without(Set<String> names) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> field : fields) {
            if (!names.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                kept.add(field);
            }
        }
        return new Headers(kept);
    }

    /** These headers with every {@code name} field replaced by one field {@code name: value}. */
    Headers with(String name, String value) {
        List<Map.Entry<String, String>> replaced = new ArrayList<>(without(Set.of(name.toLowerCase(Locale.ROOT))).fields);
        replaced.add(Map.entry(name, value));
        return new Headers(replaced);
    }

    Map<String, List<String>> asMap() {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> field : fields) {
            map.computeIfAbsent(field.getKey(), name -> new ArrayList<>()).add(field.getValue());
        }
        map.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(map);
    }
}
