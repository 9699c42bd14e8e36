package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A value made once, ahead of its first use or by it. */
class MadeAheadTest {

  @Test
  void isMadeOnceOnItsOwnThreadWhenStartedAhead() throws Exception {
    AtomicInteger makings = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    MadeAhead<String> value = new MadeAhead<>("test-maker", () -> {
      makings.incrementAndGet();
      await(release);
      return Thread.currentThread().getName();
    });

    assertThat(value.started()).isFalse();
    value.start();
    value.start();
    assertThat(value.started()).isTrue();
    release.countDown();

    assertThat(value.get()).isEqualTo("test-maker");
    assertThat(value.get()).isEqualTo("test-maker");
    assertThat(makings).hasValue(1);
  }

  @Test
  void isMadeByItsFirstUserWhenNotStarted() {
    MadeAhead<String> value = new MadeAhead<>("test-maker", () -> Thread.currentThread().getName());

    assertThat(value.get()).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void givesWhatMakingItThrewToEveryUser() {
    MadeAhead<String> value = new MadeAhead<>("test-maker", () -> {
      throw new IllegalStateException("no trust store");
    });
    value.start();

    assertThatThrownBy(value::get).isInstanceOf(IllegalStateException.class).hasMessage("no trust store");
    assertThatThrownBy(value::get).isInstanceOf(IllegalStateException.class).hasMessage("no trust store");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
