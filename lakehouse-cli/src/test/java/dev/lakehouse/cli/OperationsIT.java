package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.Versions;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The operations a platform team relies on, through the command line against an emulator:
 * saved plans, targets, destroy with its guards, adoption, drift, and shell completion.
 */
class OperationsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @EmulatorTest
  void aSavedPlanIsCarriedOutExactlyAndRefusedOnceTheAccountHasMoved(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      Path first = dir.resolve("first.plan");
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--out", first.toString());
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      assertThat(plan.stderr()).contains("Saved the plan to " + first + "; `lakehouse apply " + first
          + "` carries it out.\n");
      JsonNode saved = JSON.readTree(first.toFile());
      assertThat(saved.path("saved_plan").path("version").asInt()).isEqualTo(1);
      assertThat(saved.path("saved_plan").path("fingerprints").path("s3_bucket.raw").asText()).isEqualTo("absent");

      Cli.Result apply = Cli.exec("apply", first.toString(), "--endpoint-url", aws.endpoint().toString());
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(apply.stdout()).contains("Apply complete!");

      String raw = "acme-dev-raw-" + emulator.accountId();
      S3Client s3 = read.s3();
      s3.putBucketVersioning(b -> b.bucket(raw).versioningConfiguration(v -> v.status("Suspended")));
      Path second = dir.resolve("second.plan");
      assertThat(WalkingSkeletonIT.plan(aws, "--out", second.toString()).exitCode()).isZero();
      Instant madeAt = Instant.parse(JSON.readTree(second.toFile()).path("saved_plan").path("created_at").asText());
      s3.putBucketTagging(b -> b.bucket(raw).tagging(t -> t.tagSet(Tag.builder().key("lakehouse:project").value("acme")
          .build(), Tag.builder().key("lakehouse:env").value("dev").build())));
      aws.clearRecording();

      Cli.Result stale = Cli.exec("apply", second.toString(), "--endpoint-url", aws.endpoint().toString());

      assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(1);
      assertThat(stale.stderr()).isEqualTo("Error: Cannot apply plan " + second + ": the plan is stale: s3_bucket.raw "
          + "changed since " + madeAt + "; nothing was changed. Run plan again\n");
      assertThat(aws.mutatingCount()).isZero();
      assertThat(s3.getBucketVersioning(b -> b.bucket(raw)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);

      Cli.Result otherEnv = Cli.exec("apply", second.toString(), "--env", "staging", "--endpoint-url",
          aws.endpoint().toString());
      assertThat(otherEnv.stderr()).isEqualTo("Error: Cannot apply plan " + second + ": it was made for acme/dev in "
          + "account " + emulator.accountId() + " (us-east-1), not acme/staging in account " + emulator.accountId()
          + " (us-east-1); nothing was changed. Apply it with the environment, credentials and region it was made "
          + "for, or make a plan for acme/staging: lakehouse plan -f " + Cli.CANONICAL + " --env staging --out FILE\n");

      // A config that drops one table: the refusal names that table, not whatever now sits at its place in the list.
      s3.putBucketVersioning(b -> b.bucket(raw).versioningConfiguration(v -> v.status("Enabled")));
      Path third = dir.resolve("third.plan");
      assertThat(WalkingSkeletonIT.plan(aws, "--out", third.toString()).exitCode()).isZero();
      Path withoutTable = withoutTable(dir);
      Cli.Result changed = Cli.exec("apply", third.toString(), "-f", withoutTable.toString(), "--endpoint-url",
          aws.endpoint().toString());
      assertThat(changed.stderr()).isEqualTo("Error: Cannot apply plan " + third + ": the config has changed since the "
          + "plan was made (iceberg_table.curated.monthly_aggregates would now be planned differently); nothing was "
          + "changed. Run plan again\n");

      // Refused for the data it would lose: the plan that loses it is shown, as plan shows it.
      aws.clearRecording();
      Cli.Result losing = Cli.exec("apply", "-f", withoutTable.toString(), "--env", "dev", "--auto-approve",
          "--endpoint-url", aws.endpoint().toString());
      assertThat(losing.exitCode()).as(losing.toString()).isEqualTo(1);
      assertThat(losing.stderr()).startsWith("Error: Cannot delete iceberg_table.curated.monthly_aggregates: ");
      assertThat(losing.stdout()).contains("  - iceberg_table.curated.monthly_aggregates\n      ! would lose data: ")
          .isEqualTo(Cli.exec("plan", "-f", withoutTable.toString(), "--env", "dev", "--endpoint-url",
              aws.endpoint().toString()).stdout());
      assertThat(aws.mutatingCount()).isZero();
    }
  }

  @EmulatorTest
  void aSavedPlanMadeByAnotherVersionIsRefusedNamingBothVersionsWhenItReadsOtherwise(Emulator emulator,
      @TempDir Path dir) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Path file = dir.resolve("dev.plan");
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--out", file.toString());
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      ObjectNode saved = (ObjectNode) JSON.readTree(file.toFile());
      ObjectNode section = (ObjectNode) saved.path("saved_plan");
      Instant madeAt = Instant.parse(section.path("created_at").asText());
      // As an older lakehouse saves it: that version fingerprinted the key otherwise than this one.
      section.put("lakehouse_version", "0.0.1");
      ((ObjectNode) section.path("fingerprints")).put("kms_key.lakehouse", "sha256:" + "0".repeat(64));
      Files.writeString(file, JSON.writeValueAsString(saved));
      aws.clearRecording();

      Cli.Result refused = Cli.exec("apply", file.toString(), "--endpoint-url", aws.endpoint().toString());

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.stderr()).isEqualTo("Error: Cannot apply plan " + file + ": the plan is stale: "
          + "kms_key.lakehouse changed since " + madeAt + ", or lakehouse reads or plans it otherwise since: the plan "
          + "was made by lakehouse 0.0.1, and this is lakehouse " + Versions.LAKEHOUSE + "; nothing was changed. Run "
          + "plan again\n");
      assertThat(aws.mutatingCount()).isZero();
    }
  }

  @EmulatorTest
  void aSavedPlanIsStaleOnceAResourceWithTheStacksTagsAppearsInTheAccount(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      Cli.Result apply = WalkingSkeletonIT.apply(aws);
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      Path file = dir.resolve("dev.plan");
      assertThat(WalkingSkeletonIT.plan(aws, "--out", file.toString()).exitCode()).isZero();
      Instant madeAt = Instant.parse(JSON.readTree(file.toFile()).path("saved_plan").path("created_at").asText());
      // Made since by someone else, with the stack's ownership tags: the plan would now delete it.
      String extra = "acme-dev-extra-" + emulator.accountId();
      read.s3().createBucket(b -> b.bucket(extra));
      read.s3().putBucketTagging(b -> b.bucket(extra).tagging(t -> t.tagSet(Tag.builder().key("lakehouse:project")
          .value("acme").build(), Tag.builder().key("lakehouse:env").value("dev").build())));
      aws.clearRecording();

      Cli.Result stale = Cli.exec("apply", file.toString(), "--endpoint-url", aws.endpoint().toString());

      assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(1);
      assertThat(stale.stderr()).isEqualTo("Error: Cannot apply plan " + file + ": the plan is stale: s3_bucket.extra "
          + "was found in the account since " + madeAt + " (it carries the stack's ownership tags and the config does "
          + "not declare it, so the plan would now delete it); nothing was changed. Run plan again\n");
      assertThat(aws.mutatingCount()).isZero();
      assertThat(read.s3().listBuckets().buckets()).extracting(Bucket::name).contains(extra);
    }
  }

  @EmulatorTest
  void aSavedPlanThatTheAccountNowRefusesIsStaleNotAChangedConfig(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      String table = "iceberg_table.processed.customer_events";
      Cli.Result apply = WalkingSkeletonIT.apply(aws, "--target", table);
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      String bucket = "acme-dev-processed-" + emulator.accountId();
      read.glue().deleteTable(b -> b.databaseName("acme_dev_processed").name("customer_events"));
      read.s3().listObjectsV2(b -> b.bucket(bucket).prefix("customer_events/")).contents()
          .forEach(object -> read.s3().deleteObject(b -> b.bucket(bucket).key(object.key())));
      Path file = dir.resolve("dev.plan");
      assertThat(WalkingSkeletonIT.plan(aws, "--target", table, "--out", file.toString()).exitCode()).isZero();
      Instant madeAt = Instant.parse(JSON.readTree(file.toFile()).path("saved_plan").path("created_at").asText());
      // A pipeline has written a table's metadata where the plan creates one; the config has not changed.
      String metadata = "s3://" + bucket + "/customer_events/metadata/00001-0a1b.metadata.json";
      read.s3().putObject(b -> b.bucket(bucket).key("customer_events/metadata/00001-0a1b.metadata.json"),
          RequestBody.fromString("{}"));
      aws.clearRecording();

      Cli.Result refused = Cli.exec("apply", file.toString(), "--endpoint-url", aws.endpoint().toString());

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.stderr()).startsWith("Error: Cannot apply plan " + file + ": the plan is stale: what the "
          + "account holds around " + table + " has changed since " + madeAt + ", and " + table + " can no longer be "
          + "made as planned: its location holds the metadata of an earlier table (" + metadata + " among others)")
          .endsWith("; nothing was changed. Run plan again\n");
      assertThat(aws.mutatingCount()).isZero();
    }
  }

  @EmulatorTest
  void aSavedPlanWhoseTargetTheConfigHasDroppedIsRefusedAsAChangedConfig(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Path file = dir.resolve("dev.plan");
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--target", "iceberg_table.curated.monthly_aggregates", "--out",
          file.toString());
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      Path withoutTable = withoutTable(dir);
      aws.clearRecording();

      Cli.Result refused = Cli.exec("apply", file.toString(), "-f", withoutTable.toString(), "--endpoint-url",
          aws.endpoint().toString());

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.stderr()).isEqualTo("Error: Cannot apply plan " + file + ": the config has changed since the "
          + "plan was made (its target iceberg_table.curated.monthly_aggregates is no longer in the stack); nothing "
          + "was changed. Run plan again\n");
      assertThat(aws.mutatingCount()).isZero();
    }
  }

  @EmulatorTest
  void aSavedPlanWhoseTargetTheAccountNoLongerHoldsSaysSoNotThatTheConfigChanged(Emulator emulator,
      @TempDir Path dir) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      Cli.Result apply = WalkingSkeletonIT.apply(aws, "--target", "s3_bucket.raw");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      String extra = "acme-dev-extra-" + emulator.accountId();
      read.s3().createBucket(b -> b.bucket(extra));
      read.s3().putBucketTagging(b -> b.bucket(extra).tagging(t -> t.tagSet(Tag.builder().key("lakehouse:project")
          .value("acme").build(), Tag.builder().key("lakehouse:env").value("dev").build())));
      Path file = dir.resolve("dev.plan");
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--target", "s3_bucket.extra", "--out", file.toString());
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      Instant madeAt = Instant.parse(JSON.readTree(file.toFile()).path("saved_plan").path("created_at").asText());
      read.s3().deleteBucket(b -> b.bucket(extra));
      aws.clearRecording();

      Cli.Result refused = Cli.exec("apply", file.toString(), "--endpoint-url", aws.endpoint().toString());

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.stderr()).isEqualTo("Error: Cannot apply plan " + file + ": its target s3_bucket.extra is no "
          + "longer in the stack: the config does not declare it, and the account no longer holds it with the stack's "
          + "ownership tags (it held it when the plan was made, at " + madeAt + "); nothing was changed. Run plan "
          + "again\n");
      assertThat(aws.mutatingCount()).isZero();
    }
  }

  @EmulatorTest
  void aSavedPlanIsAppliedInTheRegionItWasMadeFor(Emulator emulator, @TempDir Path dir) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      Path file = dir.resolve("dev.plan");
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--region", "us-west-2", "--target", "s3_bucket.raw", "--out",
          file.toString());
      assertThat(plan.exitCode()).as(plan.toString()).isZero();

      Cli.Result apply = Cli.exec("apply", file.toString(), "--endpoint-url", aws.endpoint().toString());

      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      String raw = "acme-dev-raw-" + emulator.accountId();
      assertThat(read.s3().getBucketLocation(b -> b.bucket(raw)).locationConstraintAsString()).isEqualTo("us-west-2");
    }
  }

  @EmulatorTest
  void applyAndDestroyWithJsonReportTheirResultAlsoWhenThereIsNothingToChange(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result nothingToDestroy = destroy(aws, "--json");
      assertThat(nothingToDestroy.exitCode()).as(nothingToDestroy.toString()).isZero();
      assertThat(WalkingSkeletonIT.apply(aws).exitCode()).isZero();
      Path file = dir.resolve("dev.plan");
      assertThat(WalkingSkeletonIT.plan(aws, "--out", file.toString()).exitCode()).isZero();
      Cli.Result again = WalkingSkeletonIT.apply(aws, "--json");
      Cli.Result saved = Cli.exec("apply", file.toString(), "--endpoint-url", aws.endpoint().toString(), "--json");

      for (Cli.Result unchanged : List.of(nothingToDestroy, again, saved)) {
        assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
        JsonNode document = JSON.readTree(unchanged.stdout());
        assertThat(document.path("has_changes").asBoolean()).isFalse();
        assertThat(document.path("result").toString())
            .isEqualTo("{\"status\":\"applied\",\"done\":[],\"failed\":[],\"skipped\":[],"
                + "\"scheduled_for_deletion\":[]}");
      }
    }
  }

  @EmulatorTest
  void targetsPullInWhatTheyNeedAndAnUnknownAddressIsCorrected(Emulator emulator) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--target", "s3_bucket.raw", "--json");
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      assertThat(JSON.readTree(plan.stdout()).path("changes")).extracting(c -> c.path("address").asText())
          .containsExactly("kms_key.lakehouse", "s3_bucket.raw");

      Cli.Result apply = WalkingSkeletonIT.apply(aws, "--target", "s3_bucket.raw");
      assertThat(apply.stdout()).contains("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
      Cli.Result again = WalkingSkeletonIT.apply(aws, "--target", "s3_bucket.raw");
      assertThat(again.stdout()).as("the rest of the stack is not there").isEqualTo("No changes. s3_bucket.raw and "
          + "what it needs in acme/dev in account " + emulator.accountId() + " (us-east-1) match the configuration (2 "
          + "resources checked); the rest of the stack was not checked (run without --target to check it all).\n"
          + "Plan: 0 to add, 0 to change, 0 to destroy.\n");

      Cli.Result typo = WalkingSkeletonIT.plan(aws, "--target", "s3_bucket.rw");
      assertThat(typo.exitCode()).isEqualTo(1);
      assertThat(typo.stderr()).isEqualTo("Error: Cannot target s3_bucket.rw: the stack has no resource at that "
          + "address; did you mean 's3_bucket.raw'? (see the addresses in `lakehouse plan`)\n");
    }
  }

  @EmulatorTest
  void destroyKeepsDataUnlessAllowedSchedulesTheKeyAndLeavesWhatIsNotTheStacks(Emulator emulator) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      assertThat(WalkingSkeletonIT.apply(aws).exitCode()).isZero();
      String raw = "acme-dev-raw-" + emulator.accountId();
      S3Client s3 = read.s3();
      // The stack's TLS-only bucket policy denies the test's plain-HTTP write, as moto enforces it: lift it first.
      s3.deleteBucketPolicy(b -> b.bucket(raw));
      s3.putObject(b -> b.bucket(raw).key("events/1.json"), RequestBody.fromString("{}"));
      s3.createBucket(b -> b.bucket("acme-dev-someone-elses"));
      String results = "acme-dev-athena-results-" + emulator.accountId();
      s3.deleteBucketPolicy(b -> b.bucket(results));
      s3.createMultipartUpload(b -> b.bucket(results).key("exports/big.csv"));

      Cli.Result prod = Cli.exec("destroy", "-f", Cli.CANONICAL.toString(), "--env", "prod", "--auto-approve",
          "--endpoint-url", aws.endpoint().toString());
      assertThat(prod.stderr()).isEqualTo("Error: Cannot destroy acme/prod: environment 'prod' has "
          + "deletionProtection; nothing was changed. To destroy it, set environments.prod.deletionProtection: false "
          + "in " + Cli.CANONICAL + " first\n");

      Cli.Result keeping = destroy(aws);
      assertThat(keeping.exitCode()).as(keeping.toString()).isZero();
      assertThat(keeping.stdout())
          .contains("# s3_bucket.athena_results: bucket " + results + " holds the parts of an unfinished multipart "
              + "upload (exports/big.csv, begun ")
          .contains("# s3_bucket.raw: bucket " + raw + " holds objects; to allow it, pass --allow-data-loss "
              + "bucket-objects")
          .contains("# kms_key.lakehouse: KMS key alias/acme-lakehouse-dev encrypts the lakehouse's data")
          .contains("# iceberg_table.curated.monthly_aggregates: table acme_dev_curated.monthly_aggregates would be "
              + "dropped from the Glue catalog")
          .contains("deleting it also removes sns_subscription.data-platform@example.com: it is still pending "
              + "confirmation, and SNS deletes pending subscriptions with their topic")
          .contains("Destroy complete! Resources: ");
      // The zone buckets hold the tables' files, and the tables are kept; the results bucket holds an upload.
      assertThat(buckets(s3)).contains(raw, "acme-dev-curated-" + emulator.accountId(), "acme-dev-someone-elses",
          results);

      // What is left is all kept: a destroy run again destroys nothing, and does not say nothing is left.
      Cli.Result keptOnly = destroy(aws);
      assertThat(keptOnly.exitCode()).as(keptOnly.toString()).isZero();
      assertThat(keptOnly.stdout()).startsWith("No changes. Nothing of acme/dev in account " + emulator.accountId()
          + " (us-east-1) is destroyed: what is left of it is kept, as listed below.\nKept (not destroyed):\n")
          .contains("# s3_bucket.raw: bucket " + raw + " holds objects");

      // The zones' databases hold only the stack's tables, which the same run drops first: database-tables is not needed.
      Cli.Result all = destroy(aws, "--allow-data-loss", "bucket-objects,kms-key,dropped-tables");
      assertThat(all.exitCode()).as(all.toString()).isZero();
      assertThat(buckets(s3)).containsExactly("acme-dev-someone-elses");
      assertThat(read.glue().getDatabases(b -> { }).databaseList()).as("the zones' databases").isEmpty();
      KeyMetadata key = read.kms().listKeys().keys().stream()
          .map(k -> read.kms().describeKey(b -> b.keyId(k.keyId())).keyMetadata()).findFirst().orElseThrow();
      assertThat(key.keyState()).isEqualTo(KeyState.PENDING_DELETION);
      assertThat(key.deletionDate()).isAfter(Instant.now().plus(29, ChronoUnit.DAYS));

      Cli.Result nothing = destroy(aws);
      assertThat(nothing.stdout()).isEqualTo("No changes. Nothing of acme/dev in account " + emulator.accountId()
          + " (us-east-1) is left to destroy.\nPlan: 0 to add, 0 to change, 0 to destroy.\n");
    }
  }

  @EmulatorTest
  void aDestroyPlanIsWhatDestroyWouldDoAndItsSavedPlanIsCarriedOutExactlyOrRefused(Emulator emulator,
      @TempDir Path dir) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      String endpoint = aws.endpoint().toString();
      String stack = "acme/dev in account " + emulator.accountId() + " (us-east-1)";
      Path empty = dir.resolve("empty.plan");
      Cli.Result none = WalkingSkeletonIT.plan(aws, "--destroy", "--detailed-exitcode", "--out", empty.toString());
      assertThat(none.exitCode()).as(none.toString()).isZero();
      assertThat(none.stdout()).isEqualTo("No changes. Nothing of " + stack + " is left to destroy.\n"
          + "Plan: 0 to add, 0 to change, 0 to destroy.\n");
      Cli.Result noneApplied = Cli.exec("apply", empty.toString(), "--endpoint-url", endpoint);
      assertThat(noneApplied.exitCode()).as(noneApplied.toString()).isZero();
      assertThat(noneApplied.stdout()).isEqualTo(none.stdout());

      assertThat(WalkingSkeletonIT.apply(aws).exitCode()).isZero();
      Cli.Result prod = Cli.exec("plan", "--destroy", "-f", Cli.CANONICAL.toString(), "--env", "prod",
          "--endpoint-url", endpoint);
      assertThat(prod.exitCode()).isEqualTo(1);
      assertThat(prod.stderr()).isEqualTo("Error: Cannot destroy acme/prod: environment 'prod' has "
          + "deletionProtection; nothing was changed. To destroy it, set environments.prod.deletionProtection: false "
          + "in " + Cli.CANONICAL + " first\n");
      aws.clearRecording();

      Path file = dir.resolve("dev-destroy.plan");
      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--destroy", "--detailed-exitcode", "--out", file.toString());
      Cli.Result asked = Cli.exec("destroy", "-f", Cli.CANONICAL.toString(), "--env", "dev", "--endpoint-url",
          endpoint);
      Cli.Result json = WalkingSkeletonIT.plan(aws, "--destroy", "--json");

      assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
      assertThat(asked.stderr()).as("no terminal to ask on").contains("Cannot destroy without confirmation");
      assertThat(plan.stdout()).isEqualTo(asked.stdout()).startsWith("Destroy plan for " + stack + ":\n")
          .contains("  - s3_bucket.raw\n", "Kept (not destroyed):\n");
      assertThat(plan.stderr()).contains("Saved the destroy plan to " + file + "; `lakehouse apply " + file
          + "` carries out that destroy.\n");
      JsonNode document = JSON.readTree(json.stdout());
      JsonNode saved = JSON.readTree(file.toFile());
      assertThat(document.path("operation").asText()).isEqualTo("destroy");
      assertThat(document.has("result")).isFalse();
      assertThat(document.path("changes")).isNotEmpty().allMatch(c -> c.path("action").asText().equals("delete"));
      assertThat(saved.path("operation")).isEqualTo(document.path("operation"));
      assertThat(saved.path("changes")).isEqualTo(document.path("changes"));
      assertThat(saved.path("kept")).isEqualTo(document.path("kept")).isNotEmpty();
      assertThat(aws.mutatingCount()).isZero();

      // An object written since into a bucket the plan deletes: destroy would now keep the bucket.
      String raw = "acme-dev-raw-" + emulator.accountId();
      S3Client s3 = read.s3();
      String policy = s3.getBucketPolicy(b -> b.bucket(raw)).policy();
      s3.deleteBucketPolicy(b -> b.bucket(raw));
      s3.putObject(b -> b.bucket(raw).key("events/1.json"), RequestBody.fromString("{}"));
      s3.putBucketPolicy(b -> b.bucket(raw).policy(policy));
      aws.clearRecording();
      Cli.Result stale = Cli.exec("apply", file.toString(), "--endpoint-url", endpoint);
      assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(1);
      assertThat(stale.stderr()).isEqualTo("Error: Cannot apply plan " + file + ": the plan is stale: s3_bucket.raw "
          + "would now be kept (bucket " + raw + " holds objects), where the plan deletes it; nothing was changed. Run "
          + "plan --destroy --out " + file + " again, with --allow-data-loss bucket-objects to delete it\n");
      assertThat(aws.mutatingCount()).isZero();

      s3.listObjectVersions(b -> b.bucket(raw)).versions().forEach(version -> s3.deleteObject(b -> b.bucket(raw)
          .key(version.key()).versionId(version.versionId())));
      Cli.Result destroyed = Cli.exec("apply", file.toString(), "--endpoint-url", endpoint, "--json");
      assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
      JsonNode result = JSON.readTree(destroyed.stdout());
      assertThat(result.path("operation").asText()).isEqualTo("destroy");
      List<String> planned = new java.util.ArrayList<>();
      document.path("changes").forEach(change -> planned.add(change.path("address").asText()));
      assertThat(result.path("result").path("done")).extracting(JsonNode::asText)
          .containsExactlyInAnyOrderElementsOf(planned);
      assertThat(buckets(s3)).doesNotContain(raw).contains("acme-dev-curated-" + emulator.accountId());

      Cli.Result after = WalkingSkeletonIT.plan(aws, "--destroy", "--detailed-exitcode");
      assertThat(after.exitCode()).as(after.toString()).isZero();
      assertThat(after.stdout()).startsWith("No changes. Nothing of " + stack + " is destroyed: what is left of it "
          + "is kept, as listed below.\n");
    }
  }

  @EmulatorTest
  void anExistingResourceWithoutTheOwnershipTagsIsAdoptedOnlyWhenAsked(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      String curated = "acme-dev-curated-" + emulator.accountId();
      S3Client s3 = read.s3();
      s3.createBucket(b -> b.bucket(curated));
      s3.putBucketTagging(b -> b.bucket(curated).tagging(t -> t.tagSet(Tag.builder().key("Owner").value("bi-team")
          .build())));

      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--no-color");
      assertThat(plan.stdout()).contains("  <= s3_bucket.curated\n")
          .contains("# exists, but without this stack's ownership tags: apply --adopt (or adopt: true in the config) "
              + "takes it over");
      JsonNode json = JSON.readTree(WalkingSkeletonIT.plan(aws, "--json").stdout());
      assertThat(json.path("summary").path("adopt").asInt()).isEqualTo(1);

      Cli.Result refused = WalkingSkeletonIT.apply(aws, "--no-color");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stderr()).isEqualTo("Error: Cannot adopt s3_bucket.curated: it already exists without this "
          + "stack's ownership tags (lakehouse:env=dev, lakehouse:project=acme); to take it over, pass --adopt or set "
          + "adopt: true on it in the config\n");
      assertThat(refused.stdout()).as("the plan the refusal is about").isEqualTo(plan.stdout());

      // A saved plan carries its options: the refusal says to make the plan again with --adopt.
      Path saved = dir.resolve("dev.plan");
      Cli.Result savedPlan = WalkingSkeletonIT.plan(aws, "--out", saved.toString());
      assertThat(savedPlan.exitCode()).isZero();
      assertThat(savedPlan.stderr()).contains("Saved the plan to " + saved + ", but `lakehouse apply " + saved
          + "` will refuse it: Cannot adopt s3_bucket.curated: it already exists without this stack's ownership tags "
          + "(lakehouse:env=dev, lakehouse:project=acme); to take it over, pass --adopt or set adopt: true on it in "
          + "the config. A saved plan carries the options it was made with: make the plan again with that option to "
          + "apply it\n");
      Cli.Result refusedSaved = Cli.exec("apply", saved.toString(), "--endpoint-url", aws.endpoint().toString());
      assertThat(refusedSaved.exitCode()).isEqualTo(1);
      assertThat(refusedSaved.stderr()).endsWith("to take it over, pass --adopt or set adopt: true on it in the config. "
          + saved + " was saved without it, and a saved plan carries the options it was made with: make the plan "
          + "again with that option (lakehouse plan --out " + saved + " ...), or change the config; nothing was "
          + "changed\n");
      assertThat(refusedSaved.calls().mutatingCalls()).isEmpty();

      Cli.Result adopted = WalkingSkeletonIT.apply(aws, "--adopt");
      assertThat(adopted.exitCode()).as(adopted.toString()).isZero();
      assertThat(s3.getBucketTagging(b -> b.bucket(curated)).tagSet().stream()
          .collect(Collectors.toMap(Tag::key, Tag::value)))
          .containsEntry("lakehouse:project", "acme").containsEntry("lakehouse:env", "dev");
      assertThat(WalkingSkeletonIT.plan(aws, "--detailed-exitcode").exitCode()).isZero();
    }
  }

  @EmulatorTest
  void driftIsShownApartFromThePlannedChangesInTextAndJson(Emulator emulator) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      assertThat(WalkingSkeletonIT.apply(aws).exitCode()).isZero();
      String raw = "acme-dev-raw-" + emulator.accountId();
      read.s3().putBucketVersioning(b -> b.bucket(raw).versioningConfiguration(v -> v.status("Suspended")));

      Cli.Result plan = WalkingSkeletonIT.plan(aws, "--no-color");
      assertThat(plan.stdout()).startsWith("Changed outside lakehouse (what AWS now holds otherwise than the last "
          + "apply left it, on resources the stack owns, where the config has not changed since):\n\n"
          + "  ~ s3_bucket.raw\n      versioning: \"Enabled\" -> \"Suspended\"\n");
      JsonNode json = JSON.readTree(WalkingSkeletonIT.plan(aws, "--json").stdout());
      assertThat(json.path("resource_drift").toString()).isEqualTo("[{\"address\":\"s3_bucket.raw\",\"type\":"
          + "\"s3_bucket\",\"name\":\"raw\",\"cause\":\"outside\",\"attributes\":[{\"path\":\"versioning\","
          + "\"config\":\"Enabled\",\"actual\":\"Suspended\",\"cause\":\"outside\"}]}]");
      assertThat(json.path("changes")).filteredOn(c -> c.path("action").asText().equals("update"))
          .extracting(c -> c.path("address").asText()).containsExactly("s3_bucket.raw");
    }
  }

  /**
   * The mark of the applied config tells a change made outside lakehouse from an edit of the
   * config, which is a planned change and no more, also attribute by attribute on a resource whose
   * config and AWS changed different attributes; where it cannot tell (both changed the same
   * attribute, a kind without tags, a resource without the mark), the plan says so.
   */
  @EmulatorTest
  void theMarkOfTheAppliedConfigTellsDriftFromConfigEdits(Emulator emulator, @TempDir Path dir) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      assertThat(WalkingSkeletonIT.apply(aws).exitCode()).isZero();
      String account = emulator.accountId();
      String raw = "acme-dev-raw-" + account;
      String processed = "acme-dev-processed-" + account;
      String results = "acme-dev-athena-results-" + account;
      String adhoc = "arn:aws:athena:" + emulator.region() + ":" + account + ":workgroup/acme-dev-adhoc";
      String resultsMark = bucketTags(read.s3(), results).get("lakehouse:applied");
      assertThat(resultsMark).matches("[0-9a-f]{16} CostCenter Owner");
      assertThat(workgroupTags(read, adhoc)).containsKey("lakehouse:applied");

      Path config = dir.resolve("lakehouse.yaml");
      Files.writeString(config, Files.readString(Cli.CANONICAL)
          .replace("resultsExpirationDays: 30", "resultsExpirationDays: 45")
          .replace("bytesScannedCutoffPerQuery: 100GB", "bytesScannedCutoffPerQuery: 200GB")
          .replace("enforceConfiguration: true", "enforceConfiguration: false"));
      // Outside lakehouse: the raw bucket (drift), the main workgroup (whose config changed another
      // attribute), the adhoc workgroup (whose config changed the same attribute), the Lake
      // Formation admins (a kind without tags), and the processed bucket, its mark taken off.
      read.s3().putBucketVersioning(b -> b.bucket(raw).versioningConfiguration(v -> v.status("Suspended")));
      read.athena().updateWorkGroup(b -> b.workGroup("acme-dev")
          .configurationUpdates(u -> u.publishCloudWatchMetricsEnabled(false)));
      read.athena().updateWorkGroup(b -> b.workGroup("acme-dev-adhoc")
          .configurationUpdates(u -> u.publishCloudWatchMetricsEnabled(true).bytesScannedCutoffPerQuery(50L << 30)));
      read.lakeFormation().putDataLakeSettings(b -> b.dataLakeSettings(d -> d.dataLakeAdmins(List.of())));
      Map<String, String> unmarked = new TreeMap<>(bucketTags(read.s3(), processed));
      unmarked.remove("lakehouse:applied");
      read.s3().putBucketTagging(b -> b.bucket(processed).tagging(t -> t.tagSet(unmarked.entrySet().stream()
          .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
      read.s3().putBucketVersioning(b -> b.bucket(processed).versioningConfiguration(v -> v.status("Suspended")));

      String[] edited = {"-f", config.toString(), "--env", "dev", "--endpoint-url", aws.endpoint().toString()};
      Cli.Result plan = Cli.exec(concat(new String[] {"plan", "--no-color"}, edited));
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      String out = plan.stdout();
      assertThat(out).startsWith("Changed outside lakehouse (what AWS now holds otherwise than the last apply left "
          + "it, on resources the stack owns, where the config has not changed since):\n\n");
      String outside = out.substring(0, out.indexOf("Differs from the config"));
      assertThat(outside).contains("  ~ s3_bucket.raw\n      versioning: \"Enabled\" -> \"Suspended\"\n\n",
          "  ~ athena_workgroup.acme-dev\n      publishCloudWatchMetrics: true -> false\n\n")
          .doesNotContain("enforceConfiguration", "adhoc", "athena_results");
      String unknown = out.substring(out.indexOf("Differs from the config"), out.indexOf("Plan for acme/dev"));
      assertThat(unknown).startsWith("Differs from the config (resources the stack owns that AWS holds otherwise than "
          + "the config sets them: changed outside lakehouse, or in the config since their last apply, which "
          + "lakehouse cannot tell for these):\n\n");
      assertThat(unknown).contains("  ~ s3_bucket.processed\n", "  ~ lakeformation_settings.account\n",
          "  ~ athena_workgroup.acme-dev-adhoc\n      publishCloudWatchMetrics: false -> true\n"
              + "      bytesScannedCutoffPerQuery: 214748364800 -> 53687091200\n")
          .doesNotContain("athena_results", "s3_bucket.raw", "athena_workgroup.acme-dev\n");
      assertThat(out.substring(out.indexOf("Plan for acme/dev"))).contains(
          "  ~ s3_bucket.athena_results\n      ~ lifecycle[expire-query-results].expirationDays: 30 -> 45\n",
          "Plan: 0 to add, 6 to change, 0 to destroy.");

      JsonNode json = JSON.readTree(Cli.exec(concat(new String[] {"plan", "--json"}, edited)).stdout());
      Map<String, String> causes = new TreeMap<>();
      Map<String, String> attributeCauses = new TreeMap<>();
      json.path("resource_drift").forEach(d -> {
        causes.put(d.path("address").asText(), d.path("cause").asText());
        d.path("attributes").forEach(a -> attributeCauses.put(d.path("address").asText() + " " + a.path("path").asText(),
            a.path("cause").asText()));
      });
      assertThat(causes).containsExactlyEntriesOf(new TreeMap<>(Map.of(
          "s3_bucket.raw", "outside", "s3_bucket.athena_results", "config", "s3_bucket.processed", "unknown",
          "athena_workgroup.acme-dev", "outside", "athena_workgroup.acme-dev-adhoc", "unknown",
          "lakeformation_settings.account", "unknown")));
      assertThat(attributeCauses).containsEntry("athena_workgroup.acme-dev publishCloudWatchMetrics", "outside")
          .containsEntry("athena_workgroup.acme-dev enforceConfiguration", "config")
          .containsEntry("athena_workgroup.acme-dev-adhoc bytesScannedCutoffPerQuery", "unknown")
          .containsEntry("s3_bucket.athena_results lifecycle[expire-query-results].expirationDays", "config")
          .containsEntry("s3_bucket.raw versioning", "outside");
      assertThat(json.toString()).doesNotContain("lakehouse:applied");

      Cli.Result apply = Cli.exec(concat(new String[] {"apply", "--auto-approve"}, edited));
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      // Each resource written carries the mark of the config it was written with; the rest keep theirs.
      assertThat(bucketTags(read.s3(), results).get("lakehouse:applied")).matches("[0-9a-f]{16} CostCenter Owner").isNotEqualTo(resultsMark);
      assertThat(bucketTags(read.s3(), processed)).containsKey("lakehouse:applied");
      Cli.Result again = Cli.exec(concat(new String[] {"apply", "--auto-approve"}, edited));
      assertThat(again.exitCode()).isZero();
      assertThat(again.calls().mutatingCalls()).isEmpty();

      // With the config as applied, a change outside lakehouse to the adhoc workgroup is drift again.
      read.athena().updateWorkGroup(b -> b.workGroup("acme-dev-adhoc")
          .configurationUpdates(u -> u.publishCloudWatchMetricsEnabled(true)));
      assertThat(Cli.exec(concat(new String[] {"plan", "--no-color"}, edited)).stdout()).startsWith(
          "Changed outside lakehouse (what AWS now holds otherwise than the last apply left it, on resources the "
              + "stack owns, where the config has not changed since):\n\n  ~ athena_workgroup.acme-dev-adhoc\n"
              + "      publishCloudWatchMetrics: false -> true\n\nPlan for");
    }
  }

  @EmulatorTest
  void editsOfTwoRulesOfOneLifecycleAreToldApart(Emulator emulator, @TempDir Path dir) throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator); TestClients read = clients(aws, emulator)) {
      String canonical = Files.readString(Cli.CANONICAL);
      String rawRules = "        abortIncompleteMultipartUploadDays: 7\n    database:\n      name: ${project}_${env}_raw";
      assertThat(canonical).contains(rawRules);
      Path config = dir.resolve("lakehouse.yaml");
      Files.writeString(config, canonical.replace(rawRules, "        abortIncompleteMultipartUploadDays: 7\n"
          + "      - id: tmp\n        prefix: tmp/\n        expirationDays: 7\n    database:\n"
          + "      name: ${project}_${env}_raw"));
      String[] args = {"-f", config.toString(), "--env", "dev", "--endpoint-url", aws.endpoint().toString()};
      Cli.Result first = Cli.exec(concat(new String[] {"apply", "--auto-approve"}, args));
      assertThat(first.exitCode()).as(first.toString()).isZero();

      // The config edits one rule; by hand, the other is changed.
      Files.writeString(config, Files.readString(config)
          .replaceFirst("noncurrentVersionExpirationDays: 90", "noncurrentVersionExpirationDays: 120"));
      String raw = "acme-dev-raw-" + emulator.accountId();
      List<LifecycleRule> rules = read.s3().getBucketLifecycleConfiguration(b -> b.bucket(raw)).rules().stream()
          .map(rule -> rule.id().equals("tmp") ? rule.toBuilder().expiration(e -> e.days(14)).build() : rule).toList();
      read.s3().putBucketLifecycleConfiguration(b -> b.bucket(raw).lifecycleConfiguration(l -> l.rules(rules)));

      Cli.Result plan = Cli.exec(concat(new String[] {"plan", "--no-color"}, args));
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      String out = plan.stdout();
      assertThat(out.substring(0, out.indexOf("Plan for acme/dev"))).isEqualTo("Changed outside lakehouse (what AWS "
          + "now holds otherwise than the last apply left it, on resources the stack owns, where the config has not "
          + "changed since):\n\n  ~ s3_bucket.raw\n      lifecycle[tmp].expirationDays: 7 -> 14\n\n");
      assertThat(out.substring(out.indexOf("Plan for acme/dev"))).contains("  ~ s3_bucket.raw\n",
          "lifecycle[tier-down].noncurrentVersionExpirationDays: 90 -> 120", "lifecycle[tmp].expirationDays: 14 -> 7",
          "Plan: 0 to add, 1 to change, 0 to destroy.");
      JsonNode drift = JSON.readTree(Cli.exec(concat(new String[] {"plan", "--json"}, args)).stdout())
          .path("resource_drift");
      assertThat(drift).hasSize(1);
      assertThat(drift.get(0).path("cause").asText()).isEqualTo("outside");
      Map<String, String> causes = new TreeMap<>();
      drift.get(0).path("attributes").forEach(a -> causes.put(a.path("path").asText(), a.path("cause").asText()));
      assertThat(causes).containsExactlyEntriesOf(new TreeMap<>(Map.of(
          "lifecycle[tier-down].noncurrentVersionExpirationDays", "config",
          "lifecycle[tmp].expirationDays", "outside")));

      Cli.Result apply = Cli.exec(concat(new String[] {"apply", "--auto-approve"}, args));
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(read.s3().getBucketLifecycleConfiguration(b -> b.bucket(raw)).rules().stream()
          .collect(Collectors.toMap(LifecycleRule::id, r -> r.id().equals("tmp") ? r.expiration().days()
              : r.noncurrentVersionExpiration().noncurrentDays()))).isEqualTo(Map.of("tier-down", 120, "tmp", 7));
      assertThat(Cli.exec(concat(new String[] {"plan", "--detailed-exitcode"}, args)).exitCode()).isZero();

      // Two settings of one rule: the config edits its expiration, and by hand its prefix is changed.
      Files.writeString(config, Files.readString(config).replace("expirationDays: 7\n", "expirationDays: 10\n"));
      List<LifecycleRule> moved = read.s3().getBucketLifecycleConfiguration(b -> b.bucket(raw)).rules().stream()
          .map(rule -> rule.id().equals("tmp") ? rule.toBuilder().filter(f -> f.prefix("scratch/")).build() : rule)
          .toList();
      read.s3().putBucketLifecycleConfiguration(b -> b.bucket(raw).lifecycleConfiguration(l -> l.rules(moved)));
      JsonNode sameRule = JSON.readTree(Cli.exec(concat(new String[] {"plan", "--json"}, args)).stdout())
          .path("resource_drift");
      assertThat(sameRule).hasSize(1);
      assertThat(sameRule.get(0).path("cause").asText()).isEqualTo("outside");
      Map<String, String> settingCauses = new TreeMap<>();
      sameRule.get(0).path("attributes").forEach(a -> settingCauses.put(a.path("path").asText(),
          a.path("cause").asText()));
      assertThat(settingCauses).containsExactlyEntriesOf(new TreeMap<>(Map.of(
          "lifecycle[tmp].expirationDays", "config", "lifecycle[tmp].prefix", "outside")));
    }
  }

  private static Map<String, String> bucketTags(S3Client s3, String bucket) {
    return s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static Map<String, String> workgroupTags(TestClients read, String arn) {
    return read.athena().listTagsForResource(b -> b.resourceARN(arn)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  @Test
  void completionScriptsRegisterEveryCommand(@TempDir Path dir) throws Exception {
    for (String shell : List.of("bash", "zsh")) {
      Cli.Result completion = Cli.exec("completion", shell);
      assertThat(completion.exitCode()).isZero();
      Path script = dir.resolve("lakehouse." + shell);
      Files.writeString(script, completion.stdout());
      assertThat(completion.stdout()).contains("destroy", "completion", "--target", "--allow-data-loss");
      if (shell.equals("bash")) {
        Process bash = new ProcessBuilder("bash", "-c", "source " + script + " && complete -p lakehouse")
            .redirectErrorStream(true).start();
        String registered = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(registered).isZero();
        assertThat(registered).contains("-F _complete_lakehouse lakehouse");
      }
    }
  }

  @EmulatorTest
  void aPlanThatWouldDeleteInAProtectedEnvironmentShowsTheRefusalAndFailsUnsaved(Emulator emulator, @TempDir Path dir)
      throws Exception {
    try (AwsProxy aws = MotoGaps.proxy(emulator)) {
      String endpoint = aws.endpoint().toString();
      Cli.Result apply = Cli.exec("apply", "-f", Cli.CANONICAL.toString(), "--env", "prod", "--auto-approve",
          "--endpoint-url", endpoint);
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      Path saved = dir.resolve("prod.plan");
      aws.clearRecording();

      Cli.Result plan = Cli.exec("plan", "-f", withoutTable(dir).toString(), "--env", "prod", "--allow-data-loss",
          "dropped-tables", "--detailed-exitcode", "--out", saved.toString(), "--endpoint-url", endpoint);

      assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
      assertThat(plan.stdout()).contains("  - iceberg_table.curated.monthly_aggregates\n"
          + "      ! cannot apply: environment 'prod' has deletionProtection; the plan would remove it (to let it go, set "
          + "environments.prod.deletionProtection: false for the apply that removes it, and true again after)\n");
      assertThat(plan.stderr()).isEqualTo("Error: Cannot apply this plan: 1 change is refused (marked '! cannot "
          + "apply' above); it was not saved to " + saved + ". Do what each refusal says (most ask for a change to "
          + "the config or the environment's settings, some for a step in the account first), then plan again\n");
      assertThat(saved).doesNotExist();
      assertThat(aws.mutatingCount()).isZero();
    }
  }

  /** The canonical stack without its table curated.monthly_aggregates, written into dir. */
  private static Path withoutTable(Path dir) throws java.io.IOException {
    String canonical = Files.readString(Cli.CANONICAL);
    String table = canonical.substring(canonical.indexOf("  - name: curated.monthly_aggregates"),
        canonical.indexOf("\nathena:"));
    Path withoutTable = dir.resolve("lakehouse.yaml");
    Files.writeString(withoutTable, canonical.replace(table, ""));
    return withoutTable;
  }

  private static Cli.Result destroy(AwsProxy aws, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("destroy", "-f", Cli.CANONICAL.toString(), "--env", "dev",
        "--auto-approve", "--no-color", "--endpoint-url", aws.endpoint().toString()));
    args.addAll(List.of(extra));
    return Cli.exec(args.toArray(String[]::new));
  }

  private static List<String> buckets(S3Client s3) {
    return s3.listBuckets().buckets().stream().map(Bucket::name).sorted().toList();
  }

  private static TestClients clients(AwsProxy aws, Emulator emulator) {
    return TestClients.of(aws.endpoint(), emulator.region(), emulator.credentials());
  }
}
