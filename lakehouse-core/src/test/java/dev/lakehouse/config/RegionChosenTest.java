package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader names the region as soon as it is known, before the rest of the config is checked. */
class RegionChosenTest {
  final ConfigLoader loader = new ConfigLoader(Map.of());
  final List<String> told = new ArrayList<>();

  @Test
  void namesTheEnvironmentsRegionOnce() {
    Stack stack = loader.load(ConfigLoader.Request.of(CanonicalStackTest.CANONICAL, "dev"), told::add);
    assertThat(told).containsExactly(stack.region());
  }

  @Test
  void namesItBeforeALaterProblemFailsTheLoad(@TempDir Path dir) throws IOException {
    assertLoadFails(dir, "project: acme\nregion: eu-west-1\nzones: { raw: { bucket: ab } }\n")
        .hasMessageContaining("zones.raw.bucket");
    assertThat(told).containsExactly("eu-west-1");
  }

  @Test
  void namesNothingWhenThereIsNoRegion(@TempDir Path dir) throws IOException {
    assertLoadFails(dir, "project: acme\n").hasMessageContaining("no region: set 'region' in the config (or in "
        + "the environment's section), pass --region, or set AWS_REGION");
    assertThat(told).isEmpty();
  }

  /** Loads a config of this text, telling {@link #told} the region, and expects it to fail. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("x.yaml");
    Files.writeString(file, yaml);
    return assertThatThrownBy(() -> loader.load(ConfigLoader.Request.of(file, null), told::add))
        .isInstanceOf(ConfigException.class);
  }
}
