package dev.lakehouse.cli;

import dev.lakehouse.provision.engine.Cancellation;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during apply: the first asks apply to start nothing new and let the calls in flight
 * finish (so nothing is left half-written), then exit 130; a second exits at once.
 */
final class Interrupts implements AutoCloseable {
  private static final Signal INT = new Signal("INT");
  private final SignalHandler previous;

  private Interrupts(SignalHandler previous) {
    this.previous = previous;
  }

  static Interrupts install(Environment environment, Cancellation cancellation, Output output) {
    if (!environment.handlesSignals()) {
      return new Interrupts(null);
    }
    SignalHandler previous = Signal.handle(INT, signal -> {
      if (cancellation.isCancelled()) {
        Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
      }
      output.error("Interrupted: finishing the calls in flight, starting nothing new (Ctrl-C again to stop now).");
      cancellation.cancel();
    });
    return new Interrupts(previous);
  }

  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(INT, previous);
    }
  }
}
