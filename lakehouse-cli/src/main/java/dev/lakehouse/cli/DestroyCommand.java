package dev.lakehouse.cli;

import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ChangeOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.cli.render.PlanView;
import dev.lakehouse.cli.render.PlanView.Operation;
import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.Providers;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Removes what the stack owns, in reverse dependency order, keeping data unless told otherwise. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
    description = "Remove what the stack owns (its ownership tags say which), in reverse dependency order. "
        + "Resources holding data are kept unless --allow-data-loss names that kind; the KMS key is only ever "
        + "scheduled for deletion, after its configured waiting period. Refuses where deletionProtection is on.",
    footer = {"", "Examples:",
        "  lakehouse destroy -f lakehouse.yaml --env dev",
        "  lakehouse destroy --env dev --auto-approve \\",
        "      --allow-data-loss bucket-objects,kms-key",
        "  lakehouse destroy --env dev --target s3_bucket.curated",
        "  lakehouse plan --destroy --env dev --out dev-destroy.plan   # review; then:",
        "  lakehouse apply dev-destroy.plan"})
final class DestroyCommand extends BaseCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Mixin
  ChangeOptions change;

  @Option(names = "--auto-approve", description = "Destroy without asking for confirmation.")
  boolean autoApprove;

  @Override
  protected ExitCode run() {
    change.check();
    try (StackContext context = StackContext.open(config, aws, environment(), output(), Providers.SERVICES)) {
      Stack stack = context.stack();
      refuseProtected(stack);
      Engine engine = new Engine(context.aws(), Providers.all(), change.parallelism, change.overrides(false));
      LiveStack live = engine.read(stack);
      Plan plan = engine.destroyPlan(live, live.targets(change.targets));
      PlanView view = PlanView.of(output(), change.targets);
      if (!plan.hasChanges()) {
        view.nothingToChange(stack, Operation.DESTROY, plan);
        CallSummary.show(output(), environment().recorder());
        return ExitCode.OK;
      }
      if (!output().json()) {
        view.plan(stack, Operation.DESTROY, plan);
      }
      Approval.confirm(environment(), output().json(), autoApprove, "destroy", "Do you really want to destroy these resources?");
      return Execution.run(this, context, engine, live, plan, Operation.DESTROY);
    }
  }

  /**
   * Refuses, before the stack's resources are read, to destroy an environment with deletion
   * protection: for destroy, for {@code plan --destroy} and for the apply of a saved destroy plan.
   */
  static void refuseProtected(Stack stack) {
    if (stack.deletionProtection()) {
      throw new Refused("Cannot destroy " + stack.project() + "/" + stack.env() + ": environment '" + stack.env()
          + "' has deletionProtection; nothing was changed. To destroy it, set " + stack.deletionProtectionSetting()
          + ": false in " + stack.file() + " first");
    }
  }
}
