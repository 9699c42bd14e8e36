package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagChangesTest {
  @Test
  void removesWhatIsNotWantedAndSetsWhatIsNewOrDifferent() {
    TagChanges changes = TagChanges.between(Map.of("keep", "1", "change", "old", "drop", "x", "alsoDrop", "y"),
        Map.of("keep", "1", "change", "new", "add", "2"));
    assertThat(changes.removed()).containsExactly("alsoDrop", "drop");
    assertThat(changes.set()).isEqualTo(Map.of("add", "2", "change", "new"));
  }

  @Test
  void equalTagsNeedNothing() {
    assertThat(TagChanges.between(Map.of("a", "1"), Map.of("a", "1"))).isEqualTo(new TagChanges(List.of(), Map.of()));
  }
}
