package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherCacheTest {
  @TempDir
  Path dir;

  private Path cache() throws IOException {
    return Files.write(dir.resolve("1-2-plan.jsa"), new byte[] {1});
  }

  private Path mark(String name) {
    return dir.resolve("1-2-plan.jsa." + name);
  }

  @Test
  void aCacheMadeWhileTheStackIsMissingIsMarkedPartial() throws IOException {
    Path cache = cache();
    LauncherCache.mark(cache, true, false);
    assertThat(mark("partial")).exists();
    assertThat(mark("stale")).doesNotExist();
  }

  @Test
  void aCacheMadeFromTheStackInPlaceGetsNoMark() throws IOException {
    Path cache = cache();
    LauncherCache.mark(cache, true, true);
    assertThat(mark("partial")).doesNotExist();
    assertThat(mark("stale")).doesNotExist();
  }

  @Test
  void aPlanThatFindsTheStackInPlaceMarksAPartialCacheStale() throws IOException {
    Path cache = cache();
    LauncherCache.mark(cache, true, false);
    LauncherCache.mark(cache, false, false);
    assertThat(mark("partial")).as("the stack still missing").exists();
    LauncherCache.mark(cache, false, true);
    assertThat(mark("partial")).doesNotExist();
    assertThat(mark("stale")).exists();
  }

  @Test
  void aWholeCacheStaysAsItIs() throws IOException {
    Path cache = cache();
    LauncherCache.mark(cache, false, true);
    LauncherCache.mark(cache, false, false);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(cache);
    }
  }

  @Test
  void aMarkThatCannotBeWrittenFailsNothing() {
    LauncherCache.mark(dir.resolve("missing/1-2-plan.jsa"), true, false);
    assertThat(dir.resolve("missing")).doesNotExist();
  }

  @Test
  void withoutTheLaunchersCacheNothingIsMarked() throws IOException {
    System.clearProperty(LauncherCache.FILE);
    LauncherCache.planRead(false);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aRunThatFailedOnTheCacheMarksItStale() throws IOException {
    Path cache = cache();
    Main.remakeCache(cache.toString(), false);
    assertThat(mark("stale")).exists();
  }

  @Test
  void aRunThatMadeTheCacheOrRanWithoutOneMarksNothing() throws IOException {
    Path cache = cache();
    Main.remakeCache(cache.toString(), true);
    Main.remakeCache(null, false);
    Main.remakeCache("", false);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(cache);
    }
  }
}
