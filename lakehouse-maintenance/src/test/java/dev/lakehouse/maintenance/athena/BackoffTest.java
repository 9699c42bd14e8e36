package dev.lakehouse.maintenance.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofMillis(1000);

  private static List<Long> waits(double random, int count) {
    Backoff backoff = new Backoff(INITIAL, MAX, () -> random);
    return IntStream.range(0, count).mapToObj(i -> backoff.next().toMillis()).toList();
  }

  @Test
  void doublesFromTheInitialWaitUpToTheLongest() {
    assertThat(waits(0.5, 7)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
  }

  @Test
  void spreadsEachWaitByAFifthEitherWayWithinTheBounds() {
    assertThat(waits(0.0, 5)).containsExactly(100L, 160L, 320L, 640L, 800L);
    assertThat(waits(0.999999, 5)).containsExactly(119L, 239L, 479L, 959L, 1000L);
  }

  @Test
  void neverLeavesTheBoundsWhateverTheRandomDraw() {
    for (double random : new double[] {0.0, 0.1, 0.5, 0.9, 0.999999}) {
      assertThat(waits(random, 20)).allSatisfy(wait -> assertThat(wait).isBetween(100L, 1000L));
    }
  }

  @Test
  void startsOverAfterAReset() {
    Backoff backoff = new Backoff(INITIAL, MAX, () -> 0.5);
    backoff.next();
    backoff.next();

    backoff.reset();

    assertThat(backoff.next()).isEqualTo(INITIAL);
  }

  @Test
  void staysAtTheWaitWhenInitialAndLongestAreTheSame() {
    Backoff backoff = new Backoff(INITIAL, INITIAL, () -> 0.9);

    assertThat(IntStream.range(0, 4).mapToObj(i -> backoff.next())).containsOnly(INITIAL);
  }
}
