package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lakehouse.cli.Cli;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse apply | tee apply.log} on a terminal: the output is piped, the user is still at
 * the keyboard, so apply asks there (on the terminal, not into the pipe) and goes on only on
 * {@code yes}, as Terraform does. The terminal is a pseudo-terminal that util-linux's {@code script}
 * opens, fed the answer.
 */
class PipedOutputIT {
  @TempDir
  Path dir;

  private record Run(int exitCode, String terminal, String piped) {}

  /** Runs {@code lakehouse ARGS | cat > FILE} on a terminal whose user types {@code answer}. */
  private Run onTerminal(String answer, String... args) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux's script is not installed");
    StringBuilder command = new StringBuilder();
    for (String word : ChildCli.command(args)) {
      command.append(" '").append(word).append("'");
    }
    Path piped = dir.resolve("piped.txt");
    Path typed = Files.writeString(dir.resolve("typed.txt"), answer + "\n");
    Path terminal = dir.resolve("terminal.txt");
    ProcessBuilder builder = new ProcessBuilder("script", "-qec",
        "set -o pipefail; " + command + " | cat > '" + piped + "'", "/dev/null")
        .redirectInput(typed.toFile()).redirectOutput(terminal.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    builder.environment().putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", "lakehouse-test",
        "AWS_SECRET_ACCESS_KEY", "lakehouse-test-secret", "NO_COLOR", "1", "SHELL", "/bin/bash"));
    Process process = builder.start();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the run ended in time").isTrue();
    return new Run(process.exitValue(), Files.readString(terminal, StandardCharsets.UTF_8),
        Files.exists(piped) ? Files.readString(piped, StandardCharsets.UTF_8) : "");
  }

  @EmulatorTest(motoOnly = true, reason = "runs a child process on a pseudo-terminal against moto")
  void applyWithItsOutputPipedAsksTheUserAtTheTerminal(Emulator emulator) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = TestClients.of(emulator)) {
      String[] apply = {"apply", "-f", Cli.CANONICAL.toAbsolutePath().toString(), "--env", "dev",
          "--endpoint-url", aws.endpoint().toString()};

      Run declined = onTerminal("no", apply);
      assertThat(declined.exitCode()).as(declined.toString()).isEqualTo(1);
      assertThat(declined.terminal()).contains("Do you want to apply these changes? Only 'yes' will be accepted:")
          .contains("Apply cancelled: the answer was not 'yes'. Nothing was changed");
      assertThat(declined.piped()).as("the plan goes down the pipe, the question does not")
          .contains("Plan: 27 to add, 0 to change, 0 to destroy.").doesNotContain("Do you want");
      assertThat(Inventory.of(read).kinds().values()).as("nothing was made").allMatch(List::isEmpty);

      Run approved = onTerminal("yes", apply);
      assertThat(approved.exitCode()).as(approved.toString()).isZero();
      assertThat(approved.terminal()).contains("Do you want to apply these changes?");
      assertThat(approved.piped()).contains("Apply complete! Resources: 27 added, 0 changed, 0 destroyed.")
          .doesNotContain("Do you want");
      assertThat(Inventory.of(read).kinds().get("buckets")).hasSize(4);
    }
  }
}
