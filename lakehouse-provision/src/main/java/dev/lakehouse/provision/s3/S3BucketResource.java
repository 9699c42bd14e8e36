package dev.lakehouse.provision.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.AttributeDiff;
import dev.lakehouse.provision.engine.Specs;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.AttributeWrites;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.ListBucketIntelligentTieringConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 bucket with its versioning, default encryption, public access block, object
 * ownership, policy, lifecycle rules, Intelligent-Tiering archive configuration and tags.
 */
public final class S3BucketResource implements ResourceType<BucketSpec> {
  /**
   * The most buckets one ListBuckets answers. Naming a page size makes the listing a paginated one,
   * which S3 requires of an account allowed more than 10,000 buckets: it refuses such an account an
   * unpaginated ListBuckets.
   */
  private static final int BUCKETS_PER_PAGE = 10_000;

  private final S3Client s3;
  private final String region;
  private final boolean emptyOnDelete;
  private final ConflictRetry retry;
  /** Whether the last look at each bucket's data ({@link #deletionRisk}) listed delete markers, for its note. */
  private final Map<String, Boolean> deleteMarkersListed = new ConcurrentHashMap<>();

  /** @param emptyOnDelete whether deleting a bucket deletes its objects too ({@code bucket-objects} allowed) */
  public S3BucketResource(S3Client s3, String region, boolean emptyOnDelete) {
    this(s3, region, emptyOnDelete, ConflictRetry.DEFAULT);
  }

  S3BucketResource(S3Client s3, String region, boolean emptyOnDelete, ConflictRetry retry) {
    this.s3 = s3;
    this.region = region;
    this.emptyOnDelete = emptyOnDelete;
    this.retry = retry;
  }

  /** A bucket holds the files of the tables located in it. */
  @Override
  public Optional<String> holdsFilesAt(BucketSpec observed) {
    return Optional.of("s3://" + observed.name() + "/");
  }

  @Override
  public String name() {
    return Addresses.S3_BUCKET;
  }

  /** Looks for the bucket, then reads its attributes side by side. */
  @Override
  public Optional<BucketSpec> read(BucketSpec desired) {
    if (!exists(desired.name())) {
      return Optional.empty();
    }
    return Optional.of(startReads(desired).get());
  }

  /**
   * Reads the attributes of a bucket just written side by side with the look for it, one round trip
   * in all: when it is not there after all, their answers (no such bucket) are dropped.
   */
  @Override
  public Optional<BucketSpec> readAfterWrite(BucketSpec desired) {
    Supplier<BucketSpec> attributes = startReads(desired);
    if (!exists(desired.name())) {
      return Optional.empty();
    }
    return Optional.of(attributes.get());
  }

  /** Starts reading every attribute of the bucket; the supplier gives them once read. */
  private Supplier<BucketSpec> startReads(BucketSpec desired) {
    String bucket = desired.name();
    Supplier<String> versioning = AttributeReads.start(() ->
        BucketConverters.flattenVersioning(s3.getBucketVersioning(b -> b.bucket(bucket)).status()));
    Supplier<BucketSpec.Encryption> encryption = AttributeReads.start(() -> absentAs(null,
        () -> BucketConverters.flattenEncryption(
            s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration()),
        "ServerSideEncryptionConfigurationNotFoundError"));
    Supplier<BucketSpec.PublicAccessBlock> publicAccessBlock = AttributeReads.start(() -> absentAs(null,
        () -> BucketConverters.flattenPublicAccessBlock(
            s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration()),
        "NoSuchPublicAccessBlockConfiguration"));
    Supplier<String> ownership = AttributeReads.start(() -> absentAs(null,
        () -> s3.getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls().rules()
            .stream().findFirst().map(OwnershipControlsRule::objectOwnershipAsString).orElse(null),
        "OwnershipControlsNotFoundError"));
    Supplier<JsonNode> policy = AttributeReads.start(() -> absentAs(null,
        () -> PolicyDocuments.parse(s3.getBucketPolicy(b -> b.bucket(bucket)).policy()),
        "NoSuchBucketPolicy"));
    Supplier<GetBucketLifecycleConfigurationResponse> lifecycle = AttributeReads.start(() -> absentAs(
        GetBucketLifecycleConfigurationResponse.builder().build(),
        () -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)), "NoSuchLifecycleConfiguration"));
    Supplier<List<BucketSpec.Tiering>> tiering = AttributeReads.start(() -> tierings(bucket));
    Supplier<Map<String, String>> tags = AttributeReads.start(() -> absentAs(Map.of(),
        () -> BucketConverters.flattenTags(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()),
        "NoSuchTagSet", "NoSuchTagSetError"));
    return () -> new BucketSpec(bucket, versioning.get(), encryption.get(), publicAccessBlock.get(),
        ownership.get(), policy.get(), BucketConverters.flattenLifecycle(lifecycle.get().rules()), tiering.get(),
        TagChanges.managed(tags.get(), desired.tags()), TagChanges.unmanaged(tags.get(), desired.tags()),
        lifecycle.get().transitionDefaultMinimumObjectSizeAsString());
  }

  /**
   * Every Intelligent-Tiering configuration of the bucket, page after page: the stack's bucket holds
   * the config's one only, so one under another id (an earlier {@code id}) is seen, and removed.
   */
  private List<BucketSpec.Tiering> tierings(String bucket) {
    List<IntelligentTieringConfiguration> found = new ArrayList<>();
    String token = null;
    do {
      String after = token;
      ListBucketIntelligentTieringConfigurationsResponse page =
          s3.listBucketIntelligentTieringConfigurations(b -> b.bucket(bucket).continuationToken(after));
      found.addAll(page.intelligentTieringConfigurationList());
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return BucketConverters.flattenTierings(found);
  }

  /**
   * Every bucket of the account in the stack's region that carries all of these tags, read in
   * full, but those whose names {@code known} accepts: they are neither read nor returned. One
   * listing, then the tags of each other bucket side by side; a bucket whose tags cannot be read
   * here (another region's, one these credentials may not use, one just deleted) is not the stack's.
   */
  List<BucketSpec> tagged(Map<String, String> wanted, Predicate<String> known) {
    List<String> names = new ArrayList<>();
    for (ListBucketsResponse page : s3.listBucketsPaginator(b -> b.bucketRegion(region).maxBuckets(BUCKETS_PER_PAGE))) {
      for (Bucket bucket : page.buckets()) {
        boolean elsewhere = bucket.bucketRegion() != null && !bucket.bucketRegion().equals(region);
        if (!elsewhere && !known.test(bucket.name())) {
          names.add(bucket.name());
        }
      }
    }
    List<Supplier<BucketSpec>> reads = AttributeReads.carrying(names, this::tagsIfReadable, wanted).keySet().stream()
        .map(name -> startReads(new BucketSpec(name, null, null, null, null, null, List.of(), List.of(), Map.of())))
        .toList();
    return reads.stream().map(Supplier::get).toList();
  }

  /** The bucket's tags; none for a bucket without any, or one this client cannot read them from. */
  private Map<String, String> tagsIfReadable(String bucket) {
    try {
      return BucketConverters.flattenTags(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet());
    } catch (S3Exception e) {
      if (AwsErrors.hasCode(e, "NoSuchTagSet", "NoSuchTagSetError", "NoSuchBucket")
          || e.statusCode() == 301 || e.statusCode() == 403) {
        return Map.of();
      }
      throw e;
    }
  }

  /** Whether the bucket exists and is this account's, in the stack's region. */
  private boolean exists(String bucket) {
    HeadBucketResponse head;
    try {
      head = s3.headBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      if (e.statusCode() == 403) {
        throw new AwsFailure("read", "S3 bucket", bucket, whyForbidden(bucket));
      }
      if (e.statusCode() == 301) {
        throw new AwsFailure("read", "S3 bucket", bucket, "the bucket exists in another region than the stack's ("
            + region + ")");
      }
      throw e;
    }
    if (head.bucketRegion() != null && !head.bucketRegion().equals(region)) {
      throw new AwsFailure("read", "S3 bucket", bucket, "the bucket is in region " + head.bucketRegion()
          + ", but the stack's region is " + region);
    }
    return true;
  }

  /**
   * Why HeadBucket answered 403 Forbidden: S3 answers so both for a bucket of another account (bucket
   * names are global) and for one of this account that the credentials lack {@code s3:ListBucket} on,
   * which HeadBucket asks for. The account's own listing of its buckets tells the two apart.
   */
  private String whyForbidden(String bucket) {
    boolean ours;
    try {
      ours = s3.listBucketsPaginator(b -> b.prefix(bucket)).buckets().stream().anyMatch(b -> b.name().equals(bucket));
    } catch (S3Exception e) {
      return "the bucket exists but these credentials cannot use it: either they lack s3:ListBucket on it, or it "
          + "belongs to another AWS account (bucket names are global), and the config must name another bucket";
    }
    return ours ? "the bucket is this account's, but the credentials in use lack s3:ListBucket on it: grant it"
        : "the bucket exists but is not among this account's buckets: bucket names are global, so it belongs to "
            + "another AWS account; choose another name";
  }

  private static <T> T absentAs(T absent, Supplier<T> read, String... notFoundCodes) {
    try {
      return read.get();
    } catch (S3Exception e) {
      if (AwsErrors.hasCode(e, notFoundCodes)) {
        return absent;
      }
      throw e;
    }
  }

  @Override
  public void create(BucketSpec desired) {
    s3.createBucket(b -> {
      b.bucket(desired.name());
      if (desired.objectOwnership() != null) {
        b.objectOwnership(ObjectOwnership.fromValue(desired.objectOwnership()));
      }
      if (!"us-east-1".equals(region)) {
        b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
      }
    });
    // What CreateBucket leaves: the rest is written only where the config wants something else.
    BucketSpec created = bare(desired);
    update(created, desired, differing(created, desired));
  }

  /** The bucket CreateBucket makes for the config, as far as it tells: its object ownership, nothing else. */
  private static BucketSpec bare(BucketSpec desired) {
    return new BucketSpec(desired.name(), "Suspended", null, null, desired.objectOwnership(), null, List.of(),
        List.of(), Map.of());
  }

  /** The attributes in which {@code desired} differs from {@code observed}, as the plan diffs them. */
  static Set<String> differing(BucketSpec observed, BucketSpec desired) {
    return AttributeDiff.changedAttributes(Specs.toJson(observed), Specs.toJson(desired));
  }

  /**
   * What the stack's create leaves when it is cut short before its tags are written: a bucket with
   * no tags and no objects, whose versioning, policy, lifecycle rules and Intelligent-Tiering are
   * each as CreateBucket leaves them or as the config wants them (the create writes them beside
   * the tags). Encryption, public access block and object ownership may be anything: new buckets
   * take them from AWS's defaults, which change over time.
   */
  @Override
  public boolean unfinished(BucketSpec observed, BucketSpec desired) {
    BucketSpec bare = bare(desired);
    return observed.tags().isEmpty() && observed.otherTags().isEmpty()
        && either(observed.versioning(), bare.versioning(), desired.versioning())
        && either(observed.policy(), bare.policy(), desired.policy())
        && either(observed.lifecycle(), bare.lifecycle(), desired.lifecycle())
        && either(observed.intelligentTiering(), bare.intelligentTiering(), desired.intelligentTiering())
        && deletionRisk(observed).isEmpty();
  }

  private static boolean either(Object observed, Object bare, Object desired) {
    return Objects.equals(observed, bare) || Objects.equals(observed, desired);
  }

  /**
   * Writes what changed side by side, the tags with the rest (a create cut short before they land
   * leaves a bucket the next apply still recognises: see {@link #unfinished}), each call retried
   * while S3 answers that another change to the bucket is in progress. The policy waits for the
   * public access block only when the block wanted lets public policies in, as removing
   * BlockPublicPolicy is what makes S3 accept a public policy; a policy S3 accepts under a block
   * that refuses public ones, it accepts at any time.
   */
  @Override
  public void update(BucketSpec observed, BucketSpec desired, Set<String> changed) {
    String bucket = desired.name();
    List<Runnable> settings = new ArrayList<>();
    if (changed.contains("tags")) {
      settings.add(() -> retry.run(() -> writeTags(bucket, observed, desired)));
    }
    boolean policyAfterBlock = changed.contains("publicAccessBlock") && changed.contains("policy")
        && (desired.publicAccessBlock() == null || !desired.publicAccessBlock().blockPublicPolicy());
    if (policyAfterBlock) {
      settings.add(() -> {
        retry.run(() -> writePublicAccessBlock(bucket, desired));
        retry.run(() -> writePolicy(bucket, desired));
      });
    } else {
      if (changed.contains("publicAccessBlock")) {
        settings.add(() -> retry.run(() -> writePublicAccessBlock(bucket, desired)));
      }
      if (changed.contains("policy")) {
        settings.add(() -> retry.run(() -> writePolicy(bucket, desired)));
      }
    }
    if (changed.contains("objectOwnership")) {
      settings.add(() -> retry.run(() -> writeOwnership(bucket, desired)));
    }
    if (changed.contains("encryption")) {
      settings.add(() -> retry.run(() -> writeEncryption(bucket, desired)));
    }
    if (changed.contains("versioning")) {
      settings.add(() -> retry.run(() -> s3.putBucketVersioning(b -> b.bucket(bucket)
          .versioningConfiguration(v -> v.status(BucketConverters.expandVersioning(desired.versioning()))))));
    }
    if (changed.contains("lifecycle")) {
      settings.add(() -> retry.run(() -> writeLifecycle(bucket, observed, desired)));
    }
    if (changed.contains("intelligentTiering")) {
      settings.add(() -> writeTiering(bucket, observed, desired));
    }
    AttributeWrites.all(settings);
  }

  /** PutBucketTagging replaces every tag: the bucket's tags the stack does not manage are sent back with its own. */
  private void writeTags(String bucket, BucketSpec observed, BucketSpec desired) {
    Map<String, String> tags = TagChanges.wholeSet(observed.otherTags(), desired.tags());
    if (tags.isEmpty()) {
      s3.deleteBucketTagging(b -> b.bucket(bucket));
    } else {
      s3.putBucketTagging(b -> b.bucket(bucket).tagging(BucketConverters.expandTags(tags)));
    }
  }

  private void writePublicAccessBlock(String bucket, BucketSpec desired) {
    if (desired.publicAccessBlock() == null) {
      s3.deletePublicAccessBlock(b -> b.bucket(bucket));
    } else {
      s3.putPublicAccessBlock(b -> b.bucket(bucket)
          .publicAccessBlockConfiguration(BucketConverters.expandPublicAccessBlock(desired.publicAccessBlock())));
    }
  }

  private void writePolicy(String bucket, BucketSpec desired) {
    if (desired.policy() == null) {
      s3.deleteBucketPolicy(b -> b.bucket(bucket));
    } else {
      s3.putBucketPolicy(b -> b.bucket(bucket).policy(PolicyDocuments.toJson(desired.policy())));
    }
  }

  private void writeOwnership(String bucket, BucketSpec desired) {
    if (desired.objectOwnership() == null) {
      s3.deleteBucketOwnershipControls(b -> b.bucket(bucket));
    } else {
      s3.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(OwnershipControls.builder()
          .rules(OwnershipControlsRule.builder().objectOwnership(desired.objectOwnership()).build()).build()));
    }
  }

  private void writeEncryption(String bucket, BucketSpec desired) {
    if (desired.encryption() == null) {
      s3.deleteBucketEncryption(b -> b.bucket(bucket));
    } else {
      s3.putBucketEncryption(b -> b.bucket(bucket)
          .serverSideEncryptionConfiguration(BucketConverters.expandEncryption(desired.encryption())));
    }
  }

  /**
   * Writes the rules with the smallest object the bucket's transitions move as it was read
   * ({@link BucketSpec#lifecycleMinimumObjectSize}): S3's default for a new bucket's rules, and
   * the bucket's own setting, chosen outside lakehouse or not, for rules rewritten.
   */
  private void writeLifecycle(String bucket, BucketSpec observed, BucketSpec desired) {
    if (desired.lifecycle().isEmpty()) {
      s3.deleteBucketLifecycle(b -> b.bucket(bucket));
    } else {
      s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
          .lifecycleConfiguration(BucketConverters.expandLifecycle(desired.lifecycle()))
          .transitionDefaultMinimumObjectSize(observed.lifecycleMinimumObjectSize()));
    }
  }

  /** Configurations under other ids are deleted before the stack's is written, when it differs. */
  private void writeTiering(String bucket, BucketSpec observed, BucketSpec desired) {
    Set<String> wanted = desired.intelligentTiering().stream().map(BucketSpec.Tiering::id).collect(Collectors.toSet());
    for (BucketSpec.Tiering before : observed.intelligentTiering()) {
      if (!wanted.contains(before.id())) {
        retry.run(() -> s3.deleteBucketIntelligentTieringConfiguration(b -> b.bucket(bucket).id(before.id())));
      }
    }
    for (BucketSpec.Tiering after : desired.intelligentTiering()) {
      if (!observed.intelligentTiering().contains(after)) {
        retry.run(() -> s3.putBucketIntelligentTieringConfiguration(b -> b.bucket(bucket).id(after.id())
            .intelligentTieringConfiguration(BucketConverters.expandTiering(after))));
      }
    }
  }

  /**
   * Deletes every object version and delete marker, and aborts every unfinished multipart upload,
   * then the bucket, when the user allowed losing its objects ({@code bucket-objects}). Otherwise
   * the bucket held no data when the run looked, and only the bucket is deleted, with the delete
   * markers of a versioned bucket's deleted objects when S3 refuses it for them (a delete marker
   * holds no data): what a writer put there since is kept rather than deleted unasked.
   */
  @Override
  public void delete(BucketSpec observed) {
    String bucket = observed.name();
    if (!emptyOnDelete) {
      try {
        deleteUnlessHoldingData(observed);
      } catch (S3Exception e) {
        if (AwsErrors.hasCode(e, "BucketNotEmpty")) {
          deleteObjectVersions(bucket, false);
          deleteUnlessHoldingData(observed);
          return;
        }
        throw e;
      }
      return;
    }
    deleteObjectVersions(bucket, true);
    for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
      } catch (NoSuchUploadException e) {
        // Completed or aborted meanwhile: a completed one is an object, which the bucket's delete finds.
      }
    }
    s3.deleteBucket(b -> b.bucket(bucket));
  }

  /**
   * Deletes the bucket; when S3 refuses it as not empty and the bucket holds data, refuses with
   * what it holds. S3's refusal is thrown on when the bucket holds delete markers only.
   */
  private void deleteUnlessHoldingData(BucketSpec observed) {
    try {
      s3.deleteBucket(b -> b.bucket(observed.name()));
    } catch (S3Exception e) {
      if (AwsErrors.hasCode(e, "BucketNotEmpty")) {
        deletionRisk(observed).ifPresent(risk -> {
          throw new AwsFailure("delete", "S3 bucket", observed.name(), risk.refusal());
        });
      }
      throw e;
    }
  }

  /** Deletes the bucket's delete markers, page after page, and its object versions too when {@code versions}. */
  private void deleteObjectVersions(String bucket, boolean versions) {
    for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket))) {
      List<ObjectIdentifier> doomed = new ArrayList<>();
      if (versions) {
        page.versions().forEach(v -> doomed.add(identifier(v.key(), v.versionId())));
      }
      page.deleteMarkers().forEach(m -> doomed.add(identifier(m.key(), m.versionId())));
      if (!doomed.isEmpty()) {
        DeleteObjectsResponse deleted =
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(doomed).quiet(true)));
        if (!deleted.errors().isEmpty()) {
          throw new AwsFailure("empty", "S3 bucket", bucket, "S3 did not delete " + deleted.errors().get(0).key()
              + ": " + deleted.errors().get(0).message());
        }
      }
    }
  }

  private static ObjectIdentifier identifier(String key, String versionId) {
    return ObjectIdentifier.builder().key(key).versionId(versionId).build();
  }

  /**
   * The bucket's objects, and in a versioned bucket the noncurrent versions of objects deleted or
   * overwritten, which S3 can still restore: both are data. Delete markers alone are not (they are
   * what deleting an object leaves), and go with the bucket. The listing is paged through until
   * a current object shows; a bucket with objects answers on its first page. Whether the pages
   * read listed delete markers is kept for {@link #deletionNotes}, which then lists nothing again.
   */
  @Override
  public Optional<DataRisk> deletionRisk(BucketSpec observed) {
    String bucket = observed.name();
    ObjectVersion noncurrent = null;
    boolean deleteMarkers = false;
    for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket))) {
      deleteMarkers |= !page.deleteMarkers().isEmpty();
      deleteMarkersListed.put(bucket, deleteMarkers);
      for (ObjectVersion version : page.versions()) {
        if (!Boolean.FALSE.equals(version.isLatest())) {
          return Optional.of(new DataRisk(DataRisk.BUCKET_OBJECTS, "bucket " + bucket + " holds objects"));
        }
        if (noncurrent == null) {
          noncurrent = version;
        }
      }
    }
    if (noncurrent != null) {
      return Optional.of(new DataRisk(DataRisk.BUCKET_OBJECTS, "bucket " + bucket + " holds no current objects, "
          + "but noncurrent versions of deleted or overwritten objects (" + noncurrent.key() + " among them), "
          + "which S3 can still restore"));
    }
    // The parts of an upload a writer has not finished are in no object listing, and go with the bucket.
    return s3.listMultipartUploads(b -> b.bucket(bucket).maxUploads(1)).uploads().stream().findFirst()
        .map(upload -> new DataRisk(DataRisk.BUCKET_OBJECTS, "bucket " + bucket + " holds the parts of an "
            + "unfinished multipart upload (" + upload.key() + ", begun " + upload.initiated() + ")"));
  }

  /**
   * Suspending versioning deletes nothing, but takes away what lets a deleted or overwritten
   * object be restored: the plan says so.
   */
  @Override
  public List<String> changeNotes(BucketSpec observed, BucketSpec desired) {
    if ("Enabled".equals(observed.versioning()) && "Suspended".equals(desired.versioning())) {
      return List.of("suspending versioning keeps the object versions the bucket holds, but an object overwritten "
          + "or deleted from then on leaves no earlier version to restore");
    }
    return List.of();
  }

  /**
   * Lifecycle rules that expire the bucket's objects, or their noncurrent versions, sooner than
   * the rules it holds: S3 deletes what is already older than the new age, within a day or so, and
   * nothing brings it back. None for a bucket without object versions to expire.
   */
  @Override
  public Optional<DataRisk> updateRisk(BucketSpec observed, BucketSpec desired) {
    List<String> sooner = expiringSooner(observed.lifecycle(), desired.lifecycle());
    if (sooner.isEmpty()
        || s3.listObjectVersions(b -> b.bucket(observed.name()).maxKeys(1)).versions().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DataRisk(DataRisk.EXPIRING_OBJECTS, "bucket " + observed.name() + " would expire objects "
        + "sooner: " + String.join(", ", sooner) + "; S3 deletes those already older"));
  }

  /**
   * Each enabled rule of {@code desired} that expires objects or noncurrent versions sooner than
   * the rule of its id in {@code observed} does, or that no such rule expired before (a rule that
   * was disabled, or covered other objects, expired none of these), as "rule ID expires WHAT
   * after N days (M days before)". A rule narrowed from every object to some expires no more.
   */
  static List<String> expiringSooner(List<BucketSpec.LifecycleRule> observed, List<BucketSpec.LifecycleRule> desired) {
    List<String> sooner = new ArrayList<>();
    for (BucketSpec.LifecycleRule rule : desired) {
      if (!"Enabled".equals(rule.status())) {
        continue;
      }
      BucketSpec.LifecycleRule before = observed.stream()
          .filter(held -> held.id().equals(rule.id()) && "Enabled".equals(held.status())).findFirst().orElse(null);
      boolean sameObjects = before != null && (coversEveryObject(before)
          || Objects.equals(before.prefix(), rule.prefix())
          && Objects.equals(before.filterConditions(), rule.filterConditions()));
      List<String> what = new ArrayList<>();
      sooner(rule.expirationDays(), sameObjects ? before.expirationDays() : null, before == null ? null
          : before.expirationDays(), "objects").ifPresent(what::add);
      sooner(rule.noncurrentVersionExpirationDays(), sameObjects ? before.noncurrentVersionExpirationDays() : null,
          before == null ? null : before.noncurrentVersionExpirationDays(), "noncurrent versions").ifPresent(what::add);
      boolean keptNewerBefore = sameObjects && before.newerNoncurrentVersions() != null
          && rule.newerNoncurrentVersions() == null && rule.noncurrentVersionExpirationDays() != null;
      if (keptNewerBefore) {
        what.add("the " + before.newerNoncurrentVersions() + " newest noncurrent versions of each object too (kept "
            + "before)");
      }
      if (!what.isEmpty()) {
        sooner.add("rule " + rule.id() + " expires " + String.join(" and ", what));
      }
    }
    return sooner;
  }

  private static boolean coversEveryObject(BucketSpec.LifecycleRule rule) {
    return (rule.prefix() == null || rule.prefix().isEmpty()) && rule.filterConditions() == null;
  }

  /** "WHAT after N days (M days before)" when {@code days} is sooner than {@code now}, the days of the same objects. */
  private static Optional<String> sooner(Integer days, Integer now, Integer nowOfOthers, String what) {
    if (days == null || (now != null && now <= days)) {
      return Optional.empty();
    }
    String was = now != null ? days(now) + " before"
        : nowOfOthers != null ? days(nowOfOthers) + " before, of other objects" : "never before";
    return Optional.of(what + " after " + days(days) + " (" + was + ")");
  }

  private static String days(int days) {
    return days + (days == 1 ? " day" : " days");
  }

  /**
   * The delete markers of a versioned bucket's deleted objects go with it: they hold no data. Read
   * from the listing {@link #deletionRisk} paged through, when it looked at the bucket first.
   */
  @Override
  public List<String> deletionNotes(BucketSpec observed) {
    Boolean listed = deleteMarkersListed.remove(observed.name());
    boolean deleteMarkers = listed != null ? listed
        : !s3.listObjectVersions(b -> b.bucket(observed.name()).maxKeys(1)).deleteMarkers().isEmpty();
    return deleteMarkers ? List.of("the delete markers of objects deleted from it go with it (a delete marker holds "
        + "no data)") : List.of();
  }

  @Override
  public Map<String, String> outputs(BucketSpec observed) {
    return Map.of("name", observed.name());
  }
}
