package dev.lakehouse.provision.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.model.IntelligentTieringConfig;
import dev.lakehouse.config.model.LifecycleRuleConfig;
import dev.lakehouse.config.model.TransitionConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAccessTier;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAndOperator;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringFilter;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tiering;

/** Config -> spec -> S3 request -> spec round trips, one per converter. */
class BucketConvertersTest {

  private static final List<LifecycleRuleConfig> TIER_DOWN = List.of(new LifecycleRuleConfig("tier-down", null, null,
      List.of(new TransitionConfig(90, "GLACIER_IR"), new TransitionConfig(30, "STANDARD_IA")), null, List.of(), 90, 7,
      null));

  @Test
  void lifecycleFromConfigSortsTransitionsAndDefaultsToEnabled() {
    List<BucketSpec.LifecycleRule> rules = BucketConverters.lifecycleFromConfig(TIER_DOWN);
    assertThat(rules).containsExactly(new BucketSpec.LifecycleRule("tier-down", null, "Enabled",
        List.of(new BucketSpec.Transition(30, "STANDARD_IA"), new BucketSpec.Transition(90, "GLACIER_IR")),
        null, List.of(), 90, 7));
  }

  @Test
  void lifecycleSurvivesTheApiRoundTrip() {
    List<BucketSpec.LifecycleRule> rules = BucketConverters.lifecycleFromConfig(TIER_DOWN);
    BucketLifecycleConfiguration request = BucketConverters.expandLifecycle(rules);
    LifecycleRule sent = request.rules().get(0);
    assertThat(sent.id()).isEqualTo("tier-down");
    assertThat(sent.filter().prefix()).isEmpty();
    assertThat(sent.transitions()).extracting(t -> t.days() + " " + t.storageClassAsString())
        .containsExactly("30 STANDARD_IA", "90 GLACIER_IR");
    assertThat(sent.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(90);
    assertThat(sent.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
    assertThat(sent.expiration()).isNull();
    assertThat(BucketConverters.flattenLifecycle(request.rules())).isEqualTo(rules);
  }

  @Test
  void aRuleNarrowedOrGivenMoreOutsideTheConfigReadsOtherwiseThanTheConfigsRule() {
    List<BucketSpec.LifecycleRule> wanted = BucketConverters.lifecycleFromConfig(TIER_DOWN);
    LifecycleRule written = BucketConverters.expandLifecycle(wanted).rules().get(0);

    BucketSpec.LifecycleRule tagged = BucketConverters.flattenLifecycle(List.of(written.toBuilder()
        .filter(f -> f.tag(Tag.builder().key("archive").value("yes").build())).build())).get(0);
    BucketSpec.LifecycleRule sized = BucketConverters.flattenLifecycle(List.of(written.toBuilder()
        .filter(f -> f.and(LifecycleRuleAndOperator.builder().prefix("logs/").objectSizeGreaterThan(1024L)
            .tags(Tag.builder().key("a").value("b").build()).build())).build())).get(0);
    BucketSpec.LifecycleRule dated = BucketConverters.flattenLifecycle(List.of(written.toBuilder()
        .expiration(e -> e.date(Instant.parse("2027-01-01T00:00:00Z")))
        .noncurrentVersionExpiration(n -> n.noncurrentDays(90).newerNoncurrentVersions(3)).build())).get(0);
    BucketSpec.LifecycleRule markers = BucketConverters.flattenLifecycle(List.of(written.toBuilder()
        .expiration(e -> e.expiredObjectDeleteMarker(true)).build())).get(0);

    assertThat(tagged.filterConditions()).isEqualTo("tag archive=yes");
    assertThat(sized.prefix()).isEqualTo("logs/");
    assertThat(sized.filterConditions()).isEqualTo("objectSizeGreaterThan 1024, tag a=b");
    assertThat(dated.expirationDate()).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(dated.newerNoncurrentVersions()).isEqualTo(3);
    assertThat(markers.expiredObjectDeleteMarker()).isTrue();
    assertThat(List.of(tagged, sized, dated, markers)).doesNotContain(wanted.get(0));
    assertThat(BucketConverters.flattenLifecycle(List.of(written))).isEqualTo(wanted);
  }

  @Test
  void aRuleThatRemovesExpiredDeleteMarkersIsWrittenSoAndReadBackAsTheConfigWantsIt() {
    List<BucketSpec.LifecycleRule> wanted = BucketConverters.lifecycleFromConfig(List.of(new LifecycleRuleConfig(
        "markers", null, true, List.of(), null, List.of(), 90, null, true)));
    LifecycleRule written = BucketConverters.expandLifecycle(wanted).rules().get(0);

    assertThat(written.expiration().expiredObjectDeleteMarker()).isTrue();
    assertThat(written.expiration().days()).isNull();
    assertThat(BucketConverters.flattenLifecycle(List.of(written))).isEqualTo(wanted);
    assertThat(BucketConverters.lifecycleFromConfig(TIER_DOWN).get(0).expiredObjectDeleteMarker()).isNull();
  }

  @Test
  void aTransitionGivenADateOrLeftNewerVersionsOutsideTheConfigReadsOtherwiseThanTheConfigs() {
    List<BucketSpec.LifecycleRule> wanted = BucketConverters.lifecycleFromConfig(List.of(new LifecycleRuleConfig(
        "archive", null, true, List.of(new TransitionConfig(0, "GLACIER")), null,
        List.of(new TransitionConfig(30, "STANDARD_IA")), null, null, null)));
    LifecycleRule written = BucketConverters.expandLifecycle(wanted).rules().get(0);

    BucketSpec.LifecycleRule dated = BucketConverters.flattenLifecycle(List.of(written.toBuilder()
        .transitions(t -> t.date(Instant.parse("2027-01-01T00:00:00Z")).storageClass("GLACIER")).build())).get(0);
    BucketSpec.LifecycleRule keepingNewer = BucketConverters.flattenLifecycle(List.of(written.toBuilder()
        .noncurrentVersionTransitions(t -> t.noncurrentDays(30).storageClass("STANDARD_IA").newerNoncurrentVersions(5))
        .build())).get(0);

    assertThat(dated.transitions().get(0).date()).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(keepingNewer.noncurrentVersionTransitions().get(0).newerNoncurrentVersions()).isEqualTo(5);
    assertThat(List.of(dated, keepingNewer)).doesNotContain(wanted.get(0));
    assertThat(BucketConverters.flattenLifecycle(List.of(written))).isEqualTo(wanted);
  }

  @Test
  void anOldStylePrefixReadsLikeAFilterPrefix() {
    LifecycleRule legacy = LifecycleRule.builder().id("x").prefix("logs/").status("Enabled")
        .expiration(e -> e.days(3)).build();
    assertThat(BucketConverters.flattenLifecycle(List.of(legacy)).get(0).prefix()).isEqualTo("logs/");
  }

  @Test
  void intelligentTieringIsSentAsS3DefinesIt() {
    BucketSpec.Tiering tiering = BucketConverters.tieringFromConfig(new IntelligentTieringConfig(null, null, 90, 180))
        .get(0);
    IntelligentTieringConfiguration sent = BucketConverters.expandTiering(tiering);
    assertThat(sent.id()).isEqualTo("lakehouse");
    assertThat(sent.status()).isEqualTo(IntelligentTieringStatus.ENABLED);
    assertThat(sent.filter()).isNull();
    assertThat(sent.tierings()).containsExactly(
        Tiering.builder().accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS).days(90).build(),
        Tiering.builder().accessTier(IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS).days(180).build());
  }

  @Test
  void intelligentTieringReadsBackFromWhatS3Returns() {
    IntelligentTieringConfiguration returned = IntelligentTieringConfiguration.builder()
        .id("lakehouse").status("Enabled")
        .filter(IntelligentTieringFilter.builder()
            .and(IntelligentTieringAndOperator.builder().prefix("tables/").tags(Tag.builder().key("a").value("b").build())
                .build())
            .build())
        .tierings(Tiering.builder().accessTier("DEEP_ARCHIVE_ACCESS").days(200).build())
        .build();
    assertThat(BucketConverters.flattenTiering(returned))
        .isEqualTo(new BucketSpec.Tiering("lakehouse", "tables/", "Enabled", null, 200, "tag a=b"));
    assertThat(BucketConverters.flattenTiering(BucketConverters.expandTiering(
        new BucketSpec.Tiering("x", "p/", "Enabled", 90, 180))))
        .isEqualTo(new BucketSpec.Tiering("x", "p/", "Enabled", 90, 180));
  }

  @Test
  void aTieringConfigurationNarrowedToTaggedObjectsOutsideTheConfigReadsOtherwiseThanTheConfigs() {
    BucketSpec.Tiering wanted = BucketConverters.tieringFromConfig(new IntelligentTieringConfig(null, null, 90, 180))
        .get(0);
    IntelligentTieringConfiguration tagged = BucketConverters.expandTiering(wanted).toBuilder()
        .filter(f -> f.tag(Tag.builder().key("k").value("v").build())).build();

    assertThat(BucketConverters.flattenTiering(tagged)).isEqualTo(
        new BucketSpec.Tiering("lakehouse", null, "Enabled", 90, 180, "tag k=v")).isNotEqualTo(wanted);
    assertThat(BucketConverters.flattenTiering(BucketConverters.expandTiering(wanted))).isEqualTo(wanted);
  }

  @Test
  void everyTieringConfigurationOfTheBucketIsReadSortedById() {
    List<IntelligentTieringConfiguration> listed = List.of(
        BucketConverters.expandTiering(new BucketSpec.Tiering("lakehouse", null, "Enabled", 90, 180)),
        BucketConverters.expandTiering(new BucketSpec.Tiering("archive", "old/", "Enabled", 120, null)),
        IntelligentTieringConfiguration.builder().build());

    assertThat(BucketConverters.flattenTierings(listed)).containsExactly(
        new BucketSpec.Tiering("archive", "old/", "Enabled", 120, null),
        new BucketSpec.Tiering("lakehouse", null, "Enabled", 90, 180));
    assertThat(BucketConverters.tieringFromConfig(null)).isEmpty();
  }

  @Test
  void anEmptyTieringAnswerMeansNone() {
    assertThat(BucketConverters.flattenTiering(IntelligentTieringConfiguration.builder().build())).isNull();
    assertThat(BucketConverters.flattenTiering(null)).isNull();
  }

  @Test
  void encryptionWithAKeyTurnsTheBucketKeyOn() {
    BucketSpec.Encryption kms = new BucketSpec.Encryption("aws:kms", "arn:aws:kms:us-east-1:1:key/k", true);
    ServerSideEncryptionConfiguration sent = BucketConverters.expandEncryption(kms);
    assertThat(sent.rules().get(0).bucketKeyEnabled()).isTrue();
    assertThat(sent.rules().get(0).applyServerSideEncryptionByDefault().kmsMasterKeyID())
        .isEqualTo("arn:aws:kms:us-east-1:1:key/k");
    assertThat(BucketConverters.flattenEncryption(sent)).isEqualTo(kms);
  }

  @Test
  void sseS3ReadsWithoutKeyOrBucketKey() {
    BucketSpec.Encryption s3 = new BucketSpec.Encryption("AES256", null, false);
    assertThat(BucketConverters.flattenEncryption(BucketConverters.expandEncryption(s3))).isEqualTo(s3);
  }

  @Test
  void aBucketNeverVersionedCountsAsSuspended() {
    assertThat(BucketConverters.flattenVersioning(null)).isEqualTo("Suspended");
    assertThat(BucketConverters.flattenVersioning(BucketVersioningStatus.ENABLED)).isEqualTo("Enabled");
    assertThat(BucketConverters.flattenVersioning(BucketVersioningStatus.SUSPENDED)).isEqualTo("Suspended");
  }

  @Test
  void tagsAreSentSortedAndReadAsAMap() {
    assertThat(BucketConverters.expandTags(Map.of("b", "2", "a", "1")).tagSet())
        .extracting(Tag::key).containsExactly("a", "b");
    assertThat(BucketConverters.flattenTags(List.of(Tag.builder().key("k").value("v").build())))
        .isEqualTo(Map.of("k", "v"));
  }

  @Test
  void theTlsPolicyDeniesInsecureTransportOnBucketAndObjects() {
    assertThat(BucketPolicies.denyInsecureTransport("aws", "b").toString()).isEqualTo(
        "{\"Statement\":[{\"Action\":[\"s3:*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":[\"false\"]}},"
            + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Resource\":[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"],"
            + "\"Sid\":\"DenyInsecureTransport\"}],\"Version\":\"2012-10-17\"}");
  }
}
