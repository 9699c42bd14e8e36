package dev.lakehouse.cli;

import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.aws.EndpointUrls;
import dev.lakehouse.config.ConfigException;
import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.ConfigProblem;
import dev.lakehouse.config.validate.StackValidator;
import dev.lakehouse.errors.Refused;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Makes the command line, and is the one place that maps what went wrong to a message and
 * an exit code: a short message by default, the stack trace with {@code -v}.
 */
public final class CommandLineFactory {
  private CommandLineFactory() {}

  /** The commands that call AWS. */
  static final Set<String> AWS_COMMANDS = Set.of("plan", "apply", "destroy", "maintain", "snapshots", "rollback");

  /** The commands that speak of every command: a completion script, and help, which shows any of them. */
  private static final Set<String> COVERING_EVERY_COMMAND = Set.of("completion", "help");

  /** Whether the command line runs a command that calls AWS (its first word names one). */
  static boolean callsAws(String... args) {
    return args.length > 0 && AWS_COMMANDS.contains(args[0]);
  }

  /** The command line with every command: for help, completion scripts and the CLI reference. */
  public static CommandLine create(Environment environment, PrintWriter out, PrintWriter err) {
    return create(environment, out, err, LakehouseCommand.COMMANDS.keySet());
  }

  /**
   * The command line to run these arguments: when the first one names a command, only that
   * command is made (making each costs picocli a read of its annotations, options and mixins);
   * otherwise, for {@code --help}, a typo to suggest a command for, or none, and for
   * {@code completion} and {@code help}, which cover them all, every one.
   */
  public static CommandLine forArguments(Environment environment, PrintWriter out, PrintWriter err, String... args) {
    boolean named = args.length > 0 && LakehouseCommand.COMMANDS.containsKey(args[0])
        && !COVERING_EVERY_COMMAND.contains(args[0]);
    return create(environment, out, err, named ? Set.of(args[0]) : LakehouseCommand.COMMANDS.keySet());
  }

  private static CommandLine create(Environment environment, PrintWriter out, PrintWriter err,
      Collection<String> commands) {
    IFactory defaults = CommandLine.defaultFactory();
    IFactory factory = new IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K instance = defaults.create(type);
        if (instance instanceof BaseCommand command) {
          command.environment(environment);
        }
        return instance;
      }
    };
    CommandLine commandLine = new CommandLine(new LakehouseCommand(), factory);
    LakehouseCommand.COMMANDS.forEach((name, command) -> {
      if (commands.contains(name)) {
        CommandLine subcommand = new CommandLine(command, factory);
        // Every command's -V prints what lakehouse -V prints.
        subcommand.getCommandSpec().versionProvider(LakehouseCommand.VERSION);
        commandLine.addSubcommand(name, subcommand);
      }
    });
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(CommandLineFactory::handleExecutionException);
    commandLine.setParameterExceptionHandler(CommandLineFactory::handleParameterException);
    return commandLine;
  }

  private static int handleParameterException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("Error: " + EndpointUrls.redact(e.getMessage()));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options and examples.");
    err.flush();
    return ExitCode.ERROR.code();
  }

  /**
   * The line under the config's problems: how many there are, or, where the one problem is that the
   * credentials are of another account than the environment's (checked once the file has passed), that.
   */
  private static String configSummary(ConfigException config) {
    if (!config.problems().isEmpty() && config.problems().stream().allMatch(StackValidator::isAccountMismatch)) {
      return "Nothing was changed: the credentials are of another account than the environment's; run it with the "
          + "environment's (its profile or role).";
    }
    int count = config.problems().size();
    return count + (count == 1 ? " problem" : " problems") + " in the config; nothing was changed.";
  }

  /**
   * Whether the problems are in the file's content, which validate can check again once fixed;
   * not when the file is missing (or a directory) or no environment (or an unknown one) was chosen, which the
   * problem itself says how to fix on the command line.
   */
  private static boolean inTheFile(ConfigException config, CommandSpec spec) {
    OptionSpec file = spec.findOption("--file");
    if (file != null && file.getValue() instanceof Path path && (!Files.exists(path) || Files.isDirectory(path))) {
      return false;
    }
    // A problem with a value given outside the file (--region, AWS_REGION) has no position, and
    // credentials of another account than the environment's are a problem of the credentials:
    // validate would see neither, and the hint would send the user to a check that passes.
    return config.problems().stream().anyMatch(problem -> problem.position() != null
        && (problem.path() == null || !problem.path().equals(ConfigPath.of("environments")))
        && !StackValidator.isAccountMismatch(problem));
  }

  /** The {@code validate} command line for the config and environment the failed command was given. */
  private static String validateCommand(CommandSpec spec) {
    StringBuilder line = new StringBuilder("lakehouse validate");
    OptionSpec file = spec.findOption("--file");
    if (file != null && file.getValue() != null) {
      line.append(" -f ").append(file.getValue().toString());
    }
    OptionSpec env = spec.findOption("--env");
    if (env != null && env.getValue() != null) {
      line.append(" --env ").append(env.getValue().toString());
    }
    return line.toString();
  }

  /**
   * Prints the error, without the user-info of any endpoint URL it quotes (the SDK's messages and
   * their causes may quote the endpoint as given).
   */
  private static int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    Object target = command.getCommand();
    Output output = target instanceof BaseCommand base ? base.output()
        : new Output(command.getOut(), command.getErr(), false, false, 0);
    if (e instanceof ConfigException config) {
      for (ConfigProblem problem : config.problems()) {
        output.error(problem.toString());
      }
      output.error(configSummary(config));
      if (!(target instanceof ValidateCommand) && inTheFile(config, command.getCommandSpec())) {
        output.error("Once fixed, check it offline (no AWS call) with: " + validateCommand(command.getCommandSpec()));
      }
      return ExitCode.ERROR.code();
    }
    String message;
    if (e instanceof Refused || e instanceof AwsFailure) {
      message = e.getMessage();
    } else if (e instanceof SdkException sdk) {
      message = AwsErrors.reason(sdk);
    } else {
      message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    output.error("Error: " + EndpointUrls.redact(message));
    if (output.verbose()) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      output.error(EndpointUrls.redact(trace.toString()));
    } else if (!(e instanceof Refused)) {
      output.detail("(run with -v for the stack trace)");
    }
    return ExitCode.ERROR.code();
  }
}
