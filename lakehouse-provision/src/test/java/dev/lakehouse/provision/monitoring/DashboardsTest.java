package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.config.Stack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardsTest {
  private final Stack stack = CanonicalStack.dev();
  private final Map<String, AlarmSpec> alarms =
      AlarmConverters.fromConfig(stack, stack.config().monitoring().alarms(), CanonicalStack.TOPIC_ARN);

  @Test
  void showsAGraphPerAlarmWithItsThresholdAndTheAlarmsStates() {
    String expected = """
        {"widgets":[
         {"height":6,"properties":{"annotations":{"horizontal":[{"label":"acme-dev-slowQueries","value":60000}]},
           "metrics":[[{"expression":"SELECT AVG(EngineExecutionTime) FROM SCHEMA(\\"AWS/Athena\\", QueryState, QueryType, WorkGroup) WHERE WorkGroup = 'acme-dev'",
             "id":"executionTime","visible":true}]],"period":300,"region":"us-east-1",
           "stacked":false,"title":"Athena engine execution time, average (ms): acme-dev",
           "view":"timeSeries"},"type":"metric","width":12,"x":0,"y":0},
         {"height":6,"properties":{"annotations":{"horizontal":[{"label":"acme-dev-dataScanned","value":1099511627776}]},
           "metrics":[[{"expression":"SELECT SUM(ProcessedBytes) FROM SCHEMA(\\"AWS/Athena\\", QueryState, QueryType, WorkGroup) WHERE WorkGroup = 'acme-dev'",
             "id":"processedBytes","visible":true}]],"period":3600,"region":"us-east-1",
           "stacked":false,"title":"Athena data scanned per hour (bytes): acme-dev",
           "view":"timeSeries"},"type":"metric","width":12,"x":12,"y":0},
         {"height":6,"properties":{"annotations":{"horizontal":[{"label":"acme-dev-snapshotCount","value":100}]},
           "metrics":[[{"expression":"SELECT MAX(SnapshotCount) FROM SCHEMA(\\"Lakehouse/Metadata\\", Project, Env, Database, Table) WHERE Project = 'acme' AND Env = 'dev'",
             "id":"snapshots","visible":true}]],"period":3600,"region":"us-east-1","stacked":false,
           "title":"Iceberg snapshots, most of any table","view":"timeSeries"},"type":"metric","width":12,"x":0,"y":6},
         {"height":3,"properties":{"alarms":[
             "arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-dev-slowQueries",
             "arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-dev-dataScanned",
             "arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-dev-snapshotCount"],"title":"Lakehouse alarms"},
           "type":"alarm","width":24,"x":0,"y":12}]}
        """;
    assertThat(Dashboards.body("us-east-1", alarms)).isEqualTo(Dashboards.parse(expected));
    assertThat(Dashboards.toJson(Dashboards.body("us-east-1", alarms)))
        .startsWith("{\"widgets\":[{\"height\":6,\"properties\":{\"annotations\":{\"horizontal\":[{\"label\":"
            + "\"acme-dev-slowQueries\",\"value\":60000}]}");
  }

  @Test
  void theStatesWidgetGoesBelowTheGraphs() {
    Map<String, AlarmSpec> two = new LinkedHashMap<>(alarms);
    two.remove("snapshotCount");
    JsonNode widgets = Dashboards.body("us-east-1", two).get("widgets");
    assertThat(widgets).hasSize(3);
    assertThat(widgets.get(2).get("y").asInt()).isEqualTo(6);
    Map<String, AlarmSpec> one = Map.of("snapshotCount", alarms.get("snapshotCount"));
    assertThat(Dashboards.body("us-east-1", one).get("widgets").get(1).get("y").asInt()).isEqualTo(6);
  }

  @Test
  void aBodyCloudWatchReformatsIsTheSameBody() throws Exception {
    JsonNode written = Dashboards.body("us-east-1", alarms);
    String reformatted = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(reversed(written))
        .replace("\"value\" : 60000", "\"value\" : 6.0E4");
    assertThat(reformatted).contains("6.0E4").doesNotStartWith("{\"widgets\"");
    assertThat(Dashboards.parse(reformatted)).isEqualTo(written);
  }

  /** The same document with the keys of every object in reverse order. */
  private static JsonNode reversed(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      Collections.reverse(keys);
      keys.forEach(key -> out.set(key, reversed(node.get(key))));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(reversed(element)));
      return out;
    }
    return node;
  }

  @Test
  void canonicalFormKeepsArrayOrderAndFractions() {
    assertThat(Dashboards.parse("{\"b\":[2,1],\"a\":1.50}").toString()).isEqualTo("{\"a\":1.5,\"b\":[2,1]}");
    assertThat(Dashboards.parse("{\"a\":[1,2]}")).isNotEqualTo(Dashboards.parse("{\"a\":[2,1]}"));
    assertThat(Dashboards.parse("{\"a\":100.0}").toString()).isEqualTo("{\"a\":100}");
  }
}
