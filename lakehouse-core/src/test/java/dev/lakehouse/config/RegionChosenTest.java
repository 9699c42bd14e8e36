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
        + "the environment's section), pass --region, or set AWS_REGION (or a region in the AWS profile)");
    assertThat(told).isEmpty();
  }

  @Test
  void takesTheProfilesRegionLastAsTheAwsCliDoes(@TempDir Path dir) throws IOException {
    Path awsConfig = dir.resolve("aws-config");
    Files.writeString(awsConfig, "[default]\nregion = eu-west-1\n\n[profile deployer]\nregion = ap-south-1\n"
        + "[profile bad]\nregion = moon-1\n");
    Path file = dir.resolve("x.yaml");
    Files.writeString(file, "project: acme\nzones: { raw: { bucket: acme-raw-data } }\n");
    Map<String, String> environment = Map.of("AWS_CONFIG_FILE", awsConfig.toString());
    ConfigLoader fromFile = new ConfigLoader(environment);

    assertThat(fromFile.load(ConfigLoader.Request.of(file, null)).region()).isEqualTo("eu-west-1");
    assertThat(fromFile.load(new ConfigLoader.Request(file, null, null, null, "deployer", null)).region())
        .isEqualTo("ap-south-1");
    assertThat(new ConfigLoader(Map.of("AWS_CONFIG_FILE", awsConfig.toString(), "AWS_PROFILE", "deployer"))
        .load(ConfigLoader.Request.of(file, null)).region()).isEqualTo("ap-south-1");
    // AWS_REGION and the config come first.
    assertThat(new ConfigLoader(Map.of("AWS_CONFIG_FILE", awsConfig.toString(), "AWS_REGION", "us-west-2"))
        .load(ConfigLoader.Request.of(file, null)).region()).isEqualTo("us-west-2");
    assertThat(fromFile.load(ConfigLoader.Request.of(CanonicalStackTest.CANONICAL, "dev")).region())
        .isEqualTo("us-east-1");
    // A bad one is blamed on the profile, not on a line of the config.
    assertThatThrownBy(() -> fromFile.load(new ConfigLoader.Request(file, null, null, null, "bad", null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the region of profile 'bad' in AWS_CONFIG_FILE (as neither the config nor the "
            + "environment sets one): 'moon-1' is not an AWS region name");
    // A profile without a region, or none in the file, leaves the stack without one.
    assertThatThrownBy(() -> fromFile.load(new ConfigLoader.Request(file, null, null, null, "nobody", null)))
        .hasMessageContaining("no region");
  }

  /** Loads a config of this text, telling {@link #told} the region, and expects it to fail. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("x.yaml");
    Files.writeString(file, yaml);
    return assertThatThrownBy(() -> loader.load(ConfigLoader.Request.of(file, null), told::add))
        .isInstanceOf(ConfigException.class);
  }
}
