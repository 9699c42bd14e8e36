package dev.lakehouse.provision.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which resources are the stack's own, by their tags: project, environment and, for IAM roles, region. */
class OwnershipTest {
  private static final Stack DEV = new ConfigLoader(Map.of())
      .load(ConfigLoader.Request.of(Path.of("..", "examples", "lakehouse.yaml"), "dev").withAccount("123456789012"));

  @Test
  void aRoleIsTheStacksOnlyInTheRegionThatMadeItOrInAnyWhenMadeBeforeTheRegionWasWritten() {
    Map<String, String> legacy = Map.of(Stack.PROJECT_TAG, "acme", Stack.ENV_TAG, "dev");
    assertThat(Ownership.of(Optional.of(legacy), DEV)).isEqualTo(Ownership.OWNED);
    assertThat(Ownership.of(Optional.of(DEV.roleTagsWith(Map.of())), DEV)).isEqualTo(Ownership.OWNED);

    Optional<Map<String, String>> west = Optional.of(with(legacy, Stack.REGION_TAG, "eu-west-1"));
    assertThat(Ownership.of(west, DEV)).isEqualTo(Ownership.FOREIGN);
    assertThat(Ownership.otherStack(west, DEV)).contains("it belongs to this stack's deployment in eu-west-1 (by its "
        + "tag lakehouse:region), and an IAM role's name is the same in every region: give each region's roles names "
        + "of their own (${region} in iam.roles[].name)");
    assertThat(Ownership.notOwned(west, DEV)).isEqualTo("it is this stack's deployment in eu-west-1's (by its tag "
        + "lakehouse:region)");
  }

  @Test
  void anotherStacksResourceIsNamedAndOneOfNoStackMayBeAdopted() {
    Optional<Map<String, String>> other = Optional.of(Map.of(Stack.PROJECT_TAG, "acme", Stack.ENV_TAG, "prod",
        Stack.REGION_TAG, "us-east-1"));
    assertThat(Ownership.of(other, DEV)).isEqualTo(Ownership.FOREIGN);
    assertThat(Ownership.otherStack(other, DEV)).contains("it belongs to the lakehouse stack acme/prod (by its "
        + "ownership tags); lakehouse never takes over another stack's resources");
    assertThat(Ownership.notOwned(other, DEV)).isEqualTo("it is not this stack's: it lacks the ownership tags "
        + "lakehouse:env=dev, lakehouse:project=acme");

    Optional<Map<String, String>> nobodys = Optional.of(Map.of("Owner", "data-platform"));
    assertThat(Ownership.of(nobodys, DEV)).isEqualTo(Ownership.FOREIGN);
    assertThat(Ownership.otherStack(nobodys, DEV)).isEmpty();
    assertThat(Ownership.of(Optional.empty(), DEV)).isEqualTo(Ownership.UNTAGGED);
  }

  private static Map<String, String> with(Map<String, String> tags, String key, String value) {
    Map<String, String> all = new HashMap<>(tags);
    all.put(key, value);
    return all;
  }
}
