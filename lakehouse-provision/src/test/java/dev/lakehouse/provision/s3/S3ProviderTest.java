package dev.lakehouse.provision.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S3ProviderTest {
  private static final Map<String, String> ZONES = Map.of("processed", "acme-dev-processed-1", "curated",
      "acme-dev-curated-1");

  private static BucketSpec bucket(String name, List<BucketSpec.LifecycleRule> lifecycle, BucketSpec.Encryption sse) {
    return new BucketSpec(name, "Enabled", sse, null, null, null, lifecycle, List.of(), Map.of());
  }

  @Test
  void anUndeclaredBucketTakesItsZonesAddressWhenItsNameTellsTheZone() {
    assertThat(S3Provider.address(bucket("acme-dev-raw-1", List.of(), null), ZONES, Set.of()))
        .contains(Addresses.zoneBucket("raw"));
  }

  @Test
  void aBucketWhoseZoneAddressIsTakenOrCannotBeToldIsAddressedByItsName() {
    assertThat(S3Provider.address(bucket("acme-dev-raw-1", List.of(), null), ZONES, Set.of(Addresses.zoneBucket("raw"))))
        .contains(new Address(Addresses.S3_BUCKET, "acme-dev-raw-1"));
    assertThat(S3Provider.address(bucket("landing", List.of(), null), ZONES, Set.of()))
        .contains(new Address(Addresses.S3_BUCKET, "landing"));
    assertThat(S3Provider.address(bucket("landing", List.of(), null), ZONES,
        Set.of(new Address(Addresses.S3_BUCKET, "landing")))).isEmpty();
  }

  @Test
  void theResultsBucketIsToldByItsExpiryRule() {
    BucketSpec.LifecycleRule expiry = new BucketSpec.LifecycleRule(S3Provider.RESULTS_RULE_ID, null, "Enabled",
        List.of(), 30, List.of(), 1, 1);
    assertThat(S3Provider.address(bucket("acme-dev-athena-results-1", List.of(expiry), null), ZONES, Set.of()))
        .contains(Addresses.resultsBucket());
    assertThat(S3Provider.address(bucket("acme-dev-athena-results-1", List.of(expiry), null), ZONES,
        Set.of(Addresses.resultsBucket()))).as("renamed: by its name, never as a zone")
        .contains(new Address(Addresses.S3_BUCKET, "acme-dev-athena-results-1"));
  }

  @Test
  void aBucketEncryptedWithAKeyNeedsTheStacksKey() {
    assertThat(S3Provider.dependsOn(bucket("b", List.of(), new BucketSpec.Encryption("aws:kms", "arn:key", true))))
        .containsExactly(Addresses.kmsKey());
    assertThat(S3Provider.dependsOn(bucket("b", List.of(), new BucketSpec.Encryption("AES256", null, false))))
        .isEmpty();
  }
}
