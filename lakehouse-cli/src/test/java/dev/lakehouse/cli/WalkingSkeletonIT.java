package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The first slice of the canonical stack, the KMS key and the four buckets (planned and applied
 * with the rest of the stack the tool manages), applied with the command line against an
 * emulator and checked with independent SDK reads.
 */
class WalkingSkeletonIT {
  @EmulatorTest
  void appliesTheKeyAndTheBucketsAsConfigured(Emulator emulator) throws Exception {
    // Read through the proxy: on moto its gap fillers hold what moto lacks (bucket policies among them).
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = TestClients.of(aws.endpoint(),
        emulator.region(), emulator.credentials())) {
      Cli.Result apply = apply(aws);
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      Matcher planned = Pattern.compile("Plan: (\\d+) to add, 0 to change, 0 to destroy\\.").matcher(apply.stdout());
      assertThat(planned.find()).as(apply.stdout()).isTrue();
      assertThat(Integer.parseInt(planned.group(1))).isGreaterThanOrEqualTo(5);
      assertThat(apply.stdout()).contains("Apply complete! Resources: " + planned.group(1) + " added, 0 changed, "
          + "0 destroyed.");

      KeyMetadata key = read.kms().describeKey(b -> b.keyId("alias/acme-lakehouse-dev")).keyMetadata();
      assertThat(key.description()).isEqualTo("Lakehouse data encryption key");
      assertThat(read.kms().getKeyRotationStatus(b -> b.keyId(key.keyId())).keyRotationEnabled()).isTrue();
      JsonNode policy = new ObjectMapper().readTree(
          read.kms().getKeyPolicy(b -> b.keyId(key.keyId()).policyName("default")).policy());
      assertThat(policy.toString())
          .contains("arn:aws:iam::" + emulator.accountId() + ":root")
          .contains("s3.us-east-1.amazonaws.com", "arn:aws:iam::" + emulator.accountId()
              + ":role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess")
          .doesNotContain("glue.us-east-1.amazonaws.com", "athena.us-east-1.amazonaws.com");
      assertThat(read.kms().listResourceTags(b -> b.keyId(key.keyId())).tags())
          .extracting(t -> t.tagKey() + "=" + t.tagValue())
          .contains("lakehouse:project=acme", "lakehouse:env=dev", "CostCenter=DataEngineering");

      S3Client s3 = read.s3();
      for (String zone : List.of("raw", "processed", "curated", "athena-results")) {
        String bucket = "acme-dev-" + zone + "-" + emulator.accountId();
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        ServerSideEncryptionRule encryption =
            s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0);
        assertThat(encryption.applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("aws:kms");
        assertThat(encryption.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(key.arn());
        assertThat(encryption.bucketKeyEnabled()).isTrue();
        var block = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
            block.restrictPublicBuckets())).containsOnly(true);
        assertThat(s3.getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls().rules().get(0)
            .objectOwnershipAsString()).isEqualTo("BucketOwnerEnforced");
        assertThat(s3.getBucketPolicy(b -> b.bucket(bucket)).policy())
            .contains("\"aws:SecureTransport\"").contains("Deny");
        assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().stream()
            .collect(Collectors.toMap(Tag::key, Tag::value)))
            .containsEntry("lakehouse:project", "acme").containsEntry("lakehouse:env", "dev")
            .containsEntry("CostCenter", "DataEngineering").containsEntry("Owner", "data-platform");
      }
      String raw = "acme-dev-raw-" + emulator.accountId();
      LifecycleRule tierDown = s3.getBucketLifecycleConfiguration(b -> b.bucket(raw)).rules().get(0);
      assertThat(tierDown.id()).isEqualTo("tier-down");
      assertThat(tierDown.transitions()).extracting(t -> t.days() + " " + t.storageClassAsString())
          .containsExactly("30 STANDARD_IA", "90 GLACIER_IR");
      assertThat(tierDown.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(90);
      assertThat(tierDown.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
      GetBucketLifecycleConfigurationResponse results =
          s3.getBucketLifecycleConfiguration(b -> b.bucket("acme-dev-athena-results-" + emulator.accountId()));
      assertThat(results.rules()).singleElement().satisfies(rule -> assertThat(rule.expiration().days()).isEqualTo(30));
      assertThat(s3.getBucketLifecycleConfiguration(b -> b.bucket("acme-dev-processed-" + emulator.accountId()))
          .rules()).extracting(LifecycleRule::id).containsExactly("cleanup");
    }
  }

  @EmulatorTest
  void aSecondApplyChangesNothingAndMakesNoMutatingCall(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      assertThat(apply(aws).exitCode()).isZero();
      aws.clearRecording();

      Cli.Result second = apply(aws);

      assertThat(second.exitCode()).as(second.toString()).isZero();
      assertThat(second.stdout()).startsWith("No changes.")
          .as("the contract's summary line, a plan of no changes too").contains("\nPlan: 0 to add, 0 to change, 0 to destroy.\n");
      assertThat(second.calls().mutatingCalls()).isEmpty();
      assertThat(aws.requests()).isNotEmpty();
      assertThat(aws.mutatingCount()).as("mutating calls seen by the proxy: %s", aws.requests()).isZero();
      Cli.Result plan = plan(aws, "--detailed-exitcode");
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
    }
  }

  @EmulatorTest
  void driftShowsAttributeByAttributeAndApplyPutsItBack(Emulator emulator) {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = TestClients.of(aws.endpoint(),
        emulator.region(), emulator.credentials())) {
      assertThat(apply(aws).exitCode()).isZero();
      String raw = "acme-dev-raw-" + emulator.accountId();
      String curated = "acme-dev-curated-" + emulator.accountId();
      S3Client s3 = read.s3();
      s3.putBucketVersioning(b -> b.bucket(raw).versioningConfiguration(v -> v.status("Suspended")));
      s3.putBucketLifecycleConfiguration(b -> b.bucket(raw).lifecycleConfiguration(l -> l.rules(LifecycleRule.builder()
          .id("tier-down").status("Enabled").filter(f -> f.prefix(""))
          .transitions(t -> t.days(45).storageClass("STANDARD_IA"), t -> t.days(90).storageClass("GLACIER_IR"))
          .noncurrentVersionExpiration(e -> e.noncurrentDays(90))
          .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build())));
      s3.deletePublicAccessBlock(b -> b.bucket(curated));
      s3.putBucketEncryption(b -> b.bucket(curated).serverSideEncryptionConfiguration(c -> c.rules(r -> r
          .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("AES256")))));

      Cli.Result plan = plan(aws, "--detailed-exitcode", "--no-color");

      assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
      assertThat(plan.stdout())
          .contains("  ~ s3_bucket.raw\n")
          .contains("~ versioning: \"Suspended\" -> \"Enabled\"")
          .contains("~ lifecycle[tier-down].transitions[0].days: 45 -> 30")
          .contains("  ~ s3_bucket.curated\n")
          .contains("~ publicAccessBlock: null -> {\"blockPublicAcls\":true,\"ignorePublicAcls\":true,"
              + "\"blockPublicPolicy\":true,\"restrictPublicBuckets\":true}")
          .contains("~ encryption.algorithm: \"AES256\" -> \"aws:kms\"")
          .contains("~ encryption.bucketKey: false -> true")
          .contains("Plan: 0 to add, 2 to change, 0 to destroy.");

      Cli.Result repair = apply(aws);
      assertThat(repair.exitCode()).as(repair.toString()).isZero();
      assertThat(repair.stdout()).contains("Apply complete! Resources: 0 added, 2 changed, 0 destroyed.");
      assertThat(s3.getBucketVersioning(b -> b.bucket(raw)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
      assertThat(s3.getBucketEncryption(b -> b.bucket(curated)).serverSideEncryptionConfiguration().rules().get(0)
          .applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("aws:kms");
      assertThat(plan(aws, "--detailed-exitcode").exitCode()).isZero();
    }
  }

  static Cli.Result apply(AwsProxy aws, String... extra) {
    return Cli.exec(args("apply", aws, "--auto-approve", extra));
  }

  static Cli.Result plan(AwsProxy aws, String... extra) {
    return Cli.exec(args("plan", aws, null, extra));
  }

  private static String[] args(String command, AwsProxy aws, String first, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", Cli.CANONICAL.toString(), "--env", "dev",
        "--endpoint-url", aws.endpoint().toString()));
    if (first != null) {
      args.add(first);
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }
}
