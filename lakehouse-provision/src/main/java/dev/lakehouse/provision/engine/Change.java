package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The planned change of one resource: the action, the whole resource before (as AWS
 * holds it; null when absent) and after (as the config wants it; null when deleted), the
 * attributes that differ, notes that explain the plan (why a replace, what comes later),
 * and refusals: why the change cannot be made at all (apply refuses the whole plan).
 */
public record Change(
    Address address,
    Action action,
    JsonNode before,
    JsonNode after,
    List<AttributeChange> attributes,
    List<String> notes,
    List<String> refusals) {

  public Change {
    attributes = List.copyOf(attributes);
    notes = List.copyOf(notes);
    refusals = List.copyOf(refusals);
  }

  /** The same change with these refusals after its own. */
  public Change withRefusals(List<String> more) {
    List<String> all = new ArrayList<>(refusals);
    all.addAll(more);
    return new Change(address, action, before, after, attributes, notes, all);
  }

  public Change withNotes(List<String> more) {
    List<String> all = new ArrayList<>(notes);
    all.addAll(more);
    return new Change(address, action, before, after, attributes, all, refusals);
  }

  public boolean isNoOp() {
    return action == Action.NO_OP;
  }
}
