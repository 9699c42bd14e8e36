package dev.lakehouse.provision.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.ResourceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveStackTest {
  /** A type that is never called: the plan of found resources needs none of its calls. */
  private static final ResourceType<String> TYPE = new ResourceType<>() {
    @Override
    public String name() {
      return "thing";
    }

    @Override
    public Optional<String> read(String desired) {
      throw new AssertionError("not read");
    }

    @Override
    public void create(String desired) {
      throw new AssertionError("not created");
    }

    @Override
    public void update(String observed, String desired, Set<String> changed) {
      throw new AssertionError("not updated");
    }

    @Override
    public void delete(String observed) {
      throw new AssertionError("not deleted");
    }
  };

  private final Stack stack = new ConfigLoader(Map.of())
      .load(ConfigLoader.Request.of(Path.of("..", "examples", "lakehouse.yaml"), "dev"));

  @Test
  void aResourceFoundOnlyToBeNotedIsANoOpWithItsNotes() {
    Address address = new Address("thing", "pending");
    LiveStack live = new LiveStack(stack, List.of(new LiveStack.Entry<>(
        Discovered.noted(address, TYPE, List.of("it cannot be deleted")))));
    Change change = live.plan().change(address);
    assertThat(change.action()).isEqualTo(Action.NO_OP);
    assertThat(change.before()).isNull();
    assertThat(change.after()).isNull();
    assertThat(change.notes()).containsExactly("it cannot be deleted");
    assertThat(live.plan().hasChanges()).isFalse();
  }

  @Test
  void aResourceFoundWithWhatAwsHoldsIsDeleted() {
    Address address = new Address("thing", "gone");
    LiveStack live = new LiveStack(stack, List.of(new LiveStack.Entry<>(
        new Discovered<>(address, TYPE, "held", Set.of()))));
    assertThat(live.plan().change(address).action()).isEqualTo(Action.DELETE);
  }
}
