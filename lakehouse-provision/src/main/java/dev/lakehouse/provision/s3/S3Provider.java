package dev.lakehouse.provision.s3;

import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AthenaConfig;
import dev.lakehouse.config.model.KmsKeyConfig;
import dev.lakehouse.config.model.ZoneConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.NamePrefixes;
import dev.lakehouse.provision.ZoneNames;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The zone buckets ({@code s3_bucket.<zone>}) and the Athena results bucket ({@code s3_bucket.athena_results}),
 * and the buckets the stack made that the config no longer declares (found by the stack's ownership
 * tags), which plans delete: addressed as they were when their zone (told by their name, see
 * {@link ZoneNames}) or their being the results bucket (its expiry rule) can be told and the config
 * does not use that address, {@code s3_bucket.<bucket name>} otherwise.
 */
public final class S3Provider implements ResourceProvider {
  static final String RESULTS_RULE_ID = "expire-query-results";

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    S3BucketResource type = type(context);
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

  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    Stack stack = context.stack();
    Map<String, String> zoneBuckets = new LinkedHashMap<>();
    stack.config().zones().forEach((zone, config) -> zoneBuckets.put(zone, config.bucket()));
    Set<String> declaredNames = new HashSet<>(zoneBuckets.values());
    AthenaConfig athena = stack.config().athena();
    if (athena != null && athena.resultsBucket() != null) {
      declaredNames.add(athena.resultsBucket());
    }
    S3BucketResource type = type(context);
    Set<Address> taken = new HashSet<>(declared);
    List<Discovered<?>> found = new ArrayList<>();
    // Only buckets named as the stack's others begin have their tags read.
    String prefix = NamePrefixes.common(declaredNames);
    Predicate<String> skipped = name -> declaredNames.contains(name) || !name.startsWith(prefix);
    for (BucketSpec bucket : type.tagged(stack.ownershipTags(), skipped)) {
      address(bucket, zoneBuckets, taken).ifPresent(address -> {
        taken.add(address);
        found.add(new Discovered<>(address, type, bucket, dependsOn(bucket)));
      });
    }
    return found;
  }

  private static S3BucketResource type(ProvisionContext context) {
    return new S3BucketResource(context.aws().s3(), context.stack().region(),
        context.overrides().allowedDataLoss().contains(DataRisk.BUCKET_OBJECTS));
  }

  /**
   * The address of a bucket the config no longer declares, none of those already {@code taken}:
   * the results bucket's, its zone's, or its name; empty when even that is taken (a zone named
   * like the bucket), and the bucket is left alone.
   */
  static Optional<Address> address(BucketSpec bucket, Map<String, String> zoneBuckets, Set<Address> taken) {
    List<Address> choices = new ArrayList<>();
    if (bucket.lifecycle().stream().anyMatch(rule -> RESULTS_RULE_ID.equals(rule.id()))) {
      // A results bucket is never a zone's, whatever its name looks like.
      choices.add(Addresses.resultsBucket());
    } else {
      ZoneNames.zoneOf(bucket.name(), zoneBuckets).ifPresent(zone -> choices.add(Addresses.zoneBucket(zone)));
    }
    choices.add(new Address(Addresses.S3_BUCKET, bucket.name()));
    return choices.stream().filter(address -> !taken.contains(address)).findFirst();
  }

  /**
   * A bucket encrypted with a KMS key needs the stack's key, whether or not the config still has
   * it: deleting the key while the bucket is kept would leave its objects unreadable.
   */
  static Set<Address> dependsOn(BucketSpec bucket) {
    return bucket.encryption() != null && "aws:kms".equals(bucket.encryption().algorithm())
        ? Set.of(Addresses.kmsKey()) : Set.of();
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
        List.of(),
        stack.tagsWith(Map.of()));
  }

  /** SSE-KMS with the stack's key and the S3 Bucket Key when there is a key; SSE-S3 otherwise. */
  private static BucketSpec.Encryption encryption(boolean withKey, Outputs outputs) {
    return withKey
        ? new BucketSpec.Encryption("aws:kms", outputs.get(Addresses.kmsKey(), "arn"), true)
        : new BucketSpec.Encryption("AES256", null, false);
  }
}
