package dev.lakehouse.cli;

import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import java.util.Iterator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code lakehouse help [COMMAND]}: what {@code lakehouse --help} or {@code lakehouse COMMAND --help} prints. */
@Command(name = "help", mixinStandardHelpOptions = true,
    description = {"Print the help of a command, as lakehouse COMMAND --help does; without one, lakehouse --help.",
        "Takes the config and AWS options, as every command does, and ignores them."},
    footer = {"", "Examples:",
        "  lakehouse help        # the commands",
        "  lakehouse help plan   # plan's options and examples"})
final class HelpCommand extends BaseCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "COMMAND", completionCandidates = Names.class,
      description = "The command to show the help of.")
  String command;

  /** Taken, as every command takes them (a script may pass them to each), and not used. */
  @Mixin
  ConfigOptions config;

  /** Taken, as every command takes them, and not used: the command makes no AWS call. */
  @Mixin
  AwsOptions aws;

  @Override
  protected ExitCode run() {
    CommandLine root = spec.root().commandLine();
    CommandLine shown = command == null ? root : root.getSubcommands().get(command);
    if (shown == null) {
      throw new ParameterException(spec.commandLine(), "'" + command + "' is not a lakehouse command; the commands "
          + "are " + String.join(", ", LakehouseCommand.COMMANDS.keySet()));
    }
    shown.usage(spec.commandLine().getOut(), shown.getColorScheme());
    return ExitCode.OK;
  }

  /** The commands' names, for shell completion of COMMAND. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return LakehouseCommand.COMMANDS.keySet().iterator();
    }
  }
}
