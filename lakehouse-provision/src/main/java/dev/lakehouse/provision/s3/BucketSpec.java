package dev.lakehouse.provision.s3;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.provision.resource.TaggedSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything the stack manages on one S3 bucket, normalised so that the config's wish and
 * what S3 reports compare equal when they mean the same.
 *
 * @param versioning {@code Enabled} or {@code Suspended} (a bucket never versioned reads as Suspended)
 * @param encryption default encryption; null when the bucket has none
 * @param publicAccessBlock null when the bucket has none
 * @param objectOwnership the object ownership rule; null when the bucket has none
 * @param policy the bucket policy in canonical form; null for none
 * @param lifecycle the lifecycle rules sorted by id; empty for none
 * @param intelligentTiering the bucket's Intelligent-Tiering archive configurations sorted by id: the config's
 *     one, or none; read from a bucket, every one it holds, as the stack's bucket holds only the config's
 * @param tags the bucket's tags the stack manages: the config's keys and its own {@code lakehouse:} keys
 * @param otherTags the bucket's other tags (a cost tool's), never compared: kept only because
 *     PutBucketTagging replaces the whole set, so the stack's writes must send them back
 * @param lifecycleMinimumObjectSize read from a bucket, the smallest object its lifecycle rules transition
 *     ({@code TransitionDefaultMinimumObjectSize}), which the config does not set, never compared: kept only
 *     because PutBucketLifecycleConfiguration without it puts S3's default in its place, so a rewrite of the
 *     rules must send it back; null for S3's default or no rules
 */
public record BucketSpec(
    String name,
    String versioning,
    Encryption encryption,
    PublicAccessBlock publicAccessBlock,
    String objectOwnership,
    JsonNode policy,
    List<LifecycleRule> lifecycle,
    List<Tiering> intelligentTiering,
    Map<String, String> tags,
    @JsonIgnore Map<String, String> otherTags,
    @JsonIgnore String lifecycleMinimumObjectSize) implements TaggedSpec<BucketSpec> {

  public BucketSpec {
    lifecycle = List.copyOf(lifecycle);
    intelligentTiering = List.copyOf(intelligentTiering);
    tags = Map.copyOf(tags);
    otherTags = Map.copyOf(otherTags);
  }

  /** A bucket with no tags but those the stack manages, as the config wants one. */
  public BucketSpec(String name, String versioning, Encryption encryption, PublicAccessBlock publicAccessBlock,
      String objectOwnership, JsonNode policy, List<LifecycleRule> lifecycle, List<Tiering> intelligentTiering,
      Map<String, String> tags) {
    this(name, versioning, encryption, publicAccessBlock, objectOwnership, policy, lifecycle, intelligentTiering, tags,
        Map.of(), null);
  }

  /** Default encryption: {@code aws:kms} with a key (and the S3 Bucket Key), or {@code AES256}. */
  public record Encryption(String algorithm, String kmsKeyId, boolean bucketKey) {}

  public record PublicAccessBlock(
      boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy, boolean restrictPublicBuckets) {
    public static final PublicAccessBlock ALL = new PublicAccessBlock(true, true, true, true);
  }

  /**
   * One lifecycle rule; absent actions are null or empty.
   *
   * <p>The last four hold what S3 may hold on a rule and the config cannot set (the rules lakehouse
   * writes never have them): read from a bucket, a rule changed outside lakehouse in one of those
   * ways differs from the config's, so that plan shows it and apply writes the rule back.
   *
   * @param filterConditions the conditions of the rule's filter besides its prefix (object tags,
   *     object sizes), as {@code tag KEY=VALUE} and {@code objectSizeGreaterThan N}, sorted and
   *     joined by {@code ", "}; null for none
   * @param expirationDate the date on which the rule expires current objects; null for none
   * @param expiredObjectDeleteMarker true when the rule removes expired delete markers; null otherwise
   * @param newerNoncurrentVersions how many newer noncurrent versions the noncurrent expiration keeps; null for none
   */
  public record LifecycleRule(
      String id,
      String prefix,
      String status,
      List<Transition> transitions,
      Integer expirationDays,
      List<Transition> noncurrentVersionTransitions,
      Integer noncurrentVersionExpirationDays,
      Integer abortIncompleteMultipartUploadDays,
      String filterConditions,
      String expirationDate,
      Boolean expiredObjectDeleteMarker,
      Integer newerNoncurrentVersions) {
    public LifecycleRule {
      transitions = List.copyOf(transitions);
      noncurrentVersionTransitions = List.copyOf(noncurrentVersionTransitions);
    }

    /** A rule as the config writes one: none of what the config cannot set. */
    public LifecycleRule(String id, String prefix, String status, List<Transition> transitions, Integer expirationDays,
        List<Transition> noncurrentVersionTransitions, Integer noncurrentVersionExpirationDays,
        Integer abortIncompleteMultipartUploadDays) {
      this(id, prefix, status, transitions, expirationDays, noncurrentVersionTransitions,
          noncurrentVersionExpirationDays, abortIncompleteMultipartUploadDays, null, null, null, null);
    }
  }

  /**
   * One transition of a lifecycle rule. The last two hold what S3 may hold on a transition and the config
   * cannot set, so that a transition changed outside lakehouse in one of those ways differs from the config's.
   *
   * @param date read from a bucket, the date on which the transition moves objects (its days then 0); null for none
   * @param newerNoncurrentVersions read from a bucket, how many newer noncurrent versions a noncurrent version
   *     transition leaves where they are; null for none
   */
  public record Transition(int days, String storageClass, String date, Integer newerNoncurrentVersions) {

    /** A transition as the config writes one: after a number of days. */
    public Transition(int days, String storageClass) {
      this(days, storageClass, null, null);
    }
  }

  /**
   * An Intelligent-Tiering configuration with its archive tiers.
   *
   * @param filterTags read from a bucket, the object tags its filter requires besides the prefix,
   *     as {@code tag KEY=VALUE}, sorted and joined by {@code ", "}, which the config cannot set; null for none
   */
  public record Tiering(String id, String prefix, String status, Integer archiveAfterDays, Integer deepArchiveAfterDays,
      String filterTags) {

    /** A configuration as the config writes one: its filter is a prefix at most. */
    public Tiering(String id, String prefix, String status, Integer archiveAfterDays, Integer deepArchiveAfterDays) {
      this(id, prefix, status, archiveAfterDays, deepArchiveAfterDays, null);
    }
  }

  @Override
  public BucketSpec withTags(Map<String, String> tags) {
    return new BucketSpec(name, versioning, encryption, publicAccessBlock, objectOwnership, policy, lifecycle,
        intelligentTiering, tags, otherTags, lifecycleMinimumObjectSize);
  }
}
