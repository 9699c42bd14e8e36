package dev.lakehouse.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IAM-style policy documents (bucket, key, role and trust policies) in a canonical form,
 * so that two documents that mean the same compare equal: keys sorted, a single value and
 * a one-element list alike, lists of actions, resources, principals and condition values
 * sorted, statements sorted. AWS returns documents reformatted (IAM URL-encodes them), so
 * comparing strings would see drift where there is none.
 */
public final class PolicyDocuments {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PolicyDocuments() {}

  /** Parses a document as AWS returns it (plain or URL-encoded JSON) into canonical form. */
  public static JsonNode parse(String document) {
    if (document == null || document.isBlank()) {
      return null;
    }
    String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
    try {
      return canonical(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not a JSON policy document", e);
    }
  }

  /** The document as compact JSON, for sending to AWS. */
  public static String toJson(JsonNode document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The canonical form of a policy document tree. */
  public static JsonNode canonical(JsonNode document) {
    ObjectNode out = sortedObject(document);
    JsonNode statements = out.get("Statement");
    if (statements != null) {
      List<JsonNode> canonical = new ArrayList<>();
      for (JsonNode statement : asList(statements)) {
        canonical.add(statement(statement));
      }
      out.set("Statement", sortedArray(canonical));
    }
    return out;
  }

  private static JsonNode statement(JsonNode statement) {
    ObjectNode out = sortedObject(statement);
    for (String key : List.of("Action", "NotAction", "Resource", "NotResource")) {
      if (out.has(key)) {
        out.set(key, sortedArray(asList(out.get(key))));
      }
    }
    for (String key : List.of("Principal", "NotPrincipal")) {
      if (out.has(key) && out.get(key).isObject()) {
        out.set(key, valuesAsSortedLists(out.get(key)));
      }
    }
    if (out.has("Condition") && out.get("Condition").isObject()) {
      ObjectNode conditions = sortedObject(out.get("Condition"));
      conditions.fields().forEachRemaining(operator -> operator.setValue(valuesAsSortedLists(operator.getValue())));
      out.set("Condition", conditions);
    }
    return out;
  }

  private static ObjectNode valuesAsSortedLists(JsonNode object) {
    ObjectNode out = sortedObject(object);
    out.fields().forEachRemaining(field -> field.setValue(sortedArray(asList(field.getValue()))));
    return out;
  }

  private static ObjectNode sortedObject(JsonNode node) {
    Map<String, JsonNode> sorted = new TreeMap<>();
    node.fields().forEachRemaining(field -> sorted.put(field.getKey(), field.getValue()));
    ObjectNode out = NODES.objectNode();
    sorted.forEach(out::set);
    return out;
  }

  private static List<JsonNode> asList(JsonNode node) {
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    return items;
  }

  private static ArrayNode sortedArray(List<JsonNode> items) {
    List<JsonNode> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(JsonNode::toString));
    ArrayNode out = NODES.arrayNode();
    sorted.forEach(out::add);
    return out;
  }
}
