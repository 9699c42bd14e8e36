package dev.lakehouse.provision.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.provision.SideBySide;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.TagChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.DeleteBucketIntelligentTieringConfigurationRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketIntelligentTieringConfigurationResponse;
import software.amazon.awssdk.services.s3.model.DeleteBucketLifecycleRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketLifecycleResponse;
import software.amazon.awssdk.services.s3.model.DeleteBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListBucketIntelligentTieringConfigurationsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketIntelligentTieringConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutBucketIntelligentTieringConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketIntelligentTieringConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writing a bucket: only what differs, side by side, the policy after a public access block that lets
 * public policies in; and which untagged bucket is what a create cut short leaves.
 */
class S3BucketResourceTest {
  private static final String BUCKET = "acme-dev-raw-123456789012";
  private static final BucketSpec.Tiering TIERING = new BucketSpec.Tiering("lakehouse-archive", null, "Enabled", 90, 180);

  /** The canonical raw zone: versioned, SSE-KMS, every public access blocked, TLS only, a rule, archive tiers, tags. */
  private static final BucketSpec ZONE = new BucketSpec(BUCKET, "Enabled",
      new BucketSpec.Encryption("aws:kms", "arn:aws:kms:us-east-1:123456789012:key/k1", true),
      BucketSpec.PublicAccessBlock.ALL, "BucketOwnerEnforced", BucketPolicies.denyInsecureTransport("aws", BUCKET),
      List.of(new BucketSpec.LifecycleRule("tier-down", null, "Enabled",
          List.of(new BucketSpec.Transition(30, "STANDARD_IA")), null, List.of(), 90, 7)),
      List.of(TIERING), Map.of("Owner", "data-platform", "lakehouse:stack", "acme"));

  private static final String CURRENT_VERSION = "v-current";
  private static final ConflictRetry NO_PAUSES = new ConflictRetry(List.of(Duration.ZERO, Duration.ZERO));

  /**
   * An S3 that records the writes it gets in the order they end, answers each with what a test
   * asked for (nothing, or an error), and can hold writes until some others have started.
   */
  private static final class StubS3 implements S3Client {
    final List<String> ended = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<S3Exception>> failures = new ConcurrentHashMap<>();
    CountDownLatch together = new CountDownLatch(0);
    Set<String> held = Set.of();
    /** Whether the bucket holds a current object. */
    boolean holdsObjects;
    /** A versioned bucket's noncurrent object versions, and the delete markers deleting its objects left. */
    final List<ObjectVersion> noncurrent = Collections.synchronizedList(new ArrayList<>());
    final List<DeleteMarkerEntry> deleteMarkers = Collections.synchronizedList(new ArrayList<>());
    /** The multipart uploads begun and not yet completed or aborted. */
    final List<MultipartUpload> uploads = Collections.synchronizedList(new ArrayList<>());
    /** The bucket reads answer with; each read waits until {@link #readsTogether} reads have arrived. */
    BucketSpec stored = ZONE;
    CountDownLatch readsTogether = new CountDownLatch(0);
    final List<String> reads = Collections.synchronizedList(new ArrayList<>());
    /** The whole tag set the last PutBucketTagging sent. */
    volatile Map<String, String> tagged;
    /** The smallest object the stored lifecycle rules transition, as S3 answers it; null for S3's default. */
    String minimumObjectSize;
    /** The last PutBucketLifecycleConfiguration. */
    volatile PutBucketLifecycleConfigurationRequest lifecycleWritten;

    private void read(String operation) {
      reads.add(operation);
      SideBySide.meet(readsTogether, operation);
    }

    /** The buckets ListBuckets answers with, or null for a listing these credentials may not make. */
    List<String> accountsBuckets = List.of(BUCKET);
    boolean headBucketForbidden;

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
      read("HeadBucket");
      if (headBucketForbidden) {
        throw forbidden();
      }
      return HeadBucketResponse.builder().bucketRegion("us-east-1").build();
    }

    @Override
    public ListBucketsResponse listBuckets(ListBucketsRequest request) {
      if (accountsBuckets == null) {
        throw forbidden();
      }
      return ListBucketsResponse.builder().buckets(accountsBuckets.stream()
          .filter(name -> request.prefix() == null || name.startsWith(request.prefix()))
          .map(name -> Bucket.builder().name(name).bucketRegion("us-east-1").build()).toList()).build();
    }

    private static S3Exception forbidden() {
      return (S3Exception) S3Exception.builder().statusCode(403)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build())
          .build();
    }

    @Override
    public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest request) {
      read("GetBucketVersioning");
      return GetBucketVersioningResponse.builder().status(BucketConverters.expandVersioning(stored.versioning())).build();
    }

    @Override
    public GetBucketEncryptionResponse getBucketEncryption(GetBucketEncryptionRequest request) {
      read("GetBucketEncryption");
      return GetBucketEncryptionResponse.builder()
          .serverSideEncryptionConfiguration(BucketConverters.expandEncryption(stored.encryption())).build();
    }

    @Override
    public GetPublicAccessBlockResponse getPublicAccessBlock(GetPublicAccessBlockRequest request) {
      read("GetPublicAccessBlock");
      return GetPublicAccessBlockResponse.builder()
          .publicAccessBlockConfiguration(BucketConverters.expandPublicAccessBlock(stored.publicAccessBlock())).build();
    }

    @Override
    public GetBucketOwnershipControlsResponse getBucketOwnershipControls(GetBucketOwnershipControlsRequest request) {
      read("GetBucketOwnershipControls");
      return GetBucketOwnershipControlsResponse.builder().ownershipControls(OwnershipControls.builder()
          .rules(OwnershipControlsRule.builder().objectOwnership(stored.objectOwnership()).build()).build()).build();
    }

    @Override
    public GetBucketPolicyResponse getBucketPolicy(GetBucketPolicyRequest request) {
      read("GetBucketPolicy");
      return GetBucketPolicyResponse.builder().policy(PolicyDocuments.toJson(stored.policy())).build();
    }

    @Override
    public GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(
        GetBucketLifecycleConfigurationRequest request) {
      read("GetBucketLifecycleConfiguration");
      return GetBucketLifecycleConfigurationResponse.builder()
          .rules(BucketConverters.expandLifecycle(stored.lifecycle()).rules())
          .transitionDefaultMinimumObjectSize(minimumObjectSize).build();
    }

    @Override
    public ListBucketIntelligentTieringConfigurationsResponse listBucketIntelligentTieringConfigurations(
        ListBucketIntelligentTieringConfigurationsRequest request) {
      read("ListBucketIntelligentTieringConfigurations");
      return ListBucketIntelligentTieringConfigurationsResponse.builder().isTruncated(false)
          .intelligentTieringConfigurationList(stored.intelligentTiering().stream()
              .map(BucketConverters::expandTiering).toList()).build();
    }

    @Override
    public GetBucketTaggingResponse getBucketTagging(GetBucketTaggingRequest request) {
      read("GetBucketTagging");
      return GetBucketTaggingResponse.builder()
          .tagSet(BucketConverters.expandTags(TagChanges.wholeSet(stored.otherTags(), stored.tags())).tagSet()).build();
    }

    private void write(String operation) {
      if (held.contains(operation)) {
        SideBySide.meet(together, operation);
      }
      List<S3Exception> answers = failures.getOrDefault(operation, List.of());
      synchronized (answers) {
        if (!answers.isEmpty()) {
          ended.add(operation + " failed");
          throw answers.remove(0);
        }
      }
      ended.add(operation);
    }

    void fail(String operation, S3Exception... answers) {
      failures.put(operation, Collections.synchronizedList(new ArrayList<>(List.of(answers))));
    }

    @Override
    public CreateBucketResponse createBucket(CreateBucketRequest request) {
      write("CreateBucket");
      return CreateBucketResponse.builder().build();
    }

    @Override
    public PutBucketTaggingResponse putBucketTagging(PutBucketTaggingRequest request) {
      write("PutBucketTagging");
      tagged = BucketConverters.flattenTags(request.tagging().tagSet());
      return PutBucketTaggingResponse.builder().build();
    }

    @Override
    public PutPublicAccessBlockResponse putPublicAccessBlock(PutPublicAccessBlockRequest request) {
      write("PutPublicAccessBlock");
      return PutPublicAccessBlockResponse.builder().build();
    }

    @Override
    public PutBucketPolicyResponse putBucketPolicy(PutBucketPolicyRequest request) {
      write("PutBucketPolicy");
      return PutBucketPolicyResponse.builder().build();
    }

    @Override
    public DeleteBucketPolicyResponse deleteBucketPolicy(DeleteBucketPolicyRequest request) {
      write("DeleteBucketPolicy");
      return DeleteBucketPolicyResponse.builder().build();
    }

    @Override
    public PutBucketOwnershipControlsResponse putBucketOwnershipControls(PutBucketOwnershipControlsRequest request) {
      write("PutBucketOwnershipControls");
      return PutBucketOwnershipControlsResponse.builder().build();
    }

    @Override
    public PutBucketEncryptionResponse putBucketEncryption(PutBucketEncryptionRequest request) {
      write("PutBucketEncryption");
      return PutBucketEncryptionResponse.builder().build();
    }

    @Override
    public PutBucketVersioningResponse putBucketVersioning(PutBucketVersioningRequest request) {
      write("PutBucketVersioning");
      return PutBucketVersioningResponse.builder().build();
    }

    @Override
    public PutBucketLifecycleConfigurationResponse putBucketLifecycleConfiguration(
        PutBucketLifecycleConfigurationRequest request) {
      write("PutBucketLifecycleConfiguration");
      lifecycleWritten = request;
      return PutBucketLifecycleConfigurationResponse.builder().build();
    }

    @Override
    public DeleteBucketLifecycleResponse deleteBucketLifecycle(DeleteBucketLifecycleRequest request) {
      write("DeleteBucketLifecycle");
      return DeleteBucketLifecycleResponse.builder().build();
    }

    @Override
    public PutBucketIntelligentTieringConfigurationResponse putBucketIntelligentTieringConfiguration(
        PutBucketIntelligentTieringConfigurationRequest request) {
      write("PutBucketIntelligentTieringConfiguration");
      return PutBucketIntelligentTieringConfigurationResponse.builder().build();
    }

    @Override
    public DeleteBucketIntelligentTieringConfigurationResponse deleteBucketIntelligentTieringConfiguration(
        DeleteBucketIntelligentTieringConfigurationRequest request) {
      write("DeleteBucketIntelligentTieringConfiguration " + request.id());
      return DeleteBucketIntelligentTieringConfigurationResponse.builder().build();
    }

    @Override
    public DeleteObjectsResponse deleteObjects(DeleteObjectsRequest request) {
      write("DeleteObjects");
      Set<String> doomed =
          request.delete().objects().stream().map(ObjectIdentifier::versionId).collect(Collectors.toSet());
      holdsObjects &= !doomed.contains(CURRENT_VERSION);
      noncurrent.removeIf(version -> doomed.contains(version.versionId()));
      deleteMarkers.removeIf(marker -> doomed.contains(marker.versionId()));
      return DeleteObjectsResponse.builder().build();
    }

    @Override
    public DeleteBucketResponse deleteBucket(DeleteBucketRequest request) {
      if (holdsObjects || !noncurrent.isEmpty() || !deleteMarkers.isEmpty()) {
        fail("DeleteBucket", (S3Exception) S3Exception.builder().statusCode(409)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("BucketNotEmpty")
                .errorMessage("The bucket you tried to delete is not empty").build())
            .build());
      }
      write("DeleteBucket");
      return DeleteBucketResponse.builder().build();
    }

    /** How many ListObjectVersions requests were made. */
    int versionListings;

    /** One page: the versions, then the delete markers, as many as the request's MaxKeys lets in. */
    @Override
    public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest request) {
      versionListings++;
      List<ObjectVersion> versions = new ArrayList<>(noncurrent);
      if (holdsObjects) {
        versions.add(ObjectVersion.builder().key("events/1.json").versionId(CURRENT_VERSION).isLatest(true).build());
      }
      int room = request.maxKeys() == null ? Integer.MAX_VALUE : request.maxKeys();
      List<ObjectVersion> listed = versions.stream().limit(room).toList();
      return ListObjectVersionsResponse.builder().versions(listed)
          .deleteMarkers(deleteMarkers.stream().limit(room - listed.size()).toList()).build();
    }

    @Override
    public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest request) {
      List<MultipartUpload> page = request.maxUploads() == null ? List.copyOf(uploads)
          : uploads.stream().limit(request.maxUploads()).toList();
      return ListMultipartUploadsResponse.builder().uploads(page).isTruncated(page.size() < uploads.size()).build();
    }

    @Override
    public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
      write("AbortMultipartUpload " + request.key());
      uploads.removeIf(upload -> upload.uploadId().equals(request.uploadId()));
      return AbortMultipartUploadResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }

  private final StubS3 s3 = new StubS3();
  private final S3BucketResource bucket = new S3BucketResource(s3, "us-east-1", false, NO_PAUSES);

  @Test
  void createWritesTheTagsAndEverySettingSideBySide() {
    // Each write after CreateBucket waits until all have started: they end only side by side. The
    // policy goes beside the public access block, which refuses public policies.
    s3.held = Set.of("PutBucketTagging", "PutPublicAccessBlock", "PutBucketPolicy", "PutBucketEncryption",
        "PutBucketVersioning", "PutBucketLifecycleConfiguration", "PutBucketIntelligentTieringConfiguration");
    s3.together = new CountDownLatch(s3.held.size());

    bucket.create(ZONE);

    assertThat(s3.ended.get(0)).isEqualTo("CreateBucket");
    assertThat(s3.ended.subList(1, s3.ended.size())).containsExactlyInAnyOrderElementsOf(s3.held);
  }

  @Test
  void aPolicyWaitsForAPublicAccessBlockThatLetsPublicPoliciesIn() {
    BucketSpec.PublicAccessBlock aclsOnly = new BucketSpec.PublicAccessBlock(true, true, false, false);
    BucketSpec observed = new BucketSpec(BUCKET, ZONE.versioning(), ZONE.encryption(), BucketSpec.PublicAccessBlock.ALL,
        ZONE.objectOwnership(), null, ZONE.lifecycle(), ZONE.intelligentTiering(), ZONE.tags());
    BucketSpec desired = new BucketSpec(BUCKET, ZONE.versioning(), ZONE.encryption(), aclsOnly, ZONE.objectOwnership(),
        ZONE.policy(), ZONE.lifecycle(), ZONE.intelligentTiering(), ZONE.tags());

    bucket.update(observed, desired, S3BucketResource.differing(observed, desired));

    assertThat(s3.ended).containsExactly("PutPublicAccessBlock", "PutBucketPolicy");
  }

  @Test
  void createLeavesAloneWhatCreateBucketAlreadyMadeAsTheConfigWantsIt() {
    BucketSpec plain = new BucketSpec(BUCKET, "Suspended", new BucketSpec.Encryption("AES256", null, false),
        BucketSpec.PublicAccessBlock.ALL, "BucketOwnerEnforced", null, List.of(), List.of(), Map.of("lakehouse:stack", "acme"));

    bucket.create(plain);

    // Ownership went with CreateBucket; no versioning, policy, lifecycle or tiering is wanted.
    assertThat(s3.ended.get(0)).isEqualTo("CreateBucket");
    assertThat(s3.ended.subList(1, s3.ended.size()))
        .containsExactlyInAnyOrder("PutBucketTagging", "PutPublicAccessBlock", "PutBucketEncryption");
  }

  @Test
  void anUpdateWritesWhatDiffersSideBySideAndATieringUnderAnotherIdIsDeletedFirst() {
    BucketSpec observed = new BucketSpec(BUCKET, "Suspended", ZONE.encryption(), null, null, null, List.of(),
        List.of(new BucketSpec.Tiering("old-archive", null, "Enabled", 90, null)), Map.of());

    bucket.update(observed, ZONE, S3BucketResource.differing(observed, ZONE));

    assertThat(s3.ended).containsExactlyInAnyOrder("PutBucketTagging", "PutPublicAccessBlock",
        "PutBucketPolicy", "PutBucketOwnershipControls", "PutBucketVersioning", "PutBucketLifecycleConfiguration",
        "DeleteBucketIntelligentTieringConfiguration old-archive", "PutBucketIntelligentTieringConfiguration");
    assertThat(s3.ended.indexOf("PutBucketIntelligentTieringConfiguration"))
        .isGreaterThan(s3.ended.indexOf("DeleteBucketIntelligentTieringConfiguration old-archive"));
  }

  @Test
  void rulesRewrittenSendBackTheSmallestObjectSizeTheBucketTransitionsWhereANewBucketsTakeS3sDefault() {
    s3.minimumObjectSize = "varies_by_storage_class";
    BucketSpec desired = new BucketSpec(BUCKET, "Enabled", ZONE.encryption(), ZONE.publicAccessBlock(),
        ZONE.objectOwnership(), ZONE.policy(), List.of(new BucketSpec.LifecycleRule("tier-down", null, "Enabled",
            List.of(new BucketSpec.Transition(60, "STANDARD_IA")), null, List.of(), 90, 7)),
        ZONE.intelligentTiering(), ZONE.tags());

    BucketSpec observed = bucket.read(ZONE).orElseThrow();
    s3.reads.clear();
    bucket.update(observed, desired, S3BucketResource.differing(observed, desired));
    assertThat(s3.reads).as("the setting comes from the bucket's read").isEmpty();
    assertThat(s3.ended).containsExactly("PutBucketLifecycleConfiguration");
    assertThat(s3.lifecycleWritten.transitionDefaultMinimumObjectSizeAsString()).isEqualTo("varies_by_storage_class");
    assertThat(s3.lifecycleWritten.lifecycleConfiguration().rules().get(0).transitions().get(0).days()).isEqualTo(60);

    s3.reads.clear();
    bucket.create(desired);
    assertThat(s3.reads).as("a new bucket has no rules to read").doesNotContain("GetBucketLifecycleConfiguration");
    assertThat(s3.lifecycleWritten.transitionDefaultMinimumObjectSize()).isNull();
  }

  @Test
  void anUpdateOfOneSettingWritesOnlyThatSetting() {
    BucketSpec observed = new BucketSpec(BUCKET, "Enabled", ZONE.encryption(), ZONE.publicAccessBlock(),
        ZONE.objectOwnership(), ZONE.policy(), ZONE.lifecycle(), ZONE.intelligentTiering(), ZONE.tags());
    BucketSpec desired = new BucketSpec(BUCKET, "Enabled", ZONE.encryption(), ZONE.publicAccessBlock(),
        ZONE.objectOwnership(), null, List.of(), ZONE.intelligentTiering(), ZONE.tags());

    assertThat(S3BucketResource.differing(observed, desired)).containsExactlyInAnyOrder("policy", "lifecycle");
    bucket.update(observed, desired, S3BucketResource.differing(observed, desired));

    assertThat(s3.ended).containsExactlyInAnyOrder("DeleteBucketPolicy", "DeleteBucketLifecycle");
  }

  @Test
  void aSettingThatS3AbortsForAConflictingChangeIsWrittenAgain() {
    s3.fail("PutBucketEncryption", conflict());
    s3.fail("PutBucketPolicy", conflict(), conflict());

    bucket.create(ZONE);

    assertThat(s3.ended).contains("PutBucketEncryption failed", "PutBucketEncryption", "PutBucketPolicy");
    assertThat(s3.ended.stream().filter("PutBucketPolicy failed"::equals)).hasSize(2);
  }

  @Test
  void aFailedSettingFailsTheCreateWithS3sOwnExceptionOnceTheOthersHaveEnded() {
    S3Exception denied = (S3Exception) S3Exception.builder().statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build())
        .build();
    s3.fail("PutBucketVersioning", denied);

    assertThatThrownBy(() -> bucket.create(ZONE)).isSameAs(denied);

    // Writes are never left running behind the failure: what started has ended.
    assertThat(s3.ended).contains("PutBucketVersioning failed").doesNotContain("PutBucketVersioning");
    assertThat(s3.ended.get(0)).isEqualTo("CreateBucket");
  }

  @Test
  void aConflictThatOutlastsTheRetriesFailsTheCreateWithTheLastAnswer() {
    S3Exception last = conflict();
    s3.fail("PutPublicAccessBlock", conflict(), conflict(), last);

    assertThatThrownBy(() -> bucket.create(ZONE)).isSameAs(last);

    assertThat(s3.ended).doesNotContain("PutPublicAccessBlock");
  }

  @Test
  void theTagsAreRetriedToo() {
    s3.fail("PutBucketTagging", conflict());

    bucket.create(ZONE);

    assertThat(s3.ended.get(0)).isEqualTo("CreateBucket");
    assertThat(s3.ended.indexOf("PutBucketTagging")).isGreaterThan(s3.ended.indexOf("PutBucketTagging failed"));
  }

  @Test
  void aBucketJustWrittenIsReadBackInOneRoundTrip() {
    s3.readsTogether = new CountDownLatch(9);

    assertThat(bucket.readAfterWrite(ZONE)).contains(ZONE);
    assertThat(s3.reads).hasSize(9).contains("HeadBucket");
  }

  @Test
  void aBucketHeadBucketForbidsIsTheAccountsOwnWhenTheAccountListsIt() {
    s3.headBucketForbidden = true;

    assertThatThrownBy(() -> bucket.read(ZONE)).isInstanceOf(AwsFailure.class).hasMessage("Cannot read S3 bucket ("
        + BUCKET + "): the bucket is this account's, but the credentials in use lack s3:ListBucket on it: grant it");

    s3.accountsBuckets = List.of("acme-dev-raw-1234567890123");
    assertThatThrownBy(() -> bucket.read(ZONE)).hasMessage("Cannot read S3 bucket (" + BUCKET + "): the bucket "
        + "exists but is not among this account's buckets: bucket names are global, so it belongs to another AWS "
        + "account; choose another name");

    s3.accountsBuckets = null;
    assertThatThrownBy(() -> bucket.read(ZONE)).hasMessage("Cannot read S3 bucket (" + BUCKET + "): the bucket "
        + "exists but these credentials cannot use it: either they lack s3:ListBucket on it, or it belongs to "
        + "another AWS account (bucket names are global), and the config must name another bucket");
  }

  @Test
  void readKeepsTheTagsTheConfigDoesNotDeclareOutOfTheComparedTags() {
    s3.stored = withTags(ZONE, Map.of("Owner", "bi-team", "lakehouse:alias", "old"),
        Map.of("cost-tool", "team42", "lakehouse:later", "x"));

    BucketSpec read = bucket.read(ZONE).orElseThrow();

    assertThat(read.tags()).isEqualTo(Map.of("Owner", "bi-team", "lakehouse:alias", "old"));
    assertThat(read.otherTags()).as("a lakehouse: key lakehouse does not write is another's (a later version's)")
        .isEqualTo(Map.of("cost-tool", "team42", "lakehouse:later", "x"));
    assertThat(S3BucketResource.differing(read, ZONE)).containsExactly("tags");
  }

  @Test
  void aTagWriteSendsTheOtherTagsBackWithTheStacks() {
    BucketSpec observed = withTags(ZONE, Map.of("Owner", "bi-team", "lakehouse:stack", "acme"),
        Map.of("cost-tool", "team42", "Team", "x"));

    bucket.update(observed, ZONE, Set.of("tags"));

    assertThat(s3.ended).containsExactly("PutBucketTagging");
    assertThat(s3.tagged).isEqualTo(Map.of("Owner", "data-platform", "lakehouse:stack", "acme",
        "cost-tool", "team42", "Team", "x"));
  }

  private static BucketSpec withTags(BucketSpec spec, Map<String, String> tags, Map<String, String> otherTags) {
    return new BucketSpec(spec.name(), spec.versioning(), spec.encryption(), spec.publicAccessBlock(),
        spec.objectOwnership(), spec.policy(), spec.lifecycle(), spec.intelligentTiering(), tags, otherTags, null);
  }

  @Test
  void anUntaggedEmptyBucketWithOnlyWhatTheCreateWritesIsACreateCutShort() {
    BucketSpec bare = new BucketSpec(BUCKET, "Suspended", new BucketSpec.Encryption("AES256", null, false),
        BucketSpec.PublicAccessBlock.ALL, "BucketOwnerEnforced", null, List.of(), List.of(), Map.of());
    BucketSpec halfWritten = new BucketSpec(BUCKET, "Enabled", new BucketSpec.Encryption("AES256", null, false),
        null, null, ZONE.policy(), List.of(), ZONE.intelligentTiering(), Map.of());

    assertThat(bucket.unfinished(bare, ZONE)).isTrue();
    assertThat(bucket.unfinished(halfWritten, ZONE)).isTrue();
  }

  @Test
  void aBucketWithTagsObjectsOrSettingsTheConfigDoesNotWantIsNoCreateCutShort() {
    BucketSpec otherLifecycle = new BucketSpec(BUCKET, "Suspended", null, null, null, null,
        List.of(new BucketSpec.LifecycleRule("someone-elses", null, "Enabled", List.of(), 30, List.of(), null, null)),
        List.of(), Map.of());
    BucketSpec tagged = new BucketSpec(BUCKET, "Suspended", null, null, null, null, List.of(), List.of(),
        Map.of("Owner", "bi-team"));
    BucketSpec bare = new BucketSpec(BUCKET, "Suspended", null, null, null, null, List.of(), List.of(), Map.of());

    BucketSpec taggedByOthers = new BucketSpec(BUCKET, "Suspended", null, null, null, null, List.of(), List.of(),
        Map.of(), Map.of("cost-tool", "team42"), null);

    assertThat(bucket.unfinished(otherLifecycle, ZONE)).isFalse();
    assertThat(bucket.unfinished(tagged, ZONE)).isFalse();
    assertThat(bucket.unfinished(taggedByOthers, ZONE)).isFalse();
    s3.holdsObjects = true;
    assertThat(bucket.unfinished(bare, ZONE)).isFalse();
  }

  @Test
  void objectsWrittenSinceTheRunLookedStopTheDeleteUnlessAllowed() {
    // The bucket was empty when the run looked, so bucket-objects was not needed; a writer put an object there since.
    s3.holdsObjects = true;

    assertThatThrownBy(() -> bucket.delete(ZONE)).isInstanceOf(AwsFailure.class)
        .hasMessage("Cannot delete S3 bucket (acme-dev-raw-123456789012): bucket acme-dev-raw-123456789012 holds "
            + "objects; to allow it, pass --allow-data-loss bucket-objects");
    assertThat(s3.ended).containsExactly("DeleteBucket failed");

    StubS3 allowed = new StubS3();
    allowed.holdsObjects = true;
    new S3BucketResource(allowed, "us-east-1", true, NO_PAUSES).delete(ZONE);
    assertThat(allowed.ended).containsExactly("DeleteObjects", "DeleteBucket");
  }

  @Test
  void theUnfinishedMultipartUploadOfABucketWithoutObjectsIsDataItsDeleteLosesUnlessAllowed() {
    MultipartUpload upload = MultipartUpload.builder().key("landing/big.parquet").uploadId("u1")
        .initiated(Instant.parse("2026-11-28T10:00:00Z")).build();
    s3.uploads.add(upload);

    assertThat(bucket.deletionRisk(ZONE)).contains(new DataRisk(DataRisk.BUCKET_OBJECTS, "bucket " + BUCKET
        + " holds the parts of an unfinished multipart upload (landing/big.parquet, begun 2026-11-28T10:00:00Z)"));

    StubS3 allowed = new StubS3();
    allowed.uploads.add(upload);
    new S3BucketResource(allowed, "us-east-1", true, NO_PAUSES).delete(ZONE);
    assertThat(allowed.ended).containsExactly("AbortMultipartUpload landing/big.parquet", "DeleteBucket");
    assertThat(allowed.uploads).isEmpty();
  }

  @Test
  void aVersionedBucketHoldingOnlyTheDeleteMarkersOfDeletedObjectsHoldsNoDataAndItsDeleteRemovesThem() {
    s3.deleteMarkers.add(DeleteMarkerEntry.builder().key("events/1.json").versionId("m1").isLatest(true).build());
    s3.deleteMarkers.add(DeleteMarkerEntry.builder().key("events/2.json").versionId("m2").isLatest(true).build());

    assertThat(bucket.deletionRisk(ZONE)).isEmpty();
    assertThat(bucket.deletionNotes(ZONE))
        .containsExactly("the delete markers of objects deleted from it go with it (a delete marker holds no data)");
    assertThat(s3.versionListings).as("the note reads the listing the risk paged through").isEqualTo(1);

    bucket.delete(ZONE);

    assertThat(s3.ended).containsExactly("DeleteBucket failed", "DeleteObjects", "DeleteBucket");
    assertThat(s3.deleteMarkers).isEmpty();
  }

  @Test
  void theNoncurrentVersionsOfABucketsDeletedObjectsAreDataItsDeleteLosesUnlessAllowed() {
    s3.noncurrent.add(ObjectVersion.builder().key("events/1.json").versionId("v1").isLatest(false).build());
    s3.deleteMarkers.add(DeleteMarkerEntry.builder().key("events/1.json").versionId("m1").isLatest(true).build());

    assertThat(bucket.deletionRisk(ZONE)).contains(new DataRisk(DataRisk.BUCKET_OBJECTS, "bucket " + BUCKET
        + " holds no current objects, but noncurrent versions of deleted or overwritten objects (events/1.json "
        + "among them), which S3 can still restore"));
    assertThatThrownBy(() -> bucket.delete(ZONE)).isInstanceOf(AwsFailure.class)
        .hasMessage("Cannot delete S3 bucket (" + BUCKET + "): bucket " + BUCKET + " holds no current objects, but "
            + "noncurrent versions of deleted or overwritten objects (events/1.json among them), which S3 can still "
            + "restore; to allow it, pass --allow-data-loss bucket-objects");
    assertThat(s3.ended).containsExactly("DeleteBucket failed");
    assertThat(s3.noncurrent).hasSize(1);
    assertThat(s3.deleteMarkers).hasSize(1);

    s3.holdsObjects = true;
    assertThat(bucket.deletionRisk(ZONE)).contains(new DataRisk(DataRisk.BUCKET_OBJECTS, "bucket " + BUCKET
        + " holds objects"));
  }

  @Test
  void rulesThatExpireObjectsOrNoncurrentVersionsSoonerThanTheBucketsRulesAreNamed() {
    BucketSpec.LifecycleRule held = new BucketSpec.LifecycleRule("tier-down", null, "Enabled", List.of(), 365,
        List.of(), 90, 7);

    assertThat(S3BucketResource.expiringSooner(List.of(held), List.of(held))).isEmpty();
    assertThat(S3BucketResource.expiringSooner(List.of(held),
        List.of(new BucketSpec.LifecycleRule("tier-down", null, "Enabled", List.of(), 400, List.of(), null, 7))))
        .isEmpty();
    assertThat(S3BucketResource.expiringSooner(List.of(held),
        List.of(new BucketSpec.LifecycleRule("tier-down", null, "Enabled", List.of(), 30, List.of(), 1, 7))))
        .containsExactly("rule tier-down expires objects after 30 days (365 days before) and noncurrent versions "
            + "after 1 day (90 days before)");
    assertThat(S3BucketResource.expiringSooner(List.of(held),
        List.of(new BucketSpec.LifecycleRule("tier-down", "tmp/", "Enabled", List.of(), 365, List.of(), 90, 7))))
        .as("the same days for other objects").isEmpty();
    assertThat(S3BucketResource.expiringSooner(
        List.of(new BucketSpec.LifecycleRule("tier-down", "tmp/", "Enabled", List.of(), 7, List.of(), null, 7)),
        List.of(new BucketSpec.LifecycleRule("tier-down", null, "Enabled", List.of(), 7, List.of(), null, 7))))
        .containsExactly("rule tier-down expires objects after 7 days (7 days before, of other objects)");
    assertThat(S3BucketResource.expiringSooner(
        List.of(new BucketSpec.LifecycleRule("tier-down", null, "Disabled", List.of(), 30, List.of(), null, 7)),
        List.of(new BucketSpec.LifecycleRule("tier-down", null, "Enabled", List.of(), 30, List.of(), null, 7),
            new BucketSpec.LifecycleRule("paused", null, "Disabled", List.of(), 1, List.of(), 1, 1),
            new BucketSpec.LifecycleRule("cleanup", null, "Enabled", List.of(), null, List.of(), 30, 1))))
        .containsExactly("rule tier-down expires objects after 30 days (never before)",
            "rule cleanup expires noncurrent versions after 30 days (never before)");
    BucketSpec.LifecycleRule keepingFive = new BucketSpec.LifecycleRule("cleanup", null, "Enabled", List.of(), null,
        List.of(), 30, 7, null, null, null, 5);
    assertThat(S3BucketResource.expiringSooner(List.of(keepingFive),
        List.of(new BucketSpec.LifecycleRule("cleanup", null, "Enabled", List.of(), null, List.of(), 30, 7))))
        .containsExactly("rule cleanup expires the 5 newest noncurrent versions of each object too (kept before)");
  }

  @Test
  void aRuleExpiringTheObjectsOfABucketThatHoldsSomeSoonerIsDataTheUpdateLosesUnlessAllowed() {
    BucketSpec sooner = new BucketSpec(BUCKET, ZONE.versioning(), ZONE.encryption(), ZONE.publicAccessBlock(),
        ZONE.objectOwnership(), ZONE.policy(), List.of(new BucketSpec.LifecycleRule("tier-down", null, "Enabled",
            List.of(new BucketSpec.Transition(30, "STANDARD_IA")), null, List.of(), 7, 7)),
        ZONE.intelligentTiering(), ZONE.tags());

    assertThat(bucket.updateRisk(ZONE, sooner)).as("nothing to expire").isEmpty();
    s3.noncurrent.add(ObjectVersion.builder().key("events/1.json").versionId("v1").isLatest(false).build());

    assertThat(bucket.updateRisk(ZONE, sooner)).contains(new DataRisk(DataRisk.EXPIRING_OBJECTS, "bucket " + BUCKET
        + " would expire objects sooner: rule tier-down expires noncurrent versions after 7 days (90 days before); "
        + "S3 deletes those already older"));
    assertThat(bucket.updateRisk(sooner, ZONE)).isEmpty();
  }

  @Test
  void suspendingVersioningSaysThatObjectsDeletedFromThenOnCannotBeRestored() {
    BucketSpec suspended = new BucketSpec(BUCKET, "Suspended", ZONE.encryption(), ZONE.publicAccessBlock(),
        ZONE.objectOwnership(), ZONE.policy(), ZONE.lifecycle(), ZONE.intelligentTiering(), ZONE.tags());

    assertThat(bucket.changeNotes(ZONE, suspended)).containsExactly("suspending versioning keeps the object versions "
        + "the bucket holds, but an object overwritten or deleted from then on leaves no earlier version to restore");
    assertThat(bucket.changeNotes(suspended, ZONE)).isEmpty();
    assertThat(bucket.changeNotes(ZONE, ZONE)).isEmpty();
  }

  private static S3Exception conflict() {
    return (S3Exception) S3Exception.builder().statusCode(409)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("OperationAborted")
            .errorMessage("A conflicting conditional operation is currently in progress against this resource.")
            .build())
        .build();
  }
}
