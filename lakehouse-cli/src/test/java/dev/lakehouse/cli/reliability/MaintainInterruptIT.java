package dev.lakehouse.cli.reliability;

import static dev.lakehouse.cli.MaintenanceLake.EVENTS_OPTIMIZE;
import static dev.lakehouse.cli.MaintenanceLake.EVENTS_PROPERTIES;
import static dev.lakehouse.testkit.proxy.AthenaQueryState.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.MaintenanceLake;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.proxy.AthenaQueryScript;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (or SIGTERM) during {@code maintain}, in a process of its own: the running query is stopped
 * ({@code StopQueryExecution}), the statements after it do not start, the report says so, the
 * table's lock is released, and the process exits 130.
 */
class MaintainInterruptIT {
  @TempDir
  Path dir;

  @EmulatorTest(motoOnly = true, reason = "signals a child process; Athena's slow query is scripted on moto")
  void ctrlCStopsTheRunningQueryAndExits130(Emulator emulator) throws Exception {
    stoppedWhileTheOptimizeRuns(emulator, ChildCli::interrupt);
  }

  @EmulatorTest(motoOnly = true, reason = "signals a child process; Athena's slow query is scripted on moto")
  void sigtermStopsTheRunningQueryAndExits130(Emulator emulator) throws Exception {
    stoppedWhileTheOptimizeRuns(emulator, ChildCli::terminate);
  }

  private void stoppedWhileTheOptimizeRuns(Emulator emulator, ChildCli.Signaller signal) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      AthenaQueryScript script = lake.proxy.scriptAthena(AthenaQueryScript.forQueries(EVENTS_OPTIMIZE::equals)
          .execution(running()));
      ChildCli.Started started = new ChildCli(dir).start(lake.args("--table", "processed.events"));
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (!Files.readString(started.stderr(), StandardCharsets.UTF_8).contains("optimize started (query ")) {
        assertThat(Instant.now()).as("the OPTIMIZE started in time").isBefore(deadline);
        assertThat(started.process().isAlive()).as("the run is still going").isTrue();
        Thread.sleep(200);
      }
      signal.send(started.process());
      ChildCli.Run run = started.await();

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(130);
      assertThat(run.stderr()).contains("Interrupted: stopping the running queries");
      String stopped = script.scriptedQueryExecutionIds().get(0);
      assertThat(lake.proxy.requests()).extracting(RecordedRequest::operation).contains("StopQueryExecution");
      assertThat(lake.clients.athena().getQueryExecution(r -> r.queryExecutionId(stopped)).queryExecution().status()
          .stateAsString()).isEqualTo("CANCELLED");
      assertThat(lake.statements()).containsExactlyInAnyOrder(EVENTS_PROPERTIES, EVENTS_OPTIMIZE);
      assertThat(run.stdout()).contains("processed.events (acme_dev_processed.events): interrupted",
          "  optimize   cancelled", "  vacuum     not run", "Interrupted: 0 of 1 tables maintained");
      assertThat(lake.clients.s3().listObjectsV2(r -> r.bucket(MaintenanceLake.RESULTS_BUCKET)
          .prefix("_lakehouse/locks/")).contents()).as("the lock is released").isEmpty();
    }
  }
}
