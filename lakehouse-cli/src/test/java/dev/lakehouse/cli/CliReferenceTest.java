package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/cli.md is what the commands' help says. When a command or an option changes, this test
 * fails until the reference is regenerated with {@link #REGENERATE}, which rewrites the file.
 */
class CliReferenceTest {
  static final String REGENERATE = "./mvnw -B -o -q -pl lakehouse-cli -am test -Dtest=CliReferenceTest "
      + "-Dsurefire.failIfNoSpecifiedTests=false -Dlakehouse.regenerate-docs=true";
  private static final Path REFERENCE = Path.of("..", "docs", "cli.md");

  @Test
  void theCommittedReferenceIsWhatTheCommandsSay() throws IOException {
    String generated = CliReference.render();
    if (Boolean.getBoolean("lakehouse.regenerate-docs")) {
      Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "";
    assertThat(committed)
        .as("docs/cli.md differs from the commands' help; regenerate it from the repository root with:%n  %s%n"
            + "and commit the result", REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void everyCommandIsInTheReference() {
    String generated = CliReference.render();
    assertThat(generated).contains("## lakehouse validate", "## lakehouse plan", "## lakehouse apply",
        "## lakehouse destroy", "## lakehouse maintain", "## lakehouse snapshots", "## lakehouse rollback", "## lakehouse version",
        "Examples:", "--detailed-exitcode");
  }
}
