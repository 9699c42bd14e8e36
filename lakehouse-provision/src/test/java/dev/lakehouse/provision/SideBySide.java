package dev.lakehouse.provision;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For stubbed AWS clients whose calls must run side by side: each call counts a latch down and
 * waits for it to reach zero, so that the calls end only if all of them run at once; one that
 * waits in vain fails the test instead of hanging it.
 */
public final class SideBySide {
  private SideBySide() {}

  /** Arrives at the meeting and waits, up to 10 s, for the others; {@code what} names the call. */
  public static void meet(CountDownLatch meeting, String what) {
    meeting.countDown();
    try {
      if (!meeting.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError(what + " waited in vain for the calls meant to go beside it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
