package dev.lakehouse.cli;

import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Change;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Apply's progress on a terminal: finished resources scroll up as lines, as in CI, while the
 * resources in flight stay at the bottom, each with its running time, redrawn in place every
 * half second (ANSI cursor-up and erase-line).
 */
final class LiveProgress extends ProgressListener {
  private static final String UP_AND_ERASE = "\u001b[1A\u001b[2K";

  private final Map<Address, Long> inFlight = new LinkedHashMap<>();
  private final Map<Address, Change> changes = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;
  private int drawn;

  LiveProgress(Output output) {
    this(output, true);
  }

  /** With {@code tick} false the view redraws on events only, for tests. */
  LiveProgress(Output output, boolean tick) {
    super(output);
    if (tick) {
      ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lakehouse-progress");
        thread.setDaemon(true);
        return thread;
      });
      ticker.scheduleAtFixedRate(() -> redraw(null), 500, 500, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  @Override
  public synchronized void started(Change change) {
    inFlight.put(change.address(), System.nanoTime());
    changes.put(change.address(), change);
    redraw(null);
  }

  @Override
  public synchronized void finished(Change change, Duration elapsed) {
    inFlight.remove(change.address());
    redraw(finishedLine(change, elapsed));
  }

  @Override
  public synchronized void finishedMadeMeanwhile(Change change, Duration elapsed) {
    inFlight.remove(change.address());
    redraw(madeMeanwhileLine(change, elapsed));
  }

  @Override
  public synchronized void failed(Change change, Duration elapsed, RuntimeException error) {
    inFlight.remove(change.address());
    redraw(failedLine(change, elapsed));
  }

  @Override
  synchronized void summary(ApplyResult result) {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    inFlight.clear();
    redraw(null);
    super.summary(result);
  }

  /** Erases the in-flight block, prints the line that became final (if any), and draws the block again. */
  private synchronized void redraw(String permanent) {
    PrintWriter err = output.err();
    StringBuilder text = new StringBuilder();
    text.append(UP_AND_ERASE.repeat(drawn));
    if (permanent != null) {
      text.append(permanent).append('\n');
    }
    long now = System.nanoTime();
    inFlight.forEach((address, since) -> text.append(output.paint("  " + startedLine(changes.get(address)) + " "
        + seconds(Duration.ofNanos(now - since)), Output.Color.CYAN)).append('\n'));
    drawn = inFlight.size();
    err.print(text);
    err.flush();
  }
}
