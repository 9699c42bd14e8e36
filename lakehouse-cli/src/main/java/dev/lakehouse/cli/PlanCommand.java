package dev.lakehouse.cli;

import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ChangeOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.cli.render.PlanView;
import dev.lakehouse.cli.render.PlanView.Operation;
import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.Providers;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Reads the account and shows what apply would change. Changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Read the live account, diff it against the config and print the plan (with --destroy, the plan "
        + "of destroy); changes nothing.",
    footer = {"", "Examples:",
        "  lakehouse plan -f lakehouse.yaml --env dev",
        "  lakehouse plan --env prod --detailed-exitcode   # 0 none, 2 changes, 1 error",
        "  lakehouse plan --env prod --out prod.plan       # lakehouse apply prod.plan",
        "  lakehouse plan --env dev --target s3_bucket.raw",
        "  lakehouse plan --env dev --destroy --json       # what destroy would do",
        "  lakehouse plan --env dev --json | jq '.changes[] | select(.action != \"no-op\")'"})
final class PlanCommand extends BaseCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Mixin
  ChangeOptions change;

  @Option(names = "--detailed-exitcode", description = "Exit 0 when there are no changes, 2 when there are, 1 on error.")
  boolean detailedExitcode;

  @Option(names = "--adopt", description = "Let the saved plan take over existing resources that lack the stack's "
      + "ownership tags (shown as <= adopt).")
  boolean adopt;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Save the plan to FILE; `lakehouse apply FILE` carries out exactly that plan, or refuses "
          + "if the account has moved since.")
  Path out;

  @Option(names = "--destroy", description = "Show the plan `lakehouse destroy` would carry out (with the same "
      + "--target and --allow-data-loss), not apply's; with --out, `lakehouse apply FILE` carries out that destroy.")
  boolean destroy;

  @Override
  protected ExitCode run() {
    change.check();
    if (destroy && adopt) {
      throw new ParameterException(spec.commandLine(), "--adopt cannot be given with --destroy: destroy takes over "
          + "nothing; leave --adopt out");
    }
    checkOut();
    try (StackContext context = StackContext.open(config, aws, environment(), output(), Providers.SERVICES)) {
      Stack stack = context.stack();
      if (destroy) {
        DestroyCommand.refuseProtected(stack);
      }
      Engine engine = new Engine(context.aws(), Providers.all(), change.parallelism, change.overrides(adopt));
      Instant readAt = Instant.now();
      LiveStack live = engine.read(stack);
      Set<Address> targets = live.targets(change.targets);
      Plan plan = destroy ? engine.destroyPlan(live, targets) : engine.plan(live, targets);
      Operation operation = destroy ? Operation.DESTROY : Operation.APPLY;
      PlanView.of(output(), change.targets).plan(stack, operation, plan);
      long refused = plan.changes().stream().filter(c -> !c.refusals().isEmpty()).count();
      if (refused > 0) {
        CallSummary.show(output(), environment().recorder());
        throw new Refused("Cannot apply this plan: " + refused + (refused == 1 ? " change is" : " changes are")
            + " refused (marked '! cannot apply' above)" + (out == null ? "" : "; it was not saved to " + out)
            + ". Do what each refusal says (most ask for a change to the config or the environment's settings, "
            + "some for a step in the account first), then plan again");
      }
      if (out != null) {
        SavedPlanFile.write(out, new SavedPlanFile(config.file.toString(), readAt, change.targets, adopt,
            change.allowDataLoss, stack, live, operation, plan));
        output().info("Saved the " + (destroy ? "destroy plan" : "plan") + " to " + out
            + whatApplyDoes(engine, live, plan));
      }
      CallSummary.show(output(), environment().recorder());
      LauncherCache.planRead(change.targets.isEmpty() && (destroy ? live.plan() : plan).toAdd() == 0);
      return detailedExitcode && plan.hasChanges() ? ExitCode.CHANGES : ExitCode.OK;
    }
  }

  /**
   * What {@code apply FILE} will do with the saved plan: carry it out, or refuse a change the
   * options the plan was made with do not allow (an adoption without --adopt, a change that loses
   * data without its --allow-data-loss), since apply takes no such option for a saved plan.
   */
  private String whatApplyDoes(Engine engine, LiveStack live, Plan plan) {
    if (destroy) {
      // A destroy plan keeps, rather than plans, what its options do not allow it to remove.
      return "; `lakehouse apply " + out + "` carries out that destroy.";
    }
    try {
      engine.checkAllowedAsPlanned(live, plan);
      return "; `lakehouse apply " + out + "` carries it out.";
    } catch (Refused refused) {
      return ", but `lakehouse apply " + out + "` will refuse it: " + refused.getMessage() + ". A saved plan carries "
          + "the options it was made with: make the plan again with that option to apply it";
    }
  }

  /** Refuses an --out the plan cannot be saved to before the account is read, not once the plan is made. */
  private void checkOut() {
    if (out == null) {
      return;
    }
    Path directory = out.toAbsolutePath().getParent();
    String problem = Files.isDirectory(out) ? "it is a directory"
        : directory == null || !Files.isDirectory(directory) ? "directory " + directory + " does not exist"
        : !Files.isWritable(directory) ? "directory " + directory + " is not writable" : null;
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), "--out: cannot save the plan to " + out + ": " + problem
          + "; name a file in a directory that exists and can be written to");
    }
    if (isConfig(out)) {
      // Saving over it would replace the config with the plan, and leave no config to apply the plan with.
      throw new ParameterException(spec.commandLine(), "--out: cannot save the plan to " + out + ": it is the "
          + "stack config (-f " + config.file + "); name another file, e.g. --out "
          + (config.env == null ? "lakehouse" : config.env) + ".plan");
    }
  }

  /** Whether the file is the config's, by whatever path or link each is named. */
  private boolean isConfig(Path file) {
    try {
      return Files.exists(file) && Files.isSameFile(file, config.file);
    } catch (IOException e) {
      return false;
    }
  }
}
