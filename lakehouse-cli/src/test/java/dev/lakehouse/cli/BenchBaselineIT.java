package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/run's baseline (bench/baseline.py, the seed article's boto3 way) does the work lakehouse
 * does, or the benchmark's ratios compare different work: its apply of the canonical stack makes
 * what lakehouse's apply makes, so that lakehouse's plan finds nothing to change after it; its plan
 * reads the converged stack without an error; bench/gen_stack.py's 10x stack is a valid config.
 * The bench itself is timed by hand, never in a test; this only keeps its scripts in step with the
 * plan document and the resources they follow.
 */
class BenchBaselineIT {
  private static final Path BENCH = Path.of("..", "bench");

  @TempDir Path dir;

  @EmulatorTest(motoOnly = true, reason = "bench/run measures against moto behind the gap fillers, as here")
  void theBaselineMakesAndReadsWhatLakehouseDoes(Emulator emulator) throws Exception {
    assumeTrue(pythonWithBoto3(), "python3 with boto3 (installed with moto) runs bench/baseline.py");
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      String endpoint = aws.endpoint().toString();
      Path empty = planJson(endpoint, "plan-empty.json");

      JsonNode applied = baseline("apply", "--plan", empty.toString(), "--endpoint-url", endpoint);
      assertThat(applied.path("errors").asInt(-1)).as(applied.toString()).isZero();
      assertThat(applied.path("calls").asInt()).isGreaterThan(100);

      Cli.Result plan = Cli.exec("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url", endpoint,
          "--detailed-exitcode");
      assertThat(plan.exitCode()).as("lakehouse's plan after the baseline's apply\n" + plan).isZero();
      assertThat(plan.stdout()).contains("No changes.", "Plan: 0 to add, 0 to change, 0 to destroy.");

      Path converged = planJson(endpoint, "plan-converged.json");
      JsonNode read = baseline("plan", "--plan", converged.toString(), "--endpoint-url", endpoint);
      assertThat(read.path("errors").asInt(-1)).as(read.toString()).isZero();
      assertThat(read.path("calls").asInt()).isGreaterThan(50);

      JsonNode maintained = baseline("maintain", "--database", "acme_dev_processed", "--database", "acme_dev_curated",
          "--endpoint-url", endpoint);
      assertThat(maintained.path("errors").asInt(-1)).as(maintained.toString()).isZero();
    }
    emulator.reset();
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      JsonNode created = baseline("apply", "--creates-only", "--plan", dir.resolve("plan-empty.json").toString(),
          "--endpoint-url", aws.endpoint().toString());
      assertThat(created.path("errors").asInt(-1)).as(created.toString()).isZero();
    }
  }

  @Test
  void theTenfoldStackIsAValidConfig() throws Exception {
    assumeTrue(pythonWithBoto3(), "python3 runs bench/gen_stack.py");
    Path scaled = dir.resolve("lakehouse-10x.yaml");
    Files.writeString(scaled, python(List.of(BENCH.resolve("gen_stack.py").toString())));
    Cli.Result validate = Cli.exec("validate", "-f", scaled.toString(), "--env", "dev");
    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    assertThat(Files.readString(scaled)).contains("zones:", "tables:", "grants:", "workgroups:");
  }

  private Path planJson(String endpoint, String name) throws IOException {
    Cli.Result plan = Cli.exec("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url", endpoint,
        "--json");
    assertThat(plan.exitCode()).as(plan.toString()).isIn(0, 2);
    Path file = dir.resolve(name);
    Files.writeString(file, plan.stdout());
    return file;
  }

  /** Runs bench/baseline.py and returns the summary it prints last ({"calls": N, "errors": N}). */
  private JsonNode baseline(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(BENCH.resolve("baseline.py").toString()));
    command.addAll(List.of(args));
    String out = python(command).strip();
    return new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
  }

  private String python(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("python.err").toFile());
    builder.environment().put("AWS_ACCESS_KEY_ID", "lakehouse-test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "lakehouse-test-secret");
    builder.environment().put("AWS_REGION", "us-east-1");
    builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    builder.environment().remove("AWS_PROFILE");
    builder.environment().remove("AWS_ENDPOINT_URL");
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out + "\n"
        + Files.readString(dir.resolve("python.err"))).isZero();
    return out;
  }

  private static boolean pythonWithBoto3() {
    try {
      Process process = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
