package dev.lakehouse.cli;

import dev.lakehouse.provision.engine.Cancellation;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during apply: the first asks apply to start nothing new and let the calls in flight
 * finish (so nothing is left half-written), then exit 130; a second exits at once. During
 * maintain, the first stops the running Athena queries.
 */
final class Interrupts implements AutoCloseable {
  private static final Signal INT = new Signal("INT");
  private final SignalHandler previous;

  private Interrupts(SignalHandler previous) {
    this.previous = previous;
  }

  static Interrupts install(Environment environment, Cancellation cancellation, Output output) {
    return install(environment, output,
        "Interrupted: finishing the calls in flight, starting nothing new (Ctrl-C again to stop now).",
        cancellation::isCancelled, cancellation::cancel);
  }

  /**
   * On the first Ctrl-C, says {@code message} and calls {@code stop}; on another once
   * {@code stopped} holds, exits 130 at once.
   */
  static Interrupts install(Environment environment, Output output, String message, BooleanSupplier stopped,
      Runnable stop) {
    if (!environment.handlesSignals()) {
      return new Interrupts(null);
    }
    SignalHandler previous = Signal.handle(INT, signal -> {
      if (stopped.getAsBoolean()) {
        Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
      }
      output.error(message);
      stop.run();
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
