package dev.lakehouse.provision.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.EmulatedAccount;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.TestClients;
import java.util.List;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;

/**
 * A zone bucket brought to a changed config and read back: after each apply the bucket holds what
 * the config says, and a plan shows no change. Checked with plain SDK clients.
 */
class S3BucketIT {
  private static final String CANONICAL_TIERING = """
          intelligentTiering:
            archiveAfterDays: 90
      """;

  @EmulatorTest
  void aTieringConfigurationGivenAnotherIdReplacesTheOneUnderTheOldId(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()));
        TestClients s3Side = TestClients.of(account.proxy().endpoint(), emulator.region(), emulator.credentials())) {
      String curated = "acme-dev-curated-" + emulator.accountId();
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      Stack renamed = account.editedDev(text -> {
        assertThat(text).contains(CANONICAL_TIERING);
        return text.replace(CANONICAL_TIERING, CANONICAL_TIERING.replace("intelligentTiering:\n",
            "intelligentTiering:\n      id: archive\n"));
      });

      assertThat(account.plan(renamed).changes()).filteredOn(c -> !c.isNoOp()).extracting(Change::address)
          .containsExactly(Addresses.zoneBucket("curated"));
      assertThat(account.apply(renamed).failed()).isEmpty();

      assertThat(tieringIds(s3Side, curated)).containsExactly("archive");
      assertThat(account.plan(renamed).hasChanges()).isFalse();

      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();

      assertThat(tieringIds(s3Side, curated)).containsExactly("lakehouse");
      assertThat(account.plan(account.canonicalDev()).hasChanges()).isFalse();
    }
  }

  private static List<String> tieringIds(TestClients clients, String bucket) {
    return clients.s3().listBucketIntelligentTieringConfigurations(b -> b.bucket(bucket))
        .intelligentTieringConfigurationList().stream().map(IntelligentTieringConfiguration::id).toList();
  }
}
