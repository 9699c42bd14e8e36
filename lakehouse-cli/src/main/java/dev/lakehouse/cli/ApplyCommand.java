package dev.lakehouse.cli;

import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.cli.render.PlanView;
import dev.lakehouse.provision.Providers;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.Overrides;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Makes the account match the config. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Make the account match the config: show the plan, ask, then carry it out.",
    footer = {"", "Examples:",
        "  lakehouse apply -f lakehouse.yaml --env dev",
        "  lakehouse apply --env staging --auto-approve      # in CI"})
final class ApplyCommand extends BaseCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Option(names = "--auto-approve", description = "Apply without asking for confirmation.")
  boolean autoApprove;

  @Option(names = "--allow-data-loss", paramLabel = "KIND", split = ",",
      description = "Allow a change to lose that kind of data (repeatable): bucket-objects, database-tables, "
          + "kms-key, dropped-tables, table-data, dropped-columns.")
  List<String> allowDataLoss = new ArrayList<>();

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
      description = "Changes and AWS calls in flight at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  protected ExitCode run() {
    try (StackContext context = StackContext.open(config, aws, environment(), output())) {
      Engine engine = new Engine(context.aws(), Providers.all(), parallelism, new Overrides(Set.copyOf(allowDataLoss)));
      LiveStack live = engine.read(context.stack());
      Plan plan = live.plan();
      engine.checkAllowed(live, plan);
      PlanView view = PlanView.of(output());
      if (!plan.hasChanges()) {
        view.plan(context.stack(), plan);
        CallSummary.show(output(), environment().recorder());
        return ExitCode.OK;
      }
      if (!output().json()) {
        view.plan(context.stack(), plan);
      }
      confirm();
      Cancellation cancellation = new Cancellation();
      ApplyResult result;
      try (Interrupts interrupts = Interrupts.install(environment(), cancellation, output())) {
        result = engine.apply(live, plan, new ProgressListener(output()), cancellation);
      }
      view.applied(context.stack(), plan, result);
      CallSummary.show(output(), environment().recorder());
      if (result.interrupted()) {
        return ExitCode.INTERRUPTED;
      }
      return result.succeeded() ? ExitCode.OK : ExitCode.ERROR;
    }
  }

  private void confirm() {
    if (autoApprove) {
      return;
    }
    Confirmation.require(environment(), "Do you want to apply these changes?",
        "Cannot apply without confirmation: there is no terminal to ask on. "
            + "Review the plan and pass --auto-approve to apply it",
        "Apply cancelled: the answer was not 'yes'. Nothing was changed");
  }
}
