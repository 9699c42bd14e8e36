package dev.lakehouse.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.cli.Output;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.Unmanaged;
import java.io.UncheckedIOException;

/**
 * Plans and apply results as JSON documents on stdout, in the stable, documented shape of
 * {@code docs/plan-json.md}. Fields may be added; none is renamed or removed within a
 * {@code format_version}.
 */
final class JsonPlanView implements PlanView {
  static final String FORMAT_VERSION = "1.0";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Output output;

  JsonPlanView(Output output) {
    this.output = output;
  }

  @Override
  public void plan(Stack stack, Plan plan) {
    ObjectNode document = header(stack);
    planInto(document, plan);
    print(document);
  }

  @Override
  public void applied(Stack stack, Plan plan, ApplyResult result) {
    ObjectNode document = header(stack);
    planInto(document, plan);
    ObjectNode outcome = document.putObject("result");
    outcome.put("status", result.succeeded() ? "applied" : result.interrupted() ? "interrupted" : "failed");
    ArrayNode done = outcome.putArray("done");
    result.done().forEach(c -> done.add(c.address().toString()));
    ArrayNode failed = outcome.putArray("failed");
    result.failed().forEach((address, error) -> failed.addObject()
        .put("address", address.toString()).put("error", error.getMessage()));
    ArrayNode skipped = outcome.putArray("skipped");
    result.skipped().forEach((address, reason) -> skipped.addObject()
        .put("address", address.toString()).put("reason", reason));
    print(document);
  }

  private static ObjectNode header(Stack stack) {
    ObjectNode document = MAPPER.createObjectNode();
    document.put("format_version", FORMAT_VERSION);
    ObjectNode about = document.putObject("stack");
    about.put("project", stack.project());
    about.put("env", stack.env());
    about.put("account", stack.account());
    about.put("region", stack.region());
    return document;
  }

  private static void planInto(ObjectNode document, Plan plan) {
    document.put("has_changes", plan.hasChanges());
    ArrayNode changes = document.putArray("changes");
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
    ArrayNode unmanaged = document.putArray("unmanaged");
    for (Unmanaged item : plan.unmanaged()) {
      unmanaged.addObject()
          .put("address", item.address().toString())
          .put("type", item.address().type())
          .put("name", item.address().name())
          .put("reason", item.reason());
    }
    ObjectNode summary = document.putObject("summary");
    summary.put("add", plan.toAdd());
    summary.put("change", plan.toChange());
    summary.put("destroy", plan.toDestroy());
  }

  private void print(ObjectNode document) {
    try {
      output.result(MAPPER.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
