package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.Versions;
import dev.lakehouse.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * An option value no run can take is a usage error, named with the value and what is allowed,
 * before the config is read or AWS called: not a Java exception once the account has been read.
 */
class UsageErrorsTest {
  /** Where an AWS call would go, had one been made: nothing listens there. */
  private static final String DEAD = "http://127.0.0.1:" + Ports.freeLoopbackPort();
  private static final String KINDS =
      "bucket-objects, database-tables, kms-key, dropped-tables, table-data, dropped-columns, saved-queries, "
          + "expiring-objects";

  @TestFactory
  Stream<DynamicTest> planApplyAndDestroyCheckTheOptionsTheyShare() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String command : List.of("plan", "apply", "destroy")) {
      tests.add(usageError(command, "--parallelism must be at least 1, cannot be: 0", "--parallelism", "0"));
      tests.add(usageError(command, "--parallelism must be at least 1, cannot be: -3", "--parallelism=-3"));
      tests.add(usageError(command, "--allow-data-loss: 'bogus' is not a kind of data loss; use one of " + KINDS,
          "--allow-data-loss", "bucket-objects,bogus"));
      tests.add(usageError(command, "--target: 'foo' is not a resource address; write TYPE.NAME, e.g. s3_bucket.raw",
          "--target", "s3_bucket.raw", "--target", "foo"));
      tests.add(usageError(command, "--target: 's3_bucket.' is not a resource address; write TYPE.NAME, e.g. "
          + "s3_bucket.raw", "--target", "s3_bucket."));
      tests.add(usageError(command, "--target: ' .raw' is not a resource address; write TYPE.NAME, e.g. "
          + "s3_bucket.raw", "--target", " .raw"));
    }
    return tests.stream();
  }

  @Test
  void planRefusesAnOutItCannotSaveTo(@TempDir Path dir) {
    Path missing = dir.resolve("nonexistent").resolve("p.plan");
    assertUsageError(run("plan", "--out", missing.toString()), "plan", "--out: cannot save the plan to " + missing
        + ": directory " + missing.getParent() + " does not exist; name a file in a directory that exists and can "
        + "be written to");
    assertUsageError(run("plan", "--out", dir.toString()), "plan", "--out: cannot save the plan to " + dir
        + ": it is a directory; name a file in a directory that exists and can be written to");
  }

  @Test
  void planRefusesAnOutThatIsTheConfigItself(@TempDir Path dir) throws Exception {
    Path config = Files.copy(Cli.CANONICAL, dir.resolve("lakehouse.yaml"));
    String before = Files.readString(config);
    Path sameFile = dir.resolve(".").resolve("lakehouse.yaml");
    assertUsageError(Cli.exec("plan", "-f", config.toString(), "--env", "dev", "--endpoint-url", DEAD, "--out",
        sameFile.toString()), "plan", "--out: cannot save the plan to " + sameFile + ": it is the stack config (-f "
        + config + "); name another file, e.g. --out dev.plan");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void planRefusesToAdoptInADestroyPlan() {
    assertUsageError(run("plan", "--destroy", "--adopt"), "plan", "--adopt cannot be given with --destroy: destroy "
        + "takes over nothing; leave --adopt out");
  }

  @Test
  void applyGivenAConfigRatherThanASavedPlanSaysHowToApplyAConfig() {
    Cli.Result apply = Cli.exec("apply", Cli.CANONICAL.toString(), "--endpoint-url", DEAD);
    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.stderr()).isEqualTo("Error: Cannot read plan " + Cli.CANONICAL + ": it is not a saved plan but, "
        + "by its name, a stack config; apply a config with -f: lakehouse apply -f " + Cli.CANONICAL + " --env ENV\n");
    assertThat(apply.calls().calls()).isEmpty();
  }

  @Test
  void applyRefusesASavedPlanWithOptionsOrAddressesItCannotReadBeforeCallingAws(@TempDir Path dir) throws Exception {
    String plan = "{\"stack\": {\"project\": \"acme\", \"env\": \"dev\", \"account\": \"123456789012\", "
        + "\"region\": \"us-east-1\"}, \"changes\": [], \"saved_plan\": {\"version\": 1, "
        + "\"created_at\": \"2026-11-25T23:40:00Z\", \"lakehouse_version\": \"9.0.0\", \"config_file\": \""
        + Cli.CANONICAL + "\", \"targets\": TARGETS, \"adopt\": false, \"allow_data_loss\": KINDS, "
        + "\"fingerprints\": {\"s3_bucket.raw\": \"absent\"}}}";
    Path newerKind = Files.writeString(dir.resolve("newer.plan"),
        plan.replace("TARGETS", "[]").replace("KINDS", "[\"snapshots\"]"));
    Path badTarget = Files.writeString(dir.resolve("target.plan"),
        plan.replace("TARGETS", "[\"raw\"]").replace("KINDS", "[]"));
    Path newerOperation = Files.writeString(dir.resolve("operation.plan"),
        plan.replace("{\"stack\"", "{\"operation\": \"import\", \"stack\"").replace("TARGETS", "[]")
            .replace("KINDS", "[]"));

    Cli.Result newer = Cli.exec("apply", newerKind.toString(), "--endpoint-url", DEAD);
    Cli.Result target = Cli.exec("apply", badTarget.toString(), "--endpoint-url", DEAD);
    Cli.Result operation = Cli.exec("apply", newerOperation.toString(), "--endpoint-url", DEAD);

    assertThat(newer.stderr()).isEqualTo("Error: Cannot read plan " + newerKind + ": saved_plan.allow_data_loss has "
        + "'snapshots', which lakehouse " + Versions.LAKEHOUSE + " does not know as a kind of data loss (the plan was "
        + "made by lakehouse 9.0.0); make the plan again with this version\n");
    assertThat(target.stderr()).isEqualTo("Error: Cannot read plan " + badTarget + ": saved_plan has 'raw', which is "
        + "not a resource address; make the plan again\n");
    assertThat(operation.stderr()).isEqualTo("Error: Cannot read plan " + newerOperation + ": its operation is "
        + "'import', which lakehouse " + Versions.LAKEHOUSE + " does not carry out; make the plan again with this "
        + "version\n");
    for (Cli.Result refused : List.of(newer, target, operation)) {
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.calls().calls()).as("no AWS call").isEmpty();
    }
  }

  @Test
  void applyOfASavedPlanWhoseConfigIsNotWhereItWasSaysWhereToRunItOrWhatToPass(@TempDir Path dir) throws Exception {
    Path saved = Files.writeString(dir.resolve("dev.plan"), "{\"stack\": {\"project\": \"acme\", \"env\": \"dev\", "
        + "\"account\": \"123456789012\", \"region\": \"us-east-1\"}, \"changes\": [], \"saved_plan\": "
        + "{\"version\": 1, \"created_at\": \"2026-11-25T23:40:00Z\", \"lakehouse_version\": \"" + Versions.LAKEHOUSE
        + "\", \"config_file\": \"stacks/lakehouse.yaml\", \"targets\": [], \"adopt\": false, "
        + "\"allow_data_loss\": [], \"fingerprints\": {\"s3_bucket.raw\": \"absent\"}}}");

    Cli.Result moved = Cli.exec("apply", saved.toString(), "--endpoint-url", DEAD);

    assertThat(moved.exitCode()).isEqualTo(1);
    assertThat(moved.stderr()).isEqualTo("Error: Cannot apply plan " + saved + ": it was made from the stack config "
        + "stacks/lakehouse.yaml, which is not in " + Path.of("").toAbsolutePath() + "; run the apply where the plan "
        + "was made, or name the config with -f FILE\n");
    assertThat(moved.calls().calls()).as("no AWS call").isEmpty();
  }

  @Test
  void maintainRefusesAStatementTimeoutOutOfRange() {
    assertUsageError(run("maintain", "--statement-timeout", "200000000000000d"), "maintain",
        "--statement-timeout must be at most 7d, cannot be: 200000000000000d");
    assertUsageError(run("maintain", "--statement-timeout", "9223372036854775808s"), "maintain",
        "--statement-timeout must be at most 7d, cannot be: 9223372036854775808s");
    assertUsageError(run("maintain", "--statement-timeout", "169h"), "maintain",
        "--statement-timeout must be at most 7d, cannot be: 169h");
    assertUsageError(run("maintain", "--statement-timeout", "0s"), "maintain",
        "--statement-timeout must be positive, cannot be: 0s");
  }

  @Test
  void maintainRefusesMoreConcurrentQueriesThanTheConfigMayAsk() {
    assertUsageError(run("maintain", "--max-concurrent-queries", "101"), "maintain",
        "--max-concurrent-queries must be at most 100, cannot be: 101");
  }

  @Test
  void rollbackTakesOnlyASnapshotId() {
    assertUsageError(run("rollback", "processed.customer_events", "--to", "audit-2024"), "rollback",
        "Invalid value for option '--to': 'audit-2024' is not a snapshot id; give the number lakehouse snapshots "
            + "TABLE lists (branch and tag names are not taken)");
  }

  private static DynamicTest usageError(String command, String message, String... options) {
    return DynamicTest.dynamicTest(command + " " + String.join(" ", options),
        () -> assertUsageError(run(command, options), command, message));
  }

  private static Cli.Result run(String command, String... options) {
    List<String> args = new ArrayList<>(List.of(command, "-f", Cli.CANONICAL.toString(), "--env", "dev",
        "--endpoint-url", DEAD, "--auto-approve"));
    if (!List.of("apply", "destroy").contains(command)) {
      args.remove("--auto-approve");
    }
    args.addAll(List.of(options));
    return Cli.exec(args.toArray(String[]::new));
  }

  private static void assertUsageError(Cli.Result result, String command, String message) {
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.stderr()).isEqualTo("Error: " + message + "\n"
        + "Try 'lakehouse " + command + " --help' for the options and examples.\n");
    assertThat(result.stdout()).isEmpty();
    assertThat(result.calls().calls()).as("no AWS call").isEmpty();
  }
}
