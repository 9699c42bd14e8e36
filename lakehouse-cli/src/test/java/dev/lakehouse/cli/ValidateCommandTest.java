package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --json}: a document on stdout whether the config is valid or not. */
class ValidateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aValidConfigIsADocumentOnStdout() throws IOException {
    Cli.Result validate = Cli.exec("validate", "-f", Cli.CANONICAL.toString(), "--env", "prod", "--json");

    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    JsonNode document = JSON.readTree(validate.stdout());
    assertThat(document.path("valid").asBoolean()).isTrue();
    assertThat(document.path("env").asText()).isEqualTo("prod");
    assertThat(document.path("deletion_protection").asBoolean()).isTrue();
  }

  @Test
  void aValidConfigIsSummedUpInALine() {
    Path minimal = Cli.CANONICAL.resolveSibling("minimal.yaml");
    Cli.Result validate = Cli.exec("validate", "-f", minimal.toString(), "--env", "dev");

    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    assertThat(validate.stdout().strip())
        .isEqualTo(minimal + " is valid for demo/dev (us-east-1): 1 zone, 1 table, 1 workgroup, 0 roles.");
  }

  @Test
  void theProblemsOfAnInvalidConfigAreADocumentOnStdoutToo(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("stack.yaml");
    Files.writeString(config, Files.readString(Cli.CANONICAL).replace("deletionWindowDays: 30", "deletionWindowDays: 3"));

    Cli.Result validate = Cli.exec("validate", "-f", config.toString(), "--env", "dev", "--json");

    assertThat(validate.exitCode()).isEqualTo(1);
    JsonNode document = JSON.readTree(validate.stdout());
    assertThat(document.path("valid").asBoolean()).isFalse();
    assertThat(document.path("file").asText()).isEqualTo(config.toString());
    assertThat(document.path("problems")).hasSize(1);
    JsonNode problem = document.path("problems").get(0);
    assertThat(problem.path("file").asText()).isEqualTo(config.toString());
    assertThat(problem.path("path").asText()).isEqualTo("encryption.kmsKey.deletionWindowDays");
    assertThat(problem.path("message").asText()).contains("between 7 and 30, got 3");
    assertThat(validate.stderr()).startsWith(config + ":" + problem.path("line").asInt() + ":"
        + problem.path("column").asInt() + ": encryption.kmsKey.deletionWindowDays: ");
  }

  @Test
  void anAccessPolicyLongerThanIamTakesIsRefusedAsPlanRefusesIt(@TempDir Path dir) throws IOException {
    StringBuilder zones = new StringBuilder();
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      zones.append("  zone").append(i).append(":\n    bucket: acme-zone").append(i).append("-${account}\n")
          .append("    database: { name: acme_zone").append(i).append(" }\n");
      names.append(i == 0 ? "" : ", ").append("zone").append(i);
    }
    Path config = dir.resolve("stack.yaml");
    Files.writeString(config, "project: acme\nregion: us-east-1\nzones:\n" + zones
        + "iam:\n  roles:\n    - name: acme-reader\n      trustedAccounts: [\"${account}\"]\n      access:\n"
        + "        write: [" + names + "]\n");

    Cli.Result validate = Cli.exec("validate", "-f", config.toString());

    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(1);
    assertThat(validate.stdout()).isEmpty();
    assertThat(validate.stderr()).startsWith(config + ":98:7: iam.roles[0].access: its inline policy lakehouse-access, "
        + "made from its access, would be 11645 characters; IAM takes at most 10240 for a role's inline policies: give "
        + "the role access to fewer zones or workgroups, or split it between two roles\n1 problem in the config;");
  }

  @Test
  void aProblemOutsideTheFileHasNoPosition() throws IOException {
    Cli.Result validate = Cli.exec("validate", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--region", "moon-1",
        "--json");

    assertThat(validate.exitCode()).isEqualTo(1);
    JsonNode problem = JSON.readTree(validate.stdout()).path("problems").get(0);
    assertThat(problem.path("file").asText()).as("as the help says: only line, column and path are null")
        .isEqualTo(Cli.CANONICAL.toString());
    assertThat(problem.path("line").isNull()).isTrue();
    assertThat(problem.path("column").isNull()).isTrue();
    assertThat(problem.path("path").isNull()).isTrue();
    assertThat(problem.path("message").asText()).isEqualTo("--region: 'moon-1' is not an AWS region name such as us-east-1");
  }
}
