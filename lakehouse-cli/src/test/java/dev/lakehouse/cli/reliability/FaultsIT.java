package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.Cli;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reliability: a full canonical apply through a proxy that throttles, fails with 5xx, resets
 * connections and adds latency. The apply either converges or fails with a clear message; a re-run
 * without faults converges; nothing is created twice.
 */
class FaultsIT {
  private static final String CONFLICT =
      "A conflicting conditional operation is currently in progress against this resource. Please try again.";

  @EmulatorTest(motoOnly = true, reason = "the gap fillers and fault rules are tuned to moto's answers")
  void anApplyUnderThrottlingServerErrorsAndResetsConvergesOrFailsClearly(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      aws.rule().probability(0.15, 11).throttling();
      aws.rule().probability(0.10, 12).internalFailure();
      aws.rule().probability(0.05, 13).when(Canonical::mutating).resetConnection();
      aws.rule().probability(0.30, 14).latency(Duration.ofMillis(40));

      Cli.Result apply = Cli.exec(Canonical.args("apply", aws));

      assertOutcomeIsClear(apply);
      Canonical.assertConvergesToTheStack(aws, emulator);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "the gap fillers and fault rules are tuned to moto's answers")
  void anApplyWhoseWritesAlwaysFailStopsWithTheCauseAndARerunConverges(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      aws.rule().service("s3").operation("PutBucketVersioning").internalFailure();

      Cli.Result apply = Cli.exec(Canonical.args("apply", aws));

      assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
      assertThat(apply.stderr()).contains("Error: Cannot create s3_bucket.raw: S3 PutBucketVersioning failed: ");
      assertThat(apply.stdout()).contains("Apply failed. Resources: ");
      assertThat(apply.stderr()).doesNotContain("\tat ");
      Canonical.assertConvergesToTheStack(aws, emulator);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "the gap fillers and fault rules are tuned to moto's answers")
  void bucketSettingsThatS3AbortsForAConflictingChangeAreWrittenAgainAndTheApplyConverges(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      List<FaultRule> conflicts = Stream.of("PutBucketTagging", "PutPublicAccessBlock", "PutBucketPolicy",
              "PutBucketEncryption", "PutBucketVersioning", "PutBucketLifecycleConfiguration")
          .map(operation -> aws.rule().service("s3").operation(operation).times(2)
              .respondError(409, "OperationAborted", CONFLICT))
          .toList();

      Cli.Result apply = Cli.exec(Canonical.args("apply", aws));

      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(conflicts).allSatisfy(rule -> assertThat(rule.fired()).isEqualTo(2));
      Canonical.assertConvergesToTheStack(aws, emulator);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "the gap fillers and fault rules are tuned to moto's answers")
  void aConflictThatOutlastsTheRetriesStopsTheApplyWithWhatToDo(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      aws.rule().service("s3").operation("PutBucketEncryption").respondError(409, "OperationAborted", CONFLICT);

      Cli.Result apply = Cli.exec(Canonical.args("apply", aws));

      assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
      assertThat(apply.stderr()).contains("Error: Cannot create s3_bucket.raw: S3 PutBucketEncryption failed: "
          + "OperationAborted: " + CONFLICT + " (another change to the same resource was still in progress after "
          + "the calls were retried; run the command again) [HTTP 409");
      assertThat(apply.stderr()).doesNotContain("\tat ");
      Canonical.assertConvergesToTheStack(aws, emulator);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "the gap fillers and fault rules are tuned to moto's answers")
  void aDestroyWhoseDeletesAnswersWereLostRemovesEverythingAndSucceeds(Emulator emulator) {
    String[] dataLoss = {"--allow-data-loss", "bucket-objects,database-tables,kms-key,dropped-tables,table-data"};
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result applied = Cli.exec(Canonical.args("apply", aws));
      assertThat(applied.exitCode()).as(applied.toString()).isZero();
      List<FaultRule> lost = Stream.of("DeleteBucket", "DeleteDatabase", "DeleteDashboards", "DeregisterResource",
              "DeleteRole", "DetachRolePolicy", "DeleteRolePolicy", "DeleteAlias", "ScheduleKeyDeletion")
          .map(operation -> aws.rule().operation(operation).times(1).loseResponse())
          .toList();

      Cli.Result destroy = Cli.exec(Canonical.args("destroy", aws, dataLoss));

      assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
      assertThat(lost).allSatisfy(rule -> assertThat(rule.fired()).isEqualTo(1));
      try (TestClients read = TestClients.of(emulator)) {
        assertThat(Inventory.of(read).kinds().values()).as(destroy.toString()).allMatch(List::isEmpty);
        assertThat(read.iam().listRoles().roles()).noneMatch(role -> role.roleName().startsWith("acme-dev-"));
      }
    }
  }

  /** Either it converged, or it failed and said what and where, without a stack trace. */
  private static void assertOutcomeIsClear(Cli.Result apply) {
    if (apply.exitCode() == 0) {
      assertThat(apply.stdout()).contains("Apply complete!");
    } else {
      assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
      assertThat(apply.stderr()).as(apply.toString()).containsPattern("(?m)^Error: Cannot [a-z ]+ ");
      assertThat(apply.stderr()).doesNotContain("\tat ");
    }
  }
}
