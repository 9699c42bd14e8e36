package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line as its own process, from the jar the build made ({@code target/lakehouse.jar}),
 * for what only a process shows: SIGKILL, SIGINT, the real environment and credential files.
 */
final class ChildCli {
  static final Path JAR = Path.of("target", "lakehouse.jar");

  /** A finished run: exit code and what it printed. */
  record Run(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  /** A running process and the files its output goes to. */
  record Started(Process process, Path stdout, Path stderr) {
    Run await() throws IOException, InterruptedException {
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the lakehouse process ended in time").isTrue();
      return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    }
  }

  private final Map<String, String> environment = new HashMap<>();
  private final Path dir;

  /** A child with test credentials in its environment, writing its output under {@code dir}. */
  ChildCli(Path dir) {
    this.dir = dir;
    environment.put("AWS_ACCESS_KEY_ID", "lakehouse-test");
    environment.put("AWS_SECRET_ACCESS_KEY", "lakehouse-test-secret");
  }

  ChildCli env(String name, String value) {
    if (value == null) {
      environment.remove(name);
    } else {
      environment.put(name, value);
    }
    return this;
  }

  /** The command line that runs the jar with these arguments, as the launcher starts the JVM. */
  static List<String> command(String... args) {
    assertThat(JAR).as("the jar the package phase builds").exists();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return command;
  }

  Started start(String... args) throws IOException {
    List<String> command = command(args);
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    builder.environment().putAll(environment);
    return new Started(builder.start(), out, err);
  }

  Run run(String... args) throws IOException, InterruptedException {
    return start(args).await();
  }

  /** Sends a process a signal. */
  interface Signaller {
    void send(Process process) throws IOException, InterruptedException;
  }

  /** Sends SIGINT, as Ctrl-C does. */
  static void interrupt(Process process) throws IOException, InterruptedException {
    signal(process, "INT");
  }

  /** Sends SIGTERM, as a cancelled CI job, {@code timeout}, systemd or Kubernetes does first. */
  static void terminate(Process process) throws IOException, InterruptedException {
    signal(process, "TERM");
  }

  private static void signal(Process process, String name) throws IOException, InterruptedException {
    assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
  }
}
