package dev.lakehouse.provision.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagChangesTest {

  @Test
  void removesDroppedKeysAndSetsNewAndChangedOnes() {
    TagChanges changes = TagChanges.between(
        Map.of("Owner", "data-platform", "Team", "x", "CostCenter", "DataEngineering"),
        Map.of("Owner", "analytics", "CostCenter", "DataEngineering", "Tier", "gold"));
    assertThat(changes.removed()).containsExactly("Team");
    assertThat(changes.set()).containsExactly(Map.entry("Owner", "analytics"), Map.entry("Tier", "gold"));
  }

  @Test
  void sameTagsNeedNoWrite() {
    TagChanges changes = TagChanges.between(Map.of("a", "1"), Map.of("a", "1"));
    assertThat(changes.removed()).isEmpty();
    assertThat(changes.set()).isEmpty();
  }

  @Test
  void keysComeSortedSoRequestsAreTheSameEveryRun() {
    TagChanges changes = TagChanges.between(Map.of("z", "1", "b", "1", "m", "1"), Map.of("y", "1", "c", "1"));
    assertThat(changes.removed()).isEqualTo(List.of("b", "m", "z"));
    assertThat(changes.set().keySet()).containsExactly("c", "y");
  }
}
