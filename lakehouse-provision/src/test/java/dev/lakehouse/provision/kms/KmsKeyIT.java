package dev.lakehouse.provision.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.EmulatedAccount;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.s3.S3Provider;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * The stack's key made against a KMS whose answers can be lost: KMS takes no token to tell a
 * retried CreateKey by, so each attempt the SDK sends may make a key. The stack ends with one
 * usable key, the one its alias names; the others, which have encrypted nothing, are scheduled
 * for deletion.
 */
class KmsKeyIT {
  private static final String ALIAS = "alias/acme-lakehouse-dev";

  @EmulatorTest(motoOnly = true, reason = "drops an answer in the proxy; LocalStack adds nothing")
  void aCreateKeyWhoseAnswerWasLostAndThatTheSdkSentAgainLeavesOneUsableKey(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider()))) {
      var lost = account.proxy().rule().service("kms").operation("CreateKey").times(1).loseResponse();

      ApplyResult result = account.apply(account.canonicalDev());

      assertThat(result.failed()).as(result.toString()).isEmpty();
      assertThat(lost.fired()).isEqualTo(1);
      KmsClient kms = account.clients().kms();
      List<KeyMetadata> keys = customerKeys(kms);
      assertThat(keys).as("two keys made, one by the attempt whose answer was lost").hasSize(2);
      List<KeyMetadata> usable = keys.stream().filter(k -> k.keyState() != KeyState.PENDING_DELETION).toList();
      assertThat(usable).hasSize(1);
      assertThat(kms.describeKey(b -> b.keyId(ALIAS)).keyMetadata().keyId()).isEqualTo(usable.get(0).keyId());
      account.proxy().clearRecording();
      assertThat(account.plan(account.canonicalDev()).changes()).allMatch(change -> change.isNoOp());
    }
  }

  @EmulatorTest(motoOnly = true, reason = "drops answers in the proxy; LocalStack adds nothing")
  void aCreateKeyThatFailedAfterAttemptsThatMadeKeysLeavesNoUsableKeyAndTheNextApplyMakesOne(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider()))) {
      var lost = account.proxy().rule().service("kms").operation("CreateKey").loseResponse();

      ApplyResult failed = account.apply(account.canonicalDev());

      assertThat(failed.failed()).as(failed.toString()).isNotEmpty();
      assertThat(lost.fired()).isGreaterThan(1);
      KmsClient kms = account.clients().kms();
      assertThat(customerKeys(kms)).hasSize(lost.fired())
          .allMatch(k -> k.keyState() == KeyState.PENDING_DELETION);
      lost.remove();

      ApplyResult again = account.apply(account.canonicalDev());

      assertThat(again.failed()).as(again.toString()).isEmpty();
      assertThat(customerKeys(kms)).filteredOn(k -> k.keyState() != KeyState.PENDING_DELETION).hasSize(1);
    }
  }

  @EmulatorTest(motoOnly = true, reason = "drops answers in the proxy; LocalStack adds nothing")
  void aDestroyWhoseAnswersWereLostStillSchedulesTheKeyForDeletion(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider()))) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      KmsClient kms = account.clients().kms();
      String keyId = kms.describeKey(b -> b.keyId(ALIAS)).keyMetadata().keyId();
      var aliasLost = account.proxy().rule().service("kms").operation("DeleteAlias").times(1).loseResponse();
      var scheduleLost = account.proxy().rule().service("kms").operation("ScheduleKeyDeletion").times(1)
          .loseResponse();

      Engine destroying = account.engine(new Overrides(Set.of(DataRisk.KMS_KEY)));
      LiveStack live = destroying.read(account.canonicalDev());
      ApplyResult destroyed = destroying.apply(live, destroying.destroyPlan(live, Set.of()), ApplyListener.NONE,
          new Cancellation());

      assertThat(destroyed.failed()).as(destroyed.toString()).isEmpty();
      assertThat(List.of(aliasLost.fired(), scheduleLost.fired())).containsExactly(1, 1);
      assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.PENDING_DELETION);
      assertThat(kms.listAliases().aliases()).extracting(AliasListEntry::aliasName).doesNotContain(ALIAS);
    }
  }

  @EmulatorTest
  void aNewAliasRenamesTheStacksKeyRatherThanMakingASecondOne(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()))) {
      assertThat(account.apply(account.canonicalDev()).failed()).isEmpty();
      KmsClient kms = account.clients().kms();
      String keyId = kms.describeKey(b -> b.keyId(ALIAS)).keyMetadata().keyId();
      Stack renamed = account.editedDev(text -> {
        assertThat(text).contains("alias: ${project}-lakehouse-${env}");
        return text.replace("alias: ${project}-lakehouse-${env}", "alias: ${project}-data-${env}");
      });

      Plan plan = account.plan(renamed);

      assertThat(plan.changes()).filteredOn(change -> !change.isNoOp()).singleElement().satisfies(change -> {
        assertThat(change.address()).isEqualTo(Addresses.kmsKey());
        assertThat(change.action()).isEqualTo(Action.UPDATE);
        assertThat(change.attributes()).extracting(AttributeChange::path).contains("alias");
      });
      ApplyResult result = account.apply(renamed);

      assertThat(result.failed()).as(result.toString()).isEmpty();
      assertThat(customerKeys(kms)).extracting(KeyMetadata::keyId).containsExactly(keyId);
      assertThat(kms.listAliases(b -> b.keyId(keyId)).aliases()).extracting(AliasListEntry::aliasName)
          .containsExactly("alias/acme-data-dev");
      assertThat(account.plan(renamed).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void anAliasMovedByHandToAnotherKeyIsMovedBackToTheStacksKey(Emulator emulator) {
    try (EmulatedAccount account = EmulatedAccount.open(emulator, List.of(new KmsProvider(), new S3Provider()))) {
      Stack stack = account.canonicalDev();
      assertThat(account.apply(stack).failed()).isEmpty();
      KmsClient kms = account.clients().kms();
      String keyId = kms.describeKey(b -> b.keyId(ALIAS)).keyMetadata().keyId();
      String other = kms.createKey(b -> b.description("someone else's")).keyMetadata().keyId();
      kms.updateAlias(b -> b.aliasName(ALIAS).targetKeyId(other));

      Plan plan = account.plan(stack);

      assertThat(plan.changes()).as("the buckets keep the stack's key").filteredOn(change -> !change.isNoOp())
          .singleElement().satisfies(change -> {
            assertThat(change.address()).isEqualTo(Addresses.kmsKey());
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.attributes()).extracting(AttributeChange::path).containsExactly("alias");
          });
      ApplyResult result = account.apply(stack);

      assertThat(result.failed()).as(result.toString()).isEmpty();
      assertThat(kms.describeKey(b -> b.keyId(ALIAS)).keyMetadata().keyId()).isEqualTo(keyId);
      assertThat(kms.describeKey(b -> b.keyId(other)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
      assertThat(account.plan(stack).hasChanges()).isFalse();
    }
  }

  private static List<KeyMetadata> customerKeys(KmsClient kms) {
    return kms.listKeysPaginator().keys().stream()
        .map(k -> kms.describeKey(b -> b.keyId(k.keyId())).keyMetadata())
        .filter(k -> "CUSTOMER".equals(k.keyManagerAsString()))
        .toList();
  }
}
