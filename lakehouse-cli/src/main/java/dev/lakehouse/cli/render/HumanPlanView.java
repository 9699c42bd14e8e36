package dev.lakehouse.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.EndpointUrls;
import dev.lakehouse.cli.Output;
import dev.lakehouse.cli.Output.Color;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.AppliedMark;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Unmanaged;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Plans in the contract's notation: {@code +} create, {@code ~} update with each changed
 * attribute {@code old -> new}, {@code -/+} replace, {@code -} delete, {@code <=} adopt, and the
 * summary line {@code Plan: N to add, N to change, N to destroy.} What changed outside lakehouse
 * comes first, apart from the planned changes; what destroy keeps comes last.
 */
final class HumanPlanView implements PlanView {
  /** 2^53: every whole number below it is exact as a double. */
  private static final double WHOLE_LIMIT = 9007199254740992d;
  private final Output output;
  /** The {@code --target} addresses the plan is limited to; empty for the whole stack. */
  private final List<String> targets;

  HumanPlanView(Output output, List<String> targets) {
    this.output = output;
    this.targets = List.copyOf(targets);
  }

  @Override
  public void plan(Stack stack, Operation operation, Plan plan) {
    drift(plan);
    if (!plan.hasChanges()) {
      output.result(operation == Operation.APPLY ? nothingToApply(stack, plan) : nothingToDestroy(stack, plan));
      kept(plan);
      summary(plan);
      notedNoOps(plan);
      unmanaged(plan);
      return;
    }
    output.result((operation == Operation.APPLY ? "Plan for " : "Destroy plan for ") + name(stack) + ":");
    output.result("");
    for (Change change : plan.changes()) {
      if (!change.isNoOp()) {
        change(change, plan);
      }
    }
    kept(plan);
    summary(plan);
    notedNoOps(plan);
    unmanaged(plan);
  }

  /**
   * Why an apply has nothing to do; a targeted one speaks of its targets and what they need, the
   * only resources it checked.
   */
  private String nothingToApply(Stack stack, Plan plan) {
    String checked = " (" + plan.changes().size() + " resources checked)";
    if (targets.isEmpty()) {
      return "No changes. " + name(stack) + " matches the configuration" + checked + ".";
    }
    return "No changes. " + String.join(", ", targets) + (targets.size() == 1 ? " and what it needs" : " and what "
        + "they need") + " in " + name(stack) + " match the configuration" + checked + "; the rest of the stack was "
        + "not checked (run without --target to check it all).";
  }

  /**
   * Why a destroy has nothing to do; a targeted one speaks of its targets, not of a stack whose
   * other resources it leaves as they are.
   */
  private String nothingToDestroy(Stack stack, Plan plan) {
    if (targets.isEmpty()) {
      return plan.kept().isEmpty() ? "No changes. Nothing of " + name(stack) + " is left to destroy."
          : "No changes. Nothing of " + name(stack) + " is destroyed: what is left of it is kept, as listed below.";
    }
    String where = " at " + String.join(", ", targets) + " or in what depends on "
        + (targets.size() == 1 ? "it" : "them");
    String rest = "; the rest of the stack is left as it is (destroy without --target to remove it all).";
    return plan.kept().isEmpty() ? "No changes. Nothing of " + name(stack) + " is left to destroy" + where + rest
        : "No changes. Nothing of " + name(stack) + " is destroyed" + where + ": what is left there is kept, as "
            + "listed below" + rest;
  }

  /** The summary line every plan ends its changes with, a plan of none too (scripts look for it). */
  private void summary(Plan plan) {
    output.result(output.paint("Plan:", Color.BOLD) + " " + plan.toAdd() + " to add, " + plan.toChange()
        + " to change, " + plan.toDestroy() + " to destroy.");
  }

  /** What the plan leaves alone because the stack does not manage it (pipelines' tables). */
  private void unmanaged(Plan plan) {
    if (plan.unmanaged().isEmpty()) {
      return;
    }
    output.result("");
    output.result("Unmanaged, left alone (not in the config, not made by this stack):");
    for (Unmanaged item : plan.unmanaged()) {
      output.result("  " + output.paint("? " + item.address(), Color.DIM) + "  " + item.reason());
    }
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

  /**
   * The resources the stack owns that AWS holds otherwise than the config sets them, by cause: the
   * attributes changed outside lakehouse, then the resources whose cause their mark does not tell.
   * What the config changed since the last apply is among the plan's changes, and no more.
   */
  private void drift(Plan plan) {
    drift(plan, AppliedMark.Cause.OUTSIDE, "Changed outside lakehouse", " (what AWS now holds otherwise than the "
        + "last apply left it, on resources the stack owns, where the config has not changed since):");
    drift(plan, AppliedMark.Cause.UNKNOWN, "Differs from the config", " (resources the stack owns that AWS holds "
        + "otherwise than the config sets them: changed outside lakehouse, or in the config since their last "
        + "apply, which lakehouse cannot tell for these):");
  }

  private void drift(Plan plan, AppliedMark.Cause cause, String title, String explanation) {
    List<Plan.Drift> drifted = plan.drift().stream().filter(drift -> drift.cause() == cause).toList();
    if (drifted.isEmpty()) {
      return;
    }
    output.result(output.paint(title, Color.BOLD) + explanation);
    output.result("");
    for (Plan.Drift drift : drifted) {
      output.result("  " + output.paint("~ " + drift.address(), Color.YELLOW));
      for (AttributeChange attribute : drift.attributes().stream().filter(a -> drift.causeOf(a) == cause).toList()) {
        output.result("      " + attribute.path() + ": " + value(attribute.before()) + " -> " + value(attribute.after()));
      }
      output.result("");
    }
  }

  private void kept(Plan plan) {
    if (plan.kept().isEmpty()) {
      return;
    }
    output.result(output.paint("Kept", Color.BOLD) + " (not destroyed):");
    for (Plan.Kept kept : plan.kept()) {
      output.result("  " + output.paint("# " + kept.address(), Color.DIM) + ": " + kept.reason());
    }
    output.result("");
  }

  private void change(Change change, Plan plan) {
    Color color = color(change.action());
    output.result("  " + output.paint(change.action().symbol() + " " + change.address(), color));
    for (String note : change.notes()) {
      output.result("      " + output.paint("# " + note, Color.DIM));
    }
    for (String refusal : change.refusals()) {
      output.result("      " + output.paint("! cannot apply: " + refusal, Color.RED));
    }
    for (Plan.Risk risk : plan.risks()) {
      if (risk.address().equals(change.address())) {
        output.result("      " + output.paint(risk.allowed()
            ? "! loses data: " + risk.risk().what() + " (allowed by --allow-data-loss " + risk.risk().kind() + ")"
            : "! would lose data: " + risk.risk().refusal(), Color.RED));
      }
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

  /**
   * A value as JSON, except the marker of values only apply will know, and whole numbers held as
   * floating point (an alarm's threshold of 1TB) written out whole: {@code 1099511627776}, not
   * {@code 1.099511627776E12}.
   */
  static String value(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isTextual() && node.textValue().equals(Outputs.UNKNOWN)) {
      return Outputs.UNKNOWN;
    }
    return whole(node).toString().replace("\"" + Outputs.UNKNOWN + "\"", Outputs.UNKNOWN);
  }

  /** The same JSON with every floating-point number that is whole, and exact as a long, as a long. */
  private static JsonNode whole(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      double value = node.doubleValue();
      return value == Math.rint(value) && Math.abs(value) < WHOLE_LIMIT ? LongNode.valueOf((long) value) : node;
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(field -> copy.set(field.getKey(), whole(field.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(whole(element)));
      return copy;
    }
    return node;
  }

  private static Color color(Action action) {
    return switch (action) {
      case CREATE -> Color.GREEN;
      case UPDATE -> Color.YELLOW;
      case REPLACE -> Color.MAGENTA;
      case DELETE -> Color.RED;
      case ADOPT -> Color.CYAN;
      case NO_OP -> Color.DIM;
    };
  }

  @Override
  public void applied(Stack stack, Operation operation, Plan plan, ApplyResult result) {
    long added = result.done().stream().filter(c -> c.action() == Action.CREATE || c.action() == Action.REPLACE).count();
    long changed = result.done().stream().filter(c -> c.action() == Action.UPDATE || c.action() == Action.ADOPT).count();
    long destroyed = result.done().stream().filter(c -> c.action() == Action.DELETE || c.action() == Action.REPLACE).count();
    result.failed().forEach((address, error) -> output.error(output.paint("Error: ", Color.RED)
        + EndpointUrls.redact(error.getMessage())));
    result.skipped().forEach((address, reason) -> output.error(address + ": " + reason));
    String counts = operation == Operation.APPLY
        ? added + " added, " + changed + " changed, " + destroyed + " destroyed"
        : destroyed + " destroyed, " + plan.kept().size() + " kept" + (plan.kept().isEmpty() ? ""
            : " (still in the account: " + String.join(", ", plan.kept().stream()
                .map(kept -> kept.address().toString()).toList()) + ")");
    String done = operation == Operation.APPLY ? "Apply" : "Destroy";
    ScheduledDeletions.of(stack, result).forEach(key -> output.result(key.address() + " is scheduled for deletion, "
        + "not deleted: " + key.when() + ", and `aws kms cancel-key-deletion` brings it back until then."));
    if (result.succeeded()) {
      output.result(output.paint(done + " complete!", Color.GREEN) + " Resources: " + counts + ".");
    } else if (result.interrupted()) {
      output.result(output.paint(done + " interrupted.", Color.YELLOW) + " Resources: " + counts
          + "; run " + operation.word() + " again to finish.");
    } else {
      output.result(output.paint(done + " failed.", Color.RED) + " Resources: " + counts + "; "
          + result.failed().size() + " failed, " + result.skipped().size() + " not applied. "
          + "Fix the cause and run " + operation.word() + " again: it carries on from where this run stopped.");
    }
  }

  @Override
  public void nothingToChange(Stack stack, Operation operation, Plan plan) {
    plan(stack, operation, plan);
  }

  private static String name(Stack stack) {
    return stack.project() + "/" + stack.env() + " in account " + stack.account() + " (" + stack.region() + ")";
  }
}
