package dev.lakehouse.cli;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.cli.render.MaintainView;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AthenaConfig;
import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.config.units.Durations;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.maintenance.Maintainer;
import dev.lakehouse.maintenance.athena.MaintenanceRunner;
import dev.lakehouse.maintenance.athena.MaintenanceStatement;
import dev.lakehouse.maintenance.athena.RunListener;
import dev.lakehouse.maintenance.athena.RunSettings;
import dev.lakehouse.maintenance.athena.StatementOutcome;
import dev.lakehouse.maintenance.athena.StatementStatus;
import dev.lakehouse.maintenance.athena.TableWork;
import dev.lakehouse.maintenance.decide.Scope;
import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.inspect.TableInspector;
import dev.lakehouse.maintenance.lock.TableLocks;
import dev.lakehouse.maintenance.metrics.MaintenanceMetrics;
import dev.lakehouse.maintenance.report.MaintenanceReport;
import dev.lakehouse.maintenance.table.TableDiscovery;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.iceberg.aws.s3.S3FileIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.WorkGroupConfiguration;

/** Iceberg maintenance of the matched tables through Athena. */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = {"Iceberg maintenance of the tables maintenance.tables matches, through Athena: reads each table's "
        + "metadata from S3 (no Athena cost), decides what is due and why, and runs it in maintenance.workgroup: "
        + "ALTER TABLE ... SET TBLPROPERTIES for the retention (only when it differs), OPTIMIZE ... REWRITE DATA "
        + "USING BIN_PACK (restricted to the partitions that are due where that is cheaper), VACUUM. "
        + "Healthy tables are skipped, with the reason.",
        "Each table is locked while it is worked on (an S3 object under _lakehouse/locks/ in the Athena results "
            + "bucket), so two runs never maintain one table at once; a table another run holds is reported "
            + "locked. Metrics go to CloudWatch (Lakehouse/Metadata, Lakehouse/Maintenance).",
        "Exit 0 when every due action succeeded, 1 when any failed or was refused (after finishing the others), "
            + "130 on Ctrl-C or SIGTERM (the running queries are stopped)."},
    footer = {"", "Examples:",
        "  lakehouse maintain --env prod --dry-run   # decisions and SQL, nothing run",
        "  lakehouse maintain --env prod             # from cron: exit 0, 1 or 130",
        "  lakehouse maintain --env prod --only optimize \\",
        "      --table processed.customer_events",
        "  lakehouse maintain --env prod --json \\",
        "    | jq '.tables[] | select(.status == \"failed\")'",
        "", "--json is documented in docs/maintain-json.md."})
final class MaintainCommand extends BaseCommand {
  /** Where the table locks live in the results bucket. */
  static final String LOCK_PREFIX = "_lakehouse/locks/";
  /** How long a lock holds without being kept alive: a crashed run blocks its tables no longer. */
  static final Duration LOCK_TTL = Duration.ofMinutes(15);
  /**
   * The longest {@code --statement-timeout}: a longer one is taken for a slip (a unit or digits too
   * many), and the runner's deadlines, now plus the timeout, stay within what a time can hold.
   */
  static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofDays(7);

  /** The actions {@code --only} can choose. */
  enum Only { optimize, vacuum }

  @Option(names = "--table", paramLabel = "ZONE.TABLE",
      description = "Only this table (repeatable): <zone>.<table>, one maintenance.tables matches.")
  List<String> tables = new ArrayList<>();

  @Option(names = "--dry-run", description = "Print the decisions and the exact SQL; run nothing.")
  boolean dryRun;

  @Option(names = "--only", paramLabel = "optimize|vacuum",
      description = "Only compaction (optimize), or only snapshot expiry and orphan removal with its retention "
          + "properties (vacuum).")
  Only only;

  @Option(names = "--max-concurrent-queries", paramLabel = "N",
      description = "At most N Athena queries queued or running at once, 1 to 100 "
          + "(default: maintenance.maxConcurrentQueries).")
  Integer maxConcurrentQueries;

  @Option(names = "--statement-timeout", paramLabel = "DURATION",
      description = "Stop a query still queued or running after this long: s, m, h or d, up to 7d "
          + "(default: 1h).")
  String statementTimeout;

  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Override
  protected ExitCode run() {
    Duration timeout = timeout();
    if (maxConcurrentQueries != null && maxConcurrentQueries < 1) {
      throw new ParameterException(spec.commandLine(),
          "--max-concurrent-queries must be at least 1, cannot be: " + maxConcurrentQueries);
    }
    if (maxConcurrentQueries != null && maxConcurrentQueries > MaintenanceConfig.MAX_CONCURRENT_QUERIES) {
      // The bound maintenance.maxConcurrentQueries has, which the option overrides.
      throw new ParameterException(spec.commandLine(), "--max-concurrent-queries must be at most "
          + MaintenanceConfig.MAX_CONCURRENT_QUERIES + ", cannot be: " + maxConcurrentQueries);
    }
    Clock clock = Clock.systemUTC();
    Instant start = clock.instant();
    try (StackContext context = StackContext.open(config, aws, environment(), output(),
        List.of(AwsClients.Service.GLUE, AwsClients.Service.S3));
        // Closed here, with the command: Iceberg closes an S3FileIO it finds unclosed when it is
        // collected, and the S3 client with it, which the command may still be using.
        S3FileIO io = new S3FileIO(() -> context.aws().s3())) {
      Stack stack = context.stack();
      Scope scope = only == null ? Scope.ALL : Scope.valueOf(only.name().toUpperCase(Locale.ROOT));
      Maintainer maintainer = new Maintainer(new TableDiscovery(context.aws().glue()), new TableInspector(io), clock);
      // Refuses a config without a maintenance section before any table is read.
      List<TablePlan> plans = maintainer.plan(stack, tables, scope);
      MaintenanceConfig maintenance = stack.config().maintenance();
      MaintainView view = MaintainView.of(output());
      String onlyName = only == null ? null : only.name();
      if (dryRun) {
        MaintenanceReport report = maintainer.dryRun(plans, Duration.between(start, clock.instant()));
        view.report(report, maintenance.workgroup(), onlyName);
        CallSummary.show(output(), environment().recorder());
        return report.failed() ? ExitCode.ERROR : ExitCode.OK;
      }
      RunSettings defaults = RunSettings.defaults(maintenance.workgroup());
      RunSettings settings = new RunSettings(maintenance.workgroup(),
          maxConcurrentQueries != null ? maxConcurrentQueries : maintenance.maxConcurrentQueries(),
          timeout != null ? timeout : defaults.statementTimeout(), defaults.maxRounds(), defaults.pollInitial(),
          defaults.pollMax(), defaults.maxRetries());
      // Healthy tables need no lock: a run with nothing due makes no call for one.
      boolean due = plans.stream().anyMatch(plan -> plan.error() == null && plan.hasWork());
      TableLocks locks = !due ? null : new TableLocks(context.aws().s3(), lockBucket(stack, context.aws().athena(),
          maintenance.workgroup(), "Cannot maintain the tables of " + stack.file()), LOCK_PREFIX, LOCK_TTL,
          "lakehouse maintain " + stack.project() + "/" + stack.env() + " run "
              + UUID.randomUUID().toString().substring(0, 8), clock);
      MaintenanceRunner runner = new MaintenanceRunner(context.aws().athena(), settings, locks, clock);
      MaintenanceReport report;
      try (Interrupts interrupts = Interrupts.install(environment(), output(),
          "Interrupted: stopping the running queries (Ctrl-C again to exit now).", runner::isStopped, runner::stop)) {
        report = maintainer.run(plans, runner, progress(),
            new MaintenanceMetrics(context.aws().cloudWatch(), stack.project(), stack.env()), runner::isStopped, start,
            tables.isEmpty());
      }
      view.report(report, maintenance.workgroup(), onlyName);
      CallSummary.show(output(), environment().recorder());
      if (report.interrupted()) {
        return ExitCode.INTERRUPTED;
      }
      return report.failed() ? ExitCode.ERROR : ExitCode.OK;
    }
  }

  /** The {@code --statement-timeout}, or null for the runner's default. */
  private Duration timeout() {
    if (statementTimeout == null) {
      return null;
    }
    Duration timeout;
    try {
      timeout = Durations.parse(statementTimeout);
    } catch (Durations.TooLarge | ArithmeticException | NumberFormatException e) {
      // Written right, but longer than any duration the tool takes: the limit to name is this option's.
      throw timeoutTooLong();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--statement-timeout: " + e.getMessage());
    }
    if (timeout.isZero()) {
      throw new ParameterException(spec.commandLine(), "--statement-timeout must be positive, cannot be: "
          + statementTimeout);
    }
    if (timeout.compareTo(MAX_STATEMENT_TIMEOUT) > 0) {
      throw timeoutTooLong();
    }
    return timeout;
  }

  private ParameterException timeoutTooLong() {
    return new ParameterException(spec.commandLine(), "--statement-timeout must be at most "
        + Durations.format(MAX_STATEMENT_TIMEOUT) + ", cannot be: " + statementTimeout);
  }

  /** Each statement on stderr as it starts and ends. */
  private RunListener progress() {
    Output output = output();
    return new RunListener() {
      @Override
      public void started(TableWork work, MaintenanceStatement statement, String queryId) {
        output.info(work.name() + ": " + statement.kind().name().toLowerCase(Locale.ROOT) + " started (query "
            + queryId + ")");
      }

      @Override
      public void finished(TableWork work, StatementOutcome outcome) {
        String kind = outcome.statement().kind().name().toLowerCase(Locale.ROOT);
        output.info(work.name() + ": " + kind + " " + (outcome.status() == StatementStatus.NOT_RUN
            && outcome.error() != null ? outcome.error() : outcome.status().name().toLowerCase(Locale.ROOT)
            .replace('_', ' ') + (outcome.error() == null ? "" : ": " + outcome.error())));
      }
    };
  }

  /**
   * The bucket of the workgroup's query results, where the locks live: the config's
   * {@code athena.resultsBucket} (every workgroup's output location is in it), else the bucket of
   * the live workgroup's output location.
   *
   * @param cannot how the refusal begins when there is none: "Cannot maintain the tables of lakehouse.yaml"
   */
  static String lockBucket(Stack stack, AthenaClient athena, String workgroup, String cannot) {
    AthenaConfig config = stack.config().athena();
    if (config != null && config.resultsBucket() != null) {
      return config.resultsBucket();
    }
    String location;
    try {
      WorkGroupConfiguration live = athena.getWorkGroup(r -> r.workGroup(workgroup)).workGroup().configuration();
      location = live == null || live.resultConfiguration() == null ? null
          : live.resultConfiguration().outputLocation();
    } catch (SdkException e) {
      throw new AwsFailure("read", "Athena workgroup", workgroup, e);
    }
    if (location == null || !location.startsWith("s3://") || location.length() <= "s3://".length()) {
      throw new Refused(cannot + ": the table locks live in the Athena "
          + "results bucket, and neither athena.resultsBucket nor workgroup " + workgroup
          + " names one (its output location is " + (location == null ? "not set" : location) + ")");
    }
    return URI.create(location).getHost();
  }
}
