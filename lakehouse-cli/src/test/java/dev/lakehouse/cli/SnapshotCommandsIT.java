package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.IcebergCatalogs;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.maintenance.lock.RunningQuery;
import dev.lakehouse.maintenance.lock.TableLock;
import dev.lakehouse.maintenance.lock.TableLocks;
import dev.lakehouse.testkit.proxy.AthenaQueryScript;
import dev.lakehouse.testkit.proxy.AthenaQueryState;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse snapshots} and {@code lakehouse rollback} (and the unmanaged tables of
 * {@code lakehouse plan}) in-process against moto: a table made by {@code apply}, snapshots
 * appended with Iceberg's API, checked by exit code and output, and read back with a catalog
 * of the test's own.
 */
class SnapshotCommandsIT {
  private static final String TABLE = "processed.customer_events";
  private static final String GLUE_TABLE = "acme_dev_processed.customer_events";
  private static final String FORMAT = "%s %-20s %-20s %-20s %-10s %8s %8s %12s %12s";

  @TempDir
  Path dir;

  /** The emulator, with the config written and the table applied and given three snapshots. */
  private final class Lake implements Closeable {
    final Emulator emulator;
    final AwsProxy proxy;
    final TestClients clients;
    final Catalog catalog;
    final Path config;
    final List<Long> snapshots = new ArrayList<>();

    Lake(Emulator emulator) throws IOException {
      this.emulator = emulator;
      this.proxy = MotoGaps.proxy(emulator);
      this.clients = TestClients.of(emulator);
      this.config = dir.resolve("lakehouse.yaml");
      try (InputStream in = SnapshotCommandsIT.class.getResourceAsStream("/iceberg/lakehouse.yaml")) {
        Files.write(config, in.readAllBytes());
      }
      Cli.Result apply = run("apply", "--auto-approve");
      assertThat(apply.exitCode()).as(apply.stderr()).isZero();
      catalog = IcebergCatalogs.glue(new AwsSettings(null, emulator.region(), emulator.endpoint()));
      for (String day : List.of("2024-05-01", "2024-05-02", "2024-05-03")) {
        Table table = table();
        table.newAppend().appendFile(DataFiles.builder(table.spec())
            .withPath(table.location() + "/data/event_date_day=" + day + "/" + UUID.randomUUID() + ".parquet")
            .withFormat(FileFormat.PARQUET).withPartitionPath("event_date_day=" + day)
            .withFileSizeInBytes(2048).withRecordCount(100).build()).commit();
        snapshots.add(table.currentSnapshot().snapshotId());
      }
    }

    Table table() {
      return catalog.loadTable(TableIdentifier.of("acme_dev_processed", "customer_events"));
    }

    /** The command with the common options: the config, env dev, the emulator's endpoint (through the proxy). */
    String[] args(String... command) {
      List<String> all = new ArrayList<>(List.of(command));
      all.addAll(List.of("-f", config.toString(), "--env", "dev", "--endpoint-url", proxy.endpoint().toString()));
      return all.toArray(String[]::new);
    }

    Cli.Result run(String... command) {
      return Cli.exec(args(command));
    }

    @Override
    public void close() throws IOException {
      ((Closeable) catalog).close();
      clients.close();
      proxy.close();
    }
  }

  @EmulatorTest
  void listsTheSnapshotsForPeople(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      Cli.Result result = lake.run("snapshots", TABLE);
      assertThat(result.exitCode()).as(result.stderr()).isZero();
      List<String> expected = new ArrayList<>(List.of(
          "Snapshots of processed.customer_events (acme_dev_processed.customer_events), oldest first:",
          "",
          String.format(FORMAT, " ", "SNAPSHOT ID", "PARENT", "COMMITTED AT (UTC)", "OPERATION", "+FILES", "-FILES",
              "+RECORDS", "-RECORDS").stripTrailing()));
      Table table = lake.table();
      for (long id : lake.snapshots) {
        Snapshot snapshot = table.snapshot(id);
        expected.add(String.format(FORMAT, id == lake.snapshots.get(2) ? "*" : " ", id,
            snapshot.parentId() == null ? "-" : snapshot.parentId(), time(snapshot), "append", 1, 0, 100, 0));
      }
      expected.addAll(List.of("", "* current snapshot."));
      assertThat(result.stdout().lines().toList()).containsExactlyElementsOf(expected);
      assertThat(table.snapshot(lake.snapshots.get(1)).parentId()).isEqualTo(lake.snapshots.get(0));
    }
  }

  @EmulatorTest
  void listsTheSnapshotsAsJson(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      Cli.Result result = lake.run("snapshots", TABLE, "--json");
      assertThat(result.exitCode()).as(result.stderr()).isZero();
      JsonNode document = new ObjectMapper().readTree(result.stdout());
      assertThat(document.path("format_version").asText()).isEqualTo("1.1");
      assertThat(document.path("table").asText()).isEqualTo(TABLE);
      assertThat(document.path("glue_table").asText()).isEqualTo(GLUE_TABLE);
      assertThat(document.path("current_snapshot_id").asText()).isEqualTo(Long.toString(lake.snapshots.get(2)));
      JsonNode snapshots = document.path("snapshots");
      assertThat(snapshots).hasSize(3);
      JsonNode first = snapshots.get(0);
      assertThat(first.path("snapshot_id").isTextual()).isTrue();
      assertThat(first.path("snapshot_id").asText()).isEqualTo(Long.toString(lake.snapshots.get(0)));
      assertThat(first.path("parent_id").isNull()).isTrue();
      assertThat(first.path("committed_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(Instant.parse(first.path("committed_at").asText()))
          .isEqualTo(Instant.ofEpochMilli(lake.table().snapshot(lake.snapshots.get(0)).timestampMillis()));
      assertThat(first.path("was_current").asBoolean()).isTrue();
      assertThat(first.path("can_roll_back_to").asBoolean()).isTrue();
      assertThat(first.path("operation").asText()).isEqualTo("append");
      assertThat(first.path("added_data_files").asLong()).isEqualTo(1);
      assertThat(first.path("deleted_data_files").asLong()).isZero();
      assertThat(first.path("added_records").asLong()).isEqualTo(100);
      assertThat(first.path("deleted_records").asLong()).isZero();
      assertThat(first.path("current").asBoolean()).isFalse();
      assertThat(first.path("ancestor_of_current").asBoolean()).isTrue();
      assertThat(snapshots.get(2).path("parent_id").asText()).isEqualTo(Long.toString(lake.snapshots.get(1)));
      assertThat(snapshots.get(2).path("current").asBoolean()).isTrue();
      assertThat(JsonDocs.fieldNames(document)).as("the fields of snapshots --json beside docs/snapshots-json.md")
          .isEqualTo(JsonDocs.documentedFields("snapshots-json.md", "## `snapshots`"));
      Set<String> documented = JsonDocs.documentedFields("snapshots-json.md", "### `snapshots[]`");
      assertThat(snapshots).allSatisfy(snapshot -> assertThat(JsonDocs.fieldNames(snapshot)).isEqualTo(documented));
    }
  }

  @EmulatorTest
  void rollsBackToAnAncestorAndUndoesTheRollback(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      long first = lake.snapshots.get(0);
      long last = lake.snapshots.get(2);
      Cli.Result result = lake.run("rollback", TABLE, "--to", Long.toString(first), "--auto-approve");
      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("Rolled back processed.customer_events (acme_dev_processed.customer_events) "
          + "from snapshot " + last + " to snapshot " + first + " (committed " + time(lake.table().snapshot(first))
          + ").\n");
      Table table = lake.table();
      assertThat(table.currentSnapshot().snapshotId()).isEqualTo(first);
      assertThat(table.snapshots()).hasSize(3);

      Cli.Result listed = lake.run("snapshots", TABLE);
      assertThat(listed.stdout())
          .contains("\n+ " + lake.snapshots.get(1) + " ", "\n+ " + last + " ", "\n* " + first + " ")
          .endsWith("* current snapshot; + current before a rollback went back past it: rolling back to it undoes that "
              + "rollback.\n");
      JsonNode later = new ObjectMapper().readTree(lake.run("snapshots", TABLE, "--json").stdout()).path("snapshots")
          .get(2);
      assertThat(later.path("ancestor_of_current").asBoolean()).isFalse();
      assertThat(later.path("was_current").asBoolean()).isTrue();
      assertThat(later.path("can_roll_back_to").asBoolean()).isTrue();

      Cli.Result asked = new Cli().terminal(Cli.answering("no"))
          .run(lake.args("rollback", TABLE, "--to", Long.toString(last)));
      assertThat(asked.exitCode()).isEqualTo(1);
      long middle = lake.snapshots.get(1);
      assertThat(asked.stdout()).isEqualTo("Rolling back processed.customer_events "
          + "(acme_dev_processed.customer_events) from snapshot " + first + " to snapshot " + last + ":\n"
          + "  readers see again 2 snapshots:\n"
          + "    + " + last + "  " + time(lake.table().snapshot(last)) + "  append  +1 -0 files, +100 -0 records\n"
          + "    + " + middle + "  " + time(lake.table().snapshot(middle)) + "  append  +1 -0 files, +100 -0 records\n"
          + "\n");

      Cli.Result undone = lake.run("rollback", TABLE, "--to", Long.toString(last), "--auto-approve");
      assertThat(undone.exitCode()).as(undone.stderr()).isZero();
      assertThat(undone.stdout()).isEqualTo("Rolled back processed.customer_events "
          + "(acme_dev_processed.customer_events) "
          + "from snapshot " + first + " to snapshot " + last + " (committed " + time(lake.table().snapshot(last))
          + ").\n");
      assertThat(lake.table().currentSnapshot().snapshotId()).isEqualTo(last);
      assertThat(lake.run("snapshots", TABLE).stdout()).endsWith("\n\n* current snapshot.\n");

      Cli.Result unknown = lake.run("rollback", TABLE, "--to", "42", "--auto-approve");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.stderr()).isEqualTo("Error: Cannot roll back processed.customer_events "
          + "(acme_dev_processed.customer_events) to snapshot 42: the table has no such snapshot (an expired one is "
          + "gone from its metadata); list them with: lakehouse snapshots processed.customer_events\n");

      Cli.Result same = lake.run("rollback", TABLE, "--to", Long.toString(last));
      assertThat(same.exitCode()).isZero();
      assertThat(same.stdout()).isEqualTo("processed.customer_events (acme_dev_processed.customer_events) is already "
          + "at snapshot " + last + "; nothing changed.\n");

      Cli.Result json = lake.run("rollback", TABLE, "--to", Long.toString(last), "--json");
      JsonNode document = new ObjectMapper().readTree(json.stdout());
      assertThat(document.path("status").asText()).isEqualTo("unchanged");
      assertThat(document.path("to_snapshot_id").asText()).isEqualTo(Long.toString(last));
      assertThat(JsonDocs.fieldNames(document)).as("the fields of rollback --json beside docs/snapshots-json.md")
          .isEqualTo(JsonDocs.documentedFields("snapshots-json.md", "## `rollback`"));
    }
  }

  @EmulatorTest
  void showsBranchesAndTagsAndRefusesASnapshotOnlyOnAnotherBranch(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      long first = lake.snapshots.get(0);
      long middle = lake.snapshots.get(1);
      Table table = lake.table();
      table.manageSnapshots().createTag("audit", first).createBranch("staging", middle).commit();
      table.newAppend().appendFile(DataFiles.builder(table.spec())
          .withPath(table.location() + "/data/event_date_day=2024-05-09/" + UUID.randomUUID() + ".parquet")
          .withFormat(FileFormat.PARQUET).withPartitionPath("event_date_day=2024-05-09")
          .withFileSizeInBytes(2048).withRecordCount(100).build()).toBranch("staging").commit();
      long staged = lake.table().refs().get("staging").snapshotId();

      Cli.Result listed = lake.run("snapshots", TABLE);
      assertThat(listed.exitCode()).as(listed.stderr()).isZero();
      assertThat(listed.stdout().lines()).anyMatch(line -> line.startsWith("  " + first + " ")
          && line.endsWith("  (tag audit)"));
      assertThat(listed.stdout().lines()).anyMatch(line -> line.startsWith("x " + staged + " ")
          && line.endsWith("  (branch staging)"));
      assertThat(listed.stdout()).endsWith("* current snapshot; x never the table's current snapshot (another "
          + "branch's), cannot be rolled back to.\n");
      JsonNode snapshots = new ObjectMapper().readTree(lake.run("snapshots", TABLE, "--json").stdout())
          .path("snapshots");
      assertThat(snapshots.get(0).path("tags").toString()).isEqualTo("[\"audit\"]");
      assertThat(snapshots.get(0).path("branches").toString()).isEqualTo("[]");
      assertThat(snapshots.get(3).path("snapshot_id").asText()).isEqualTo(Long.toString(staged));
      assertThat(snapshots.get(3).path("branches").toString()).isEqualTo("[\"staging\"]");
      assertThat(snapshots.get(3).path("can_roll_back_to").asBoolean()).isFalse();

      Cli.Result refused = lake.run("rollback", TABLE, "--to", Long.toString(staged), "--auto-approve");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stdout()).isEmpty();
      assertThat(refused.stderr()).isEqualTo("Error: Cannot roll back processed.customer_events "
          + "(acme_dev_processed.customer_events) to snapshot " + staged + ": it was never the table's current "
          + "snapshot (it is the head of branch staging); only snapshots in the current one's history, or that were "
          + "current before a rollback, can be chosen\n");
      assertThat(lake.table().currentSnapshot().snapshotId()).isEqualTo(lake.snapshots.get(2));
    }
  }

  @EmulatorTest
  void asksBeforeRollingBackAndRefusesWithoutATerminal(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      long middle = lake.snapshots.get(1);
      long last = lake.snapshots.get(2);
      Cli.Result refused = lake.run("rollback", TABLE, "--to", Long.toString(middle));
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stderr()).isEqualTo("Error: Cannot roll back processed.customer_events "
          + "(acme_dev_processed.customer_events) without confirmation: there is no terminal to ask on. Check the "
          + "snapshot with lakehouse snapshots and pass --auto-approve to roll back\n");
      assertThat(lake.table().currentSnapshot().snapshotId()).isEqualTo(last);

      List<String> prompts = new ArrayList<>();
      Cli.Result declined = new Cli().terminal(answering("no", prompts))
          .run(lake.args("rollback", TABLE, "--to", Long.toString(middle)));
      assertThat(declined.exitCode()).isEqualTo(1);
      assertThat(prompts).containsExactly("Roll back processed.customer_events "
          + "(acme_dev_processed.customer_events) from snapshot " + last + " to snapshot " + middle + " (committed "
          + time(lake.table().snapshot(middle)) + ")? Only 'yes' will be accepted: ");
      assertThat(declined.stdout()).isEqualTo("Rolling back processed.customer_events "
          + "(acme_dev_processed.customer_events) from snapshot " + last + " to snapshot " + middle + ":\n"
          + "  readers stop seeing 1 snapshot (they stay in the table's metadata until they expire):\n"
          + "    - " + last + "  " + time(lake.table().snapshot(last)) + "  append  +1 -0 files, +100 -0 records\n"
          + "\n");
      assertThat(declined.stderr()).isEqualTo("Error: Rollback cancelled: the answer was not 'yes'. Nothing was changed\n");
      assertThat(lake.table().currentSnapshot().snapshotId()).isEqualTo(last);

      List<String> unasked = new ArrayList<>();
      Cli.Result json = new Cli().terminal(answering("yes", unasked))
          .run(lake.args("rollback", TABLE, "--to", Long.toString(middle), "--json"));
      assertThat(json.exitCode()).isEqualTo(1);
      assertThat(unasked).as("JSON output shows nothing to review: no question is asked").isEmpty();
      assertThat(json.stderr()).contains("Cannot roll back processed.customer_events "
          + "(acme_dev_processed.customer_events) with --json without --auto-approve");
      assertThat(lake.table().currentSnapshot().snapshotId()).isEqualTo(last);

      Cli.Result accepted = new Cli().terminal(Cli.answering("yes"))
          .run(lake.args("rollback", TABLE, "--to", Long.toString(middle)));
      assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
      assertThat(lake.table().currentSnapshot().snapshotId()).isEqualTo(middle);
    }
  }

  @EmulatorTest
  void refusesWhenAnotherCommitCameWhileItAsked(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      long middle = lake.snapshots.get(1);
      long last = lake.snapshots.get(2);
      List<Long> written = new ArrayList<>();
      Terminal writerCommitsWhileAsking = new Terminal() {
        @Override
        public boolean isInteractive() {
          return true;
        }

        @Override
        public String readLine(String prompt) {
          Table table = lake.table();
          table.newAppend().appendFile(DataFiles.builder(table.spec())
              .withPath(table.location() + "/data/event_date_day=2024-05-04/" + UUID.randomUUID() + ".parquet")
              .withFormat(FileFormat.PARQUET).withPartitionPath("event_date_day=2024-05-04")
              .withFileSizeInBytes(2048).withRecordCount(100).build()).commit();
          written.add(table.currentSnapshot().snapshotId());
          return "yes";
        }
      };
      Cli.Result result = new Cli().terminal(writerCommitsWhileAsking)
          .run(lake.args("rollback", TABLE, "--to", Long.toString(middle)));
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stdout()).startsWith("Rolling back ").doesNotContain("Rolled back");
      assertThat(result.stderr()).isEqualTo("Error: Cannot roll back processed.customer_events "
          + "(acme_dev_processed.customer_events) to snapshot " + middle + ": another commit changed the table "
          + "since it was read (its current snapshot is now " + written.get(0) + ", not " + last + "); nothing was changed. "
          + "Check the snapshots with: lakehouse snapshots processed.customer_events, and run the rollback again\n");
      assertThat(lake.table().currentSnapshot().snapshotId()).isEqualTo(written.get(0));
    }
  }

  @EmulatorTest(motoOnly = true, reason = "Glue's answers are lost through the proxy on moto")
  void saysSoWhenItCannotTellWhetherTheCommitWasMade(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      long first = lake.snapshots.get(0);
      // Glue makes the commit but its answer never comes back, and the reads that would tell fail too.
      AtomicBoolean sent = new AtomicBoolean();
      lake.proxy.observe(request -> {
        if ("UpdateTable".equals(request.operation())) {
          sent.set(true);
        }
      });
      lake.proxy.rule().operation("UpdateTable").loseResponse();
      lake.proxy.rule().operation("GetTable").when(request -> sent.get()).internalFailure();
      Cli.Result result = lake.run("rollback", TABLE, "--to", Long.toString(first), "--auto-approve");
      lake.proxy.clearRules();

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stdout()).isEmpty();
      assertThat(result.stderr()).isEqualTo("Error: Cannot roll back processed.customer_events "
          + "(acme_dev_processed.customer_events): the commit to snapshot " + first + " was sent, but whether Glue "
          + "made it is unknown (the connection to the AWS endpoint was dropped before it answered, also when the "
          + "call was retried (Connection reset); check the network, an HTTPS proxy (HTTPS_PROXY) and --endpoint-url, "
          + "and run the command again). Check with: "
          + "lakehouse snapshots processed.customer_events (the rollback was made where " + first + " is current); "
          + "running the rollback again is safe: it changes nothing once the table is at that snapshot\n");
      assertThat(lake.table().currentSnapshot().snapshotId()).as("Glue made the commit").isEqualTo(first);
      Cli.Result again = lake.run("rollback", TABLE, "--to", Long.toString(first), "--auto-approve");
      assertThat(again.exitCode()).as(again.stderr()).isZero();
      assertThat(again.stdout()).isEqualTo("processed.customer_events (acme_dev_processed.customer_events) is already "
          + "at snapshot " + first + "; nothing changed.\n");
    }
  }

  @EmulatorTest
  void rollsBackOnlyWhileNoMaintenanceRunHoldsTheTableAndHoldsItsLockMeanwhile(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir)) {
      Table events = lake.table(MaintenanceLake.PROCESSED, "events");
      long first = SnapshotUtil.oldestAncestor(events).snapshotId();
      long last = events.currentSnapshot().snapshotId();
      String[] rollback = {"rollback", "processed.events", "--to", Long.toString(first), "--auto-approve",
          "-f", lake.config.toString(), "--env", "dev", "--endpoint-url", lake.proxy.endpoint().toString()};
      TableLocks locks = new TableLocks(lake.clients.s3(), MaintenanceLake.RESULTS_BUCKET, "_lakehouse/locks/",
          Duration.ofMinutes(15), "lakehouse maintain acme/dev run 0123abcd", Clock.systemUTC());
      Cli.Result refused;
      String holder;
      try (TableLock lock = locks.tryAcquire(MaintenanceLake.PROCESSED, "events").orElseThrow()) {
        holder = locks.holder(MaintenanceLake.PROCESSED, "events").orElseThrow();
        refused = Cli.exec(rollback);
      }
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stdout()).isEmpty();
      assertThat(refused.stderr()).isEqualTo("Error: Cannot roll back processed.events (acme_dev_processed.events) "
          + "now: it is locked by " + holder + ", so that maintenance and rollbacks never work on it at once. Nothing "
          + "was changed. Run the rollback again once that run has finished; the lock of a run that died expires by "
          + "itself (docs/runbook.md, 'A maintenance lock is stuck'; the lock is s3://" + MaintenanceLake.RESULTS_BUCKET
          + "/_lakehouse/locks/acme_dev_processed/events.lock)\n");
      assertThat(lake.table(MaintenanceLake.PROCESSED, "events").currentSnapshot().snapshotId()).isEqualTo(last);

      lake.proxy.clearRecording();
      Cli.Result rolledBack = Cli.exec(rollback);
      assertThat(rolledBack.exitCode()).as(rolledBack.stderr()).isZero();
      assertThat(lake.table(MaintenanceLake.PROCESSED, "events").currentSnapshot().snapshotId()).isEqualTo(first);
      assertThat(lake.proxy.requests().stream().filter(RecordedRequest::isMutating)
          .filter(r -> r.path().contains("/_lakehouse/locks/") || r.operation().equals("UpdateTable"))
          .map(r -> r.method() + " " + r.operation()))
          .as("the lock is taken before the commit and released after it")
          .containsExactly("PUT PutObject", "POST UpdateTable", "DELETE DeleteObject");
      assertThat(lake.clients.s3().listObjectsV2(r -> r.bucket(MaintenanceLake.RESULTS_BUCKET)
          .prefix("_lakehouse/locks/")).contents()).isEmpty();
    }
  }

  @EmulatorTest(motoOnly = true, reason = "Athena's running query is scripted on moto")
  void waitsForTheQueryAMaintainRunThatDiedHoldingTheLockLeftRunning(Emulator emulator) throws Exception {
    try (MaintenanceLake lake = new MaintenanceLake(emulator, dir);
        TestClients proxied = TestClients.of(lake.proxy.endpoint(), emulator.region(), emulator.credentials())) {
      Table events = lake.table(MaintenanceLake.PROCESSED, "events");
      long first = SnapshotUtil.oldestAncestor(events).snapshotId();
      long last = events.currentSnapshot().snapshotId();
      String[] rollback = {"rollback", "processed.events", "--to", Long.toString(first), "--auto-approve",
          "-f", lake.config.toString(), "--env", "dev", "--endpoint-url", lake.proxy.endpoint().toString()};
      lake.proxy.scriptAthena(AthenaQueryScript.forQueries(MaintenanceLake.EVENTS_OPTIMIZE::equals)
          .execution(AthenaQueryState.running()));
      String optimize = proxied.athena().startQueryExecution(start -> start.queryString(MaintenanceLake.EVENTS_OPTIMIZE)
          .workGroup(MaintenanceLake.WORKGROUP)).queryExecutionId();
      // A maintain run whose lock lasts a second, killed while its OPTIMIZE runs: the lock stays, naming the query.
      TableLocks died = new TableLocks(lake.clients.s3(), MaintenanceLake.RESULTS_BUCKET, "_lakehouse/locks/",
          Duration.ofSeconds(1), "lakehouse maintain acme/dev run 0123abcd", Clock.systemUTC());
      TableLock lock = died.tryAcquire(MaintenanceLake.PROCESSED, "events").orElseThrow();
      assertThat(lock.naming(new RunningQuery(optimize, MaintenanceLake.WORKGROUP))).isTrue();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (died.current(MaintenanceLake.PROCESSED, "events").isPresent()) {
        assertThat(Instant.now()).as("the lock expired in time").isBefore(deadline);
        Thread.sleep(200);
      }

      Cli.Result refused = Cli.exec(rollback);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stderr()).startsWith("Error: Cannot roll back processed.events (acme_dev_processed.events) "
          + "now: query " + optimize + ", which a maintain run on ")
          .endsWith(" started on it before ending without releasing its lock, is still running in Athena, and its "
              + "rewrite would land after the rollback. Nothing was changed. Wait for it to end, or stop it (aws "
              + "athena stop-query-execution --query-execution-id " + optimize + "), then run the rollback again\n");
      assertThat(lake.table(MaintenanceLake.PROCESSED, "events").currentSnapshot().snapshotId()).isEqualTo(last);
      assertThat(died.lock(MaintenanceLake.PROCESSED, "events")).as("the lock still names the query")
          .hasValueSatisfying(found -> assertThat(found.holder().query().id()).isEqualTo(optimize));

      proxied.athena().stopQueryExecution(stop -> stop.queryExecutionId(optimize));
      Cli.Result rolledBack = Cli.exec(rollback);
      assertThat(rolledBack.exitCode()).as(rolledBack.stderr()).isZero();
      assertThat(lake.table(MaintenanceLake.PROCESSED, "events").currentSnapshot().snapshotId()).isEqualTo(first);
    }
  }

  @EmulatorTest
  void namesWhatIsWrongWithTheTable(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      Cli.Result zone = lake.run("snapshots", "procesed.customer_events");
      assertThat(zone.exitCode()).isEqualTo(1);
      assertThat(zone.stderr()).isEqualTo("Error: Cannot list the snapshots of procesed.customer_events: the config "
          + "has no zone 'procesed'; did you mean 'processed'? (zones: processed)\n");
      Cli.Result missing = lake.run("snapshots", "processed.nope");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.stderr()).isEqualTo("Error: Cannot list the snapshots of processed.nope "
          + "(acme_dev_processed.nope): there is no such Iceberg table\n");
      Cli.Result misspelt = lake.run("rollback", "processed.customer_event", "--to", "1", "--auto-approve");
      assertThat(misspelt.exitCode()).isEqualTo(1);
      assertThat(misspelt.stderr()).isEqualTo("Error: Cannot roll back processed.customer_event "
          + "(acme_dev_processed.customer_event): there is no such Iceberg table; did you mean "
          + "'processed.customer_events'?\n");
      Cli.Result unqualified = lake.run("rollback", "customer_events", "--to", "1");
      assertThat(unqualified.stderr()).isEqualTo("Error: Cannot roll back customer_events: name the table "
          + "<zone>.<table>, e.g. processed.customer_events\n");
      Cli.Result noTarget = lake.run("rollback", TABLE);
      assertThat(noTarget.exitCode()).isEqualTo(1);
      assertThat(noTarget.stderr()).startsWith("Error: Missing required option: '--to=SNAPSHOT_ID'");

      lake.clients.glue().createTable(t -> t.databaseName("acme_dev_processed").tableInput(i -> i.name("raw_csv")
          .tableType("EXTERNAL_TABLE").parameters(Map.of("classification", "csv"))));
      Cli.Result hive = lake.run("snapshots", "processed.raw_csv");
      assertThat(hive.exitCode()).isEqualTo(1);
      assertThat(hive.stderr()).isEqualTo("Error: Cannot list the snapshots of processed.raw_csv "
          + "(acme_dev_processed.raw_csv): it is a Glue table, but not an Iceberg one (its table_type parameter is "
          + "not ICEBERG); only Iceberg tables have snapshots\n");

      String gone = "s3://acme-dev-processed-" + emulator.accountId() + "/broken/metadata/00001-gone.metadata.json";
      lake.clients.glue().createTable(t -> t.databaseName("acme_dev_processed").tableInput(i -> i.name("broken")
          .tableType("EXTERNAL_TABLE").parameters(Map.of("table_type", "ICEBERG", "metadata_location", gone))));
      Cli.Result broken = lake.run("rollback", "processed.broken", "--to", "1", "--auto-approve");
      assertThat(broken.exitCode()).isEqualTo(1);
      assertThat(broken.stderr()).isEqualTo("Error: Cannot roll back processed.broken (acme_dev_processed.broken): "
          + "the metadata file its Glue entry's metadata_location names cannot be read (Location does not exist: "
          + gone + ")\n");

      Cli.Result anyCase = lake.run("snapshots", "processed.Customer_Events");
      assertThat(anyCase.exitCode()).as(anyCase.stderr()).isZero();
      assertThat(anyCase.stdout()).startsWith("Snapshots of processed.Customer_Events "
          + "(acme_dev_processed.customer_events), oldest first:\n");

      lake.clients.glue().deleteTable(t -> t.databaseName("acme_dev_processed").name("customer_events"));
      Cli.Result unmade = lake.run("snapshots", TABLE);
      assertThat(unmade.exitCode()).isEqualTo(1);
      assertThat(unmade.stderr()).isEqualTo("Error: Cannot list the snapshots of processed.customer_events "
          + "(acme_dev_processed.customer_events): there is no such Iceberg table: the config declares it, but no "
          + "apply has made it yet (lakehouse plan shows it)\n");
    }
  }

  @EmulatorTest
  void planShowsTablesOthersMadeAsUnmanaged(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      lake.catalog.buildTable(TableIdentifier.of("acme_dev_processed", "clickstream"),
              new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())))
          .withLocation("s3://acme-dev-processed-" + emulator.accountId() + "/clickstream").create();

      Cli.Result plan = lake.run("plan", "--detailed-exitcode");
      assertThat(plan.exitCode()).as(plan.stderr()).isZero();
      assertThat(plan.stdout()).endsWith("resources checked).\nPlan: 0 to add, 0 to change, 0 to destroy.\n\n"
          + "Unmanaged, left alone (not in the config, not made by this stack):\n"
          + "  ? iceberg_table.processed.clickstream  Iceberg table acme_dev_processed.clickstream, made outside the "
          + "stack, not in the config\n");

      JsonNode document = new ObjectMapper().readTree(lake.run("plan", "--json").stdout());
      assertThat(document.path("has_changes").asBoolean()).isFalse();
      JsonNode unmanaged = document.path("unmanaged");
      assertThat(unmanaged).hasSize(1);
      assertThat(unmanaged.get(0).path("address").asText()).isEqualTo("iceberg_table.processed.clickstream");
      assertThat(unmanaged.get(0).path("type").asText()).isEqualTo("iceberg_table");
      assertThat(unmanaged.get(0).path("name").asText()).isEqualTo("processed.clickstream");
      assertThat(unmanaged.get(0).path("reason").asText())
          .isEqualTo("Iceberg table acme_dev_processed.clickstream, made outside the stack, not in the config");
      JsonNode example = JsonDocs.example("plan-json.md");
      assertThat(JsonDocs.fieldNames(document)).as("the fields of plan --json beside docs/plan-json.md")
          .isEqualTo(JsonDocs.fieldNames(example));
      Set<String> opaque = Set.of("changes[].before", "changes[].after");
      assertThat(JsonDocs.fieldPaths(document, opaque)).as("the fields of plan --json beside docs/plan-json.md")
          .isSubsetOf(JsonDocs.fieldPaths(example, opaque));
    }
  }

  @EmulatorTest
  void planExplainsAnEvolutionColumnByColumn(Emulator emulator) throws Exception {
    try (Lake lake = new Lake(emulator)) {
      Files.writeString(lake.config, Files.readString(lake.config)
          .replace("{ name: customer_id, type: string }", "{ name: customer, type: string, renamedFrom: customer_id }"));
      Cli.Result plan = lake.run("plan", "--detailed-exitcode");
      assertThat(plan.exitCode()).as(plan.stderr()).isEqualTo(2);
      assertThat(plan.stdout()).contains("  ~ iceberg_table.processed.customer_events\n"
          + "      # rename column customer_id to customer (field id 2 kept)\n"
          + "      # as one Iceberg metadata commit: no data file is rewritten\n"
          + "      ~ columns[customer].name: \"customer_id\" -> \"customer\"\n"
          + "      ~ columns[event_date].after: \"customer_id\" -> \"customer\"\n"
          + "\n",
          "Plan: 0 to add, 1 to change, 0 to destroy.");
    }
  }

  /** A terminal that gives the answer and keeps the prompts it was asked. */
  private static Terminal answering(String answer, List<String> prompts) {
    return Terminal.asking(prompt -> {
      prompts.add(prompt);
      return answer;
    });
  }

  private static String time(Snapshot snapshot) {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(snapshot.timestampMillis())
        .truncatedTo(ChronoUnit.SECONDS));
  }
}
