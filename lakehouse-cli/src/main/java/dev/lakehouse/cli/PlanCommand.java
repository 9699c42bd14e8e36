package dev.lakehouse.cli;

import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.cli.render.PlanView;
import dev.lakehouse.provision.Providers;
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

/** Reads the account and shows what apply would change. Changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Read the live account, diff it against the config and print the plan; changes nothing.",
    footer = {"", "Examples:",
        "  lakehouse plan -f lakehouse.yaml --env dev",
        "  lakehouse plan --env prod --detailed-exitcode   # 0 no changes, 2 changes, 1 error",
        "  lakehouse plan --env dev --json | jq '.changes[] | select(.action != \"no-op\")'"})
final class PlanCommand extends BaseCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Option(names = "--detailed-exitcode", description = "Exit 0 when there are no changes, 2 when there are, 1 on error.")
  boolean detailedExitcode;

  @Option(names = "--allow-data-loss", paramLabel = "KIND", split = ",",
      description = "Allow a change to lose that kind of data (repeatable): bucket-objects, database-tables, "
          + "kms-key, dropped-tables, table-data, dropped-columns.")
  List<String> allowDataLoss = new ArrayList<>();

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
      description = "AWS calls in flight at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  protected ExitCode run() {
    try (StackContext context = StackContext.open(config, aws, environment(), output())) {
      Engine engine = new Engine(context.aws(), Providers.all(), parallelism, new Overrides(Set.copyOf(allowDataLoss)));
      LiveStack live = engine.read(context.stack());
      Plan plan = live.plan();
      PlanView.of(output()).plan(context.stack(), plan);
      CallSummary.show(output(), environment().recorder());
      return detailedExitcode && plan.hasChanges() ? ExitCode.CHANGES : ExitCode.OK;
    }
  }
}
