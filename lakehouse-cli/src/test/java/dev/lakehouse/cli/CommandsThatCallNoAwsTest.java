package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.Versions;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * version, completion and help take the options every command takes (a script may pass them to each),
 * and ignore those about the config and AWS: the file need not exist, and no AWS call is made.
 */
class CommandsThatCallNoAwsTest {
  private static final String[] EVERY_COMMANDS_OPTIONS = {"-f", "no-such-file.yaml", "--env", "dev", "--region",
      "us-east-1", "--profile", "p", "--endpoint-url", "http://127.0.0.1:1", "--no-color", "-v"};

  @TestFactory
  Stream<DynamicTest> takeTheOptionsEveryCommandTakesAndIgnoreThem() {
    return Stream.of(
        DynamicTest.dynamicTest("version", () -> {
          Cli.Result result = Cli.exec(with("version"));
          assertThat(result.exitCode()).as(result.toString()).isZero();
          assertThat(result.stdout()).isEqualTo(Cli.exec("version").stdout())
              .startsWith("lakehouse " + Versions.LAKEHOUSE + "\n");
          assertThat(result.stderr()).isEmpty();
          assertThat(result.calls().calls()).as("no AWS call").isEmpty();
        }),
        DynamicTest.dynamicTest("version --json -q", () -> {
          Cli.Result result = Cli.exec(with("version", "--json", "-q"));
          assertThat(result.exitCode()).as(result.toString()).isZero();
          assertThat(result.stdout()).isEqualTo(Cli.exec("version", "--json").stdout());
          assertThat(result.calls().calls()).as("no AWS call").isEmpty();
        }),
        DynamicTest.dynamicTest("completion bash", () -> {
          Cli.Result result = Cli.exec(with("completion", "bash"));
          assertThat(result.exitCode()).as(result.toString()).isZero();
          assertThat(result.stdout()).isEqualTo(Cli.exec("completion", "bash").stdout()).contains("--endpoint-url");
          assertThat(result.stderr()).isEmpty();
          assertThat(result.calls().calls()).as("no AWS call").isEmpty();
        }),
        DynamicTest.dynamicTest("help plan", () -> {
          Cli.Result result = Cli.exec(with("help", "plan"));
          assertThat(result.exitCode()).as(result.toString()).isZero();
          assertThat(result.stdout()).isEqualTo(Cli.exec("help", "plan").stdout()).startsWith("Usage: lakehouse plan");
          assertThat(result.stderr()).isEmpty();
          assertThat(result.calls().calls()).as("no AWS call").isEmpty();
        }));
  }

  private static String[] with(String... command) {
    return Stream.concat(Stream.of(command), Stream.of(EVERY_COMMANDS_OPTIONS)).toArray(String[]::new);
  }
}
