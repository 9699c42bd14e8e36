package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.Ports;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong, and what the user sees: bad config, no endpoint, access denied, no terminal to
 * confirm on. Each case exits 1 with one clear line, and changes nothing.
 */
class FailuresIT {

  @EmulatorTest
  void anInvalidConfigMakesNoAwsCall(Emulator emulator, @TempDir Path dir) throws Exception {
    Path config = dir.resolve("lakehouse.yaml");
    Files.writeString(config, Files.readString(Cli.CANONICAL)
        .replace("{ afterDays: 30, storageClass: STANDARD_IA }", "{ afterDays: 20, storageClass: STANDARD_IA }"));
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result apply = Cli.exec("apply", "-f", config.toString(), "--env", "dev", "--auto-approve",
          "--endpoint-url", aws.endpoint().toString());

      assertThat(apply.exitCode()).isEqualTo(1);
      assertThat(apply.stderr()).isEqualTo(config + ":48:26: zones.raw.lifecycle[0].transitions[0].afterDays: "
          + "S3 allows a transition to STANDARD_IA only 30 days or more after objects are created, got 20\n"
          + "1 problem in the config; nothing was changed.\n");
      assertThat(apply.stdout()).isEmpty();
      assertThat(aws.requests()).isEmpty();
      assertThat(apply.calls().calls()).isEmpty();
    }
  }

  @Test
  void anUnreachableEndpointIsNamedWithoutAStackTrace() {
    String endpoint = "http://127.0.0.1:" + Ports.freeLoopbackPort();
    Cli.Result plan = Cli.exec("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url", endpoint);

    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.stderr()).startsWith("Error: Cannot identify the AWS account (" + endpoint + "): STS "
        + "GetCallerIdentity failed: cannot reach the AWS endpoint (")
        .contains("check --endpoint-url, the network and the region")
        .doesNotContain("\tat ");

    Cli.Result verbose = Cli.exec("plan", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url", endpoint,
        "-v");
    assertThat(verbose.stderr()).contains("\tat ");
  }

  @EmulatorTest
  void anAccessDeniedNamesTheResourceAndTheOperation(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      aws.rule().service("s3").operation("PutBucketPolicy")
          .when(request -> request.path().contains("-raw-"))
          .respondError(403, "AccessDenied", "User is not authorized to perform: s3:PutBucketPolicy");

      Cli.Result apply = WalkingSkeletonIT.apply(aws);

      assertThat(apply.exitCode()).isEqualTo(1);
      assertThat(apply.stderr()).contains("Error: Cannot create s3_bucket.raw: S3 PutBucketPolicy failed: "
          + "AccessDenied: User is not authorized to perform: s3:PutBucketPolicy (the credentials in use lack this "
          + "permission) [HTTP 403");
      assertThat(apply.stdout()).contains("Apply failed. Resources: 4 added, 0 changed, 0 destroyed; 1 failed, "
          + "0 not applied.");
      assertThat(apply.stderr()).doesNotContain("\tat ");

      aws.clearRules();
      Cli.Result again = WalkingSkeletonIT.apply(aws);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.stdout()).contains("Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
    }
  }

  @EmulatorTest
  void withoutATerminalApplyRefusesUnlessAutoApproved(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result apply = Cli.exec("apply", "-f", Cli.CANONICAL.toString(), "--env", "dev",
          "--endpoint-url", aws.endpoint().toString());

      assertThat(apply.exitCode()).isEqualTo(1);
      assertThat(apply.stderr()).contains("Error: Cannot apply without confirmation: there is no terminal to ask "
          + "on. Review the plan and pass --auto-approve to apply it");
      assertThat(apply.stdout()).contains("Plan: 5 to add, 0 to change, 0 to destroy.");
      assertThat(aws.mutatingCount()).isZero();

      Cli.Result declined = new Cli().terminal(Cli.answering("no")).run("apply", "-f", Cli.CANONICAL.toString(),
          "--env", "dev", "--endpoint-url", aws.endpoint().toString());
      assertThat(declined.exitCode()).isEqualTo(1);
      assertThat(declined.stderr()).contains("Apply cancelled: the answer was not 'yes'. Nothing was changed");
      assertThat(aws.mutatingCount()).isZero();

      Cli.Result confirmed = new Cli().terminal(Cli.answering("yes")).run("apply", "-f", Cli.CANONICAL.toString(),
          "--env", "dev", "--endpoint-url", aws.endpoint().toString());
      assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
    }
  }

  @EmulatorTest
  void planJsonCarriesEveryResourceAndTheSummary(Emulator emulator) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--json");

      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      JsonNode json = new ObjectMapper().readTree(plan.stdout());
      assertThat(json.path("format_version").asText()).isEqualTo("1.0");
      assertThat(json.path("stack").path("account").asText()).isEqualTo(emulator.accountId());
      assertThat(json.path("has_changes").asBoolean()).isTrue();
      assertThat(json.path("summary").toString()).isEqualTo("{\"add\":5,\"change\":0,\"destroy\":0}");
      assertThat(json.path("changes")).extracting(c -> c.path("address").asText() + " " + c.path("action").asText())
          .containsExactly("kms_key.lakehouse create", "s3_bucket.raw create", "s3_bucket.processed create",
              "s3_bucket.curated create", "s3_bucket.athena_results create");
      assertThat(json.path("changes").get(1).path("after").path("encryption").path("kmsKeyId").asText())
          .isEqualTo("(known after apply)");
    }
  }
}
