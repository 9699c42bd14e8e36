package dev.lakehouse.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

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
}
