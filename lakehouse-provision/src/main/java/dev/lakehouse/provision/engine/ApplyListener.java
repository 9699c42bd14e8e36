package dev.lakehouse.provision.engine;

import java.time.Duration;

/** Hears apply's progress, resource by resource; the command line shows it. */
public interface ApplyListener {
  ApplyListener NONE = new ApplyListener() {};

  default void started(Change change) {}

  default void finished(Change change, Duration elapsed) {}

  default void failed(Change change, Duration elapsed, RuntimeException error) {}

  /** Not started: a resource it depends on failed, or the run was interrupted. */
  default void skipped(Change change, String reason) {}
}
