package dev.lakehouse.cli;

import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ChangeOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.cli.render.PlanView;
import dev.lakehouse.cli.render.PlanView.Operation;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.Providers;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Makes the account match the config, or carries out a saved plan. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Make the account match the config: show the plan, ask, then carry it out. "
        + "With PLANFILE (from plan --out, or plan --destroy --out for a destroy), carry out exactly that plan, "
        + "without asking, or refuse if the account or the config has moved since.",
    footer = {"", "Examples:",
        "  lakehouse apply -f lakehouse.yaml --env dev",
        "  lakehouse apply --env staging --auto-approve      # in CI",
        "  lakehouse plan --env prod --out prod.plan && lakehouse apply prod.plan",
        "  lakehouse apply --env dev --adopt                 # take over (<= adopt)"})
final class ApplyCommand extends BaseCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Mixin
  ChangeOptions change;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PLANFILE", description = "A plan saved by plan --out.")
  Path planFile;

  @Option(names = "--auto-approve", description = "Apply without asking for confirmation.")
  boolean autoApprove;

  @Option(names = "--adopt", description = "Take over existing resources the config names that lack the stack's "
      + "ownership tags (shown as <= adopt in the plan).")
  boolean adopt;

  @Override
  protected ExitCode run() {
    change.check();
    if (planFile != null) {
      return applySaved();
    }
    try (StackContext context = StackContext.open(config, aws, environment(), output(), Providers.SERVICES)) {
      Engine engine = new Engine(context.aws(), Providers.all(), change.parallelism, change.overrides(adopt));
      LiveStack live = engine.read(context.stack());
      Plan plan = engine.plan(live, live.targets(change.targets));
      PlanView view = PlanView.of(output(), change.targets);
      try {
        engine.checkAllowed(live, plan);
      } catch (Refused refused) {
        // As plan shows it: the refusal names one change, the plan marks each that cannot be made.
        if (!output().json()) {
          view.plan(context.stack(), Operation.APPLY, plan);
        }
        throw refused;
      }
      if (!plan.hasChanges()) {
        view.nothingToChange(context.stack(), Operation.APPLY, plan);
        CallSummary.show(output(), environment().recorder());
        return ExitCode.OK;
      }
      if (!output().json()) {
        view.plan(context.stack(), Operation.APPLY, plan);
      }
      Approval.confirm(environment(), output().json(), autoApprove, "apply", "Do you want to apply these changes?");
      return Execution.run(this, context, engine, live, plan, Operation.APPLY);
    }
  }

  private ExitCode applySaved() {
    if (!change.targets.isEmpty() || adopt || !change.allowDataLoss.isEmpty()) {
      throw new Refused("Cannot apply plan " + planFile + " with --target, --adopt or --allow-data-loss: a saved "
          + "plan carries the options it was made with");
    }
    SavedPlanFile saved = SavedPlanFile.read(planFile);
    if (!spec.commandLine().getParseResult().hasMatchedOption("--file")) {
      config.file = Path.of(saved.configFile());
      if (!Files.exists(config.file)) {
        // The plan keeps the path as it was given, often relative to where the plan was made.
        throw new Refused("Cannot apply plan " + planFile + ": it was made from the stack config " + config.file
            + ", which is not " + (config.file.isAbsolute() ? "there" : "in " + Path.of("").toAbsolutePath())
            + "; run the apply where the plan was made, or name the config with -f FILE");
      }
    }
    if (config.env == null) {
      config.env = saved.env();
    }
    if (aws.region == null) {
      // The plan may have been made with --region: without it, apply would look for the stack elsewhere and refuse.
      aws.region = saved.region();
    }
    try (StackContext context = StackContext.open(config, aws, environment(), output(), Providers.SERVICES)) {
      saved.checkMadeFor(context.stack(), planFile);
      Operation operation = saved.operation();
      if (operation == Operation.DESTROY) {
        DestroyCommand.refuseProtected(context.stack());
      }
      Overrides overrides = saved.overrides();
      Engine engine = new Engine(context.aws(), Providers.all(), change.parallelism, overrides);
      LiveStack live = engine.read(context.stack());
      Set<Address> targets = saved.targets(planFile, live);
      Plan plan = operation == Operation.DESTROY ? engine.destroyPlan(live, targets) : engine.plan(live, targets);
      saved.checkCurrent(planFile, live, plan);
      if (operation == Operation.APPLY) {
        checkAllowedAsSaved(engine, live, plan);
      }
      if (!plan.hasChanges()) {
        PlanView.of(output(), saved.targets()).nothingToChange(context.stack(), operation, plan);
        return ExitCode.OK;
      }
      output().info((operation == Operation.DESTROY ? "Destroying as the saved plan " : "Applying the saved plan ")
          + planFile + (operation == Operation.DESTROY ? " says" : "") + ": the account has not moved since it was "
          + "made.");
      return Execution.run(this, context, engine, live, plan, operation);
    }
  }

  private void checkAllowedAsSaved(Engine engine, LiveStack live, Plan plan) {
    try {
      engine.checkAllowed(live, plan);
    } catch (Refused refused) {
      // The option the refusal asks for cannot be given here: the plan carries those it was made with.
      throw new Refused(refused.getMessage() + ". " + planFile + " was saved without it, and a saved plan "
          + "carries the options it was made with: make the plan again with that option (lakehouse plan --out "
          + planFile + " ...), or change the config; nothing was changed");
    }
  }
}
