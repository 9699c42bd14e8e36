package dev.lakehouse.cli;

import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.Change;
import java.time.Duration;
import java.util.Locale;

/** Apply's progress as plain lines on stderr: each resource as it starts and as it ends, with the time it took. */
final class ProgressListener implements ApplyListener {
  private final Output output;

  ProgressListener(Output output) {
    this.output = output;
  }

  @Override
  public void started(Change change) {
    output.info(change.address() + ": " + verb(change.action(), true) + "...");
  }

  @Override
  public void finished(Change change, Duration elapsed) {
    output.info(change.address() + ": " + verb(change.action(), false) + " in " + seconds(elapsed));
  }

  @Override
  public void failed(Change change, Duration elapsed, RuntimeException error) {
    output.info(change.address() + ": failed after " + seconds(elapsed));
  }

  @Override
  public void skipped(Change change, String reason) {
    output.info(change.address() + ": " + reason);
  }

  private static String verb(Action action, boolean ongoing) {
    return switch (action) {
      case CREATE -> ongoing ? "creating" : "created";
      case UPDATE -> ongoing ? "updating" : "updated";
      case REPLACE -> ongoing ? "replacing" : "replaced";
      case DELETE -> ongoing ? "deleting" : "deleted";
      case NO_OP -> "unchanged";
    };
  }

  private static String seconds(Duration elapsed) {
    return String.format(Locale.ROOT, "%.1fs", elapsed.toMillis() / 1000.0);
  }
}
