package dev.lakehouse.provision.s3;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AthenaConfig;
import dev.lakehouse.config.model.KmsKeyConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The zone buckets ({@code s3_bucket.<zone>}) and the Athena results bucket ({@code s3_bucket.athena_results}). */
public final class S3Provider implements ResourceProvider {
  static final String RESULTS_RULE_ID = "expire-query-results";

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    AwsClients aws = context.aws();
    S3BucketResource type = new S3BucketResource(aws.s3(), stack.region());
    KmsKeyConfig key = stack.config().encryption().kmsKey();
    Set<Address> dependsOn = key == null ? Set.of() : Set.of(Addresses.kmsKey());
    List<Desired<?>> desired = new ArrayList<>();
    stack.config().zones().forEach((name, zone) -> desired.add(Desired.of(Addresses.zoneBucket(name), type, dependsOn,
        outputs -> zoneSpec(stack, zone, key != null, outputs)).adopting(zone.adopt())));
    AthenaConfig athena = stack.config().athena();
    if (athena != null && athena.resultsBucket() != null) {
      desired.add(Desired.of(Addresses.resultsBucket(), type, dependsOn,
          outputs -> resultsSpec(stack, athena, key != null, outputs)));
    }
    return desired;
  }

  static BucketSpec zoneSpec(Stack stack, ZoneConfig zone, boolean withKey, Outputs outputs) {
    return new BucketSpec(
        zone.bucket(),
        zone.versioning() ? "Enabled" : "Suspended",
        encryption(withKey, outputs),
        BucketSpec.PublicAccessBlock.ALL,
        "BucketOwnerEnforced",
        zone.denyInsecureTransport() ? BucketPolicies.denyInsecureTransport(stack.partition(), zone.bucket()) : null,
        BucketConverters.lifecycleFromConfig(zone.lifecycle()),
        BucketConverters.tieringFromConfig(zone.intelligentTiering()),
        stack.tagsWith(zone.tags()));
  }

  /**
   * The results bucket: versioned and encrypted like the zones, its query results expired
   * after {@code resultsExpirationDays} (their noncurrent versions a day later).
   */
  static BucketSpec resultsSpec(Stack stack, AthenaConfig athena, boolean withKey, Outputs outputs) {
    List<BucketSpec.LifecycleRule> lifecycle = athena.resultsExpirationDays() == null ? List.of()
        : List.of(new BucketSpec.LifecycleRule(RESULTS_RULE_ID, null, "Enabled", List.of(),
            athena.resultsExpirationDays(), List.of(), 1, 1));
    return new BucketSpec(
        athena.resultsBucket(),
        "Enabled",
        encryption(withKey, outputs),
        BucketSpec.PublicAccessBlock.ALL,
        "BucketOwnerEnforced",
        BucketPolicies.denyInsecureTransport(stack.partition(), athena.resultsBucket()),
        lifecycle,
        null,
        stack.tagsWith(Map.of()));
  }

  /** SSE-KMS with the stack's key and the S3 Bucket Key when there is a key; SSE-S3 otherwise. */
  private static BucketSpec.Encryption encryption(boolean withKey, Outputs outputs) {
    return withKey
        ? new BucketSpec.Encryption("aws:kms", outputs.get(Addresses.kmsKey(), "arn"), true)
        : new BucketSpec.Encryption("AES256", null, false);
  }
}
