package dev.lakehouse.provision.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Attribute writes: really side by side, every one ended before the call returns, failures as thrown. */
class AttributeWritesTest {

  @Test
  void runsWritesAtTheSameTime() {
    // Each write waits until all have started: they end only if they run side by side.
    int writes = 6;
    CountDownLatch started = new CountDownLatch(writes);
    List<Boolean> together = Collections.synchronizedList(new ArrayList<>());
    AttributeWrites.all(IntStream.range(0, writes).<Runnable>mapToObj(i -> () -> {
      started.countDown();
      together.add(await(started));
    }).toList());
    assertThat(together).hasSize(writes).containsOnly(true);
  }

  @Test
  void aSingleWriteRunsOnTheCallersThread() {
    List<Thread> ranOn = new ArrayList<>();
    AttributeWrites.all(List.of(() -> ranOn.add(Thread.currentThread())));
    assertThat(ranOn).containsExactly(Thread.currentThread());
  }

  @Test
  void throwsTheFirstFailureInTheOrderGivenOnceEveryWriteHasEnded() {
    IllegalStateException encryption = new IllegalStateException("PutBucketEncryption");
    IllegalArgumentException lifecycle = new IllegalArgumentException("PutBucketLifecycleConfiguration");
    CountDownLatch failed = new CountDownLatch(2);
    CountDownLatch versioningStarted = new CountDownLatch(1);
    List<String> ended = Collections.synchronizedList(new ArrayList<>());

    assertThatThrownBy(() -> AttributeWrites.all(List.of(
        () -> {
          // Still running when the others fail: waited for, not left behind.
          versioningStarted.countDown();
          await(failed);
          ended.add("versioning");
        },
        () -> {
          // The failures come once the first write has started (a write not yet started is skipped).
          await(versioningStarted);
          failed.countDown();
          await(failed);
          throw encryption;
        },
        () -> {
          await(versioningStarted);
          failed.countDown();
          await(failed);
          throw lifecycle;
        }))).isSameAs(encryption);

    assertThat(ended).containsExactly("versioning");
    assertThat(encryption.getSuppressed()).containsExactly(lifecycle);
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
