package dev.lakehouse.provision.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Attribute reads: values in the caller's order, failures as thrown, and really side by side. */
class AttributeReadsTest {

  @Test
  void givesEachReadsValue() {
    Supplier<String> first = AttributeReads.start(() -> "versioning");
    Supplier<List<String>> second = AttributeReads.start(() -> List.of("tier-down"));
    assertThat(second.get()).containsExactly("tier-down");
    assertThat(first.get()).isEqualTo("versioning");
  }

  @Test
  void rethrowsWhatTheReadThrew() {
    IllegalArgumentException thrown = new IllegalArgumentException("NoSuchBucketPolicy");
    Supplier<String> failing = AttributeReads.start(() -> {
      throw thrown;
    });
    assertThatThrownBy(failing::get).isSameAs(thrown);
  }

  @Test
  void runsReadsAtTheSameTime() {
    // Each read waits until all have started: they finish only if they run side by side.
    int reads = AttributeReads.THREADS;
    CountDownLatch started = new CountDownLatch(reads);
    List<Supplier<Boolean>> running = IntStream.range(0, reads)
        .mapToObj(i -> AttributeReads.start(() -> {
          started.countDown();
          try {
            return started.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        })).toList();
    assertThat(running).allSatisfy(read -> assertThat(read.get()).isTrue());
  }
}
