package dev.lakehouse.cli;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.cli.render.SnapshotView;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.maintenance.lock.LockHolder;
import dev.lakehouse.maintenance.lock.TableLock;
import dev.lakehouse.maintenance.lock.TableLocks;
import dev.lakehouse.provision.iceberg.SnapshotHistory;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/** Rolls an Iceberg table back to an earlier snapshot of its current history, or undoes such a rollback. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = {"Roll an Iceberg table back to an earlier snapshot: the snapshot becomes the table's current one, "
        + "in one metadata commit. Only a snapshot in the current one's history can be chosen, or one an earlier "
        + "rollback went back past (to undo it); never one only ever on another branch. Later snapshots stay in the "
        + "table's metadata until they expire.",
        "Asks for confirmation on a terminal; --auto-approve skips it; with no terminal and no --auto-approve it "
            + "refuses.",
        "With a maintenance section in the config, it commits holding the table's maintenance lock: a table that "
            + "lakehouse maintain (or another rollback) is working on is refused, and nothing is changed.",
        "TABLE is <zone>.<table>: any table of the zone's Glue database, declared in the config or not."},
    footer = {"", "Examples:",
        "  lakehouse snapshots processed.customer_events --env dev     # find the id",
        "  lakehouse rollback processed.customer_events --env dev --to 30517296755745",
        "  lakehouse rollback processed.customer_events --env prod \\",
        "      --to 30517296755745 --auto-approve                  # in CI",
        "", "--json is documented in docs/snapshots-json.md."})
final class RollbackCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "TABLE", description = "The table: <zone>.<table>, e.g. processed.customer_events.")
  String table;

  @Option(names = "--to", required = true, paramLabel = "SNAPSHOT_ID", converter = SnapshotIdConverter.class,
      description = "The snapshot to roll back to: one in the current snapshot's history, or one an earlier rollback "
          + "went back past (see lakehouse snapshots).")
  long snapshotId;

  @Option(names = "--auto-approve", description = "Roll back without asking for confirmation.")
  boolean autoApprove;

  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Override
  protected ExitCode run() {
    try (StackContext context = StackContext.open(config, aws, environment(), output(),
        List.of(AwsClients.Service.ICEBERG, AwsClients.Service.S3))) {
      SnapshotHistory history = SnapshotHistory.load(context.aws().iceberg(), context.stack(), table, "roll back");
      SnapshotHistory.Entry target = history.target(snapshotId);
      SnapshotHistory.Entry current = history.current();
      SnapshotView view = SnapshotView.of(output());
      if (current.snapshotId() == snapshotId) {
        view.rolledBack(history, current, target, false);
        return ExitCode.OK;
      }
      String what = table + " (" + history.qualifiedName() + ")";
      TableLocks locks = maintenanceLocks(context, what);
      if (locks != null) {
        Optional<TableLocks.Found> lock = locks.lock(history.databaseName(), history.tableName());
        lock.filter(found -> !found.expired()).ifPresent(found -> {
          throw locked(what, found.holder().describe(), locks, history);
        });
        lock.filter(TableLocks.Found::expired).map(TableLocks.Found::holder).filter(holder -> holder.query() != null)
            .ifPresent(holder -> refuseWhileLeftRunning(context.aws().athena(), what, holder));
      }
      if (!autoApprove && environment().terminal().isInteractive()) {
        // As apply shows its plan before asking: what readers stop seeing, and see again.
        view.rollbackPreview(history, current, target, history.change(snapshotId));
      }
      Approval.confirm(environment(), autoApprove, "Roll back " + what + " from snapshot " + current.snapshotId()
              + " to snapshot " + snapshotId + " (committed "
              + DateTimeFormatter.ISO_INSTANT.format(target.committedAt().truncatedTo(ChronoUnit.SECONDS)) + ")?",
          output().json() ? "Cannot roll back " + what + " with --json without --auto-approve: JSON output shows "
              + "nothing to review before the question. Check the snapshot with lakehouse snapshots, then pass "
              + "--auto-approve to roll back; nothing was changed" : null,
          "Cannot roll back " + what + " without confirmation: there is no terminal to ask on. "
              + "Check the snapshot with lakehouse snapshots and pass --auto-approve to roll back",
          "Rollback cancelled: the answer was not 'yes'. Nothing was changed");
      AtomicBoolean interrupted = new AtomicBoolean();
      // A first Ctrl-C lets the commit (one Glue call) end and the lock go, so that the outcome is
      // known and printed; cut short, neither would be.
      try (Interrupts interrupts = Interrupts.install(environment(), output(), "Interrupted: finishing the "
          + "rollback's commit and releasing the table's lock (Ctrl-C again to stop now; lakehouse snapshots then "
          + "tells whether it was committed).", interrupted::get, () -> interrupted.set(true))) {
        commit(history, locks, what);
      }
      view.rolledBack(history, current, target, true);
      return interrupted.get() ? ExitCode.INTERRUPTED : ExitCode.OK;
    }
  }

  /** The rollback's commit, holding the table's maintenance lock when there are locks. */
  private void commit(SnapshotHistory history, TableLocks locks, String what) {
    if (locks == null) {
      history.rollbackTo(snapshotId);
      return;
    }
    try (TableLock lock = locks.tryAcquire(history.databaseName(), history.tableName())
        .orElseThrow(() -> locked(what, locks.holder(history.databaseName(), history.tableName())
            .orElse("another run, which has just released it"), locks, history))) {
      history.rollbackTo(snapshotId);
    }
  }

  /**
   * The locks {@code lakehouse maintain} takes, when the config has a maintenance section: a
   * rollback holds the table's lock while it commits, so that it never lands in the middle of an
   * OPTIMIZE or a VACUUM of the same table, and a run starting meanwhile leaves the table alone.
   */
  private TableLocks maintenanceLocks(StackContext context, String what) {
    Stack stack = context.stack();
    MaintenanceConfig maintenance = stack.config().maintenance();
    if (maintenance == null) {
      return null;
    }
    String bucket = MaintainCommand.lockBucket(stack, context.aws().athena(), maintenance.workgroup(),
        "Cannot roll back " + what);
    return new TableLocks(context.aws().s3(), bucket, MaintainCommand.LOCK_PREFIX, MaintainCommand.LOCK_TTL,
        "lakehouse rollback " + stack.project() + "/" + stack.env(), Clock.systemUTC());
  }

  /**
   * A maintain run that ended without releasing the table's lock may have left its OPTIMIZE or
   * VACUUM running in Athena, whose rewrite would then land after the rollback. maintain stops such
   * a query when it takes the lock over; a rollback waits for it to end. Athena not telling of the
   * query (it ended long ago, or the credentials may not ask) does not stop the rollback.
   */
  private void refuseWhileLeftRunning(AthenaClient athena, String what, LockHolder holder) {
    String id = holder.query().id();
    QueryExecutionState state;
    try {
      state = athena.getQueryExecution(get -> get.queryExecutionId(id)).queryExecution().status().state();
    } catch (SdkException e) {
      output().info("Cannot tell whether query " + id + ", left by a maintain run that ended without releasing the "
          + "lock of " + what + ", still runs: " + AwsErrors.reason(e));
      return;
    }
    if (state == QueryExecutionState.QUEUED || state == QueryExecutionState.RUNNING) {
      throw new Refused("Cannot roll back " + what + " now: query " + id + ", which a maintain run on "
          + holder.host() + " (pid " + holder.pid() + ") started on it before ending without releasing its lock, is "
          + "still " + state.toString().toLowerCase(Locale.ROOT) + " in Athena, and its rewrite would land after "
          + "the rollback. Nothing was changed. Wait for it to end, or stop it (aws athena stop-query-execution "
          + "--query-execution-id " + id + "), then run the rollback again");
    }
  }

  private static Refused locked(String what, String holder, TableLocks locks, SnapshotHistory history) {
    return new Refused("Cannot roll back " + what + " now: it is locked by " + holder + ", so that maintenance "
        + "and rollbacks never work on it at once. Nothing was changed. Run the rollback again once that run has "
        + "finished; the lock of a run that died expires by itself (docs/runbook.md, 'A maintenance lock is stuck'; "
        + "the lock is s3://" + locks.bucket() + "/" + locks.key(history.databaseName(), history.tableName()) + ")");
  }

  /**
   * A snapshot id: a number as {@code lakehouse snapshots} lists it. A branch or tag name, or a
   * slip, is refused in those words, not as "not a long".
   */
  static final class SnapshotIdConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a snapshot id; give the number lakehouse snapshots "
            + "TABLE lists (branch and tag names are not taken)");
      }
    }
  }
}
