package dev.lakehouse.cli;

import dev.lakehouse.cli.render.ScheduledDeletions;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Change;
import java.time.Duration;

/**
 * Apply's progress on stderr: each resource as it starts and as it ends, with the time it took,
 * and a summary at the end. Plain lines, one per event, for CI logs and pipes; {@link LiveProgress}
 * redraws the resources in flight in place on a terminal.
 */
class ProgressListener implements ApplyListener {
  protected final Output output;
  private final long start = System.nanoTime();

  ProgressListener(Output output) {
    this.output = output;
  }

  /** The live view on a terminal (not in CI, not with --json or -q), plain lines elsewhere. */
  static ProgressListener of(Output output, Environment environment) {
    boolean live = environment.stdoutIsTerminal() && environment.variable("CI") == null
        && !"dumb".equals(environment.variable("TERM")) && !output.json() && output.verbosity() >= 0;
    return live ? new LiveProgress(output) : new ProgressListener(output);
  }

  @Override
  public void started(Change change) {
    output.info(startedLine(change));
  }

  @Override
  public void finished(Change change, Duration elapsed) {
    output.info(finishedLine(change, elapsed));
  }

  @Override
  public void finishedMadeMeanwhile(Change change, Duration elapsed) {
    output.info(madeMeanwhileLine(change, elapsed));
  }

  @Override
  public void failed(Change change, Duration elapsed, RuntimeException error) {
    output.info(failedLine(change, elapsed));
  }

  /** Nothing here: what was not applied is listed once, with the result, after the last change. */
  @Override
  public void skipped(Change change, String reason) {
  }

  /** The last line: how many resources were done, failed and not started, and how long it all took. */
  void summary(ApplyResult result) {
    output.info("Done in " + seconds(Duration.ofNanos(System.nanoTime() - start)) + ": " + result.done().size()
        + " succeeded, " + result.failed().size() + " failed, " + result.skipped().size() + " not started.");
  }

  static String startedLine(Change change) {
    String verb = ScheduledDeletions.schedules(change) ? "scheduling deletion" : verb(change.action(), true);
    return change.address() + ": " + verb + "...";
  }

  static String finishedLine(Change change, Duration elapsed) {
    if (ScheduledDeletions.schedules(change)) {
      return change.address() + ": scheduled for deletion in " + seconds(elapsed) + " (not deleted yet: KMS deletes "
          + "it after its waiting period; aws kms cancel-key-deletion brings it back until then)";
    }
    return change.address() + ": " + verb(change.action(), false) + " in " + seconds(elapsed);
  }

  /** A create that found the resource made by another apply of the stack since this one read the account. */
  static String madeMeanwhileLine(Change change, Duration elapsed) {
    return change.address() + ": made meanwhile by another apply of this stack; taken as made in " + seconds(elapsed);
  }

  static String failedLine(Change change, Duration elapsed) {
    return change.address() + ": failed after " + seconds(elapsed);
  }

  static String verb(Action action, boolean ongoing) {
    return switch (action) {
      case CREATE -> ongoing ? "creating" : "created";
      case UPDATE -> ongoing ? "updating" : "updated";
      case REPLACE -> ongoing ? "replacing" : "replaced";
      case DELETE -> ongoing ? "deleting" : "deleted";
      case ADOPT -> ongoing ? "adopting" : "adopted";
      case NO_OP -> "unchanged";
    };
  }

  /**
   * Seconds to one decimal, rounded half up ({@code 1.25} as {@code 1.3s}): in integers, since a
   * Formatter is the slowest thing a progress line would otherwise make in a fresh process.
   */
  static String seconds(Duration elapsed) {
    long tenths = (elapsed.toMillis() + 50) / 100;
    return tenths / 10 + "." + tenths % 10 + "s";
  }
}
