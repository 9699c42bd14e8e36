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
    Map<String, String> none = Map.of();
    assertThat(TagChanges.manages(none, DESIRED, "Owner")).isTrue();
    assertThat(TagChanges.manages(none, DESIRED, "lakehouse:env")).isTrue();
    assertThat(TagChanges.manages(none, DESIRED, "lakehouse:alias")).isTrue();
    assertThat(TagChanges.manages(none, DESIRED, "cost-tool")).isFalse();
    assertThat(TagChanges.manages(none, DESIRED, "owner")).isFalse();
    assertThat(TagChanges.manages(none, DESIRED, "lakehouse:applied")).isTrue();
    assertThat(TagChanges.manages(none, DESIRED, "lakehouse:written-by-a-later-version")).isFalse();
  }

  @Test
  void theStackManagesTheKeysTheMarkRecordsAsTheConfigsAtTheLastApply() {
    Map<String, String> inAws = Map.of("Owner", "analytics", "Team", "x", "cost tool", "y", "cost-tool", "team42",
        "lakehouse:applied", "0123456789abcdef Owner Team cost@_tool");
    assertThat(TagChanges.recorded(inAws)).containsExactly("Owner", "Team", "cost tool");
    assertThat(TagChanges.manages(inAws, DESIRED, "Team")).isTrue();
    assertThat(TagChanges.manages(inAws, DESIRED, "cost tool")).isTrue();
    assertThat(TagChanges.manages(inAws, DESIRED, "cost-tool")).isFalse();
    assertThat(TagChanges.managed(inAws, DESIRED)).containsOnlyKeys("Owner", "Team", "cost tool", "lakehouse:applied");
    assertThat(TagChanges.unmanaged(inAws, DESIRED)).containsOnlyKeys("cost-tool");

    TagChanges changes = TagChanges.between(TagChanges.managed(inAws, DESIRED), DESIRED);
    assertThat(changes.removed()).containsExactly("Team", "cost tool", "lakehouse:applied");
    assertThat(changes.set()).containsOnlyKeys("CostCenter", "lakehouse:env", "lakehouse:project");
  }

  @Test
  void theKeyListReadsBackAsTheKeysItWasWrittenFrom() {
    Map<String, String> tags = Map.of("a b", "1", "x@y", "1", "@_", "1", "plain", "1", " lead", "1",
        "lakehouse:env", "dev");
    String list = TagChanges.keyList(tags.keySet());
    assertThat(list).isEqualTo("@_lead @@_ a@_b plain x@@y");
    assertThat(TagChanges.recorded(Map.of("lakehouse:applied", "0123456789abcdef " + list)))
        .containsExactlyInAnyOrder("a b", "x@y", "@_", "plain", " lead");
    assertThat(TagChanges.recorded(Map.of("lakehouse:applied", "0123456789abcdef"))).as("an earlier mark").isEmpty();
    assertThat(TagChanges.recorded(Map.of())).isEmpty();
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
