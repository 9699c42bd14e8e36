package dev.lakehouse.provision.engine;

import java.time.Duration;

/** Hears apply's progress, resource by resource; the command line shows it. */
public interface ApplyListener {
  ApplyListener NONE = new ApplyListener() {};

  default void started(Change change) {}

  default void finished(Change change, Duration elapsed) {}

  /**
   * Finished a create that found the resource made meanwhile by another run of this stack (two
   * applies at once): it was taken as made, and brought to the config, rather than made again.
   */
  default void finishedMadeMeanwhile(Change change, Duration elapsed) {
    finished(change, elapsed);
  }

  default void failed(Change change, Duration elapsed, RuntimeException error) {}

  /** Not started: a resource it depends on failed, or the run was interrupted. */
  default void skipped(Change change, String reason) {}
}
