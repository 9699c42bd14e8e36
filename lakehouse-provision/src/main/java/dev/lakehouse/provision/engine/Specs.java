package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Specs as JSON trees, the form plans compare and show them in. Map keys sorted, nulls left out. */
public final class Specs {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private Specs() {}

  public static JsonNode toJson(Object spec) {
    return spec == null ? null : MAPPER.valueToTree(spec);
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The same JSON with the keys of every object sorted: one text for one meaning, to hash. */
  public static JsonNode canonical(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      Collections.sort(keys);
      ObjectNode sorted = MAPPER.createObjectNode();
      keys.forEach(key -> sorted.set(key, canonical(node.get(key))));
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode array = MAPPER.createArrayNode();
      node.forEach(element -> array.add(canonical(element)));
      return array;
    }
    return node;
  }
}
