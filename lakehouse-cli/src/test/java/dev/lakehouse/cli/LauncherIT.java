package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher (bin/lakehouse) in a release layout of its own ({@code bin/}, {@code lib/}): the
 * AppCDS archive it makes on the first run never shows in a run's output, lands whole, is made
 * again when the jar changes, and is not kept from a run that failed.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "lakehouse");
  private static final Path JAR = Path.of("target", "lakehouse.jar");

  @TempDir
  Path dir;

  private Path launcher;
  private Path cache;

  /** A finished run. */
  record Run(int exitCode, String stdout, String stderr) {}

  @BeforeEach
  void layOut() throws IOException {
    assertThat(JAR).as("the jar the package phase builds").exists();
    Files.createDirectories(dir.resolve("bin"));
    Files.createDirectories(dir.resolve("lib"));
    launcher = Files.copy(LAUNCHER, dir.resolve("bin/lakehouse"));
    Files.copy(JAR, dir.resolve("lib/lakehouse.jar"));
    cache = dir.resolve("cache");
  }

  private Run run(String... args) throws IOException, InterruptedException {
    return start(List.of(), args).await();
  }

  private Started start(List<String> env, String... args) throws IOException {
    List<String> command = Stream.concat(Stream.of("bash", launcher.toString()), Stream.of(args)).toList();
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("LAKEHOUSE_CDS");
    builder.environment().remove("LAKEHOUSE_JAVA_OPTS");
    for (String pair : env) {
      String[] kv = pair.split("=", 2);
      builder.environment().put(kv[0], kv[1]);
    }
    return new Started(builder.start(), out, err);
  }

  /** A running launcher and the files its output goes to. */
  record Started(Process process, Path stdout, Path stderr) {
    Run await() throws IOException, InterruptedException {
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the launcher ended in time").isTrue();
      return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    }
  }

  private List<String> cached() throws IOException {
    Path archives = cache.resolve("lakehouse");
    if (!Files.isDirectory(archives)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(archives)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFirstRunMakesTheArchiveAndPrintsOnlyWhatTheCommandPrints() throws Exception {
    Run first = run("version");
    assertThat(first.exitCode()).isZero();
    assertThat(first.stdout()).startsWith("lakehouse ").contains("AWS SDK for Java");
    assertThat(first.stderr()).isEmpty();
    assertThat(cached()).singleElement().asString().endsWith("-offline.jsa");

    Run second = run("version");
    assertThat(second).isEqualTo(first);
    assertThat(cached()).hasSize(1);
  }

  @Test
  void twoFirstRunsAtOnceLeaveOneWholeArchive() throws Exception {
    Started one = start(List.of(), "version");
    Started other = start(List.of(), "version");
    Run a = one.await();
    Run b = other.await();
    assertThat(a.exitCode()).isZero();
    assertThat(b).isEqualTo(a);
    assertThat(a.stderr()).isEmpty();
    assertThat(cached()).singleElement().asString().endsWith("-offline.jsa");
    assertThat(run("version")).isEqualTo(a);
  }

  @Test
  void aFailedRunKeepsNoArchive() throws Exception {
    Run failed = run("validate", "-f", dir.resolve("missing.yaml").toString());
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stdout()).isEmpty();
    assertThat(cached()).isEmpty();
  }

  @Test
  void aChangedJarGetsANewArchiveInPlaceOfTheOld() throws Exception {
    assertThat(run("version").exitCode()).isZero();
    List<String> before = cached();
    Files.setLastModifiedTime(dir.resolve("lib/lakehouse.jar"), FileTime.from(Instant.now().plusSeconds(60)));
    Run after = run("version");
    assertThat(after.exitCode()).isZero();
    assertThat(after.stderr()).isEmpty();
    assertThat(cached()).hasSize(1).doesNotContainAnyElementsOf(before);
  }

  @Test
  void withAppCdsOffNoArchiveIsMade() throws Exception {
    Run run = start(List.of("LAKEHOUSE_CDS=off"), "version").await();
    assertThat(run.exitCode()).isZero();
    assertThat(run.stderr()).isEmpty();
    assertThat(cached()).isEmpty();
  }
}
