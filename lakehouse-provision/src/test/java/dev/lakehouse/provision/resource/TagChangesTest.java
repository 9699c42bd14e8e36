package dev.lakehouse.provision.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagChangesTest {

  private static final Map<String, String> DESIRED = Map.of("Owner", "analytics", "CostCenter", "DataEngineering",
      "lakehouse:project", "acme", "lakehouse:env", "dev");

  @Test
  void setsNewAndChangedKeysAndLeavesKeysTheConfigDoesNotDeclare() {
    TagChanges changes = TagChanges.between(
        Map.of("Owner", "data-platform", "Team", "x", "lakehouse:project", "acme", "lakehouse:env", "dev"),
        Map.of("Owner", "analytics", "Tier", "gold", "lakehouse:project", "acme", "lakehouse:env", "dev"));
    assertThat(changes.removed()).isEmpty();
    assertThat(changes.set()).containsExactly(Map.entry("Owner", "analytics"), Map.entry("Tier", "gold"));
  }

  @Test
  void removesOnlyTheStacksOwnKeysTheConfigNoLongerWants() {
    TagChanges changes = TagChanges.between(
        Map.of("cost-tool", "team42", "lakehouse:alias", "old", "lakehouse:project", "acme"),
        Map.of("lakehouse:project", "acme"));
    assertThat(changes.removed()).containsExactly("lakehouse:alias");
    assertThat(changes.set()).isEmpty();
  }

  @Test
  void theStackManagesTheKeysItsConfigDeclaresAndItsOwn() {
    assertThat(TagChanges.manages(DESIRED, "Owner")).isTrue();
    assertThat(TagChanges.manages(DESIRED, "lakehouse:env")).isTrue();
    assertThat(TagChanges.manages(DESIRED, "lakehouse:alias")).isTrue();
    assertThat(TagChanges.manages(DESIRED, "cost-tool")).isFalse();
    assertThat(TagChanges.manages(DESIRED, "owner")).isFalse();
    assertThat(TagChanges.manages(DESIRED, "lakehouse:applied")).isTrue();
    assertThat(TagChanges.manages(DESIRED, "lakehouse:written-by-a-later-version")).isFalse();
  }

  @Test
  void readTagsSplitIntoManagedAndOthers() {
    Map<String, String> read = Map.of("Owner", "data-platform", "cost-tool", "team42", "lakehouse:project", "acme",
        "aws:cloudformation:stack-name", "s");
    assertThat(TagChanges.managed(read, DESIRED))
        .containsExactly(Map.entry("Owner", "data-platform"), Map.entry("lakehouse:project", "acme"));
    assertThat(TagChanges.unmanaged(read, DESIRED))
        .containsExactly(Map.entry("aws:cloudformation:stack-name", "s"), Map.entry("cost-tool", "team42"));
  }

  @Test
  void aWholeSetKeepsTheOtherTagsAndTakesTheConfigsValues() {
    assertThat(TagChanges.wholeSet(Map.of("cost-tool", "team42"), Map.of("Owner", "analytics")))
        .containsExactly(Map.entry("Owner", "analytics"), Map.entry("cost-tool", "team42"));
    assertThat(TagChanges.wholeSet(Map.of(), Map.of())).isEmpty();
  }

  @Test
  void sameTagsNeedNoWrite() {
    TagChanges changes = TagChanges.between(Map.of("a", "1"), Map.of("a", "1"));
    assertThat(changes.removed()).isEmpty();
    assertThat(changes.set()).isEmpty();
  }

  @Test
  void keysComeSortedSoRequestsAreTheSameEveryRun() {
    TagChanges changes = TagChanges.between(Map.of("lakehouse:project", "1", "lakehouse:alias", "1",
        "lakehouse:env", "1"), Map.of("y", "1", "c", "1"));
    assertThat(changes.removed()).isEqualTo(List.of("lakehouse:alias", "lakehouse:env", "lakehouse:project"));
    assertThat(changes.set().keySet()).containsExactly("c", "y");
  }
}
