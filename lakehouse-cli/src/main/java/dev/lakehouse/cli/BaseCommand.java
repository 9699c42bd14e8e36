package dev.lakehouse.cli;

import dev.lakehouse.cli.options.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: output options, the process environment, and its exit code. */
public abstract class BaseCommand implements Callable<Integer> {
  @Mixin
  public OutputOptions outputOptions;

  @Spec
  protected CommandSpec spec;

  private Environment environment;
  private Output output;

  /** Set by {@link CommandLineFactory} when the command is made. */
  void environment(Environment environment) {
    this.environment = environment;
  }

  protected Environment environment() {
    return environment;
  }

  /** The command's output, set up from its options. */
  protected Output output() {
    if (output == null) {
      // NO_COLOR counts when it is set and not empty, as no-color.org has it (NO_COLOR= is no request).
      String noColor = environment.variable("NO_COLOR");
      boolean color = !outputOptions.noColor && !outputOptions.json && environment.stdoutIsTerminal()
          && (noColor == null || noColor.isEmpty());
      output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), outputOptions.json, color,
          outputOptions.verbosity());
      Logging.configure(outputOptions.verbosity());
    }
    return output;
  }

  @Override
  public final Integer call() throws Exception {
    output();
    try (Interrupts interrupts = Interrupts.exiting(environment, output)) {
      return run().code();
    }
  }

  protected abstract ExitCode run() throws Exception;
}
