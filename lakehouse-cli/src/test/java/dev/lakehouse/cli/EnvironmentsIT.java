package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.provision.lakeformation.SettingsMerge;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Several stacks in one account, as CI makes them: dev, staging and prod of the canonical stack
 * beside another project. Applying, planning and destroying one leaves the others as they were.
 */
class EnvironmentsIT {

  @EmulatorTest
  void destroyingOneEnvironmentLeavesTheOthersAndTheAdminsItDidNotAdd(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator);
        TestClients read = TestClients.of(aws.endpoint(), emulator.region(), emulator.credentials())) {
      String account = emulator.accountId();
      String platform = "arn:aws:iam::" + account + ":role/platform-admin";
      read.lakeFormation().putDataLakeSettings(b -> b.dataLakeSettings(s -> s.dataLakeAdmins(
          p -> p.dataLakePrincipalIdentifier(platform))));
      Path acme = dir.resolve("lakehouse.yaml");
      String own = "\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"";
      Files.writeString(acme, Files.readString(Cli.CANONICAL).replace("admins: [" + own + "]",
          "admins: [" + own + ", \"arn:aws:iam::${account}:role/platform-admin\"]"));
      Path other = dir.resolve("other.yaml");
      Files.writeString(other, Files.readString(Cli.CANONICAL.resolveSibling("minimal.yaml"))
          .replace("project: demo", "project: other"));

      for (String env : List.of("dev", "staging", "prod")) {
        Cli.Result apply = run(aws, "apply", acme, env, "--auto-approve");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
      }
      Cli.Result applyOther = run(aws, "apply", other, "dev", "--auto-approve");
      assertThat(applyOther.exitCode()).as(applyOther.toString()).isZero();

      Cli.Result destroy = run(aws, "destroy", acme, "dev", "--auto-approve", "--allow-data-loss", "bucket-objects",
          "--allow-data-loss", "database-tables", "--allow-data-loss", "kms-key", "--allow-data-loss", "table-data",
          "--allow-data-loss", "dropped-tables");
      assertThat(destroy.exitCode()).as(destroy.toString()).isZero();

      assertThat(SettingsMerge.admins(read.lakeFormation().getDataLakeSettings(b -> { }).dataLakeSettings()))
          .as("the admin that was there before the stacks, which dev's config names too, stays")
          .containsExactlyInAnyOrder(platform, "arn:aws:iam::" + account + ":role/acme-staging-lakehouse-admin",
              "arn:aws:iam::" + account + ":role/acme-prod-lakehouse-admin");
      List<String> buckets = read.s3().listBuckets().buckets().stream().map(Bucket::name).toList();
      assertThat(buckets).noneMatch(name -> name.startsWith("acme-dev-"));
      List<String> kept = new ArrayList<>();
      for (String env : List.of("staging", "prod")) {
        for (String zone : List.of("raw", "processed", "curated", "athena-results")) {
          kept.add("acme-" + env + "-" + zone + "-" + account);
        }
      }
      assertThat(buckets).containsAll(kept);
      for (String env : List.of("staging", "prod")) {
        Cli.Result plan = run(aws, "plan", acme, env, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
      }
      Cli.Result planOther = run(aws, "plan", other, "dev", "--detailed-exitcode");
      assertThat(planOther.exitCode()).as(planOther.toString()).isZero();
    }
  }

  /**
   * IAM role names are the same in every region: a stack applied in a second region with its buckets
   * named apart but not its roles must not take the first region's roles as its own (rewrite their
   * policies, or delete them on destroy).
   */
  @EmulatorTest
  void theSameStackInAnotherRegionNeverTakesTheFirstRegionsRoles(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator);
        TestClients read = TestClients.of(aws.endpoint(), emulator.region(), emulator.credentials())) {
      Path config = dir.resolve("lakehouse.yaml");
      Files.writeString(config, Files.readString(Cli.CANONICAL).replace("-${account}\n", "-${region}-${account}\n"));
      Cli.Result east = run(aws, "apply", config, "dev", "--auto-approve", "--region", "us-east-1");
      assertThat(east.exitCode()).as(east.toString()).isZero();
      String policy = read.iam().getRolePolicy(b -> b.roleName("acme-dev-analyst").policyName("lakehouse-access"))
          .policyDocument();

      Cli.Result west = run(aws, "apply", config, "dev", "--auto-approve", "--region", "eu-west-1");
      assertThat(west.exitCode()).as(west.toString()).isEqualTo(1);
      assertThat(west.stderr()).contains("Cannot adopt iam_role.acme-dev-lakehouse-admin: it belongs to this stack's deployment in "
          + "us-east-1 (by its tag lakehouse:region), and an IAM role's name is the same in every region: give each "
          + "region's roles names of their own (${region} in iam.roles[].name)");
      assertThat(read.iam().getRolePolicy(b -> b.roleName("acme-dev-analyst").policyName("lakehouse-access"))
          .policyDocument()).as("the first region's role is as it was").isEqualTo(policy);
      Cli.Result westDestroy = run(aws, "destroy", config, "dev", "--auto-approve", "--region", "eu-west-1");
      assertThat(westDestroy.exitCode()).as(westDestroy.toString()).isZero();
      assertThat(westDestroy.stdout()).contains("iam_role.acme-dev-analyst: it is this stack's deployment in "
          + "us-east-1's (by its tag lakehouse:region)");
      Cli.Result eastPlan = run(aws, "plan", config, "dev", "--detailed-exitcode", "--region", "us-east-1");
      assertThat(eastPlan.exitCode()).as(eastPlan.toString()).isZero();
    }
  }

  /**
   * The canonical stack in the China partition, its ARNs written arn:aws-cn: as validate requires there: what
   * apply builds carries the partition, and S3 is named at the partition's domain, so a second plan finds
   * nothing to change.
   */
  @EmulatorTest
  void theStackInTheChinaPartitionCarriesItsPartitionAndPlansNoChangeAfterApply(Emulator emulator, @TempDir Path dir)
      throws Exception {
    String region = "cn-north-1";
    try (AwsProxy aws = MotoGaps.proxy(emulator);
        TestClients read = TestClients.of(aws.endpoint(), region, emulator.credentials())) {
      Path config = dir.resolve("lakehouse.yaml");
      Files.writeString(config, Files.readString(Cli.CANONICAL).replace("arn:aws:", "arn:aws-cn:"));
      Cli.Result apply = run(aws, "apply", config, "dev", "--auto-approve", "--region", region);
      assertThat(apply.exitCode()).as(apply.toString()).isZero();

      String key = read.kms().describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata().keyId();
      String keyPolicy = read.kms().getKeyPolicy(b -> b.keyId(key).policyName("default")).policy();
      assertThat(keyPolicy).contains("\"s3.cn-north-1.amazonaws.com.cn\"",
          "arn:aws-cn:iam::" + emulator.accountId() + ":root").doesNotContain("arn:aws:");
      String access = read.iam().getRolePolicy(b -> b.roleName("acme-dev-analyst").policyName("lakehouse-access"))
          .policyDocument();
      assertThat(URLDecoder.decode(access, StandardCharsets.UTF_8))
          .contains("arn:aws-cn:s3:::acme-dev-athena-results-", "arn:aws-cn:glue:cn-north-1:",
              "arn:aws-cn:athena:cn-north-1:")
          .doesNotContain("arn:aws:");

      Cli.Result plan = run(aws, "plan", config, "dev", "--detailed-exitcode", "--region", region);
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
    }
  }

  private static Cli.Result run(AwsProxy aws, String command, Path config, String env, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", config.toString(), "--env", env, "--endpoint-url",
        aws.endpoint().toString()));
    args.addAll(List.of(extra));
    return Cli.exec(args.toArray(String[]::new));
  }
}
