package dev.lakehouse.provision.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stack's dashboard body, and dashboard bodies in canonical form: keys sorted at every
 * level, numbers written as integers when they are whole, arrays in their order (widgets and
 * metric rows are positional). CloudWatch may hand a body back reformatted; compared in this
 * form it still equals the one written.
 */
public final class Dashboards {
  static final int WIDTH = 12;
  static final int HEIGHT = 6;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Dashboards() {}

  /**
   * A graph per alarm, two to a row, of the metric or query the alarm watches with its
   * threshold drawn across, then one widget with the state of every alarm.
   *
   * @param alarms the alarms by their key under {@code monitoring.alarms}, in the order to show them
   */
  public static JsonNode body(String region, Map<String, AlarmSpec> alarms) {
    ObjectNode body = NODES.objectNode();
    ArrayNode widgets = body.putArray("widgets");
    int index = 0;
    for (Map.Entry<String, AlarmSpec> alarm : alarms.entrySet()) {
      ObjectNode widget = widgets.addObject();
      widget.put("type", "metric");
      widget.put("x", (index % 2) * WIDTH);
      widget.put("y", (index / 2) * HEIGHT);
      widget.put("width", WIDTH);
      widget.put("height", HEIGHT);
      widget.set("properties", graph(region, title(alarm.getKey(), alarm.getValue()), alarm.getValue()));
      index++;
    }
    ObjectNode states = widgets.addObject();
    states.put("type", "alarm");
    states.put("x", 0);
    states.put("y", ((index + 1) / 2) * HEIGHT);
    states.put("width", 2 * WIDTH);
    states.put("height", HEIGHT / 2);
    ObjectNode properties = states.putObject("properties");
    properties.put("title", "Lakehouse alarms");
    ArrayNode arns = properties.putArray("alarms");
    alarms.values().forEach(alarm -> arns.add(alarm.arn()));
    return canonical(body);
  }

  private static ObjectNode graph(String region, String title, AlarmSpec alarm) {
    ObjectNode properties = NODES.objectNode();
    properties.put("title", title);
    properties.put("region", region);
    properties.put("view", "timeSeries");
    properties.put("stacked", false);
    ArrayNode metrics = properties.putArray("metrics");
    if (alarm.metric() != null) {
      AlarmSpec.Metric metric = alarm.metric();
      ArrayNode row = metrics.addArray().add(metric.namespace()).add(metric.name());
      new TreeMap<>(metric.dimensions()).forEach((name, value) -> row.add(name).add(value));
      properties.put("stat", metric.statistic());
      properties.put("period", metric.period());
    } else {
      for (AlarmSpec.Query query : alarm.queries()) {
        ObjectNode expression = metrics.addArray().addObject();
        expression.put("id", query.id());
        expression.put("expression", query.expression());
        expression.put("visible", query.returnData());
        properties.put("period", query.period());
      }
    }
    ObjectNode threshold = properties.putObject("annotations").putArray("horizontal").addObject();
    threshold.put("label", alarm.name());
    threshold.put("value", alarm.threshold());
    return properties;
  }

  private static String title(String key, AlarmSpec alarm) {
    String workgroup = alarm.metric() == null ? null : alarm.metric().dimensions().get(AlarmConverters.WORKGROUP);
    return switch (key) {
      case AlarmConverters.SLOW_QUERIES -> "Athena engine execution time, average (ms): " + workgroup;
      case AlarmConverters.DATA_SCANNED -> "Athena data scanned per hour (bytes): " + workgroup;
      case AlarmConverters.SNAPSHOT_COUNT -> "Iceberg snapshots, most of any table";
      default -> alarm.name();
    };
  }

  /** Parses a body as GetDashboard returns it into canonical form. */
  public static JsonNode parse(String body) {
    try {
      return canonical(MAPPER.readTree(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not a JSON dashboard body", e);
    }
  }

  /** The body as compact JSON, for PutDashboard. */
  public static String toJson(JsonNode body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The canonical form of a body: keys sorted, whole numbers as integers, arrays kept in order. */
  public static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(field -> sorted.put(field.getKey(), canonical(field.getValue())));
      ObjectNode out = NODES.objectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(element -> out.add(canonical(element)));
      return out;
    }
    if (node.isNumber()) {
      BigDecimal value = node.decimalValue().stripTrailingZeros();
      return value.scale() <= 0 && value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
          ? NODES.numberNode(value.longValueExact())
          : NODES.numberNode(value.doubleValue());
    }
    return node;
  }
}
