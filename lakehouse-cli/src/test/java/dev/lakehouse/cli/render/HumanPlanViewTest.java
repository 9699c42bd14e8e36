package dev.lakehouse.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.lakehouse.provision.resource.Outputs;
import org.junit.jupiter.api.Test;

class HumanPlanViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void wholeNumbersHeldAsFloatingPointAreWrittenOutWholeAndOthersAsJson() throws Exception {
    assertThat(HumanPlanView.value(DoubleNode.valueOf(1.099511627776E12))).isEqualTo("1099511627776");
    assertThat(HumanPlanView.value(DoubleNode.valueOf(60))).isEqualTo("60");
    assertThat(HumanPlanView.value(DoubleNode.valueOf(0.5))).isEqualTo("0.5");
    assertThat(HumanPlanView.value(DoubleNode.valueOf(1e300))).isEqualTo("1.0E300");
    JsonNode nested = JSON.readTree("{\"threshold\": 1.099511627776E12, \"periods\": [3, 2.5, 5.0], \"key\": \""
        + Outputs.UNKNOWN + "\", \"name\": \"1.0E3\"}");
    assertThat(HumanPlanView.value(nested)).isEqualTo("{\"threshold\":1099511627776,\"periods\":[3,2.5,5],\"key\":"
        + Outputs.UNKNOWN + ",\"name\":\"1.0E3\"}");
    assertThat(HumanPlanView.value(null)).isEqualTo("null");
  }
}
