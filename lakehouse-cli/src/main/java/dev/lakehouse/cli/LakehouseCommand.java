package dev.lakehouse.cli;

import dev.lakehouse.aws.Versions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level command: only dispatches to subcommands. */
@Command(name = "lakehouse",
    mixinStandardHelpOptions = true,
    versionProvider = LakehouseCommand.VersionProvider.class,
    description = "Builds and keeps healthy a production data lakehouse on AWS.",
    footer = {"", "Examples:",
        "  lakehouse validate -f lakehouse.yaml --env dev   # offline: checks the file",
        "  lakehouse plan -f lakehouse.yaml --env dev       # changes nothing",
        "  lakehouse apply -f lakehouse.yaml --env dev      # shows the plan, asks",
        "  lakehouse <command> --help                       # options and examples",
        "  lakehouse help <command>                         # the same",
        "", "Exit codes: 0 success, 1 error, 2 changes present (plan --detailed-exitcode), 130 interrupted.",
        "Documentation: docs/getting-started.md, docs/cli.md, docs/configuration.md, docs/runbook.md."})
public final class LakehouseCommand {
  /**
   * The subcommands by name, in the order help lists them. {@link CommandLineFactory} adds them
   * (all of them, or only the one a command line names), not the annotation, which would have
   * picocli read every command's annotations on every run.
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("validate", ValidateCommand.class);
    commands.put("plan", PlanCommand.class);
    commands.put("apply", ApplyCommand.class);
    commands.put("destroy", DestroyCommand.class);
    commands.put("maintain", MaintainCommand.class);
    commands.put("snapshots", SnapshotsCommand.class);
    commands.put("rollback", RollbackCommand.class);
    commands.put("completion", CompletionCommand.class);
    commands.put("version", VersionCommand.class);
    commands.put("help", HelpCommand.class);
    return Collections.unmodifiableMap(commands);
  }

  /** What {@code -V, --version} prints, on this command and on every subcommand. */
  static final IVersionProvider VERSION = new VersionProvider();

  /** For {@code lakehouse --version}, and every subcommand's ({@link CommandLineFactory} sets it). */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lakehouse " + Versions.LAKEHOUSE};
    }
  }
}
