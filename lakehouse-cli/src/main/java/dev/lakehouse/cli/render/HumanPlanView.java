package dev.lakehouse.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.cli.Output;
import dev.lakehouse.cli.Output.Color;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.Outputs;
import java.util.Iterator;
import java.util.Map;

/**
 * Plans in the contract's notation: {@code +} create, {@code ~} update with each changed
 * attribute {@code old -> new}, {@code -/+} replace, {@code -} delete, and the summary line
 * {@code Plan: N to add, N to change, N to destroy.}
 */
final class HumanPlanView implements PlanView {
  private final Output output;

  HumanPlanView(Output output) {
    this.output = output;
  }

  @Override
  public void plan(Stack stack, Plan plan) {
    if (!plan.hasChanges()) {
      output.result("No changes. " + name(stack) + " matches the configuration ("
          + plan.changes().size() + " resources checked).");
      notedNoOps(plan);
      return;
    }
    output.result("Plan for " + name(stack) + ":");
    output.result("");
    for (Change change : plan.changes()) {
      if (!change.isNoOp()) {
        change(change);
      }
    }
    output.result(output.paint("Plan:", Color.BOLD) + " " + plan.toAdd() + " to add, " + plan.toChange()
        + " to change, " + plan.toDestroy() + " to destroy.");
    notedNoOps(plan);
  }

  /**
   * Resources found in the account that the plan leaves alone and has something to say about
   * (one the stack cannot delete, say): no-ops with neither a before nor an after.
   */
  private void notedNoOps(Plan plan) {
    for (Change change : plan.changes()) {
      if (change.isNoOp() && change.before() == null && change.after() == null && !change.notes().isEmpty()) {
        output.result("  " + output.paint(change.address().toString(), Color.DIM));
        for (String note : change.notes()) {
          output.result("      " + output.paint("# " + note, Color.DIM));
        }
      }
    }
  }

  private void change(Change change) {
    Color color = color(change.action());
    output.result("  " + output.paint(change.action().symbol() + " " + change.address(), color));
    for (String note : change.notes()) {
      output.result("      " + output.paint("# " + note, Color.DIM));
    }
    for (String refusal : change.refusals()) {
      output.result("      " + output.paint("! cannot apply: " + refusal, Color.RED));
    }
    switch (change.action()) {
      case CREATE -> fields(change.after(), "+", Color.GREEN);
      case DELETE -> { }
      default -> {
        for (AttributeChange attribute : change.attributes()) {
          output.result("      " + output.paint("~", Color.YELLOW) + " " + attribute.path() + ": "
              + value(attribute.before()) + " -> " + value(attribute.after())
              + (attribute.forcesReplacement() ? output.paint(" (forces replacement)", Color.RED) : ""));
        }
      }
    }
    output.result("");
  }

  private void fields(JsonNode after, String symbol, Color color) {
    Iterator<Map.Entry<String, JsonNode>> fields = after.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      output.result("      " + output.paint(symbol, color) + " " + field.getKey() + ": " + value(field.getValue()));
    }
  }

  /** A value as JSON, except the marker of values only apply will know. */
  static String value(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isTextual() && node.textValue().equals(Outputs.UNKNOWN)) {
      return Outputs.UNKNOWN;
    }
    return node.toString().replace("\"" + Outputs.UNKNOWN + "\"", Outputs.UNKNOWN);
  }

  private static Color color(Action action) {
    return switch (action) {
      case CREATE -> Color.GREEN;
      case UPDATE -> Color.YELLOW;
      case REPLACE -> Color.MAGENTA;
      case DELETE -> Color.RED;
      case NO_OP -> Color.DIM;
    };
  }

  @Override
  public void applied(Stack stack, Plan plan, ApplyResult result) {
    long added = result.done().stream().filter(c -> c.action() == Action.CREATE || c.action() == Action.REPLACE).count();
    long changed = result.done().stream().filter(c -> c.action() == Action.UPDATE).count();
    long destroyed = result.done().stream().filter(c -> c.action() == Action.DELETE || c.action() == Action.REPLACE).count();
    result.failed().forEach((address, error) -> output.error(output.paint("Error: ", Color.RED) + error.getMessage()));
    result.skipped().forEach((address, reason) -> output.error(address + ": " + reason));
    String counts = added + " added, " + changed + " changed, " + destroyed + " destroyed";
    if (result.succeeded()) {
      output.result(output.paint("Apply complete!", Color.GREEN) + " Resources: " + counts + ".");
    } else if (result.interrupted()) {
      output.result(output.paint("Apply interrupted.", Color.YELLOW) + " Resources: " + counts
          + "; run apply again to finish.");
    } else {
      output.result(output.paint("Apply failed.", Color.RED) + " Resources: " + counts + "; "
          + result.failed().size() + " failed, " + result.skipped().size() + " not applied. "
          + "Fix the cause and run apply again: it carries on from where this run stopped.");
    }
  }

  private static String name(Stack stack) {
    return stack.project() + "/" + stack.env() + " in account " + stack.account() + " (" + stack.region() + ")";
  }
}
