package dev.lakehouse.provision.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.provision.resource.Ownership;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner is a pure function of (desired, observed); each row is one case. */
class PlannerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Address BUCKET = Address.parse("s3_bucket.raw");
  private static final Address KEY = Address.parse("kms_key.lakehouse");

  static Stream<Arguments> actions() {
    return Stream.of(
        Arguments.of("absent and not wanted", null, null, Set.of(), Action.NO_OP, List.of()),
        Arguments.of("wanted, absent", "{\"v\":\"Enabled\"}", null, Set.of(), Action.CREATE, List.of()),
        Arguments.of("not wanted, present", null, "{\"v\":\"Enabled\"}", Set.of(), Action.DELETE, List.of()),
        Arguments.of("equal", "{\"v\":\"Enabled\"}", "{\"v\":\"Enabled\"}", Set.of(), Action.NO_OP, List.of()),
        Arguments.of("absent attribute equals null", "{\"v\":null,\"w\":1}", "{\"w\":1}", Set.of(), Action.NO_OP, List.of()),
        Arguments.of("one attribute differs", "{\"v\":\"Enabled\",\"w\":1}", "{\"v\":\"Suspended\",\"w\":1}", Set.of(),
            Action.UPDATE, List.of("v: \"Suspended\" -> \"Enabled\"")),
        Arguments.of("a nested attribute differs", "{\"e\":{\"alg\":\"aws:kms\",\"key\":\"k\"}}",
            "{\"e\":{\"alg\":\"AES256\",\"key\":null}}", Set.of(), Action.UPDATE,
            List.of("e.alg: \"AES256\" -> \"aws:kms\"", "e.key: null -> \"k\"")),
        Arguments.of("list elements keyed by id", "{\"r\":[{\"id\":\"a\",\"d\":30},{\"id\":\"b\",\"d\":1}]}",
            "{\"r\":[{\"id\":\"b\",\"d\":1},{\"id\":\"a\",\"d\":45}]}", Set.of(), Action.UPDATE,
            List.of("r[a].d: 45 -> 30")),
        Arguments.of("a list element added", "{\"r\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", "{\"r\":[{\"id\":\"a\"}]}",
            Set.of(), Action.UPDATE, List.of("r[b]: null -> {\"id\":\"b\"}")),
        Arguments.of("a whole value appears", "{\"t\":{\"id\":\"x\",\"days\":90}}", "{\"t\":null}", Set.of(),
            Action.UPDATE, List.of("t: null -> {\"id\":\"x\",\"days\":90}")),
        Arguments.of("a replacing attribute differs", "{\"name\":\"b\",\"v\":1}", "{\"name\":\"a\",\"v\":1}",
            Set.of("name"), Action.REPLACE, List.of("name: \"a\" -> \"b\" (forces replacement)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void choosesTheAction(String what, String desired, String observed, Set<String> replaceOn, Action action,
      List<String> attributes) {
    Change change = Planner.change(input(BUCKET, desired, observed, replaceOn, Set.of()));
    assertThat(change.action()).isEqualTo(action);
    assertThat(change.attributes()).extracting(a -> a.path() + ": " + render(a.before()) + " -> " + render(a.after())
        + (a.forcesReplacement() ? " (forces replacement)" : "")).containsExactlyElementsOf(attributes);
  }

  @Test
  void aReplacementSaysWhy() {
    Change change = Planner.change(input(BUCKET, "{\"name\":\"b\"}", "{\"name\":\"a\"}", Set.of("name"), Set.of()));
    assertThat(change.notes()).containsExactly("name cannot change in place, so the resource is replaced");
  }

  @Test
  void aCreateCarriesTheRefusalsOfWhatTheConfigWants() throws Exception {
    Change create = Planner.change(new Planner.Input(BUCKET, JSON.readTree("{\"name\":\"b\"}"), null, Set.of(),
        Set.of(), List.of(), List.of("its inline policy is too long")));
    assertThat(create.action()).isEqualTo(Action.CREATE);
    assertThat(create.refusals()).containsExactly("its inline policy is too long");
  }

  @Test
  void aResourceWithoutTheOwnershipTagsIsAdoptedAndNeverReplaced() throws Exception {
    Planner.Input foreign = new Planner.Input(BUCKET, JSON.readTree("{\"name\":\"a\",\"tags\":{\"o\":\"us\"}}"),
        JSON.readTree("{\"name\":\"a\",\"tags\":{}}"), Set.of("name"), Set.of(), List.of(), List.of(),
        dev.lakehouse.provision.resource.Ownership.FOREIGN);
    Change adopt = Planner.change(foreign);
    assertThat(adopt.action()).isEqualTo(Action.ADOPT);
    assertThat(adopt.action().symbol()).isEqualTo("<=");
    assertThat(adopt.refusals()).isEmpty();
    assertThat(Planner.plan(List.of(foreign)).toChange()).isEqualTo(1);

    Change replacing = Planner.change(new Planner.Input(BUCKET, JSON.readTree("{\"name\":\"b\"}"),
        JSON.readTree("{\"name\":\"a\"}"), Set.of("name"), Set.of(), List.of(), List.of(),
        dev.lakehouse.provision.resource.Ownership.FOREIGN));
    assertThat(replacing.action()).isEqualTo(Action.ADOPT);
    assertThat(replacing.refusals()).containsExactly("adopting it would replace it (name cannot change in place), "
        + "and lakehouse never deletes what is not the stack's");
  }

  @Test
  void createsComeAfterWhatTheyDependOnAndDeletesBeforeIt() {
    Address old = Address.parse("s3_bucket.old");
    Plan plan = Planner.plan(List.of(
        input(BUCKET, "{\"v\":1}", null, Set.of(), Set.of(KEY)),
        input(old, null, "{\"v\":1}", Set.of(), Set.of(KEY)),
        input(KEY, "{\"v\":1}", null, Set.of(), Set.of())));
    assertThat(plan.changes()).extracting(c -> c.action().symbol() + " " + c.address())
        .containsExactly("+ kms_key.lakehouse", "+ s3_bucket.raw", "- s3_bucket.old");
    assertThat(plan.toAdd()).isEqualTo(2);
    assertThat(plan.toDestroy()).isEqualTo(1);
    assertThat(plan.toChange()).isZero();
  }

  @Test
  void anUnchangedStackHasNoChanges() {
    Plan plan = Planner.plan(List.of(input(KEY, "{\"v\":1}", "{\"v\":1}", Set.of(), Set.of())));
    assertThat(plan.hasChanges()).isFalse();
    assertThat(plan.changes()).hasSize(1);
  }

  @Test
  void aCycleIsNamed() {
    assertThatThrownBy(() -> Planner.plan(List.of(
        input(BUCKET, "{}", null, Set.of(), Set.of(KEY)),
        input(KEY, "{}", null, Set.of(), Set.of(BUCKET)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a cycle of dependencies: s3_bucket.raw -> kms_key.lakehouse -> s3_bucket.raw");
  }

  @Test
  void refusalsStayWithRealChangesOnly() {
    Planner.Input unchanged = new Planner.Input(BUCKET, json("{\"v\":1}"), json("{\"v\":1}"), Set.of(), Set.of(),
        List.of(), List.of("cannot narrow"));
    Planner.Input changed = new Planner.Input(BUCKET, json("{\"v\":2}"), json("{\"v\":1}"), Set.of(), Set.of(),
        List.of(), List.of("cannot narrow"));
    assertThat(Planner.change(unchanged).refusals()).isEmpty();
    assertThat(Planner.change(changed).refusals()).containsExactly("cannot narrow");
  }

  @Test
  void aRenamedElementShowsAsItsNewKeyNotAsADropAndAnAdd() {
    String observed = "{\"columns\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"customer\",\"type\":\"int\","
        + "\"after\":\"id\"},{\"name\":\"region\",\"type\":\"string\",\"after\":\"customer\"}]}";
    String desired = "{\"columns\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"customer_id\",\"type\":\"long\","
        + "\"after\":\"id\"},{\"name\":\"region\",\"type\":\"string\",\"after\":\"customer_id\"}]}";
    Map<String, String> renamed = Map.of("columns[customer_id]", "columns[customer]");
    Change change = Planner.change(new Planner.Input(BUCKET, json(desired), json(observed), Set.of(), Set.of(),
        List.of(), List.of(), Ownership.OWNED, renamed));
    assertThat(change.action()).isEqualTo(Action.UPDATE);
    assertThat(change.attributes()).extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
        .containsExactly(
            "columns[customer_id].name: \"customer\" -> \"customer_id\"",
            "columns[customer_id].type: \"int\" -> \"long\"",
            "columns[region].after: \"customer\" -> \"customer_id\"");

    // Without the rename, or with one the lists do not bear out, the same columns are a drop and an add.
    for (Map<String, String> none : List.of(Map.<String, String>of(), Map.of("columns[customer_id]", "columns[cust]"),
        Map.of("columns[region]", "columns[customer]"))) {
      Change unrenamed = Planner.change(new Planner.Input(BUCKET, json(desired), json(observed), Set.of(), Set.of(),
          List.of(), List.of(), Ownership.OWNED, none));
      assertThat(unrenamed.attributes()).extracting(AttributeChange::path)
          .contains("columns[customer_id]", "columns[customer]");
    }
  }

  @Test
  void aPolicysStatementsAreComparedBySidAndOnlyWhatChangedIsShown() {
    String observed = "{\"accessPolicy\":{\"Statement\":[{\"Sid\":\"ReadZoneCatalog\",\"Action\":[\"glue:GetTable\"],"
        + "\"Resource\":[\"database/processed\"]},{\"Sid\":\"UseStackKey\",\"Action\":[\"kms:Decrypt\"]}]}}";
    String desired = "{\"accessPolicy\":{\"Statement\":[{\"Sid\":\"WriteZoneObjects\",\"Action\":[\"s3:PutObject\"]},"
        + "{\"Sid\":\"ReadZoneCatalog\",\"Action\":[\"glue:GetTable\"],\"Resource\":[\"database/processed\","
        + "\"database/raw\"]},{\"Sid\":\"UseStackKey\",\"Action\":[\"kms:Decrypt\"]}]}}";
    Change change = Planner.change(input(BUCKET, desired, observed, Set.of(), Set.of()));
    assertThat(change.attributes()).extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
        .containsExactly(
            "accessPolicy.Statement[WriteZoneObjects]: null -> "
                + "{\"Sid\":\"WriteZoneObjects\",\"Action\":[\"s3:PutObject\"]}",
            "accessPolicy.Statement[ReadZoneCatalog].Resource: [\"database/processed\"] -> "
                + "[\"database/processed\",\"database/raw\"]");
  }

  @Test
  void addressesReadBackAsWritten() {
    assertThat(Address.parse("iceberg_table.processed.customer_events"))
        .isEqualTo(new Address("iceberg_table", "processed.customer_events"));
    assertThatThrownBy(() -> Address.parse("raw"))
        .hasMessage("'raw' is not a resource address; write TYPE.NAME, e.g. s3_bucket.raw");
  }

  private static Planner.Input input(Address address, String desired, String observed, Set<String> replaceOn,
      Set<Address> dependsOn) {
    return new Planner.Input(address, json(desired), json(observed), replaceOn, dependsOn, List.of(), List.of());
  }

  private static JsonNode json(String text) {
    try {
      return text == null ? null : JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String render(JsonNode node) {
    return node == null ? "null" : node.toString();
  }
}
