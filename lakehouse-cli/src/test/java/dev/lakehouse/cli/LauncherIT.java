package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher (bin/lakehouse) in a release layout of its own ({@code bin/}, {@code lib/}), on the
 * JDK running the tests and on JDK 25 where one is installed: the cache of classes it makes on the
 * first run (an AppCDS archive before JDK 25, an AOT cache from 25 on) never shows in a run's
 * output, lands whole, is made again when the jar changes, and is not kept from a run that failed.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "lakehouse");
  private static final Path JAR = Path.of("target", "lakehouse.jar");
  private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir
  Path dir;

  private Path launcher;
  private Path cache;

  /** A JDK the launcher runs on, its feature version, and the cache it makes there ({@code jsa} or {@code aot}). */
  record Jvm(String name, Path home, int feature, String cacheExtension) {
    @Override
    public String toString() {
      return name;
    }

    /** Skips the test where this JDK is not installed. */
    Jvm assumePresent() {
      assumeTrue(Files.isExecutable(home.resolve("bin/java")), name + " is not installed at " + home);
      return this;
    }
  }

  static Stream<Jvm> jvms() {
    Path running = Path.of(System.getProperty("java.home"));
    return Stream.of(
        new Jvm("the running JDK " + Runtime.version().feature(), running, Runtime.version().feature(),
            Runtime.version().feature() >= 25 ? "aot" : "jsa"),
        new Jvm("JDK 25", JDK_25, 25, "aot"));
  }

  /** Moto's credentials and region, for the runs that call AWS. */
  private static final List<String> AWS_ENV = List.of("AWS_ACCESS_KEY_ID=lakehouse-test",
      "AWS_SECRET_ACCESS_KEY=lakehouse-test-secret", "AWS_REGION=us-east-1");

  private static String example(String name) {
    return Path.of("..", "examples", name).toAbsolutePath().toString();
  }

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

  private Run run(Jvm jvm, String... args) throws IOException, InterruptedException {
    return start(jvm, List.of(), args).await();
  }

  private Started start(Jvm jvm, List<String> env, String... args) throws IOException {
    return start(launcher, jvm, env, args);
  }

  private Started start(Path script, Jvm jvm, List<String> env, String... args) throws IOException {
    List<String> command = Stream.concat(Stream.of("bash", script.toString()), Stream.of(args)).toList();
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("LAKEHOUSE_"));
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    builder.environment().put("JAVA_HOME", jvm.home().toString());
    for (String pair : env) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 1) {
        builder.environment().remove(kv[0]);
      } else {
        builder.environment().put(kv[0], kv[1]);
      }
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

  /** The one cache there is. */
  private Path theCache() throws IOException {
    return cache.resolve("lakehouse").resolve(cached().get(0));
  }

  /** The one cache there is, its time set back to {@code when}. */
  private Path cacheDatedBack(Instant when) throws IOException {
    Path made = theCache();
    Files.setLastModifiedTime(made, FileTime.from(when));
    return made;
  }

  /** What a run that failed in loading or linking a class on the cache {@code made} says last. */
  private static String failedOnCache(Path made) {
    return "lakehouse: this run failed on the cache of classes " + made
        + ", which may be damaged; the next run makes it again\n";
  }

  /** The caches and their marks, without each cache's kept state ({@code <cache>.checked}). */
  private List<String> cached() throws IOException {
    return cachedFiles().stream().filter(name -> !name.endsWith(".checked")).toList();
  }

  private List<String> cachedFiles() throws IOException {
    Path caches = cache.resolve("lakehouse");
    if (!Files.isDirectory(caches)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(caches)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** The state of the cache {@code made} that the launcher kept when it made or checked it. */
  private static String checkedOf(Path made) throws IOException {
    return Files.readString(made.resolveSibling(made.getFileName() + ".checked"), StandardCharsets.UTF_8);
  }

  /** The state of the cache {@code made} now, as the launcher reads it: its size, time and change time. */
  private static String stateOf(Path made) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("stat", "-L", "-c", "%s %Y|%z", made.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("TZ", "UTC0");
    Process stat = builder.start();
    String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(stat.waitFor()).isZero();
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void theFirstRunMakesTheCacheAndPrintsOnlyWhatTheCommandPrints(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Run first = run(jvm, "version");
    assertThat(first.exitCode()).isZero();
    assertThat(first.stdout()).startsWith("lakehouse ").contains("AWS SDK for Java")
        .contains("Java " + jvm.feature() + ".").doesNotContain("AOT", "CDS");
    assertThat(first.stderr()).isEmpty();
    assertThat(cached()).singleElement().asString().endsWith("-offline." + jvm.cacheExtension());

    Run second = run(jvm, "version");
    assertThat(second).isEqualTo(first);
    assertThat(cached()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void twoFirstRunsAtOnceLeaveOneWholeCache(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Started one = start(jvm, List.of(), "version");
    Started other = start(jvm, List.of(), "version");
    Run a = one.await();
    Run b = other.await();
    assertThat(a.exitCode()).isZero();
    assertThat(b).isEqualTo(a);
    assertThat(a.stderr()).isEmpty();
    assertThat(cached()).singleElement().asString().endsWith("-offline." + jvm.cacheExtension());
    assertThat(run(jvm, "version")).isEqualTo(a);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void aFailedRunKeepsNoCache(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Run failed = run(jvm, "validate", "-f", dir.resolve("missing.yaml").toString());
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stdout()).isEmpty();
    assertThat(failed.stderr()).contains("missing.yaml").doesNotContain("AOT", "[warning]");
    assertThat(cached()).as("no cache, and nothing half-written left behind").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void aChangedJarGetsANewCacheInPlaceOfTheOld(Jvm jvm) throws Exception {
    jvm.assumePresent();
    assertThat(run(jvm, "version").exitCode()).isZero();
    List<String> before = cached();
    Files.setLastModifiedTime(dir.resolve("lib/lakehouse.jar"), FileTime.from(Instant.now().plusSeconds(60)));
    Run after = run(jvm, "version");
    assertThat(after.exitCode()).isZero();
    assertThat(after.stderr()).isEmpty();
    assertThat(cached()).hasSize(1).doesNotContainAnyElementsOf(before);
    assertThat(cachedFiles()).as("the old cache's kept state gone with it")
        .containsExactly(cached().get(0), cached().get(0) + ".checked");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void refreshMakesTheCacheAgainFromThisRun(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Run first = run(jvm, "version");
    assertThat(first.exitCode()).isZero();
    Path made = theCache();
    Object before = Files.readAttributes(made, BasicFileAttributes.class).fileKey();

    Run refreshed = start(jvm, List.of("LAKEHOUSE_CDS=refresh"), "version").await();
    assertThat(refreshed).isEqualTo(first);
    assertThat(cached()).containsExactly(made.getFileName().toString());
    assertThat(Files.readAttributes(made, BasicFileAttributes.class).fileKey()).as("a file written anew")
        .isNotEqualTo(before);
    assertThat(run(jvm, "version")).isEqualTo(first);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void aCacheDamagedAfterItWasMadeIsCheckedAndMadeAgain(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Run first = run(jvm, "version");
    assertThat(first.exitCode()).isZero();
    Path made = theCache();
    made.toFile().setWritable(true);
    byte[] damage = new byte[64];
    Arrays.fill(damage, (byte) 0xff);
    try (RandomAccessFile file = new RandomAccessFile(made.toFile(), "rw")) {
      long from = file.length() / 3;
      for (long at = from; at < from + 50 * 4096L && at + damage.length < file.length(); at += 4096) {
        file.seek(at);
        file.write(damage);
      }
    }
    // Its time set back as a copy or a restore would: the change time still tells.
    Instant before = Instant.now().minusSeconds(120);
    Files.setLastModifiedTime(made, FileTime.from(before));
    // Mapped as it is, such a cache crashes the JVM, fails a class, or leaves the JVM spinning for
    // ever, depending on where the damage lands in the archive's layout: it is checked first.
    Run damaged = run(jvm, "version");
    assertThat(damaged.exitCode()).isZero();
    assertThat(damaged.stdout()).isEqualTo(first.stdout());
    assertThat(damaged.stderr()).isEqualTo("lakehouse: the cache " + made + " was changed after it was made and"
        + " fails the JVM's check of it; this run makes it again\n");
    assertThat(Files.getLastModifiedTime(made).toInstant()).as("a cache written anew").isAfter(before.plusSeconds(60));
    assertThat(checkedOf(made)).as("the new cache's state, kept").isEqualTo(stateOf(made));
    assertThat(run(jvm, "version")).as("the runs after it, on the cache made again").isEqualTo(first);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void aCacheChangedButWholeIsCheckedOnceAndKept(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Run first = run(jvm, "version");
    Path made = theCache();
    String state = stateOf(made);
    assertThat(checkedOf(made)).as("the state the first run kept").isEqualTo(state);
    Instant before = Instant.now().minusSeconds(120);
    Files.setLastModifiedTime(made, FileTime.from(before));
    assertThat(stateOf(made)).isNotEqualTo(state);

    Run again = run(jvm, "version");
    assertThat(again).as("the check passed, quietly").isEqualTo(first);
    assertThat(Files.getLastModifiedTime(made).toInstant()).as("the same cache").isEqualTo(before);
    assertThat(checkedOf(made)).as("its new state, kept").isEqualTo(stateOf(made));
    assertThat(run(jvm, "version")).isEqualTo(first);
    assertThat(start(jvm, List.of("TZ=Asia/Tokyo"), "version").await()).isEqualTo(first);
    assertThat(checkedOf(made)).as("read the same in another time zone").isEqualTo(stateOf(made));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void aRunThatFailsToLoadAClassHasTheNextRunMakeTheCacheAgain(Jvm jvm) throws Exception {
    jvm.assumePresent();
    // An AOT cache holds the tool's classes loaded and linked before main runs: no class path
    // given at run time stands in for one of them. The damaged cache test covers it there.
    assumeTrue(jvm.feature() < 25, "a class that fails to load can be planted in front of an AppCDS archive only");
    // A class file that does not parse, found before the jar's own: the run fails as a damaged
    // cache may make it fail, in loading a class of the tool's. Its directory is on the boot class
    // path from the first run on (the options name the cache), empty but for that run.
    Path front = Files.createDirectories(dir.resolve("front"));
    List<String> env = List.of("LAKEHOUSE_JAVA_OPTS=-Xbootclasspath/a:" + front);
    Run first = start(jvm, env, "version").await();
    Path made = theCache();
    FileTime madeAt = Files.getLastModifiedTime(made);
    Path broken = Files.createDirectories(front.resolve("dev/lakehouse/cli"));
    Files.writeString(broken.resolve("Environment.class"), "not a class");
    Run failed = start(jvm, env, "version").await();
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stdout()).isEmpty();
    assertThat(failed.stderr()).contains("java.lang.ClassFormatError").endsWith(failedOnCache(made));

    for (Path planted = broken.resolve("Environment.class"); !planted.equals(front); planted = planted.getParent()) {
      Files.delete(planted);
    }
    Run again = start(jvm, env, "version").await();
    assertThat(again).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(made)).as("a cache written anew").isGreaterThan(madeAt);
    assertThat(cached()).containsExactly(made.getFileName().toString());
    assertThat(start(jvm, env, "version").await()).isEqualTo(first);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void aCacheWhoseLastRunCrashedIsMadeAgainOnce(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Run first = run(jvm, "version");
    Instant before = Instant.now().minusSeconds(120);
    Path made = cacheDatedBack(before);
    Path report = made.resolveSibling(made.getFileName() + ".crash-4242.log");
    Files.writeString(report, "# A fatal error has been detected by the Java Runtime Environment\n");
    Files.setLastModifiedTime(report, FileTime.from(Instant.now().plusSeconds(1)));

    Run again = run(jvm, "version");
    assertThat(again.exitCode()).isZero();
    assertThat(again.stdout()).isEqualTo(first.stdout());
    Path kept = made.resolveSibling(made.getFileName() + ".crashed-4242.log");
    assertThat(again.stderr()).isEqualTo("lakehouse: a run on the cache " + made + " crashed (its report: "
        + kept + "); this run makes the cache again\n");
    assertThat(Files.getLastModifiedTime(made).toInstant()).as("a cache written anew").isAfter(before.plusSeconds(60));
    assertThat(report).doesNotExist();
    assertThat(kept).as("the report is kept for the user to read").hasContent(
        "# A fatal error has been detected by the Java Runtime Environment");
    assertThat(run(jvm, "version")).as("once: the report is older than the cache now").isEqualTo(first);
  }

  @Test
  void anUnknownCacheSettingIsRefused() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    Run run = start(jvm, List.of("LAKEHOUSE_CDS=of"), "version").await();
    assertThat(run.exitCode()).as("an error, not plan's 'changes present'").isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("LAKEHOUSE_CDS must be on, off or refresh").contains("of");
    assertThat(cached()).isEmpty();
  }

  @Test
  void aLinkToTheLauncherRunsTheJarBesideWhatItLeadsTo() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    // As an install puts it on the PATH: /usr/local/bin/lakehouse -> /opt/lakehouse-0.1.0/bin/lakehouse.
    Path links = Files.createDirectories(dir.resolve("usr local/bin"));
    Path link = Files.createSymbolicLink(links.resolve("lakehouse"), launcher.toAbsolutePath());
    Path relative = Files.createSymbolicLink(dir.resolve("lh"), dir.relativize(link));
    for (Path script : List.of(link, relative)) {
      Run run = start(script, jvm, List.of(), "version").await();
      assertThat(run.exitCode()).as(script + ": " + run).isZero();
      assertThat(run.stdout()).startsWith("lakehouse ");
      assertThat(run.stderr()).isEmpty();
    }
  }

  @Test
  void aReleaseInADirectoryWithAColonIsRefusedInWords() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    Path release = Files.createDirectories(dir.resolve("opt:lakehouse"));
    Files.createDirectories(release.resolve("lib"));
    Path script = Files.copy(launcher, Files.createDirectories(release.resolve("bin")).resolve("lakehouse"));
    Files.copy(JAR, release.resolve("lib/lakehouse.jar"));
    Run run = start(script, jvm, List.of(), "version").await();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).isEqualTo("lakehouse: Java cannot run a jar whose path holds a ':', as "
        + release.resolve("lib/lakehouse.jar") + " does; move the release to a directory whose path has none\n");
    assertThat(cached()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void aCacheHomeWithAColonRunsWithoutACache(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Path colon = dir.resolve("cache:home");
    for (int i = 0; i < 2; i++) {
      Run run = start(jvm, List.of("XDG_CACHE_HOME=" + colon), "version").await();
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).startsWith("lakehouse ");
      assertThat(run.stderr()).isEmpty();
    }
    assertThat(colon.resolve("lakehouse")).as("no cache the JVM could not map").doesNotExist();
  }

  @Test
  void runsAsBinLakehouseWhateverTheUsersCdpath() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    // A CDPATH exported from a shell's profile, holding a bin/ of its own.
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/bin")).getParent();
    ProcessBuilder builder = new ProcessBuilder("bash", "bin/lakehouse", "version").directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    builder.environment().put("JAVA_HOME", jvm.home().toString());
    builder.environment().put("CDPATH", elsewhere + ":.");
    Process process = builder.start();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String stderr = Files.readString(dir.resolve("stderr.txt"));
    assertThat(process.exitValue()).as(stderr).isZero();
    assertThat(Files.readString(dir.resolve("stdout.txt"))).startsWith("lakehouse ");
    assertThat(stderr).isEmpty();
  }

  @Test
  void withNeitherXdgCacheHomeNorHomeNoCacheIsMadeAtTheRoot() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    Path root = Path.of("/.cache/lakehouse");
    List<String> before = Files.isDirectory(root) ? list(root) : List.of();
    Run run = start(jvm, List.of("XDG_CACHE_HOME", "HOME"), "version").await();
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).startsWith("lakehouse ");
    assertThat(run.stderr()).isEmpty();
    assertThat(Files.isDirectory(root) ? list(root) : List.of()).isEqualTo(before);
  }

  @Test
  void aCacheDirectoryOfAnotherUserIsNotUsed() throws Exception {
    assumeTrue(System.getProperty("user.name").equals("root"), "only root can give a directory to another user");
    Jvm jvm = jvms().findFirst().orElseThrow();
    Path shared = Files.createDirectories(cache.resolve("lakehouse"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setOwner(shared, shared.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    Run run = start(jvm, List.of(), "version").await();
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).startsWith("lakehouse ");
    assertThat(run.stderr()).isEqualTo("lakehouse: the cache directory " + shared + " belongs to another user; "
        + "running without a cache of classes (set XDG_CACHE_HOME to a directory of your own)\n");
    assertThat(list(shared)).isEmpty();
  }

  @Test
  void theCacheDirectoryIsMadeForItsUserAlone() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    Run run = start(jvm, List.of(), "version").await();
    assertThat(run.exitCode()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.resolve("lakehouse"))))
        .isEqualTo("rwx------");
  }

  private static List<String> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aJavaHomeWithoutJavaIsNamed() throws Exception {
    Jvm none = new Jvm("no JDK", dir.resolve("no-jdk"), 0, "jsa");
    Run run = run(none, "version");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).isEqualTo("lakehouse: JAVA_HOME is " + none.home() + ", which has no runnable bin/java;"
        + " set JAVA_HOME to a Java 17 or later installation, or unset it to use the java on the PATH\n");
    assertThat(cached()).isEmpty();
  }

  @Test
  void noJavaAtAllIsSaid() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    Run run = start(jvm, List.of("JAVA_HOME", "PATH=" + dir.resolve("empty")), "version").await();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .isEqualTo("lakehouse: there is no java on the PATH; install Java 17 or later, or set JAVA_HOME to one\n");
  }

  /** A Java home of that release file whose java, were it run, would say so and exit 99. */
  private Jvm oldJava(String home, String javaDir, String version) throws IOException {
    Path root = dir.resolve(home);
    Path bin = Files.createDirectories(root.resolve(javaDir).resolve("bin"));
    Files.writeString(bin.resolve("java"), "#!/bin/sh\necho 'the old java ran' >&2\nexit 99\n");
    bin.resolve("java").toFile().setExecutable(true);
    Files.writeString(root.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"" + version + "\"\n");
    return new Jvm("Java " + version, root.resolve(javaDir), 0, "jsa");
  }

  @Test
  void aJavaOlderThan17IsRefusedInWords() throws Exception {
    // A JDK 11, and the JRE inside a JDK 8 (its release file is the JDK's, one level up).
    for (Jvm old : List.of(oldJava("jdk-11", "", "11.0.22"), oldJava("jdk-8", "jre", "1.8.0_402"))) {
      for (String cds : List.of("on", "off")) {
        Run run = start(old, List.of("LAKEHOUSE_CDS=" + cds), "version").await();
        assertThat(run.exitCode()).as(old + " " + run).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        String version = old.name().substring("Java ".length());
        assertThat(run.stderr()).isEqualTo("lakehouse: needs Java 17 or later, but " + old.home().resolve("bin/java")
            + " is Java " + version + "; set JAVA_HOME to a Java 17 or later installation\n");
      }
    }
    assertThat(cached()).isEmpty();
  }

  @Test
  void aFileSystemWithoutRoomForTheCacheRunsWithoutOne() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    // A full disk, as df tells it: the JVM would exit 1 after the command, its archive unwritten.
    Path tools = Files.createDirectories(dir.resolve("tools"));
    Files.writeString(tools.resolve("df"), "#!/bin/sh\necho 'Filesystem 1024-blocks Used Available Capacity Mounted on'\n"
        + "echo '/dev/full 1048576 1047552 1024 100% /'\n");
    tools.resolve("df").toFile().setExecutable(true);
    List<String> full = List.of("PATH=" + tools + ":" + System.getenv("PATH"));
    Run run = start(jvm, full, "version").await();
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).startsWith("lakehouse ");
    assertThat(run.stderr()).isEmpty();
    assertThat(cached()).isEmpty();
    assertThat(run(jvm, "version")).as("with room again").isEqualTo(run);
    assertThat(cached()).singleElement().asString().endsWith("-offline." + jvm.cacheExtension());
  }

  @Test
  void asAContainersFirstProcessTheStopSignalReachesTheJvm() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    // The launcher as PID 1 of a PID namespace of its own, as a container's ENTRYPOINT runs it.
    assumeTrue(new ProcessBuilder("unshare", "--pid", "--fork", "true").start().waitFor() == 0,
        "no PID namespaces here (unshare --pid needs root)");
    // An endpoint that takes connections and never answers: maintain waits on its first call.
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread accepting = new Thread(() -> {
        while (!silent.isClosed()) {
          try {
            held.add(silent.accept());
          } catch (IOException closed) {
            return;
          }
        }
      });
      accepting.setDaemon(true);
      accepting.start();
      launcher = Files.writeString(dir.resolve("bin/in-container"),
          "exec unshare --pid --fork bash " + dir.resolve("bin/lakehouse") + " \"$@\"\n");
      Started started = start(jvm, AWS_ENV, "maintain", "-f", example("lakehouse.yaml"), "--env", "dev",
          "--endpoint-url", "http://127.0.0.1:" + silent.getLocalPort());
      ProcessHandle first = awaitChild(started.process().toHandle());
      for (int i = 0; i < 600 && held.isEmpty(); i++) {
        Thread.sleep(100);
      }
      assertThat(held).as("maintain's first call, under way").isNotEmpty();
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).start().waitFor()).isZero();
      boolean stopped = started.process().waitFor(30, TimeUnit.SECONDS);
      if (!stopped) {
        started.process().toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        started.process().destroyForcibly();
      }
      assertThat(stopped).as("stopped by the signal").isTrue();
      Run run = started.await();
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(130);
      assertThat(cached()).isEmpty();
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  /** The process unshare started: the launcher, PID 1 of its namespace. */
  private static ProcessHandle awaitChild(ProcessHandle unshare) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      var child = unshare.children().findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("unshare started nothing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void withTheCacheOffNoneIsMade(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Run run = start(jvm, List.of("LAKEHOUSE_CDS=off"), "version").await();
    assertThat(run.exitCode()).isZero();
    assertThat(run.stderr()).isEmpty();
    assertThat(cached()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void theUsersCompilerSettingsReplaceTheLaunchers(Jvm jvm) throws Exception {
    jvm.assumePresent();
    // The launcher's one compiler thread is refused by a JVM with the full tiered JIT.
    Run tiered = start(jvm, List.of("LAKEHOUSE_JAVA_OPTS=-XX:TieredStopAtLevel=4"), "version").await();
    assertThat(tiered.exitCode()).as(tiered.toString()).isZero();
    assertThat(tiered.stdout()).startsWith("lakehouse ");
    assertThat(tiered.stderr()).isEmpty();

    Run flags = start(jvm, List.of("LAKEHOUSE_CDS=off", "LAKEHOUSE_JAVA_OPTS=-XX:+PrintFlagsFinal"), "version").await();
    assertThat(flags.stderr()).containsPattern("CICompilerCount += 1 ");
    Run theirs = start(jvm, List.of("LAKEHOUSE_CDS=off", "LAKEHOUSE_JAVA_OPTS=-XX:CICompilerCount=3 -XX:+PrintFlagsFinal"),
        "version").await();
    assertThat(theirs.exitCode()).as(theirs.toString()).isZero();
    assertThat(theirs.stderr()).containsPattern("CICompilerCount += 3 ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void theUsersCollectorReplacesTheLaunchersAndGetsACacheOfItsOwn(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Run serial = run(jvm, "version");
    assertThat(serial.exitCode()).as(serial.toString()).isZero();
    // Two collectors are refused by the JVM; a cache made under other options is refused by JDK 25's.
    List<String> zgc = List.of("LAKEHOUSE_JAVA_OPTS=-XX:+UseZGC");
    for (int i = 0; i < 2; i++) {
      Run run = start(jvm, zgc, "version").await();
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).isEqualTo(serial.stdout());
      assertThat(run.stderr()).isEmpty();
    }
    Run flags = start(jvm, List.of("LAKEHOUSE_CDS=off", "LAKEHOUSE_JAVA_OPTS=-XX:+UseParallelGC -XX:+PrintFlagsFinal"),
        "version").await();
    assertThat(flags.exitCode()).as(flags.toString()).isZero();
    assertThat(flags.stderr()).containsPattern("UseParallelGC += true ").containsPattern("UseSerialGC += false ");
    assertThat(run(jvm, "version")).isEqualTo(serial);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void runsTakingTurnsWithTwoSetsOfJavaOptionsKeepACacheForEach(Jvm jvm) throws Exception {
    jvm.assumePresent();
    // A developer's shell without options and a CI job with a heap of its own, on one host.
    List<String> shell = List.of();
    List<String> ci = List.of("LAKEHOUSE_JAVA_OPTS=-Xmx256m");
    Run first = start(jvm, shell, "version").await();
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Path shellCache = theCache();
    assertThat(start(jvm, ci, "version").await()).isEqualTo(first);
    assertThat(cached()).hasSize(2).contains(shellCache.getFileName().toString());
    Path ciCache = cache.resolve("lakehouse").resolve(cached().stream()
        .filter(name -> !name.equals(shellCache.getFileName().toString())).findFirst().orElseThrow());
    Object shellMade = Files.readAttributes(shellCache, BasicFileAttributes.class).fileKey();
    Object ciMade = Files.readAttributes(ciCache, BasicFileAttributes.class).fileKey();
    for (int i = 0; i < 2; i++) {
      assertThat(start(jvm, shell, "version").await()).isEqualTo(first);
      assertThat(start(jvm, ci, "version").await()).isEqualTo(first);
    }
    assertThat(cached()).hasSize(2);
    assertThat(Files.readAttributes(shellCache, BasicFileAttributes.class).fileKey()).as("not made again")
        .isEqualTo(shellMade);
    assertThat(Files.readAttributes(ciCache, BasicFileAttributes.class).fileKey()).as("not made again")
        .isEqualTo(ciMade);

    // Three sets at most: a fourth takes the place of the one made first, with its kept state.
    for (String heap : List.of("-Xmx300m", "-Xmx320m")) {
      assertThat(start(jvm, List.of("LAKEHOUSE_JAVA_OPTS=" + heap), "version").await()).isEqualTo(first);
    }
    assertThat(cached()).hasSize(3).contains(ciCache.getFileName().toString())
        .doesNotContain(shellCache.getFileName().toString());
    assertThat(cachedFiles()).hasSize(6);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void whyTheJvmCouldNotStartIsOnStderr(Jvm jvm) throws Exception {
    jvm.assumePresent();
    List<String> refused = List.of("-XX:MaxMetaspaceSize=1k", "-Xmx1k", "-XX:+UseZGC -XX:+UseG1GC", "-XX:+NoSuchOption");
    for (String options : refused) {
      Run off = start(jvm, List.of("LAKEHOUSE_CDS=off", "LAKEHOUSE_JAVA_OPTS=" + options), "version", "--json").await();
      assertThat(off.exitCode()).as(off.toString()).isEqualTo(1);
      assertThat(off.stdout()).as(off.toString()).isEmpty();
      assertThat(off.stderr()).contains("Error");
      // The first run, which makes the cache, and the runs after it, which try to.
      for (int i = 0; i < 2; i++) {
        Run run = start(jvm, List.of("LAKEHOUSE_JAVA_OPTS=" + options), "version", "--json").await();
        assertThat(run).as(options + " with the cache on").isEqualTo(off);
      }
      assertThat(cached()).as("nothing half-written left behind").isEmpty();
    }
    Run metaspace = start(jvm, List.of("LAKEHOUSE_JAVA_OPTS=-XX:MaxMetaspaceSize=1k"), "version").await();
    assertThat(metaspace.stderr()).contains("Error occurred during initialization of VM", "Metaspace");
  }

  /**
   * A runtime as jlink makes it without --generate-cds-archive: the JDK's own, but for the default
   * CDS archives beside its JVM (its java and its JVM copied, the rest of lib/ linked).
   */
  private Jvm withoutDefaultCdsArchive(Jvm jvm) throws IOException {
    Path home = dir.resolve("runtime-without-cds");
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("lib/server"));
    Files.copy(jvm.home().resolve("bin/java"), home.resolve("bin/java"));
    Files.copy(jvm.home().resolve("release"), home.resolve("release"));
    Files.copy(jvm.home().resolve("lib/server/libjvm.so"), home.resolve("lib/server/libjvm.so"));
    try (Stream<Path> lib = Files.list(jvm.home().resolve("lib"))) {
      for (Path entry : lib.filter(p -> !p.getFileName().toString().equals("server")).toList()) {
        Files.createSymbolicLink(home.resolve("lib").resolve(entry.getFileName().toString()), entry);
      }
    }
    return new Jvm(jvm.name() + " without its CDS archive", home, jvm.feature(), jvm.cacheExtension());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void aRuntimeWithoutItsOwnCdsArchiveRuns(Jvm jvm) throws Exception {
    jvm.assumePresent();
    Jvm runtime = withoutDefaultCdsArchive(jvm);
    try {
      Run first = run(runtime, "version");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.stdout()).startsWith("lakehouse ");
      assertThat(first.stderr()).isEmpty();
      assertThat(run(runtime, "version")).isEqualTo(first);
      if (jvm.feature() < 25) {
        assertThat(cached()).as("an AppCDS archive extends the JVM's own, which is not there").isEmpty();
      }
    } finally {
      try (Stream<Path> lib = Files.list(runtime.home().resolve("lib"))) {
        for (Path link : lib.filter(Files::isSymbolicLink).toList()) {
          Files.delete(link);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void sharingTurnedOffInTheUsersOptionsRunsWithoutACache(Jvm jvm) throws Exception {
    jvm.assumePresent();
    for (int i = 0; i < 2; i++) {
      Run run = start(jvm, List.of("LAKEHOUSE_JAVA_OPTS=-Xshare:off"), "version").await();
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).startsWith("lakehouse ");
      assertThat(run.stderr()).isEmpty();
    }
    assertThat(cached()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvms")
  void anAwsCommandMakesACacheOfItsOwnAndRunsQuietlyWithIt(Jvm jvm) throws Exception {
    jvm.assumePresent();
    try (MotoServer moto = MotoServer.start(); AwsProxy aws = MotoGaps.proxy(moto)) {
      List<String> env = AWS_ENV;
      String[] plan = {"plan", "-f", example("minimal.yaml"),
          "--env", "dev", "--endpoint-url", aws.endpoint().toString()};
      Run first = start(jvm, env, plan).await();
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.stdout()).contains("Plan: 5 to add, 0 to change, 0 to destroy.");
      assertThat(first.stderr()).isEmpty();
      // Plan's cache, marked partial: the stack is not there yet.
      assertThat(cached()).containsExactly(cached().get(0), cached().get(0) + ".partial");
      assertThat(cached().get(0)).endsWith("-plan." + jvm.cacheExtension());

      // The run with the cache: JDK 25 warned here of adapters it could not link, had the cache kept their code.
      Run second = start(jvm, env, plan).await();
      assertThat(second).isEqualTo(first);
      assertThat(cached()).hasSize(2);
    }
  }

  @Test
  void aRunThatOnlyShowsHelpMakesNoCache() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    Run help = run(jvm, "maintain", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).startsWith("Usage: lakehouse maintain");
    assertThat(help.stderr()).isEmpty();
    assertThat(cached()).isEmpty();
    assertThat(run(jvm, "version").exitCode()).isZero();
    assertThat(run(jvm, "-h")).isEqualTo(run(jvm, "--help"));
    assertThat(cached()).singleElement().asString().endsWith("-offline." + jvm.cacheExtension());
  }

  @Test
  void validateKeepsACacheApartFromTheOtherOfflineCommands() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    // A first run of version would otherwise leave a cache without the config's classes for validate.
    assertThat(run(jvm, "version").exitCode()).isZero();
    String file = example("lakehouse.yaml");
    Run validate = run(jvm, "validate", "-f", file, "--env", "dev");
    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    assertThat(validate.stderr()).isEmpty();
    assertThat(cached()).hasSize(2)
        .anyMatch(f -> f.endsWith("-offline." + jvm.cacheExtension()))
        .anyMatch(f -> f.endsWith("-validate." + jvm.cacheExtension()));
    assertThat(run(jvm, "validate", "-f", file, "--env", "dev")).isEqualTo(validate);
  }

  @Test
  void planAndMaintainKeepCachesApartFromTheOtherAwsCommands() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    try (MotoServer moto = MotoServer.start(); AwsProxy aws = MotoGaps.proxy(moto)) {
      List<String> env = AWS_ENV;
      String file = example("lakehouse.yaml");
      String endpoint = aws.endpoint().toString();
      Run apply = start(jvm, env, "apply", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "--auto-approve")
          .await();
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      // An apply on an empty account reads little of what a plan of the stack it made reads.
      Run plan = start(jvm, env, "plan", "-f", file, "--env", "dev", "--endpoint-url", endpoint).await();
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      assertThat(plan.stderr()).isEmpty();
      assertThat(plan.stdout()).startsWith("No changes.");
      Run maintain = start(jvm, env, "maintain", "-f", file, "--env", "dev", "--endpoint-url", endpoint, "--dry-run")
          .await();
      assertThat(maintain.exitCode()).as(maintain.toString()).isZero();
      assertThat(maintain.stderr()).isEmpty();
      assertThat(cached()).hasSize(3)
          .anyMatch(f -> f.endsWith("-aws." + jvm.cacheExtension()))
          .anyMatch(f -> f.endsWith("-plan." + jvm.cacheExtension()))
          .anyMatch(f -> f.endsWith("-maintain." + jvm.cacheExtension()));
      assertThat(start(jvm, env, "plan", "-f", file, "--env", "dev", "--endpoint-url", endpoint).await())
          .as("a plan on its cache").isEqualTo(plan);
    }
  }

  @Test
  void planMakesItsCacheAgainOnceTheStackItWasMadeWithoutIsInPlace() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    try (MotoServer moto = MotoServer.start(); AwsProxy aws = MotoGaps.proxy(moto)) {
      List<String> env = AWS_ENV;
      String file = example("lakehouse.yaml");
      String[] plan = {"plan", "-f", file, "--env", "dev", "--endpoint-url", aws.endpoint().toString()};
      String cacheName = "-plan." + jvm.cacheExtension();

      Run first = start(jvm, env, plan).await();
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.stdout()).contains("27 to add");
      assertThat(cached()).hasSize(2).anyMatch(f -> f.endsWith(cacheName))
          .anyMatch(f -> f.endsWith(cacheName + ".partial"));
      Object made = planCacheKey(cacheName);

      Run apply = start(jvm, env, "apply", "-f", file, "--env", "dev", "--endpoint-url", aws.endpoint().toString(),
          "--auto-approve").await();
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      Run inPlace = start(jvm, env, plan).await();
      assertThat(inPlace.stdout()).startsWith("No changes.");
      assertThat(inPlace.stderr()).isEmpty();
      assertThat(cached()).as("marked stale by a plan on the partial cache").anyMatch(f -> f.endsWith(cacheName + ".stale"))
          .noneMatch(f -> f.endsWith(".partial"));
      assertThat(planCacheKey(cacheName)).isEqualTo(made);

      Run remade = start(jvm, env, plan).await();
      assertThat(remade).isEqualTo(inPlace);
      Object again = planCacheKey(cacheName);
      assertThat(again).as("made again").isNotEqualTo(made);
      assertThat(cached()).noneMatch(f -> f.endsWith(".stale") || f.endsWith(".partial"));

      assertThat(start(jvm, env, plan).await()).isEqualTo(inPlace);
      assertThat(planCacheKey(cacheName)).as("made once").isEqualTo(again);
    }
  }

  @Test
  void aStaleCacheThatARunCouldNotMakeAgainStaysStale() throws Exception {
    Jvm jvm = jvms().findFirst().orElseThrow();
    assertThat(run(jvm, "version").exitCode()).isZero();
    String offline = cached().get(0);
    Path plan = cache.resolve("lakehouse").resolve(offline.replace("-offline.", "-plan."));
    Files.writeString(plan, "a cache made before the stack existed");
    Path stale = plan.resolveSibling(plan.getFileName() + ".stale");
    Files.createFile(stale);

    Run failed = run(jvm, "plan", "-f", dir.resolve("missing.yaml").toString(), "--env", "dev");

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(stale).as("made again by the next plan").exists();
    assertThat(Files.readString(plan)).isEqualTo("a cache made before the stack existed");
    assertThat(cached()).containsExactlyInAnyOrder(offline, plan.getFileName().toString(),
        stale.getFileName().toString());
  }

  private Object planCacheKey(String suffix) throws IOException {
    String name = cached().stream().filter(f -> f.endsWith(suffix)).findFirst().orElseThrow();
    return Files.readAttributes(cache.resolve("lakehouse").resolve(name), BasicFileAttributes.class).fileKey();
  }

  @Test
  void eachJdkKeepsItsOwnKindOfCache() throws Exception {
    Jvm jdk25 = jvms().filter(j -> j.home().equals(JDK_25)).findFirst().orElseThrow().assumePresent();
    Jvm running = jvms().findFirst().orElseThrow();
    assumeTrue(!running.cacheExtension().equals("aot"), "the tests run on JDK 25 or later already");
    Run old = run(running, "version");
    Run recent = run(jdk25, "version");
    assertThat(old.exitCode()).isZero();
    assertThat(recent.exitCode()).isZero();
    assertThat(recent.stdout()).contains("Java 25.");
    assertThat(cached()).hasSize(2)
        .anyMatch(f -> f.endsWith("-offline.jsa"))
        .anyMatch(f -> f.endsWith("-offline.aot"));
    assertThat(run(running, "version")).isEqualTo(old);
    assertThat(run(jdk25, "version")).isEqualTo(recent);
    assertThat(cached()).hasSize(2);
  }

  @Test
  void aJdkWhoseVersionCannotBeToldGetsAnAppCdsArchive() throws Exception {
    Jvm jdk25 = jvms().filter(j -> j.home().equals(JDK_25)).findFirst().orElseThrow().assumePresent();
    // The same JDK without its release file: its java launcher copied, its lib/ and conf/ linked.
    Path home = dir.resolve("jdk-without-release");
    Files.createDirectories(home.resolve("bin"));
    Files.copy(jdk25.home().resolve("bin/java"), home.resolve("bin/java"));
    List<Path> links = List.of(home.resolve("lib"), home.resolve("conf"));
    try {
      for (Path link : links) {
        Files.createSymbolicLink(link, jdk25.home().resolve(link.getFileName().toString()));
      }
      Jvm unknown = new Jvm("JDK 25 without a release file", home, 25, "jsa");
      Run first = run(unknown, "version");
      assertThat(first.exitCode()).isZero();
      assertThat(first.stdout()).contains("Java 25.");
      assertThat(first.stderr()).isEmpty();
      assertThat(cached()).singleElement().asString().endsWith("-offline.jsa");
      assertThat(run(unknown, "version")).isEqualTo(first);
    } finally {
      for (Path link : links) {
        Files.deleteIfExists(link);
      }
    }
  }
}
