package dev.lakehouse.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.Versions;
import dev.lakehouse.cli.render.JsonPlanView;
import dev.lakehouse.cli.render.PlanView;
import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Overrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A plan saved by {@code plan --out FILE} (the format of {@code docs/saved-plans.md}): the plan
 * document of {@code plan --json}, plus what it was made for, the options it was made with, and
 * a fingerprint of every resource it read. {@code apply FILE} carries out exactly those changes,
 * and refuses, changing nothing, when any fingerprint no longer matches the account or the
 * config now plans anything else.
 */
final class SavedPlanFile {
  /** The version of the saved-plan format this lakehouse writes and reads. */
  static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The fingerprint of a resource the account did not hold. */
  private static final String ABSENT = "absent";

  private final String configFile;
  private final String lakehouseVersion;
  private final Instant readAt;
  private final List<String> targets;
  private final boolean adopt;
  private final List<String> allowDataLoss;
  private final String project;
  private final String env;
  private final String account;
  private final String region;
  private final Map<String, String> fingerprints;
  private final PlanView.Operation operation;
  private final JsonNode changes;
  private final JsonNode kept;
  private final ObjectNode document;

  /**
   * The plan to save, with the fingerprint of every resource it changes, and of a destroy plan also
   * of every resource it keeps: one that no longer would be kept, or no longer would be deleted,
   * makes it stale.
   */
  SavedPlanFile(String configFile, Instant readAt, List<String> targets, boolean adopt, List<String> allowDataLoss,
      Stack stack, LiveStack live, PlanView.Operation operation, Plan plan) {
    this.configFile = configFile;
    this.lakehouseVersion = Versions.LAKEHOUSE;
    this.readAt = readAt;
    this.targets = List.copyOf(targets);
    this.adopt = adopt;
    this.allowDataLoss = List.copyOf(allowDataLoss);
    this.project = stack.project();
    this.env = stack.env();
    this.account = stack.account();
    this.region = stack.region();
    this.fingerprints = new LinkedHashMap<>();
    this.operation = operation;
    for (Change change : plan.changes()) {
      fingerprints.put(change.address().toString(), live.fingerprint(change.address()));
    }
    for (Plan.Kept held : plan.kept()) {
      fingerprints.put(held.address().toString(), live.fingerprint(held.address()));
    }
    this.document = JsonPlanView.document(stack, operation, plan);
    this.changes = document.get("changes");
    this.kept = document.get("kept");
    ObjectNode saved = document.putObject("saved_plan");
    saved.put("version", VERSION);
    saved.put("created_at", readAt.toString());
    saved.put("lakehouse_version", Versions.LAKEHOUSE);
    saved.put("config_file", configFile);
    this.targets.forEach(saved.putArray("targets")::add);
    saved.put("adopt", adopt);
    this.allowDataLoss.forEach(saved.putArray("allow_data_loss")::add);
    ObjectNode prints = saved.putObject("fingerprints");
    fingerprints.forEach(prints::put);
  }

  private SavedPlanFile(ObjectNode document, Path file) {
    this.document = document;
    JsonNode saved = document.path("saved_plan");
    if (!saved.isObject()) {
      throw unreadable(file, "it is not a saved plan (no saved_plan section); make one with lakehouse plan --out FILE");
    }
    int version = saved.path("version").asInt(-1);
    if (version != VERSION) {
      throw unreadable(file, "it is in saved-plan format " + saved.path("version") + ", and this lakehouse reads format "
          + VERSION + "; make the plan again with this version");
    }
    try {
      this.readAt = Instant.parse(text(saved, "created_at", file));
    } catch (DateTimeParseException e) {
      throw unreadable(file, "saved_plan.created_at is not a time: " + saved.path("created_at").asText());
    }
    this.configFile = text(saved, "config_file", file);
    this.lakehouseVersion = saved.path("lakehouse_version").asText("");
    this.targets = strings(saved.path("targets"));
    this.adopt = saved.path("adopt").asBoolean(false);
    this.allowDataLoss = strings(saved.path("allow_data_loss"));
    JsonNode stack = document.path("stack");
    this.project = text(stack, "project", file);
    this.env = text(stack, "env", file);
    this.account = text(stack, "account", file);
    this.region = text(stack, "region", file);
    this.fingerprints = new LinkedHashMap<>();
    saved.path("fingerprints").fields().forEachRemaining(e -> fingerprints.put(e.getKey(), e.getValue().asText()));
    String operationWord = document.path("operation").asText(PlanView.Operation.APPLY.word());
    this.operation = Arrays.stream(PlanView.Operation.values()).filter(o -> o.word().equals(operationWord))
        .findFirst().orElseThrow(() -> unreadable(file, "its operation is '" + operationWord + "', which lakehouse "
            + Versions.LAKEHOUSE + " does not carry out; make the plan again with this version"));
    this.changes = document.get("changes");
    this.kept = document.path("kept");
    // A destroy plan of a stack with nothing left to destroy, or to keep, has neither changes nor fingerprints.
    if (changes == null || !changes.isArray() || (fingerprints.isEmpty() && operation == PlanView.Operation.APPLY)) {
      throw unreadable(file, "it has no changes or no fingerprints");
    }
    // What apply would otherwise fail on half-way, as an error about options the user never gave.
    for (String kind : allowDataLoss) {
      if (!DataRisk.KINDS.contains(kind)) {
        throw unreadable(file, "saved_plan.allow_data_loss has '" + kind + "', which lakehouse " + Versions.LAKEHOUSE
            + " does not know as a kind of data loss (the plan was made by lakehouse "
            + (lakehouseVersion.isEmpty() ? "of an unknown version" : lakehouseVersion)
            + "); make the plan again with this version");
      }
    }
    List<String> addresses = new ArrayList<>(targets);
    addresses.addAll(fingerprints.keySet());
    for (String address : addresses) {
      try {
        Address.parse(address);
      } catch (IllegalArgumentException e) {
        throw unreadable(file, "saved_plan has '" + address + "', which is not a resource address; make the plan "
            + "again");
      }
    }
  }

  /**
   * Writes the plan to a temporary file beside {@code file}, then moves it into place: the file is
   * never half-written, and neither a failure nor an interrupt leaves the temporary file behind.
   */
  static void write(Path file, SavedPlanFile plan) {
    String text = JsonPlanView.text(plan.document) + "\n";
    Interrupts.whole(() -> {
      Path temporary = null;
      try {
        temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".lakehouse-plan", ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        deleteIfExists(temporary);
        throw new UncheckedIOException("Cannot save the plan to " + file + ": " + e.getMessage(), e);
      }
    });
  }

  private static void deleteIfExists(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // The failure to save is the one to report.
    }
  }

  static SavedPlanFile read(Path file) {
    JsonNode document;
    try {
      document = MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw unreadable(file, "no such file");
    } catch (JsonProcessingException e) {
      String name = String.valueOf(file.getFileName());
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        // apply lakehouse.yaml: the stack config given where apply takes a saved plan.
        throw unreadable(file, "it is not a saved plan but, by its name, a stack config; apply a config with -f: "
            + "lakehouse apply -f " + file + " --env ENV");
      }
      throw unreadable(file, "it is not a saved plan (not JSON: " + e.getOriginalMessage() + "); make one with "
          + "lakehouse plan --out FILE");
    } catch (IOException e) {
      throw unreadable(file, e.getMessage());
    }
    if (document == null || !document.isObject()) {
      throw unreadable(file, "it is not a saved plan (not a JSON object)");
    }
    return new SavedPlanFile((ObjectNode) document, file);
  }

  String configFile() {
    return configFile;
  }

  String env() {
    return env;
  }

  /** Whether the plan makes the account match the config, or destroys the stack (plan --destroy). */
  PlanView.Operation operation() {
    return operation;
  }

  String region() {
    return region;
  }

  List<String> targets() {
    return targets;
  }

  /**
   * The plan's targets in the stack as now read; refuses, as a changed config, when one is no
   * longer in the stack (the config has dropped it, and the account does not hold it).
   */
  Set<Address> targets(Path file, LiveStack live) {
    for (String target : targets) {
      try {
        live.targets(List.of(target));
      } catch (Refused refused) {
        if (!ABSENT.equals(fingerprints.getOrDefault(target, ABSENT))) {
          throw new Refused("Cannot apply plan " + file + ": its target " + target + " is no longer in the stack: "
              + "the config does not declare it, and the account no longer holds it with the stack's ownership tags "
              + "(it held it when the plan was made, at " + readAt + ")" + otherVersion() + "; nothing was changed. "
              + "Run " + planCommand() + " again");
        }
        throw configChanged(file, "its target " + target + " is no longer in the stack");
      }
    }
    return live.targets(targets);
  }

  Overrides overrides() {
    return new Overrides(Set.copyOf(allowDataLoss), adopt);
  }

  /** Refuses when the plan was made for another stack, environment, account or region. */
  void checkMadeFor(Stack stack, Path file) {
    String madeFor = project + "/" + env + " in account " + account + " (" + region + ")";
    String now = stack.project() + "/" + stack.env() + " in account " + stack.account() + " (" + stack.region() + ")";
    if (!madeFor.equals(now)) {
      throw new Refused("Cannot apply plan " + file + ": it was made for " + madeFor + ", not " + now
          + "; nothing was changed. Apply it with the environment, credentials and region it was made for, or make "
          + "a plan for " + stack.project() + "/" + stack.env() + ": lakehouse plan "
          + (Path.of(stack.file()).equals(Path.of("lakehouse.yaml")) ? "" : "-f " + stack.file() + " ")
          + "--env " + stack.env() + " --out FILE");
    }
  }

  /**
   * Refuses when any resource the plan read has changed in the account since, or when the
   * config and the account now give any other plan.
   */
  void checkCurrent(Path file, LiveStack live, Plan plan) {
    for (Map.Entry<String, String> saved : fingerprints.entrySet()) {
      Address address = Address.parse(saved.getKey());
      if (!live.fingerprint(address).equals(saved.getValue())) {
        throw new Refused("Cannot apply plan " + file + ": the plan is stale: " + address + " changed since "
            + readAt + otherVersion() + "; nothing was changed. Run " + planCommand() + " again");
      }
    }
    if (operation == PlanView.Operation.DESTROY) {
      checkSameDestroy(file, live, plan);
      return;
    }
    for (Change change : plan.changes()) {
      String address = change.address().toString();
      if (fingerprints.containsKey(address)) {
        continue;
      }
      if (change.action() == Action.DELETE) {
        // Not in the config, yet found in the account by the stack's ownership tags: the account has moved.
        throw new Refused("Cannot apply plan " + file + ": the plan is stale: " + address + " was found in the "
            + "account since " + readAt + " (it carries the stack's ownership tags and the config does not declare "
            + "it, so the plan would now delete it)" + otherVersion() + "; nothing was changed. Run plan again");
      }
      throw new Refused("Cannot apply plan " + file + ": the config has changed since the plan was made ("
          + address + " is new)" + otherVersion() + "; nothing was changed. Run plan again");
    }
    JsonNode now = reread(JsonPlanView.changes(plan));
    Map<String, JsonNode> nowByAddress = byAddress(now);
    for (Map.Entry<String, JsonNode> was : byAddress(changes).entrySet()) {
      JsonNode is = nowByAddress.get(was.getKey());
      if (is != null && !was.getValue().equals(is) && sameConfig(was.getValue(), is)) {
        throw movedAround(file, was.getKey(), was.getValue(), is);
      }
      if (!was.getValue().equals(is)) {
        throw configChanged(file, was.getKey() + (is == null ? " is no longer in the plan" : " would now be planned "
            + "differently"));
      }
    }
    for (int i = 0; i < Math.max(now.size(), changes.size()); i++) {
      JsonNode was = changes.get(i);
      JsonNode is = now.get(i);
      if (was == null || !was.equals(is)) {
        throw configChanged(file, (is != null ? is : was).path("address").asText() + " would now be planned "
            + "differently");
      }
    }
  }

  /**
   * Refuses when destroy would now delete or keep anything otherwise than the saved plan: a bucket
   * that has taken objects since is kept, one emptied since deleted, and neither was reviewed.
   */
  private void checkSameDestroy(Path file, LiveStack live, Plan plan) {
    ObjectNode now = JsonPlanView.document(live.stack(), PlanView.Operation.DESTROY, plan);
    Map<String, JsonNode> wasDeleted = byAddress(changes);
    Map<String, JsonNode> isDeleted = byAddress(reread(now.get("changes")));
    Map<String, JsonNode> wasKept = byAddress(kept);
    Map<String, JsonNode> isKept = byAddress(reread(now.get("kept")));
    Set<String> addresses = new LinkedHashSet<>(wasDeleted.keySet());
    addresses.addAll(isDeleted.keySet());
    addresses.addAll(wasKept.keySet());
    addresses.addAll(isKept.keySet());
    for (String address : addresses) {
      JsonNode was = wasDeleted.get(address);
      JsonNode is = isDeleted.get(address);
      if (Objects.equals(was, is) && Objects.equals(wasKept.get(address), isKept.get(address))) {
        continue;
      }
      String how;
      String toDelete = "";
      if (is == null && isKept.containsKey(address)) {
        String reason = isKept.get(address).path("reason").asText();
        for (JsonNode risk : now.path("risks")) {
          String refused = "; to allow it, pass --allow-data-loss " + risk.path("kind").asText();
          if (risk.path("address").asText().equals(address) && !risk.path("allowed").asBoolean()
              && reason.endsWith(refused)) {
            reason = reason.substring(0, reason.length() - refused.length());
            toDelete = ", with --allow-data-loss " + risk.path("kind").asText() + " to delete it";
          }
        }
        how = address + " would now be kept (" + reason + ")" + (was == null ? "" : ", where the plan deletes it");
      } else if (is != null && wasKept.containsKey(address)) {
        how = address + " would now be deleted, where the plan keeps it (" + wasKept.get(address).path("reason")
            .asText() + ")";
      } else if (is != null && was == null) {
        how = address + " was found in the account since " + readAt + " (it carries the stack's ownership tags, so "
            + "destroy would now delete it)";
      } else {
        how = address + " would now be destroyed otherwise";
      }
      throw new Refused("Cannot apply plan " + file + ": the plan is stale: " + how + otherVersion() + "; nothing was "
          + "changed. Run " + planCommand() + " --out " + file + " again" + toDelete);
    }
    if (!changes.equals(reread(now.get("changes")))) {
      throw new Refused("Cannot apply plan " + file + ": the plan is stale: destroy would now delete in another "
          + "order" + otherVersion() + "; nothing was changed. Run " + planCommand() + " again");
    }
  }

  /** The command that makes a plan of this kind again. */
  private String planCommand() {
    return operation == PlanView.Operation.DESTROY ? "plan --destroy" : "plan";
  }

  /**
   * Whether two plans of a resource want the same of it: the same action towards the same
   * {@code after}, which is the config's (and, with fingerprints that match, the account's values
   * it refers to). What else then differs comes from what the plan reads around the resource,
   * which no fingerprint covers: what is at a new table's location, what names a role.
   */
  private static boolean sameConfig(JsonNode was, JsonNode is) {
    return was.path("action").equals(is.path("action")) && was.path("after").equals(is.path("after"));
  }

  /** The refusal when the config wants the same of a resource and what the account holds around it has moved. */
  private Refused movedAround(Path file, String address, JsonNode was, JsonNode is) {
    List<String> refusals = new ArrayList<>();
    is.path("refusals").forEach(refusal -> refusals.add(refusal.asText()));
    was.path("refusals").forEach(refusal -> refusals.remove(refusal.asText()));
    String how = refusals.isEmpty() ? " would now be planned differently"
        : " can no longer be made as planned: " + String.join("; ", refusals);
    return new Refused("Cannot apply plan " + file + ": the plan is stale: what the account holds around " + address
        + " has changed since " + readAt + ", and " + address + how + otherVersion() + "; nothing was changed. Run "
        + "plan again");
  }

  private Refused configChanged(Path file, String what) {
    return new Refused("Cannot apply plan " + file + ": the config has changed since the plan was made (" + what
        + ")" + otherVersion() + "; nothing was changed. Run " + planCommand() + " again");
  }

  /**
   * When another version of lakehouse made the plan, what the refusal adds: that version may have
   * read the account, or planned the config, otherwise than this one, so the difference found is
   * not necessarily a change in the account or the config.
   */
  private String otherVersion() {
    if (Versions.LAKEHOUSE.equals(lakehouseVersion)) {
      return "";
    }
    return ", or lakehouse reads or plans it otherwise since: the plan was made by lakehouse "
        + (lakehouseVersion.isEmpty() ? "of an unknown version" : lakehouseVersion) + ", and this is lakehouse "
        + Versions.LAKEHOUSE;
  }

  /** The changes by address, in their order. */
  private static Map<String, JsonNode> byAddress(JsonNode changes) {
    Map<String, JsonNode> byAddress = new LinkedHashMap<>();
    changes.forEach(change -> byAddress.put(change.path("address").asText(), change));
    return byAddress;
  }

  /**
   * The tree as it would read back from a file: numbers take the type the parser gives them,
   * so that a saved value and a live one compare by value (an int 5 and a long 5 are equal).
   */
  private static JsonNode reread(JsonNode tree) {
    try {
      return MAPPER.readTree(tree.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan that cannot be read back as JSON", e);
    }
  }

  private static String text(JsonNode node, String field, Path file) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw unreadable(file, "it lacks " + field);
    }
    return value.textValue();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Refused unreadable(Path file, String reason) {
    return new Refused("Cannot read plan " + file + ": " + reason);
  }
}
