package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --out FILE} leaves FILE whole or untouched, and no temporary file beside it: not when
 * the write fails, not when Ctrl-C or SIGTERM comes while it writes.
 */
class SavedPlanWriteTest {
  private static final String PLAN = "{\"operation\": \"apply\", \"stack\": {\"project\": \"acme\", \"env\": \"dev\", "
      + "\"account\": \"123456789012\", \"region\": \"us-east-1\"}, \"changes\": [], \"saved_plan\": {\"version\": 1, "
      + "\"created_at\": \"2026-11-25T23:40:00Z\", \"lakehouse_version\": \"0.1.0\", \"config_file\": "
      + "\"lakehouse.yaml\", \"targets\": [], \"adopt\": false, \"allow_data_loss\": [], "
      + "\"fingerprints\": {\"s3_bucket.raw\": \"absent\"}}}";

  @TempDir
  Path dir;

  @Test
  void aWriteThatFailsLeavesNoTemporaryFile() throws Exception {
    SavedPlanFile plan = saved();
    Path occupied = Files.createDirectory(dir.resolve("dev.plan"));
    Files.writeString(occupied.resolve("kept.txt"), "a file the plan cannot replace");

    assertThatThrownBy(() -> SavedPlanFile.write(occupied, plan)).isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("Cannot save the plan to " + occupied + ": ");

    assertThat(names(dir)).containsExactlyInAnyOrder("saved.json", "dev.plan");
  }

  @Test
  void anInterruptExitsOnlyOnceTheWriteUnderWayHasEnded() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Thread writer = started(() -> Interrupts.whole(() -> {
      writing.countDown();
      await(finish);
      events.add("written");
    }));
    writing.await();

    Thread interrupt = started(() -> Interrupts.exitOnceWhole(code -> events.add("exit " + code)));
    try {
      awaitBlockedOrEnded(interrupt);
      assertThat(events).as("the exit waits for the write").isEmpty();
    } finally {
      finish.countDown();
    }
    writer.join();
    interrupt.join();
    assertThat(events).containsExactly("written", "exit 130");
  }

  @Test
  void aPlanIsNotBegunOnceAnInterruptIsExiting() throws Exception {
    SavedPlanFile plan = saved();
    Path file = dir.resolve("dev.plan");
    CountDownLatch exiting = new CountDownLatch(1);
    CountDownLatch halted = new CountDownLatch(1);
    Thread interrupt = started(() -> Interrupts.exitOnceWhole(code -> {
      exiting.countDown();
      // The process would end here; the test lets the exit return instead, once it has looked.
      await(halted);
    }));
    exiting.await();

    Thread saving = started(() -> SavedPlanFile.write(file, plan));
    try {
      awaitBlockedOrEnded(saving);
      assertThat(saving.isAlive()).as("the save waits for the exit under way").isTrue();
      assertThat(names(dir)).as("neither the plan nor a temporary file is begun").containsExactly("saved.json");
    } finally {
      halted.countDown();
    }
    saving.join();
    interrupt.join();
  }

  private SavedPlanFile saved() throws Exception {
    return SavedPlanFile.read(Files.writeString(dir.resolve("saved.json"), PLAN));
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).toList();
    }
  }

  private static Thread started(Runnable work) {
    Thread thread = new Thread(work);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits until the thread waits on a monitor, or has ended. */
  private static void awaitBlockedOrEnded(Thread thread) {
    while (thread.isAlive() && thread.getState() != Thread.State.BLOCKED) {
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
