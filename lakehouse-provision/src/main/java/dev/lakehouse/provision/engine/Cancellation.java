package dev.lakehouse.provision.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/** Asks a running apply to start nothing new; calls in flight finish. Set from a signal handler. */
public final class Cancellation {
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelled() {
    return cancelled.get();
  }
}
