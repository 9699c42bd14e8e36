package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The snapshot commands' help names their arguments, the common options, and shows examples. */
class SnapshotCommandsHelpTest {

  @Test
  void snapshotsHelp() {
    Cli.Result result = Cli.exec("snapshots", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("Usage: lakehouse snapshots", "TABLE", "-f, --file=FILE", "-e, --env=ENV",
        "--profile=NAME", "--region=REGION", "--endpoint-url=URL", "--json", "Examples:",
        "lakehouse snapshots processed.customer_events --env dev");
  }

  @Test
  void rollbackHelp() {
    Cli.Result result = Cli.exec("rollback", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("Usage: lakehouse rollback", "--to=SNAPSHOT_ID", "--auto-approve",
        "--endpoint-url=URL", "Examples:",
        "lakehouse rollback processed.customer_events --env dev --to 30517296755745");
  }

  @Test
  void theTopLevelHelpListsThem() {
    assertThat(Cli.exec("--help").stdout()).contains("snapshots", "rollback");
  }
}
