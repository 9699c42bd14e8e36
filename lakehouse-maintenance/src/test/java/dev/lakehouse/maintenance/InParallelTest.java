package dev.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InParallelTest {

  @Test
  void keepsTheItemsOrderWhateverOrderTheWorkEndsIn() {
    List<Integer> items = IntStream.range(0, 20).boxed().toList();

    List<String> results = InParallel.map(items, 4, "counting", item -> {
      sleep(20 - item);
      return "#" + item;
    });

    assertThat(results).containsExactlyElementsOf(items.stream().map(item -> "#" + item).toList());
  }

  @Test
  void runsAtMostThatManyAtOnce() throws InterruptedException {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch started = new CountDownLatch(3);

    InParallel.map(IntStream.range(0, 12).boxed().toList(), 3, "waiting", item -> {
      threads.add(Thread.currentThread().getName());
      started.countDown();
      try {
        return started.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });

    assertThat(threads).hasSize(3);
  }

  @Test
  void throwsTheFirstFailureAndDoesNothingForNoItems() {
    assertThatThrownBy(() -> InParallel.map(List.of(1, 2, 3), 2, "failing", item -> {
      if (item == 2) {
        throw new IllegalArgumentException("no 2");
      }
      return item;
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("no 2");
    assertThat(InParallel.map(List.<Integer>of(), 2, "nothing", item -> item)).isEmpty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
