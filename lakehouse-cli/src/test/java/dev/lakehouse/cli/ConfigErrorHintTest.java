package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config problem says how to check the file again offline when the problem is in the file,
 * and leaves that out when the command line was wrong (no such file, no environment chosen).
 */
class ConfigErrorHintTest {

  @Test
  void aProblemInTheFileSuggestsValidate(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("stack.yaml");
    Files.writeString(config, Files.readString(Cli.CANONICAL).replace("deletionWindowDays: 30", "deletionWindowDays: 3"));

    Cli.Result plan = Cli.exec("plan", "-f", config.toString(), "--env", "staging");

    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.stderr()).endsWith("1 problem in the config; nothing was changed.\n"
        + "Once fixed, check it offline (no AWS call) with: lakehouse validate -f " + config + " --env staging\n");
    assertThat(plan.calls().calls()).isEmpty();
  }

  @Test
  void validateItselfDoesNotSuggestValidate(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("stack.yaml");
    Files.writeString(config, Files.readString(Cli.CANONICAL).replace("deletionWindowDays: 30", "deletionWindowDays: 3"));

    Cli.Result validate = Cli.exec("validate", "-f", config.toString(), "--env", "dev");

    assertThat(validate.exitCode()).isEqualTo(1);
    assertThat(validate.stderr()).endsWith("1 problem in the config; nothing was changed.\n");
  }

  @Test
  void aMissingFileOrEnvironmentIsFixedOnTheCommandLine(@TempDir Path dir) {
    Cli.Result missing = Cli.exec("plan", "-f", dir.resolve("nope.yaml").toString());
    assertThat(missing.stderr()).contains("no such file; pass the stack config with -f FILE").doesNotContain("validate");

    Cli.Result directory = Cli.exec("plan", "-f", dir.toString(), "--env", "dev");
    assertThat(directory.stderr()).isEqualTo(dir + ":1:1: is a directory, not a file; pass the stack config with -f "
        + "FILE\n1 problem in the config; nothing was changed.\n");
    assertThat(directory.calls().calls()).isEmpty();

    Cli.Result noEnv = Cli.exec("apply", "-f", Cli.CANONICAL.toString());
    assertThat(noEnv.stderr()).contains("choose one with --env").doesNotContain("validate");

    Cli.Result unknownEnv = Cli.exec("destroy", "-f", Cli.CANONICAL.toString(), "--env", "qa");
    assertThat(unknownEnv.stderr()).contains("unknown environment 'qa'").doesNotContain("validate");

    Cli.Result badRegion = Cli.exec("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--region", "moon-1");
    assertThat(badRegion.stderr()).isEqualTo("--region: 'moon-1' is not an AWS region name such as us-east-1\n"
        + "1 problem in the config; nothing was changed.\n");
    assertThat(badRegion.calls().calls()).isEmpty();
  }
}
