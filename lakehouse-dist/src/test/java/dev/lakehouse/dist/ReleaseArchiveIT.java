package dev.lakehouse.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked into a fresh directory, away from the
 * repository, its launcher runs the jar it carries.
 */
class ReleaseArchiveIT {
  private static final Path ARCHIVE = Path.of(System.getProperty("lakehouse.dist.archive",
      "target/lakehouse-" + System.getProperty("lakehouse.dist.version") + ".tar.gz"));
  private static final String VERSION = System.getProperty("lakehouse.dist.version");

  @TempDir
  static Path unpacked;

  private static Path home;

  /** A finished run of the launcher. */
  record Run(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(ARCHIVE).as("the archive the package phase builds").exists();
    Process tar = new ProcessBuilder("tar", "-xzf", ARCHIVE.toAbsolutePath().toString(), "-C", unpacked.toString())
        .redirectErrorStream(true).start();
    assertThat(tar.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    home = unpacked.resolve("lakehouse-" + VERSION);
  }

  @Test
  void holdsTheLauncherTheJarTheDocsAndTheExamples() throws IOException {
    assertThat(home.resolve("bin/lakehouse")).isRegularFile();
    assertThat(Files.getPosixFilePermissions(home.resolve("bin/lakehouse"))).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(home.resolve("lib/lakehouse.jar")).isRegularFile();
    assertThat(Files.size(home.resolve("lib/lakehouse.jar"))).as("the shaded jar, with its dependencies")
        .isGreaterThan(10L << 20);
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("LICENSE")).isRegularFile();
    assertThat(home.resolve("docs/getting-started.md")).isRegularFile();
    assertThat(home.resolve("docs/cli.md")).isRegularFile();
    assertThat(home.resolve("examples/lakehouse.yaml")).isRegularFile();
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString())).containsExactly("lakehouse.jar");
    }
  }

  /**
   * Each directory is an entry of the archive, readable by all: a directory tar has to make for a
   * file takes the unpacking user's umask, and one unpacked by root with umask 027 into /opt would
   * keep the launcher from the user a service or cron job runs it as.
   */
  @Test
  void holdsEachDirectoryAsAnEntryThatAllMayRead() throws Exception {
    Process tar = new ProcessBuilder("tar", "-tvzf", ARCHIVE.toAbsolutePath().toString()).redirectErrorStream(true)
        .start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(tar.exitValue()).as(listing).isZero();
    Map<String, String> directories = new TreeMap<>();
    List<String> paths = new ArrayList<>();
    // No name in the archive holds a space: the last field of a line is the entry's path.
    for (String line : listing.lines().toList()) {
      String[] fields = line.split("\\s+");
      String path = fields[fields.length - 1];
      paths.add(path);
      if (path.endsWith("/")) {
        directories.put(path, fields[0]);
      }
    }
    for (String path : paths) {
      for (int slash = path.indexOf('/'); slash >= 0 && slash < path.length() - 1;
          slash = path.indexOf('/', slash + 1)) {
        String parent = path.substring(0, slash + 1);
        assertThat(directories).as("the entry of %s, the directory of %s", parent, path)
            .containsEntry(parent, "drwxr-xr-x");
      }
    }
    assertThat(directories).containsKeys("lakehouse-" + VERSION + "/", "lakehouse-" + VERSION + "/bin/",
        "lakehouse-" + VERSION + "/lib/");
  }

  @Test
  void versionNamesTheToolTheSdkAndIceberg() throws Exception {
    Run run = run("version");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).startsWith("lakehouse " + VERSION + "\n")
        .containsPattern("(?m)^AWS SDK for Java 2\\.\\d+\\.\\d+$")
        .containsPattern("(?m)^Apache Iceberg 1\\.\\d+\\.\\d+");
    Run json = run("version", "--json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(json.stdout()).contains("\"lakehouse\" : \"" + VERSION + "\"", "\"aws_sdk\" : \"2.", "\"iceberg\" : \"1.");
  }

  @Test
  void validatesEveryExampleItCarries() throws Exception {
    List<Path> examples;
    try (Stream<Path> files = Files.list(home.resolve("examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
    for (Path example : examples) {
      Run run = run("validate", "-f", home.relativize(example).toString(), "--env", "dev");
      assertThat(run.exitCode()).as(example + "\n" + run).isZero();
      assertThat(run.stderr()).as("nothing on stderr: " + run).doesNotContain("WARN", "Error");
    }
  }

  @Test
  void aBadConfigNamesTheLineAndExitsWithOne() throws Exception {
    Files.writeString(home.resolve("broken.yaml"), "project: acme\nregion: us-east-1\nzones:\n  raw:\n    bucket: Not_A_Bucket\n");
    Run run = run("validate", "-f", "broken.yaml");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).contains("broken.yaml:5:");
  }

  @Test
  void appliesTheMinimalExampleAndThenPlansNoChange() throws Exception {
    // moto with the testkit's gap fillers in front, as bin/demo and getting-started.md run it.
    try (MotoServer moto = MotoServer.start(); AwsProxy aws = MotoGaps.proxy(moto)) {
      String endpoint = aws.endpoint().toString();
      Run apply = run("apply", "-f", "examples/minimal.yaml", "--env", "dev", "--auto-approve", "--endpoint-url", endpoint);
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(apply.stdout()).contains("Apply complete!");

      Run plan = run("plan", "-f", "examples/minimal.yaml", "--env", "dev", "--detailed-exitcode",
          "--endpoint-url", endpoint);
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      assertThat(plan.stdout()).contains("No changes.");
    }
  }

  @Test
  void runsOnJdk25WithItsAotCacheWhereOneIsInstalled() throws Exception {
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    assumeTrue(Files.isExecutable(jdk25.resolve("bin/java")), "no JDK 25 at " + jdk25);
    Run first = runOn(jdk25, "version");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.stdout()).startsWith("lakehouse " + VERSION + "\n").contains("\nJava 25.");
    assertThat(first.stderr()).isEmpty();
    try (Stream<Path> cached = Files.list(unpacked.resolve(".cache/lakehouse"))) {
      assertThat(cached.map(p -> p.getFileName().toString())).anyMatch(f -> f.endsWith("-offline.aot"));
    }
    assertThat(runOn(jdk25, "version")).isEqualTo(first);
  }

  /** Runs bin/lakehouse from the unpacked archive's directory, with the JDK running this test. */
  private static Run run(String... args) throws IOException, InterruptedException {
    return runOn(Path.of(System.getProperty("java.home")), args);
  }

  /** Runs bin/lakehouse from the unpacked archive's directory, with the JDK at javaHome. */
  private static Run runOn(Path javaHome, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/lakehouse").toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(unpacked, "stdout", ".txt");
    Path err = Files.createTempFile(unpacked, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("LAKEHOUSE_"));
    builder.environment().put("JAVA_HOME", javaHome.toString());
    // The launcher's caches go under this HOME's .cache, away from the user's.
    builder.environment().remove("XDG_CACHE_HOME");
    builder.environment().put("HOME", unpacked.toString());
    builder.environment().put("AWS_ACCESS_KEY_ID", "lakehouse-test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "lakehouse-test-secret");
    Process process = builder.start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("bin/lakehouse ended in time").isTrue();
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
