package dev.lakehouse.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.lakehouse.cli.Cli;
import dev.lakehouse.cli.Output;
import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.Outputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HumanPlanViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Stack DEV = new ConfigLoader(Map.of())
      .load(ConfigLoader.Request.of(Cli.CANONICAL, "dev").withAccount("123456789012"));
  private static final String STACK = "acme/dev in account 123456789012 (us-east-1)";

  @Test
  void aTargetedDestroyWithNothingToDoSpeaksOfItsTargetsNotOfTheWholeStack() {
    Plan gone = new Plan(List.of());
    Plan keptOnly = new Plan(List.of(), List.of(), List.of(new Plan.Kept(Address.parse("s3_bucket.curated"),
        "bucket acme-dev-curated-123456789012 holds objects")), List.of());

    assertThat(nothingToDestroy(List.of("s3_bucket.raw"), gone)).startsWith("No changes. Nothing of " + STACK
        + " is left to destroy at s3_bucket.raw or in what depends on it; the rest of the stack is left as it is "
        + "(destroy without --target to remove it all).\n");
    assertThat(nothingToDestroy(List.of("s3_bucket.curated", "s3_bucket.raw"), keptOnly)).startsWith("No changes. "
        + "Nothing of " + STACK + " is destroyed at s3_bucket.curated, s3_bucket.raw or in what depends on them: "
        + "what is left there is kept, as listed below; the rest of the stack is left as it is (destroy without "
        + "--target to remove it all).\nKept (not destroyed):\n");
    assertThat(nothingToDestroy(List.of(), gone)).startsWith("No changes. Nothing of " + STACK
        + " is left to destroy.\n");
    assertThat(nothingToDestroy(List.of(), keptOnly)).startsWith("No changes. Nothing of " + STACK
        + " is destroyed: what is left of it is kept, as listed below.\n");
  }

  @Test
  void aTargetedApplyWithNothingToDoSpeaksOfItsTargetsNotOfTheWholeStack() {
    Plan none = new Plan(List.of());

    assertThat(nothingToDo(PlanView.Operation.APPLY, List.of("s3_bucket.raw"), none)).startsWith("No changes. "
        + "s3_bucket.raw and what it needs in " + STACK + " match the configuration (0 resources checked); the rest of "
        + "the stack was not checked (run without --target to check it all).\n");
    assertThat(nothingToDo(PlanView.Operation.APPLY, List.of("s3_bucket.raw", "kms_key.lakehouse"), none))
        .startsWith("No changes. s3_bucket.raw, kms_key.lakehouse and what they need in " + STACK + " match the "
            + "configuration (0 resources checked); the rest of the stack was not checked (run without --target to "
            + "check it all).\n");
    assertThat(nothingToDo(PlanView.Operation.APPLY, List.of(), none)).startsWith("No changes. " + STACK
        + " matches the configuration (0 resources checked).\n");
  }

  private static String nothingToDestroy(List<String> targets, Plan plan) {
    return nothingToDo(PlanView.Operation.DESTROY, targets, plan);
  }

  private static String nothingToDo(PlanView.Operation operation, List<String> targets, Plan plan) {
    StringWriter out = new StringWriter();
    Output output = new Output(new PrintWriter(out, true), new PrintWriter(new StringWriter()), false, false, 0);
    PlanView.of(output, targets).nothingToChange(DEV, operation, plan);
    return out.toString();
  }

  @Test
  void aFailureQuotingAnEndpointWithCredentialsShowsThemInNeitherView() {
    ApplyResult result = new ApplyResult(List.of(), Map.of(Address.parse("s3_bucket.raw"),
        new IllegalStateException("Cannot reach http://admin:s3cr3t-Pa55@127.0.0.1:4566/acme-dev-raw")), Map.of(), false);
    for (boolean json : List.of(false, true)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      Output output = new Output(new PrintWriter(out, true), new PrintWriter(err, true), json, false, 0);

      PlanView.of(output).applied(DEV, PlanView.Operation.APPLY, new Plan(List.of()), result);

      assertThat(out + "" + err).contains("http://***@127.0.0.1:4566").doesNotContain("s3cr3t", "admin:");
    }
  }

  @Test
  void aDestroyedKeyIsScheduledForDeletionNotDeletedInEitherView() throws Exception {
    ApplyResult result = new ApplyResult(List.of(deleted("s3_bucket.raw"), deleted("kms_key.lakehouse")), Map.of(),
        Map.of(), false);
    StringWriter human = new StringWriter();
    PlanView.of(new Output(new PrintWriter(human, true), new PrintWriter(new StringWriter()), false, false, 0))
        .applied(DEV, PlanView.Operation.DESTROY, new Plan(List.of()), result);
    StringWriter json = new StringWriter();
    PlanView.of(new Output(new PrintWriter(json, true), new PrintWriter(new StringWriter()), true, false, 0))
        .applied(DEV, PlanView.Operation.DESTROY, new Plan(List.of()), result);

    assertThat(human.toString()).contains("kms_key.lakehouse is scheduled for deletion, not deleted: KMS deletes it "
        + "after 30 days, and `aws kms cancel-key-deletion` brings it back until then.\nDestroy complete!");
    JsonNode outcome = JSON.readTree(json.toString()).path("result");
    assertThat(outcome.path("done")).hasSize(2);
    assertThat(outcome.path("scheduled_for_deletion").toString())
        .isEqualTo("[{\"address\":\"kms_key.lakehouse\",\"pending_window_days\":30}]");
  }

  @Test
  void aDestroyThatKeptResourcesNamesThemInItsLastLineAndCountsThemInJson() throws Exception {
    Plan plan = new Plan(List.of(deleted("s3_bucket.raw")), List.of(), List.of(new Plan.Kept(
        Address.parse("s3_bucket.curated"), "bucket acme-dev-curated-123456789012 holds objects")), List.of());
    ApplyResult result = new ApplyResult(List.of(deleted("s3_bucket.raw")), Map.of(), Map.of(), false);
    StringWriter human = new StringWriter();
    PlanView.of(new Output(new PrintWriter(human, true), new PrintWriter(new StringWriter()), false, false, 0))
        .applied(DEV, PlanView.Operation.DESTROY, plan, result);
    StringWriter json = new StringWriter();
    PlanView.of(new Output(new PrintWriter(json, true), new PrintWriter(new StringWriter()), true, false, 0))
        .applied(DEV, PlanView.Operation.DESTROY, plan, result);

    assertThat(human.toString()).endsWith("Destroy complete! Resources: 1 destroyed, 1 kept (still in the account: "
        + "s3_bucket.curated).\n");
    assertThat(JSON.readTree(json.toString()).path("summary").path("kept").asInt()).isEqualTo(1);
  }

  private static Change deleted(String address) {
    return new Change(Address.parse(address), Action.DELETE, null, null, List.of(), List.of(), List.of());
  }

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
