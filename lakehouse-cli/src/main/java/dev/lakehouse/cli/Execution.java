package dev.lakehouse.cli;

import dev.lakehouse.cli.render.PlanView;
import dev.lakehouse.cli.render.PlanView.Operation;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;

/** Carries out an approved plan, for apply and destroy alike: progress, Ctrl-C, the result, the exit code. */
final class Execution {
  private Execution() {}

  static ExitCode run(BaseCommand command, StackContext context, Engine engine, LiveStack live, Plan plan,
      Operation operation) {
    Cancellation cancellation = new Cancellation();
    ProgressListener progress = ProgressListener.of(command.output(), command.environment());
    ApplyResult result;
    try (Interrupts interrupts = Interrupts.install(command.environment(), cancellation, command.output())) {
      result = engine.apply(live, plan, progress, cancellation);
    }
    progress.summary(result);
    PlanView.of(command.output()).applied(context.stack(), operation, plan, result);
    CallSummary.show(command.output(), command.environment().recorder());
    if (result.interrupted()) {
      return ExitCode.INTERRUPTED;
    }
    return result.succeeded() ? ExitCode.OK : ExitCode.ERROR;
  }
}
