package dev.lakehouse.cli;

import dev.lakehouse.aws.Versions;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level command: only dispatches to subcommands. */
@Command(name = "lakehouse",
    mixinStandardHelpOptions = true,
    versionProvider = LakehouseCommand.VersionProvider.class,
    description = "Builds and keeps healthy a production data lakehouse on AWS.",
    subcommands = {
        ValidateCommand.class,
        PlanCommand.class,
        ApplyCommand.class,
        DestroyCommand.class,
        MaintainCommand.class,
        SnapshotsCommand.class,
        RollbackCommand.class,
        CompletionCommand.class,
        VersionCommand.class},
    footer = {"", "Examples:",
        "  lakehouse validate -f lakehouse.yaml --env dev   # offline: checks the file",
        "  lakehouse plan -f lakehouse.yaml --env dev       # changes nothing",
        "  lakehouse apply -f lakehouse.yaml --env dev      # shows the plan, asks",
        "  lakehouse <command> --help                       # options and examples",
        "", "Exit codes: 0 success, 1 error, 2 changes present (plan --detailed-exitcode), 130 interrupted.",
        "Documentation: docs/getting-started.md, docs/cli.md, docs/configuration.md, docs/runbook.md."})
public final class LakehouseCommand {
  /** For {@code lakehouse --version}. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lakehouse " + Versions.LAKEHOUSE};
    }
  }
}
