package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The maintain command's help names its options, the common ones, and shows examples. */
class MaintainCommandHelpTest {

  @Test
  void maintainHelp() {
    Cli.Result result = Cli.exec("maintain", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("Usage: lakehouse maintain", "--table=ZONE.TABLE", "--dry-run",
        "--only=optimize|vacuum", "--max-concurrent-queries=N", "--statement-timeout=DURATION", "(default: 1h)",
        "-f, --file=FILE", "-e, --env=ENV", "--endpoint-url=URL", "--json", "Examples:",
        "lakehouse maintain --env prod --dry-run", "docs/maintain-json.md");
  }

  @Test
  void theTopLevelHelpListsIt() {
    assertThat(Cli.exec("--help").stdout()).contains("maintain");
  }
}
