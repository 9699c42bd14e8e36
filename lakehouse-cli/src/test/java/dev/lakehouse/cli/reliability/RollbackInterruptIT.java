package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.MaintenanceLake;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C or SIGTERM while {@code rollback} commits, in a process of its own: the commit ends, the table's
 * maintenance lock is released, the outcome is printed, and the process exits 130.
 */
class RollbackInterruptIT {
  @TempDir
  Path dir;

  @EmulatorTest(motoOnly = true, reason = "signals a child process while the proxy holds its Glue commit back")
  void ctrlCLetsTheCommitEndReleasesTheLockAndExits130(Emulator emulator) throws Exception {
    letsTheCommitEndReleasesTheLockAndExits130(emulator, ChildCli::interrupt);
  }

  @EmulatorTest(motoOnly = true, reason = "signals a child process while the proxy holds its Glue commit back")
  void sigtermLetsTheCommitEndReleasesTheLockAndExits130AsCtrlCDoes(Emulator emulator) throws Exception {
    letsTheCommitEndReleasesTheLockAndExits130(emulator, ChildCli::terminate);
  }

  private void letsTheCommitEndReleasesTheLockAndExits130(Emulator emulator, ChildCli.Signaller signal) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      Table events = lake.table(MaintenanceLake.PROCESSED, "events");
      long first = SnapshotUtil.oldestAncestor(events).snapshotId();
      AtomicBoolean committing = new AtomicBoolean();
      lake.proxy.observe(request -> {
        if ("UpdateTable".equals(request.operation())) {
          committing.set(true);
        }
      });
      lake.proxy.rule().operation("UpdateTable").latency(Duration.ofSeconds(3));

      ChildCli.Started started = new ChildCli(dir).start("rollback", "processed.events", "--to", Long.toString(first),
          "--auto-approve", "-f", lake.config.toString(), "--env", "dev", "--endpoint-url",
          lake.proxy.endpoint().toString());
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (!committing.get()) {
        assertThat(Instant.now()).as("the commit started in time").isBefore(deadline);
        assertThat(started.process().isAlive()).as("the rollback is still going").isTrue();
        Thread.sleep(50);
      }
      signal.send(started.process());
      ChildCli.Run run = started.await();

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(130);
      assertThat(run.stderr()).contains("Interrupted: finishing the rollback's commit and releasing the table's lock");
      assertThat(run.stdout()).startsWith("Rolled back processed.events (acme_dev_processed.events) from snapshot ");
      assertThat(lake.table(MaintenanceLake.PROCESSED, "events").currentSnapshot().snapshotId()).isEqualTo(first);
      assertThat(lake.clients.s3().listObjectsV2(r -> r.bucket(MaintenanceLake.RESULTS_BUCKET)
          .prefix("_lakehouse/locks/")).contents()).as("the lock is released").isEmpty();
    }
  }
}
