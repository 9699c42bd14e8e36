package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.Cli;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: two applies of the same stack at once. lakehouse takes no lock (it keeps no state
 * to corrupt); instead every create is safe to race: a resource another run made meanwhile is
 * taken as made (when it carries the stack's ownership tags), and the KMS key, whose name (its
 * alias) is given after it is made, is settled by the alias: the loser schedules its own new key
 * for deletion. Both runs end cleanly, and the account holds the stack exactly once.
 */
class ConcurrencyIT {
  @TempDir
  Path dir;

  @EmulatorTest(motoOnly = true, reason = "races two child processes against the shared moto; LocalStack adds nothing")
  void twoAppliesAtOnceBothSucceedAndMakeEverythingOnce(Emulator emulator) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      // Writes slowed so that the two runs overlap on every resource.
      aws.rule().when(Canonical::mutating).latency(Duration.ofMillis(50));
      ChildCli.Started first = new ChildCli(dir).start(Canonical.args("apply", aws));
      ChildCli.Started second = new ChildCli(dir).start(Canonical.args("apply", aws));

      ChildCli.Run one = first.await();
      ChildCli.Run two = second.await();

      assertThat(one.exitCode()).as(one.toString()).isZero();
      assertThat(two.exitCode()).as(two.toString()).isZero();
      Canonical.assertConvergesToTheStack(aws, emulator);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "reads one listing as the other run left it; LocalStack adds nothing")
  void anApplyThatFindsAResourceMadeMeanwhileByAnotherApplySaysSo(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result first = Cli.exec(Canonical.args("apply", aws));
      assertThat(first.exitCode()).as(first.toString()).isZero();
      // The second run read the catalog before the first made the raw zone's database: it plans it, and meets it made.
      aws.rule().service("glue").operation("GetDatabases").times(1)
          .respond(200, "application/x-amz-json-1.1", "{\"DatabaseList\":[]}");
      aws.rule().service("glue").operation("GetDatabase").when(r -> r.bodyAsString().contains("acme_dev_raw")).times(1)
          .respondError(400, "EntityNotFoundException", "Database acme_dev_raw not found.");

      Cli.Result second = Cli.exec(Canonical.args("apply", aws));

      assertThat(second.exitCode()).as(second.toString()).isZero();
      assertThat(second.stdout()).contains("+ glue_database.raw");
      assertThat(second.stderr()).contains("glue_database.raw: made meanwhile by another apply of this stack; taken "
          + "as made in ").doesNotContain("glue_database.raw: created");
      Canonical.assertConvergesToTheStack(aws, emulator);
    }
  }
}
