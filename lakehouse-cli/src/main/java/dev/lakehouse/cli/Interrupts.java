package dev.lakehouse.cli;

import dev.lakehouse.provision.engine.Cancellation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) or SIGTERM during apply: the first asks apply to start nothing new and let the
 * calls in flight finish (so nothing is left half-written), then exit 130; a second exits at once.
 * During maintain, the first stops the running Athena queries; during rollback, it lets the commit
 * end and the table's lock go. SIGTERM is taken as Ctrl-C because it is how schedulers and CI stop
 * a job (systemd, Docker, Kubernetes, {@code timeout}, {@code kill}).
 */
final class Interrupts implements AutoCloseable {
  private static final List<Signal> STOPPING = List.of(new Signal("INT"), new Signal("TERM"));
  /** Held by a write that must not be cut short, and by the exit of an interrupt, which waits for it. */
  private static final Object WHOLE = new Object();
  private final Map<Signal, SignalHandler> previous;

  private Interrupts(Map<Signal, SignalHandler> previous) {
    this.previous = previous;
  }

  static Interrupts install(Environment environment, Cancellation cancellation, Output output) {
    return install(environment, output,
        "Interrupted: finishing the calls in flight, starting nothing new (Ctrl-C again to stop now).",
        cancellation::isCancelled, cancellation::cancel);
  }

  /**
   * Outside what a command stops step by step (reading the account, planning, asking, showing the
   * result), Ctrl-C or SIGTERM exits 130 at once, as the contract has it for both: left to the JVM,
   * SIGTERM would exit 143, which a CI job or scheduler reads as a failure rather than a stop.
   */
  static Interrupts exiting(Environment environment, Output output) {
    return install(environment, output, "Interrupted.", () -> false,
        () -> exitOnceWhole(Runtime.getRuntime()::exit));
  }

  /**
   * Exits 130 through {@code exit}, once no {@link #whole} write is under way; a write that would
   * begin meanwhile waits, and the process ends before it begins.
   */
  static void exitOnceWhole(IntConsumer exit) {
    synchronized (WHOLE) {
      exit.accept(ExitCode.INTERRUPTED.code());
    }
  }

  /**
   * Runs a write that Ctrl-C or SIGTERM must not cut short (a saved plan, with its temporary file):
   * an interrupt meanwhile exits once it has ended.
   */
  static void whole(Runnable write) {
    synchronized (WHOLE) {
      write.run();
    }
  }

  /**
   * On the first Ctrl-C or SIGTERM, says {@code message} and calls {@code stop}; on another once
   * {@code stopped} holds, exits 130 at once.
   */
  static Interrupts install(Environment environment, Output output, String message, BooleanSupplier stopped,
      Runnable stop) {
    Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    if (!environment.handlesSignals()) {
      return new Interrupts(previous);
    }
    SignalHandler handler = signal -> {
      if (stopped.getAsBoolean()) {
        Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
      }
      output.error(message);
      stop.run();
    };
    STOPPING.forEach(signal -> previous.put(signal, Signal.handle(signal, handler)));
    return new Interrupts(previous);
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
