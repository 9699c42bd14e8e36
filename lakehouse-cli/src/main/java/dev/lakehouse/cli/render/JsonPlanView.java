package dev.lakehouse.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.EndpointUrls;
import dev.lakehouse.cli.Output;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.Unmanaged;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Plans and apply results as JSON documents on stdout, in the stable, documented shape of
 * {@code docs/plan-json.md}. Fields may be added (a minor version); none is renamed or removed
 * within a major {@code format_version}.
 */
public final class JsonPlanView implements PlanView {
  /**
   * 1.1 added the adopt action, operation, resource_drift, risks, kept and summary.adopt; 1.2
   * added unmanaged; 1.3 added resource_drift[].cause; 1.4 added resource_drift[].attributes[].cause; 1.5 added
   * result.scheduled_for_deletion and summary.kept.
   */
  public static final String FORMAT_VERSION = "1.5";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Output output;

  JsonPlanView(Output output) {
    this.output = output;
  }

  @Override
  public void plan(Stack stack, Operation operation, Plan plan) {
    print(document(stack, operation, plan));
  }

  @Override
  public void applied(Stack stack, Operation operation, Plan plan, ApplyResult result) {
    ObjectNode document = document(stack, operation, plan);
    ObjectNode outcome = document.putObject("result");
    outcome.put("status", result.succeeded() ? "applied" : result.interrupted() ? "interrupted" : "failed");
    ArrayNode done = outcome.putArray("done");
    result.done().forEach(c -> done.add(c.address().toString()));
    ArrayNode failed = outcome.putArray("failed");
    result.failed().forEach((address, error) -> failed.addObject()
        .put("address", address.toString()).put("error", EndpointUrls.redact(error.getMessage())));
    ArrayNode skipped = outcome.putArray("skipped");
    result.skipped().forEach((address, reason) -> skipped.addObject()
        .put("address", address.toString()).put("reason", reason));
    ArrayNode scheduled = outcome.putArray("scheduled_for_deletion");
    ScheduledDeletions.of(stack, result).forEach(key -> {
      ObjectNode entry = scheduled.addObject().put("address", key.address().toString());
      if (key.windowDays() != null) {
        entry.put("pending_window_days", key.windowDays());
      }
    });
    print(document);
  }

  /**
   * The document with its result, as after any apply: a script reads {@code result.status} whether
   * or not there was anything to change.
   */
  @Override
  public void nothingToChange(Stack stack, Operation operation, Plan plan) {
    applied(stack, operation, plan, new ApplyResult(List.of(), Map.of(), Map.of(), false));
  }

  /** The plan document of {@code docs/plan-json.md}; saved plans embed it. */
  public static ObjectNode document(Stack stack, Operation operation, Plan plan) {
    ObjectNode document = MAPPER.createObjectNode();
    document.put("format_version", FORMAT_VERSION);
    document.put("operation", operation.word());
    ObjectNode about = document.putObject("stack");
    about.put("project", stack.project());
    about.put("env", stack.env());
    about.put("account", stack.account());
    about.put("region", stack.region());
    document.put("has_changes", plan.hasChanges());
    document.set("changes", changes(plan));
    ArrayNode drift = document.putArray("resource_drift");
    for (Plan.Drift d : plan.drift()) {
      ObjectNode node = drift.addObject();
      node.put("address", d.address().toString());
      node.put("type", d.address().type());
      node.put("name", d.address().name());
      node.put("cause", d.cause().word());
      ArrayNode attributes = node.putArray("attributes");
      for (AttributeChange attribute : d.attributes()) {
        ObjectNode a = attributes.addObject();
        a.put("path", attribute.path());
        a.set("config", attribute.before());
        a.set("actual", attribute.after());
        a.put("cause", d.causeOf(attribute).word());
      }
    }
    ArrayNode risks = document.putArray("risks");
    for (Plan.Risk risk : plan.risks()) {
      risks.addObject().put("address", risk.address().toString()).put("kind", risk.risk().kind())
          .put("what", risk.risk().what()).put("allowed", risk.allowed());
    }
    ArrayNode kept = document.putArray("kept");
    plan.kept().forEach(k -> kept.addObject().put("address", k.address().toString()).put("reason", k.reason()));
    ArrayNode unmanaged = document.putArray("unmanaged");
    for (Unmanaged item : plan.unmanaged()) {
      unmanaged.addObject().put("address", item.address().toString()).put("type", item.address().type())
          .put("name", item.address().name()).put("reason", item.reason());
    }
    ObjectNode summary = document.putObject("summary");
    summary.put("add", plan.toAdd());
    summary.put("change", plan.toChange());
    summary.put("destroy", plan.toDestroy());
    summary.put("adopt", plan.toAdopt());
    summary.put("kept", plan.kept().size());
    return document;
  }

  /** The changes of the plan as the {@code changes} array: what a saved plan is checked against. */
  public static ArrayNode changes(Plan plan) {
    ArrayNode changes = MAPPER.createArrayNode();
    for (Change change : plan.changes()) {
      ObjectNode node = changes.addObject();
      node.put("address", change.address().toString());
      node.put("type", change.address().type());
      node.put("name", change.address().name());
      node.put("action", change.action().word());
      node.set("before", change.before());
      node.set("after", change.after());
      ArrayNode attributes = node.putArray("attributes");
      for (AttributeChange attribute : change.attributes()) {
        ObjectNode a = attributes.addObject();
        a.put("path", attribute.path());
        a.set("before", attribute.before());
        a.set("after", attribute.after());
        a.put("forces_replacement", attribute.forcesReplacement());
      }
      ArrayNode notes = node.putArray("notes");
      change.notes().forEach(notes::add);
      ArrayNode refusals = node.putArray("refusals");
      change.refusals().forEach(refusals::add);
    }
    return changes;
  }

  /** The document as indented JSON text. */
  public static String text(ObjectNode document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void print(ObjectNode document) {
    output.result(text(document));
  }
}
