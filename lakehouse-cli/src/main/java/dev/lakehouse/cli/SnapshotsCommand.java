package dev.lakehouse.cli;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.cli.options.AwsOptions;
import dev.lakehouse.cli.options.ConfigOptions;
import dev.lakehouse.cli.render.SnapshotView;
import dev.lakehouse.provision.iceberg.SnapshotHistory;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Lists the snapshots of an Iceberg table in one of the stack's zones. Changes nothing. */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
    description = {"List an Iceberg table's snapshots, oldest first: snapshot id, parent, commit time, operation, "
        + "and the data files and records each added and deleted. Changes nothing.",
        "TABLE is <zone>.<table>: any table of the zone's Glue database, declared in the config or not."},
    footer = {"", "Examples:",
        "  lakehouse snapshots processed.customer_events --env dev",
        "  lakehouse snapshots processed.customer_events --env prod --json \\",
        "    | jq -r '.snapshots[] | select(.can_roll_back_to) | .snapshot_id'",
        "", "In --json output snapshot ids are strings (64-bit numbers lose digits as JSON doubles);",
        "--json is documented in docs/snapshots-json.md."})
final class SnapshotsCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "TABLE", description = "The table: <zone>.<table>, e.g. processed.customer_events.")
  String table;

  @Mixin
  ConfigOptions config;

  @Mixin
  AwsOptions aws;

  @Override
  protected ExitCode run() {
    try (StackContext context = StackContext.open(config, aws, environment(), output(),
        List.of(AwsClients.Service.ICEBERG))) {
      SnapshotHistory history = SnapshotHistory.load(context.aws().iceberg(), context.stack(), table,
          "list the snapshots of");
      SnapshotView.of(output()).snapshots(history);
      return ExitCode.OK;
    }
  }
}
