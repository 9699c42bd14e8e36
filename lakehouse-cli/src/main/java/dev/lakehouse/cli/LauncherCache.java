package dev.lakehouse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marks {@code bin/lakehouse} keeps beside plan's cache of classes. A cache made by a plan
 * that found the stack missing holds little of what reading the stack takes, so that plan marks it
 * partial ({@code <cache>.partial}); a later plan that finds the stack in place marks it stale
 * ({@code <cache>.stale}), and the launcher makes it again on the next plan, once. Only where the
 * launcher names the cache (system property {@value #FILE}, and {@value #RECORDING} on the run
 * that makes it). A mark that cannot be written changes nothing else: the cache only saves time.
 */
final class LauncherCache {
  static final String FILE = "lakehouse.cache.file";
  static final String RECORDING = "lakehouse.cache.recording";
  private static final Logger LOG = LoggerFactory.getLogger(LauncherCache.class);

  private LauncherCache() {}

  /** After a plan: whether it read the whole stack and found all of it in place (nothing to create). */
  static void planRead(boolean stackInPlace) {
    String file = System.getProperty(FILE);
    if (file != null && !file.isEmpty()) {
      mark(Path.of(file), Boolean.getBoolean(RECORDING), stackInPlace);
    }
  }

  static void mark(Path cache, boolean recording, boolean stackInPlace) {
    Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
    try {
      if (recording && !stackInPlace) {
        Files.write(partial, new byte[0]);
      } else if (!recording && stackInPlace && Files.exists(partial)) {
        Files.move(partial, cache.resolveSibling(cache.getFileName() + ".stale"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot mark the launcher's cache {}: {}", cache, e.toString());
    }
  }
}
