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
          + "1 problem in the config; nothing was changed.\n"
          + "Once fixed, check it offline (no AWS call) with: lakehouse validate -f " + config + " --env dev\n");
      assertThat(apply.stdout()).isEmpty();
      assertThat(aws.requests()).isEmpty();
      assertThat(apply.calls().calls()).isEmpty();
    }
  }

  @EmulatorTest
  void credentialsOfAnotherAccountThanTheEnvironmentsAreRefusedBeforeAnyChange(Emulator emulator, @TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("lakehouse.yaml");
    Files.writeString(config, Files.readString(Cli.CANONICAL).replace("  dev: {}", "  dev: { account: \"111122223333\" }"));
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result apply = Cli.exec("apply", "-f", config.toString(), "--env", "dev", "--auto-approve",
          "--endpoint-url", aws.endpoint().toString());

      assertThat(apply.exitCode()).isEqualTo(1);
      // The file is right and validate passes it: the credentials are what to change, so no hint to validate.
      assertThat(apply.stderr()).isEqualTo(config + ":23:19: environments.dev.account: environment 'dev' may only "
          + "run in account 111122223333, but the credentials are for account " + emulator.accountId() + "\n"
          + "Nothing was changed: the credentials are of another account than the environment's; run it with the "
          + "environment's (its profile or role).\n");
      assertThat(apply.calls().mutatingCalls()).isEmpty();
      assertThat(Cli.exec("validate", "-f", config.toString(), "--env", "dev").exitCode()).isZero();
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
          .when(request -> request.path().contains("-processed-"))
          .respondError(403, "AccessDenied", "User is not authorized to perform: s3:PutBucketPolicy");

      Cli.Result apply = WalkingSkeletonIT.apply(aws);

      assertThat(apply.exitCode()).isEqualTo(1);
      assertThat(apply.stderr()).contains("Error: Cannot create s3_bucket.processed: S3 PutBucketPolicy failed: "
          + "AccessDenied: User is not authorized to perform: s3:PutBucketPolicy (the credentials in use lack this "
          + "permission: grant s3:PutBucketPolicy) [HTTP 403");
      assertThat(apply.stdout()).containsPattern("Apply failed\\. Resources: \\d+ added, 0 changed, 0 destroyed; "
          + "1 failed, [1-9]\\d* not applied\\.");
      assertThat(apply.stderr().split("lakeformation_location.processed: not applied", -1)).as("listed once")
          .hasSize(2);
      assertThat(apply.stderr())
          .contains("lakeformation_location.processed: not applied: it depends on s3_bucket.processed, which failed")
          .contains("iceberg_table.processed.customer_events: not applied: it depends on s3_bucket.processed, "
              + "which failed")
          .contains("glue_database.processed: created");
      assertThat(apply.stderr()).doesNotContain("\tat ");

      aws.clearRules();
      Cli.Result again = WalkingSkeletonIT.apply(aws);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.stdout()).containsPattern("Apply complete! Resources: [1-9]\\d* added, 1 changed, 0 destroyed\\.");
    }
  }

  @EmulatorTest
  void withoutATerminalApplyRefusesUnlessAutoApproved(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result apply = Cli.exec("apply", "-f", Cli.CANONICAL.toString(), "--env", "dev",
          "--endpoint-url", aws.endpoint().toString());

      assertThat(apply.exitCode()).isEqualTo(1);
      assertThat(apply.stderr()).endsWith("Error: Cannot apply without confirmation: there is no terminal to ask "
          + "on. Review the plan and pass --auto-approve to apply it; nothing was changed\n");
      assertThat(apply.stdout()).containsPattern("Plan: \\d+ to add, 0 to change, 0 to destroy\\.");
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
  void withJsonOutputApplyAndDestroyGoOnOnlyWhenAutoApproved(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      String[] apply = {"apply", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url",
          aws.endpoint().toString(), "--json"};
      Cli.Result unseen = new Cli().terminal(Cli.answering("yes")).run(apply);
      assertThat(unseen.exitCode()).as(unseen.toString()).isEqualTo(1);
      assertThat(unseen.stderr()).contains("Cannot apply with --json without --auto-approve: JSON output shows no "
          + "plan to review before the question. Review the plan without --json, then pass --auto-approve to apply "
          + "it; nothing was changed");
      assertThat(aws.mutatingCount()).isZero();

      Cli.Result approved = Cli.exec(java.util.stream.Stream.concat(java.util.Arrays.stream(apply),
          java.util.stream.Stream.of("--auto-approve")).toArray(String[]::new));
      assertThat(approved.exitCode()).as(approved.toString()).isZero();
      Cli.Result unchanged = new Cli().terminal(Cli.answering("yes")).run(apply);
      assertThat(unchanged.exitCode()).as("nothing to ask about: " + unchanged).isZero();

      long before = aws.mutatingCount();
      Cli.Result destroy = new Cli().terminal(Cli.answering("yes")).run("destroy", "-f", Cli.CANONICAL.toString(),
          "--env", "dev", "--endpoint-url", aws.endpoint().toString(), "--json");
      assertThat(destroy.exitCode()).as(destroy.toString()).isEqualTo(1);
      assertThat(destroy.stderr()).contains("Cannot destroy with --json without --auto-approve");
      assertThat(aws.mutatingCount()).isEqualTo(before);
    }
  }

  @EmulatorTest
  void planJsonCarriesEveryResourceAndTheSummary(Emulator emulator) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--json");

      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      JsonNode json = new ObjectMapper().readTree(plan.stdout());
      assertThat(json.path("format_version").asText()).isEqualTo("1.5");
      assertThat(json.path("stack").path("account").asText()).isEqualTo(emulator.accountId());
      assertThat(json.path("has_changes").asBoolean()).isTrue();
      assertThat(json.path("changes")).extracting(c -> c.path("action").asText()).containsOnly("create");
      assertThat(json.path("summary").path("add").asInt()).isEqualTo(json.path("changes").size());
      assertThat(json.path("summary").path("change").asInt()).isZero();
      assertThat(json.path("summary").path("destroy").asInt()).isZero();
      assertThat(json.path("changes")).extracting(c -> c.path("address").asText())
          .containsSubsequence("kms_key.lakehouse", "s3_bucket.raw", "glue_database.raw")
          .containsSubsequence("kms_key.lakehouse", "s3_bucket.athena_results", "athena_workgroup.acme-dev")
          .containsSubsequence("sns_topic.alerts", "cloudwatch_alarm.slowQueries")
          .contains("s3_bucket.processed", "s3_bucket.curated", "cloudwatch_dashboard.acme-dev-lakehouse");
      JsonNode raw = null;
      for (JsonNode change : json.path("changes")) {
        raw = change.path("address").asText().equals("s3_bucket.raw") ? change : raw;
      }
      assertThat(raw.path("after").path("encryption").path("kmsKeyId").asText())
          .isEqualTo("(known after apply)");
    }
  }
}
