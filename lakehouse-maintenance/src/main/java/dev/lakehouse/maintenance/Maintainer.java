package dev.lakehouse.maintenance;

import dev.lakehouse.config.Stack;
import dev.lakehouse.maintenance.athena.MaintenanceRunner;
import dev.lakehouse.maintenance.athena.Recheck;
import dev.lakehouse.maintenance.athena.RunListener;
import dev.lakehouse.maintenance.athena.StatementOutcome;
import dev.lakehouse.maintenance.athena.StatementStatus;
import dev.lakehouse.maintenance.athena.TableOutcome;
import dev.lakehouse.maintenance.athena.TableWork;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.decide.Planner;
import dev.lakehouse.maintenance.decide.Scope;
import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.decide.Verdict;
import dev.lakehouse.maintenance.inspect.TableInspector;
import dev.lakehouse.maintenance.inspect.TableState;
import dev.lakehouse.maintenance.metrics.MaintenanceMetrics;
import dev.lakehouse.maintenance.metrics.TableMetrics;
import dev.lakehouse.maintenance.report.ActionReport;
import dev.lakehouse.maintenance.report.MaintenanceReport;
import dev.lakehouse.maintenance.report.TableReport;
import dev.lakehouse.maintenance.report.TableStatus;
import dev.lakehouse.maintenance.report.Verification;
import dev.lakehouse.maintenance.table.MaintainedTable;
import dev.lakehouse.maintenance.table.TableDiscovery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table maintenance run, in two calls: {@link #plan} finds the matched tables, reads their
 * metadata and decides what is due (it changes nothing: a dry run stops there); {@link #run}
 * carries the plan out through Athena (deciding a table again, once its lock is held, if it
 * changed since it was read), reads the tables again, checks each statement had its effect, and
 * publishes the tables' metrics.
 */
public final class Maintainer {
  /** Tables inspected at once: each inspection is a handful of sequential S3 reads. */
  static final int INSPECTION_THREADS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(Maintainer.class);

  private final TableDiscovery discovery;
  private final TableInspector inspector;
  private final Clock clock;

  public Maintainer(TableDiscovery discovery, TableInspector inspector, Clock clock) {
    this.discovery = discovery;
    this.inspector = inspector;
    this.clock = clock;
  }

  /**
   * The decisions for every matched table (or the named ones). A table that cannot be inspected
   * gets a failed plan; the others are decided regardless.
   */
  public List<TablePlan> plan(Stack stack, List<String> tables, Scope scope) {
    List<MaintainedTable> found = discovery.discover(stack, tables);
    Instant now = clock.instant();
    return InParallel.map(found, INSPECTION_THREADS, "inspecting the tables", table -> plan(table, now, scope));
  }

  private TablePlan plan(MaintainedTable table, Instant now, Scope scope) {
    try {
      return Planner.plan(table, inspector.inspect(table), now, scope);
    } catch (RuntimeException e) {
      LOG.debug("Inspecting {} failed", table.glueName(), e);
      return TablePlan.failed(table, e.getMessage());
    }
  }

  /** The report of a dry run: the decisions, nothing run. */
  public MaintenanceReport dryRun(List<TablePlan> plans, Duration duration) {
    List<TableReport> reports = new ArrayList<>();
    for (TablePlan plan : plans) {
      TableStatus status = plan.error() != null ? TableStatus.FAILED
          : plan.refused() ? TableStatus.REFUSED : plan.hasWork() ? TableStatus.PLANNED : TableStatus.HEALTHY;
      reports.add(new TableReport(plan, actions(plan, Map.of(), null), null, null, status, plan.error()));
    }
    return new MaintenanceReport(reports, true, false, duration, null);
  }

  /**
   * Runs the due statements of every plan through the runner (which takes each table's lock),
   * then reads each table that changed again and reports before and after. Publishes every
   * table's metrics unless the run was stopped.
   *
   * @param stopped whether the run was stopped (Ctrl-C) before it ended
   * @param startedAt when the run began, for its duration
   * @param everyTable whether the plans are of every matched table (not of those named with {@code --table}):
   *     the tables' figures are published only then, and only when every table was read
   */
  public MaintenanceReport run(List<TablePlan> plans, MaintenanceRunner runner, RunListener listener,
      MaintenanceMetrics metrics, BooleanSupplier stopped, Instant startedAt, boolean everyTable) {
    List<TableWork> work = plans.stream().filter(p -> p.error() == null && p.hasWork()).map(TablePlan::work).toList();
    Map<String, TablePlan> planned = new HashMap<>();
    plans.forEach(plan -> planned.put(key(plan.table().database(), plan.table().table()), plan));
    Map<String, TablePlan> decidedAgain = new ConcurrentHashMap<>();
    Map<String, TableOutcome> outcomes = new HashMap<>();
    if (!work.isEmpty()) {
      Recheck recheck = due -> {
        String key = key(due.database(), due.table());
        TablePlan now = decideAgain(planned.get(key));
        if (now == null) {
          return due;
        }
        decidedAgain.put(key, now);
        return now.work();
      };
      for (TableOutcome outcome : runner.run(work, listener, recheck)) {
        outcomes.put(key(outcome.work().database(), outcome.work().table()), outcome);
      }
    }
    boolean interrupted = stopped.getAsBoolean();
    List<TableReport> reports = new ArrayList<>();
    for (TablePlan plan : plans) {
      String key = key(plan.table().database(), plan.table().table());
      reports.add(report(decidedAgain.getOrDefault(key, plan), outcomes.get(key), interrupted));
    }
    String metricsError = interrupted ? null : publish(metrics, reports, everyTable);
    return new MaintenanceReport(reports, false, interrupted, Duration.between(startedAt, clock.instant()),
        metricsError);
  }

  /**
   * The table's plan decided again from its metadata as it is now, when Glue no longer points at
   * the metadata file it was decided from (another run, holding the table's lock, or a writer
   * committed meanwhile); null when it still does. Called holding the table's lock, so that what
   * runs is what is due then: a second run never repeats the statements the first has just run.
   */
  private TablePlan decideAgain(TablePlan plan) {
    MaintainedTable now = discovery.refresh(plan.table());
    if (Objects.equals(now.metadataLocation(), plan.table().metadataLocation())) {
      return null;
    }
    LOG.info("{} changed since it was read ({}); deciding again what is due on it", plan.table().glueName(),
        now.metadataLocation());
    return Planner.plan(now, inspector.inspect(now), clock.instant(), plan.scope());
  }

  private TableReport report(TablePlan plan, TableOutcome outcome, boolean interrupted) {
    if (plan.error() != null) {
      return new TableReport(plan, actions(plan, Map.of(), null), null, null, TableStatus.FAILED, plan.error());
    }
    if (!plan.hasWork()) {
      return new TableReport(plan, actions(plan, Map.of(), null), null, null,
          plan.refused() ? TableStatus.REFUSED : TableStatus.HEALTHY, null);
    }
    if (outcome != null && outcome.lockedBy() != null) {
      return new TableReport(plan, actions(plan, Map.of(), null), null, outcome.lockedBy(), TableStatus.LOCKED, null);
    }
    Map<Decision, StatementOutcome> byDecision = new HashMap<>();
    List<StatementOutcome> statements = outcome == null ? List.of() : outcome.statements();
    for (Decision decision : plan.due()) {
      statements.stream().filter(s -> s.statement().kind() == decision.kind()).findFirst()
          .ifPresent(s -> byDecision.put(decision, s));
    }
    TableState after = null;
    String error = null;
    // Read again whenever a statement ran: one that failed may have committed (an OPTIMIZE whose
    // rounds ran out has committed each round's work).
    if (byDecision.values().stream().anyMatch(s -> s.status() == StatementStatus.SUCCEEDED
        || !s.queryIds().isEmpty())) {
      try {
        after = inspector.inspect(discovery.refresh(plan.table()));
      } catch (RuntimeException e) {
        LOG.debug("Inspecting {} after its maintenance failed", plan.table().glueName(), e);
        error = "cannot read the table after its maintenance: " + e.getMessage();
      }
    }
    List<ActionReport> actions = actions(plan, byDecision, after);
    return new TableReport(plan, actions, after, null, status(plan, actions, interrupted, error), error);
  }

  private List<ActionReport> actions(TablePlan plan, Map<Decision, StatementOutcome> outcomes, TableState after) {
    Instant now = clock.instant();
    List<ActionReport> actions = new ArrayList<>();
    for (Decision decision : plan.decisions()) {
      StatementOutcome outcome = outcomes.get(decision);
      actions.add(new ActionReport(decision, outcome, Verification.noEffect(decision, outcome, plan.table().policy(),
          plan.before(), after, now)));
    }
    return actions;
  }

  private static TableStatus status(TablePlan plan, List<ActionReport> actions, boolean interrupted, String error) {
    boolean failed = error != null;
    boolean unfinished = false;
    for (ActionReport action : actions) {
      if (action.decision().verdict() != Verdict.DUE) {
        continue;
      }
      StatementStatus status = action.outcome() == null ? StatementStatus.NOT_RUN : action.outcome().status();
      failed |= status == StatementStatus.FAILED || status == StatementStatus.TIMED_OUT;
      unfinished |= status == StatementStatus.CANCELLED || status == StatementStatus.NOT_RUN;
    }
    if (failed) {
      return TableStatus.FAILED;
    }
    if (unfinished) {
      return interrupted ? TableStatus.INTERRUPTED : TableStatus.FAILED;
    }
    return plan.refused() ? TableStatus.REFUSED : TableStatus.MAINTAINED;
  }

  /**
   * Publishes the run's counts, and the tables' figures when they are those of every table of the
   * stack: the stack's {@code snapshotCount} alarm watches the most snapshots of any table, so the
   * figures of some tables only would clear it while a table left out is still over its limit.
   */
  private static String publish(MaintenanceMetrics metrics, List<TableReport> reports, boolean everyTable) {
    List<String> unread = reports.stream().filter(report -> report.plan().before() == null)
        .map(report -> report.plan().table().glueName()).toList();
    if (!everyTable || !unread.isEmpty()) {
      LOG.warn("The tables' figures (Lakehouse/Metadata SnapshotCount, DataFileCount, SmallFileCount, AverageFileSize) "
          + "are not published: {}, and the snapshotCount alarm takes the most snapshots of any table of the stack, so "
          + "the figures of the others alone could clear it while {} still over its limit; a run of every table "
          + "publishes them", everyTable ? "this run could not read " + String.join(", ", unread)
              : "this run maintains the tables named with --table only", everyTable ? "one of those is" : "another is");
    }
    List<TableMetrics> tables = new ArrayList<>();
    int succeeded = 0;
    int failed = 0;
    for (TableReport report : reports) {
      TableState state = report.after() != null ? report.after() : report.plan().before();
      if (state != null && everyTable && unread.isEmpty()) {
        tables.add(new TableMetrics(report.plan().table().database(), report.plan().table().table(),
            state.snapshotCount(), state.dataFiles(), state.smallFiles(), state.averageFileSizeBytes()));
      }
      for (ActionReport action : report.actions()) {
        if (action.outcome() != null && action.outcome().status() == StatementStatus.SUCCEEDED) {
          succeeded++;
        } else if (action.outcome() != null && MaintenanceReport.isFailure(action.outcome().status(), false)) {
          // Published only for a run that was not interrupted.
          failed++;
        }
      }
    }
    try {
      metrics.publish(tables, succeeded, failed);
      return null;
    } catch (RuntimeException e) {
      LOG.debug("Publishing the maintenance metrics failed", e);
      return e.getMessage();
    }
  }

  private static String key(String database, String table) {
    return database + "." + table;
  }
}
