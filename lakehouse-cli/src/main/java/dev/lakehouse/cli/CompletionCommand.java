package dev.lakehouse.cli;

import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Prints a shell completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print a completion script for bash or zsh.",
        "Takes the config and AWS options, as every command does, and ignores them."},
    footer = {"", "Examples:",
        "  source <(lakehouse completion bash)   # this shell; add the line to ~/.bashrc",
        "  source <(lakehouse completion zsh)    # add the line to ~/.zshrc"})
final class CompletionCommand extends BaseCommand {
  /** The shells a script is printed for. */
  enum Shell { bash, zsh }

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  /** Taken, as every command takes them (a script may pass them to each), and not used. */
  @Mixin
  ConfigOptions config;

  /** Taken, as every command takes them, and not used: the command makes no AWS call. */
  @Mixin
  AwsOptions aws;

  @Override
  protected ExitCode run() {
    String script = AutoComplete.bash("lakehouse", spec.root().commandLine());
    // One script serves both: under zsh it loads bashcompinit itself and registers the same completion.
    output().result(shell == Shell.zsh
        ? "# lakehouse completion for zsh: source <(lakehouse completion zsh)\n" + script : script);
    return ExitCode.OK;
  }
}
