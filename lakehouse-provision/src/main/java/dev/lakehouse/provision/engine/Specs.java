package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

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
}
