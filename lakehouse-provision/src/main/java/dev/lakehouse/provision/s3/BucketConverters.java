package dev.lakehouse.provision.s3;

import dev.lakehouse.config.model.IntelligentTieringConfig;
import dev.lakehouse.config.model.LifecycleRuleConfig;
import dev.lakehouse.config.model.TransitionConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAccessTier;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringFilter;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.Tiering;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Pure conversions between the config, {@link BucketSpec} and the S3 API's shapes:
 * {@code expand...} builds what the API takes, {@code flatten...} reads what it returns.
 */
public final class BucketConverters {
  private BucketConverters() {}

  // Config -> spec

  public static List<BucketSpec.LifecycleRule> lifecycleFromConfig(List<LifecycleRuleConfig> rules) {
    List<BucketSpec.LifecycleRule> out = new ArrayList<>();
    for (LifecycleRuleConfig rule : rules) {
      out.add(new BucketSpec.LifecycleRule(
          rule.id(),
          emptyToNull(rule.prefix()),
          rule.enabled() ? "Enabled" : "Disabled",
          transitionsFromConfig(rule.transitions()),
          rule.expirationDays(),
          transitionsFromConfig(rule.noncurrentVersionTransitions()),
          rule.noncurrentVersionExpirationDays(),
          rule.abortIncompleteMultipartUploadDays(),
          null,
          null,
          rule.expiredObjectDeleteMarker() ? Boolean.TRUE : null,
          null));
    }
    return sortedById(out);
  }

  private static List<BucketSpec.Transition> transitionsFromConfig(List<TransitionConfig> transitions) {
    return transitions.stream()
        .map(t -> new BucketSpec.Transition(t.afterDays(), t.storageClass()))
        .sorted(Comparator.comparingInt(BucketSpec.Transition::days))
        .toList();
  }

  /** The configurations the bucket is to hold: the config's one, or none. */
  public static List<BucketSpec.Tiering> tieringFromConfig(IntelligentTieringConfig tiering) {
    if (tiering == null) {
      return List.of();
    }
    return List.of(new BucketSpec.Tiering(tiering.id(), emptyToNull(tiering.prefix()), "Enabled",
        tiering.archiveAfterDays(), tiering.deepArchiveAfterDays()));
  }

  // Spec -> API

  public static BucketLifecycleConfiguration expandLifecycle(List<BucketSpec.LifecycleRule> rules) {
    List<software.amazon.awssdk.services.s3.model.LifecycleRule> out = new ArrayList<>();
    for (BucketSpec.LifecycleRule rule : rules) {
      software.amazon.awssdk.services.s3.model.LifecycleRule.Builder b =
          software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
              .id(rule.id())
              .filter(LifecycleRuleFilter.builder().prefix(rule.prefix() == null ? "" : rule.prefix()).build())
              .status(ExpirationStatus.fromValue(rule.status()));
      if (!rule.transitions().isEmpty()) {
        b.transitions(rule.transitions().stream()
            .map(t -> Transition.builder().days(t.days()).storageClass(TransitionStorageClass.fromValue(t.storageClass())).build())
            .toList());
      }
      if (rule.expirationDays() != null) {
        b.expiration(LifecycleExpiration.builder().days(rule.expirationDays()).build());
      } else if (Boolean.TRUE.equals(rule.expiredObjectDeleteMarker())) {
        b.expiration(LifecycleExpiration.builder().expiredObjectDeleteMarker(true).build());
      }
      if (!rule.noncurrentVersionTransitions().isEmpty()) {
        b.noncurrentVersionTransitions(rule.noncurrentVersionTransitions().stream()
            .map(t -> NoncurrentVersionTransition.builder().noncurrentDays(t.days())
                .storageClass(TransitionStorageClass.fromValue(t.storageClass())).build())
            .toList());
      }
      if (rule.noncurrentVersionExpirationDays() != null) {
        b.noncurrentVersionExpiration(NoncurrentVersionExpiration.builder()
            .noncurrentDays(rule.noncurrentVersionExpirationDays()).build());
      }
      if (rule.abortIncompleteMultipartUploadDays() != null) {
        b.abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder()
            .daysAfterInitiation(rule.abortIncompleteMultipartUploadDays()).build());
      }
      out.add(b.build());
    }
    return BucketLifecycleConfiguration.builder().rules(out).build();
  }

  public static ServerSideEncryptionConfiguration expandEncryption(BucketSpec.Encryption encryption) {
    ServerSideEncryptionByDefault.Builder byDefault = ServerSideEncryptionByDefault.builder()
        .sseAlgorithm(ServerSideEncryption.fromValue(encryption.algorithm()));
    if (encryption.kmsKeyId() != null) {
      byDefault.kmsMasterKeyID(encryption.kmsKeyId());
    }
    return ServerSideEncryptionConfiguration.builder()
        .rules(ServerSideEncryptionRule.builder()
            .applyServerSideEncryptionByDefault(byDefault.build())
            .bucketKeyEnabled(encryption.bucketKey())
            .build())
        .build();
  }

  public static PublicAccessBlockConfiguration expandPublicAccessBlock(BucketSpec.PublicAccessBlock block) {
    return PublicAccessBlockConfiguration.builder()
        .blockPublicAcls(block.blockPublicAcls())
        .ignorePublicAcls(block.ignorePublicAcls())
        .blockPublicPolicy(block.blockPublicPolicy())
        .restrictPublicBuckets(block.restrictPublicBuckets())
        .build();
  }

  /**
   * The Intelligent-Tiering configuration as S3 defines it: tierings of ARCHIVE_ACCESS and
   * DEEP_ARCHIVE_ACCESS with their days, a prefix filter only when there is a prefix.
   */
  public static IntelligentTieringConfiguration expandTiering(BucketSpec.Tiering tiering) {
    List<Tiering> tierings = new ArrayList<>();
    if (tiering.archiveAfterDays() != null) {
      tierings.add(Tiering.builder().accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS)
          .days(tiering.archiveAfterDays()).build());
    }
    if (tiering.deepArchiveAfterDays() != null) {
      tierings.add(Tiering.builder().accessTier(IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS)
          .days(tiering.deepArchiveAfterDays()).build());
    }
    IntelligentTieringConfiguration.Builder b = IntelligentTieringConfiguration.builder()
        .id(tiering.id())
        .status(IntelligentTieringStatus.fromValue(tiering.status()))
        .tierings(tierings);
    if (tiering.prefix() != null) {
      b.filter(IntelligentTieringFilter.builder().prefix(tiering.prefix()).build());
    }
    return b.build();
  }

  public static Tagging expandTags(Map<String, String> tags) {
    return Tagging.builder()
        .tagSet(new TreeMap<>(tags).entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList())
        .build();
  }

  public static BucketVersioningStatus expandVersioning(String versioning) {
    return BucketVersioningStatus.fromValue(versioning);
  }

  // API -> spec

  public static List<BucketSpec.LifecycleRule> flattenLifecycle(
      List<software.amazon.awssdk.services.s3.model.LifecycleRule> rules) {
    List<BucketSpec.LifecycleRule> out = new ArrayList<>();
    for (software.amazon.awssdk.services.s3.model.LifecycleRule rule : rules) {
      LifecycleRuleFilter filter = rule.filter();
      String prefix = filter == null ? rule.prefix()
          : filter.prefix() != null ? filter.prefix()
          : filter.and() != null && filter.and().prefix() != null ? filter.and().prefix() : rule.prefix();
      LifecycleExpiration expiration = rule.expiration();
      NoncurrentVersionExpiration noncurrentExpiration = rule.noncurrentVersionExpiration();
      out.add(new BucketSpec.LifecycleRule(
          rule.id(),
          emptyToNull(prefix),
          rule.statusAsString(),
          rule.transitions().stream()
              .map(t -> new BucketSpec.Transition(t.days() == null ? 0 : t.days(), t.storageClassAsString(),
                  t.date() == null ? null : t.date().toString(), null))
              .sorted(Comparator.comparingInt(BucketSpec.Transition::days))
              .toList(),
          rule.expiration() == null ? null : rule.expiration().days(),
          rule.noncurrentVersionTransitions().stream()
              .map(t -> new BucketSpec.Transition(t.noncurrentDays() == null ? 0 : t.noncurrentDays(),
                  t.storageClassAsString(), null, t.newerNoncurrentVersions()))
              .sorted(Comparator.comparingInt(BucketSpec.Transition::days))
              .toList(),
          noncurrentExpiration == null ? null : noncurrentExpiration.noncurrentDays(),
          rule.abortIncompleteMultipartUpload() == null ? null
              : rule.abortIncompleteMultipartUpload().daysAfterInitiation(),
          filterConditions(filter),
          expiration == null || expiration.date() == null ? null : expiration.date().toString(),
          expiration != null && Boolean.TRUE.equals(expiration.expiredObjectDeleteMarker()) ? Boolean.TRUE : null,
          noncurrentExpiration == null ? null : noncurrentExpiration.newerNoncurrentVersions()));
    }
    return sortedById(out);
  }

  /**
   * The conditions of a lifecycle rule's filter besides its prefix, in a form plans show
   * ({@code objectSizeGreaterThan 1024, tag archive=yes}); null for a filter of a prefix alone.
   */
  static String filterConditions(LifecycleRuleFilter filter) {
    if (filter == null) {
      return null;
    }
    List<String> conditions = new ArrayList<>();
    if (filter.tag() != null) {
      conditions.add(tagCondition(filter.tag()));
    }
    sizeConditions(conditions, filter.objectSizeGreaterThan(), filter.objectSizeLessThan());
    LifecycleRuleAndOperator and = filter.and();
    if (and != null) {
      and.tags().forEach(tag -> conditions.add(tagCondition(tag)));
      sizeConditions(conditions, and.objectSizeGreaterThan(), and.objectSizeLessThan());
    }
    return conditions.isEmpty() ? null : String.join(", ", conditions.stream().sorted().toList());
  }

  private static String tagCondition(Tag tag) {
    return "tag " + tag.key() + "=" + tag.value();
  }

  private static void sizeConditions(List<String> conditions, Long greaterThan, Long lessThan) {
    if (greaterThan != null) {
      conditions.add("objectSizeGreaterThan " + greaterThan);
    }
    if (lessThan != null) {
      conditions.add("objectSizeLessThan " + lessThan);
    }
  }

  /** The default encryption rule; null when there is none. */
  public static BucketSpec.Encryption flattenEncryption(ServerSideEncryptionConfiguration configuration) {
    if (configuration == null || configuration.rules().isEmpty()) {
      return null;
    }
    ServerSideEncryptionRule rule = configuration.rules().get(0);
    ServerSideEncryptionByDefault byDefault = rule.applyServerSideEncryptionByDefault();
    if (byDefault == null) {
      return null;
    }
    String algorithm = byDefault.sseAlgorithmAsString();
    return new BucketSpec.Encryption(algorithm, emptyToNull(byDefault.kmsMasterKeyID()),
        !"AES256".equals(algorithm) && Boolean.TRUE.equals(rule.bucketKeyEnabled()));
  }

  public static BucketSpec.PublicAccessBlock flattenPublicAccessBlock(PublicAccessBlockConfiguration block) {
    if (block == null) {
      return null;
    }
    return new BucketSpec.PublicAccessBlock(
        Boolean.TRUE.equals(block.blockPublicAcls()),
        Boolean.TRUE.equals(block.ignorePublicAcls()),
        Boolean.TRUE.equals(block.blockPublicPolicy()),
        Boolean.TRUE.equals(block.restrictPublicBuckets()));
  }

  /** The Intelligent-Tiering configuration; null when S3 returns none (or an empty one). */
  public static BucketSpec.Tiering flattenTiering(IntelligentTieringConfiguration configuration) {
    if (configuration == null || configuration.id() == null) {
      return null;
    }
    Integer archive = null;
    Integer deep = null;
    for (Tiering tiering : configuration.tierings()) {
      if (tiering.accessTier() == IntelligentTieringAccessTier.ARCHIVE_ACCESS) {
        archive = tiering.days();
      } else if (tiering.accessTier() == IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS) {
        deep = tiering.days();
      }
    }
    IntelligentTieringFilter filter = configuration.filter();
    String prefix = filter == null ? null
        : filter.prefix() != null ? filter.prefix()
        : filter.and() != null ? filter.and().prefix() : null;
    List<String> tags = new ArrayList<>();
    if (filter != null && filter.tag() != null) {
      tags.add(tagCondition(filter.tag()));
    }
    if (filter != null && filter.and() != null) {
      filter.and().tags().forEach(tag -> tags.add(tagCondition(tag)));
    }
    String filterTags = tags.isEmpty() ? null : String.join(", ", tags.stream().sorted().toList());
    return new BucketSpec.Tiering(configuration.id(), emptyToNull(prefix), configuration.statusAsString(),
        archive, deep, filterTags);
  }

  /** Every configuration S3 lists, sorted by id; those it returns empty are left out. */
  public static List<BucketSpec.Tiering> flattenTierings(List<IntelligentTieringConfiguration> configurations) {
    return configurations.stream().map(BucketConverters::flattenTiering).filter(Objects::nonNull)
        .sorted(Comparator.comparing(BucketSpec.Tiering::id)).toList();
  }

  /** {@code Enabled} or {@code Suspended}; a bucket that was never versioned counts as suspended. */
  public static String flattenVersioning(BucketVersioningStatus status) {
    return status == BucketVersioningStatus.ENABLED ? "Enabled" : "Suspended";
  }

  public static Map<String, String> flattenTags(List<Tag> tags) {
    Map<String, String> out = new TreeMap<>();
    tags.forEach(tag -> out.put(tag.key(), tag.value()));
    return out;
  }

  private static List<BucketSpec.LifecycleRule> sortedById(List<BucketSpec.LifecycleRule> rules) {
    return rules.stream().sorted(Comparator.comparing(r -> r.id() == null ? "" : r.id())).toList();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
