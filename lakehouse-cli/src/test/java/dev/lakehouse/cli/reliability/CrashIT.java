package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.Cli;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: the CLI process killed (SIGKILL) at several points of a full apply, counted in
 * mutating AWS calls: right at the first (the KMS key's CreateKey, the classic duplicate), in the
 * middle of the buckets, and late. The next apply converges to the same end state, with nothing
 * made twice and nothing lost. A destroy killed halfway is finished by the next destroy. Ctrl-C
 * (SIGINT) and SIGTERM let the calls in flight finish and exit 130; while the account is read, they exit 130 at once.
 */
class CrashIT {
  @TempDir
  Path dir;

  @EmulatorTest(motoOnly = true, reason = "kills a child process against the shared moto; LocalStack adds nothing")
  void killedAtTheFirstWriteTheNextApplyConverges(Emulator emulator) throws Exception {
    killedAfterWrites(emulator, 1);
  }

  @EmulatorTest(motoOnly = true, reason = "kills a child process against the shared moto; LocalStack adds nothing")
  void killedAmongTheBucketsTheNextApplyConverges(Emulator emulator) throws Exception {
    killedAfterWrites(emulator, 6);
  }

  @EmulatorTest(motoOnly = true, reason = "kills a child process against the shared moto; LocalStack adds nothing")
  void killedLateTheNextApplyConverges(Emulator emulator) throws Exception {
    killedAfterWrites(emulator, 25);
  }

  private void killedAfterWrites(Emulator emulator, int writes) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      killAfterWrites(aws, writes, Canonical.args("apply", aws));
      Canonical.assertConvergesToTheStack(aws, emulator);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "kills a child process against the shared moto; LocalStack adds nothing")
  void killedMidDestroyTheNextDestroyRemovesTheRest(Emulator emulator) throws Exception {
    String[] dataLoss = {"--allow-data-loss", "bucket-objects,database-tables,kms-key,dropped-tables,table-data"};
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result applied = Cli.exec(Canonical.args("apply", aws));
      assertThat(applied.exitCode()).as(applied.toString()).isZero();

      killAfterWrites(aws, 20, Canonical.args("destroy", aws, dataLoss));
      aws.clearRules();
      Cli.Result again = Cli.exec(Canonical.args("destroy", aws, dataLoss));

      assertThat(again.exitCode()).as(again.toString()).isZero();
      try (TestClients read = TestClients.of(emulator)) {
        assertThat(Inventory.of(read).kinds().values()).as(again.toString()).allMatch(List::isEmpty);
        assertThat(read.iam().listRoles().roles()).noneMatch(role -> role.roleName().startsWith("acme-dev-"));
      }
      Cli.Result plan = Cli.exec(Canonical.args("plan", aws));
      assertThat(plan.stdout()).as("all made again, the key (pending deletion) taken back")
          .contains("Plan: 26 to add, 1 to change, 0 to destroy.");
    }
  }

  /**
   * Runs the CLI with these arguments in a process of its own and kills it (SIGKILL) while its
   * {@code writes}-th mutating call is in flight; returns once the calls it had sent have landed.
   */
  private void killAfterWrites(AwsProxy aws, int writes, String... args) throws Exception {
    AtomicInteger seen = new AtomicInteger();
    AtomicInteger arrived = new AtomicInteger();
    CountDownLatch reached = new CountDownLatch(1);
    aws.observe(request -> {
      arrived.incrementAndGet();
      if (Canonical.mutating(request) && seen.incrementAndGet() == writes) {
        reached.countDown();
      }
    });
    // Writes are slowed a little so the kill lands while this one is in flight.
    aws.rule().when(Canonical::mutating).latency(Duration.ofMillis(100));
    ChildCli.Started run = new ChildCli(dir).start(args);

    assertThat(reached.await(2, TimeUnit.MINUTES)).as("the run reached write " + writes).isTrue();
    run.process().destroyForcibly();
    assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
    // The killed run's calls still held in the proxy land first (within its 100 ms), as they
    // land long before a person or a CI job runs the command again: a call that reaches AWS after
    // the next run looked for it is beyond what any run can see.
    awaitLanded(aws, arrived);
  }

  /**
   * Waits until the killed run's calls have landed: every request the proxy read is answered, and
   * no connection is still being served. The second matters as much as the first: a request the
   * killed run had sent whole may not yet have been read (nor counted as arrived) when the process
   * is gone; its connection is served, and the request handled, until the proxy reads it and then
   * the end of the connection.
   */
  private static void awaitLanded(AwsProxy aws, AtomicInteger arrived) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (servingConnections(aws) || aws.requests().size() < arrived.get()) {
      assertThat(System.nanoTime()).as("the killed run's calls in flight landed").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Whether a connection thread of the proxy (named {@code aws-proxy-<port>-<n>}) is serving a connection. */
  private static boolean servingConnections(AwsProxy aws) {
    String prefix = "aws-proxy-" + aws.endpoint().getPort() + "-";
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(thread -> thread.getKey().getName().startsWith(prefix)
            && !thread.getKey().getName().endsWith("-accept"))
        .anyMatch(thread -> Arrays.stream(thread.getValue()).anyMatch(frame ->
            frame.getClassName().equals(AwsProxy.class.getName()) && frame.getMethodName().equals("serve")));
  }

  @EmulatorTest(motoOnly = true, reason = "signals a child process against the shared moto; LocalStack adds nothing")
  void ctrlCStopsAfterTheCallsInFlightAndExits130(Emulator emulator) throws Exception {
    stoppedAfterTheFirstWrite(emulator, ChildCli::interrupt);
  }

  @EmulatorTest(motoOnly = true, reason = "signals a child process against the shared moto; LocalStack adds nothing")
  void sigtermStopsAfterTheCallsInFlightAndExits130(Emulator emulator) throws Exception {
    stoppedAfterTheFirstWrite(emulator, ChildCli::terminate);
  }

  @EmulatorTest(motoOnly = true, reason = "signals a child process against the shared moto; LocalStack adds nothing")
  void sigtermWhilePlanReadsTheAccountExits130(Emulator emulator) throws Exception {
    stoppedWhileReading(emulator, "plan");
  }

  @EmulatorTest(motoOnly = true, reason = "signals a child process against the shared moto; LocalStack adds nothing")
  void sigtermWhileApplyReadsTheAccountExits130AndChangesNothing(Emulator emulator) throws Exception {
    stoppedWhileReading(emulator, "apply");
  }

  private void stoppedWhileReading(Emulator emulator, String command) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      CountDownLatch firstCall = new CountDownLatch(1);
      aws.observe(request -> firstCall.countDown());
      aws.rule().when(request -> true).latency(Duration.ofMillis(300));
      ChildCli.Started run = new ChildCli(dir).start(Canonical.args(command, aws));

      assertThat(firstCall.await(2, TimeUnit.MINUTES)).isTrue();
      ChildCli.terminate(run.process());
      ChildCli.Run interrupted = run.await();

      assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
      assertThat(interrupted.stderr()).as(interrupted.toString()).endsWith("Interrupted.\n");
      assertThat(interrupted.stdout()).as(interrupted.toString()).isEmpty();
      assertThat(aws.mutatingCount()).isZero();
    }
  }

  private void stoppedAfterTheFirstWrite(Emulator emulator, ChildCli.Signaller signal) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      CountDownLatch firstWrite = new CountDownLatch(1);
      aws.observe(request -> {
        if (Canonical.mutating(request)) {
          firstWrite.countDown();
        }
      });
      aws.rule().when(Canonical::mutating).latency(Duration.ofMillis(300));
      ChildCli.Started apply = new ChildCli(dir).start(Canonical.args("apply", aws));

      assertThat(firstWrite.await(2, TimeUnit.MINUTES)).isTrue();
      signal.send(apply.process());
      ChildCli.Run interrupted = apply.await();

      assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
      assertThat(interrupted.stderr()).contains("Interrupted: finishing the calls in flight, starting nothing new");
      assertThat(interrupted.stdout()).contains("Apply interrupted. Resources: ")
          .contains("run apply again to finish.");
      Canonical.assertConvergesToTheStack(aws, emulator);
    }
  }
}
