package dev.lakehouse.provision.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.provision.SideBySide;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateAliasResponse;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DeleteAliasRequest;
import software.amazon.awssdk.services.kms.model.DeleteAliasResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.DisableKeyRotationRequest;
import software.amazon.awssdk.services.kms.model.DisableKeyRotationResponse;
import software.amazon.awssdk.services.kms.model.EnableKeyRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyResponse;
import software.amazon.awssdk.services.kms.model.EnableKeyRotationRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyRotationResponse;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusRequest;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ListKeysRequest;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.ListResourceTagsRequest;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagResourceRequest;
import software.amazon.awssdk.services.kms.model.TagResourceResponse;
import software.amazon.awssdk.services.kms.model.UpdateKeyDescriptionRequest;
import software.amazon.awssdk.services.kms.model.UpdateKeyDescriptionResponse;

/** Creating the stack's key: only the calls a new key needs; a key found or won is read and brought to the config. */
class KmsKeyResourceTest {
  private static final String ACCOUNT = "123456789012";

  private static final KeySpec DESIRED = new KeySpec("acme-dev-lakehouse", "Lakehouse data key", "Enabled", true,
      KeyPolicies.lakehouseKey("aws", ACCOUNT, "us-east-1", true, true),
      Map.of("lakehouse:stack", "acme", KmsKeyResource.ALIAS_TAG, "acme-dev-lakehouse"), null, null);

  /** A KMS holding keys in memory; records every call by its operation name. */
  private static final class StubKms implements KmsClient {
    static final class Key {
      final String id;
      final String manager;
      String description;
      KeyState state = KeyState.ENABLED;
      boolean rotation;
      /** The days between rotations KMS answers with; null: none in the answer. */
      Integer rotationPeriod;
      String policy;
      final Map<String, String> tags = new LinkedHashMap<>();

      Key(String id, String manager, String description, String policy, Map<String, String> tags) {
        this.id = id;
        this.manager = manager;
        this.description = description;
        this.policy = policy;
        this.tags.putAll(tags);
      }

      KeyMetadata metadata() {
        return KeyMetadata.builder().keyId(id).arn("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + id)
            .keyManager(manager).keyState(state).description(description).build();
      }
    }

    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Key> keys = new ConcurrentHashMap<>();
    final Map<String, String> aliases = new ConcurrentHashMap<>();
    /** Another run of the stack that makes and names its key just before this run names its own. */
    Key otherRun;
    /** What ListKeys throws, when set. */
    RuntimeException listKeysFailure;
    /** Calls that each wait, on arrival, until the others of their meeting have arrived too. */
    final Map<String, CountDownLatch> meetings = new ConcurrentHashMap<>();

    /** The calls named go side by side, or fail after waiting in vain for each other. */
    void meet(String... operations) {
      CountDownLatch meeting = new CountDownLatch(operations.length);
      for (String operation : operations) {
        meetings.put(operation, meeting);
      }
    }

    private void arrive(String operation) {
      CountDownLatch meeting = meetings.get(operation);
      if (meeting == null) {
        return;
      }
      SideBySide.meet(meeting, operation);
    }

    Key add(Key key) {
      keys.put(key.id, key);
      return key;
    }

    private Key key(String keyId) {
      Key key = keys.get(aliases.getOrDefault(keyId, keyId));
      if (key == null) {
        throw NotFoundException.builder().message("Invalid keyId " + keyId).build();
      }
      return key;
    }

    /** The calls that change something, in order. */
    List<String> writes() {
      return calls.stream().filter(CallRecorder::isMutating).toList();
    }

    @Override
    public ListKeysResponse listKeys(ListKeysRequest request) {
      calls.add("ListKeys");
      arrive("ListKeys");
      if (listKeysFailure != null) {
        throw listKeysFailure;
      }
      // As KMS pages it: 100 keys unless asked for more, and a marker while there are more.
      List<String> ids = keys.keySet().stream().sorted().toList();
      int from = request.marker() == null ? 0 : Integer.parseInt(request.marker());
      int to = Math.min(ids.size(), from + (request.limit() == null ? 100 : request.limit()));
      return ListKeysResponse.builder()
          .keys(ids.subList(from, to).stream().map(id -> KeyListEntry.builder().keyId(id).build()).toList())
          .truncated(to < ids.size()).nextMarker(to < ids.size() ? Integer.toString(to) : null).build();
    }

    @Override
    public DescribeKeyResponse describeKey(DescribeKeyRequest request) {
      calls.add("DescribeKey");
      arrive("DescribeKey");
      return DescribeKeyResponse.builder().keyMetadata(key(request.keyId()).metadata()).build();
    }

    @Override
    public ListResourceTagsResponse listResourceTags(ListResourceTagsRequest request) {
      calls.add("ListResourceTags " + request.keyId());
      arrive("ListResourceTags");
      return ListResourceTagsResponse.builder().truncated(false).tags(key(request.keyId()).tags.entrySet().stream()
          .map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build()).toList()).build();
    }

    @Override
    public GetKeyRotationStatusResponse getKeyRotationStatus(GetKeyRotationStatusRequest request) {
      calls.add("GetKeyRotationStatus");
      arrive("GetKeyRotationStatus");
      Key key = key(request.keyId());
      return GetKeyRotationStatusResponse.builder().keyRotationEnabled(key.rotation)
          .rotationPeriodInDays(key.rotation ? key.rotationPeriod : null).build();
    }

    @Override
    public GetKeyPolicyResponse getKeyPolicy(GetKeyPolicyRequest request) {
      calls.add("GetKeyPolicy");
      arrive("GetKeyPolicy");
      return GetKeyPolicyResponse.builder().policy(key(request.keyId()).policy).build();
    }

    @Override
    public CreateKeyResponse createKey(CreateKeyRequest request) {
      calls.add("CreateKey");
      arrive("CreateKey");
      Map<String, String> tags = new LinkedHashMap<>();
      request.tags().forEach(t -> tags.put(t.tagKey(), t.tagValue()));
      Key key = add(new Key("k-new", "CUSTOMER", request.description(), request.policy(), tags));
      return CreateKeyResponse.builder().keyMetadata(key.metadata()).build();
    }

    @Override
    public CreateAliasResponse createAlias(CreateAliasRequest request) {
      calls.add("CreateAlias");
      arrive("CreateAlias");
      if (otherRun != null) {
        add(otherRun);
        aliases.put(request.aliasName(), otherRun.id);
      }
      if (aliases.putIfAbsent(request.aliasName(), request.targetKeyId()) != null) {
        throw AlreadyExistsException.builder().message("An alias with the name " + request.aliasName()
            + " already exists").build();
      }
      return CreateAliasResponse.builder().build();
    }

    @Override
    public DeleteAliasResponse deleteAlias(DeleteAliasRequest request) {
      calls.add("DeleteAlias " + request.aliasName());
      if (aliases.remove(request.aliasName()) == null) {
        throw NotFoundException.builder().message("Alias " + request.aliasName() + " is not found").build();
      }
      return DeleteAliasResponse.builder().build();
    }

    @Override
    public ScheduleKeyDeletionResponse scheduleKeyDeletion(ScheduleKeyDeletionRequest request) {
      calls.add("ScheduleKeyDeletion " + request.keyId());
      key(request.keyId()).state = KeyState.PENDING_DELETION;
      return ScheduleKeyDeletionResponse.builder().build();
    }

    @Override
    public EnableKeyRotationResponse enableKeyRotation(EnableKeyRotationRequest request) {
      calls.add("EnableKeyRotation " + request.keyId());
      arrive("EnableKeyRotation");
      key(request.keyId()).rotation = true;
      key(request.keyId()).rotationPeriod = request.rotationPeriodInDays();
      return EnableKeyRotationResponse.builder().build();
    }

    @Override
    public DisableKeyRotationResponse disableKeyRotation(DisableKeyRotationRequest request) {
      calls.add("DisableKeyRotation " + request.keyId());
      key(request.keyId()).rotation = false;
      return DisableKeyRotationResponse.builder().build();
    }

    @Override
    public CancelKeyDeletionResponse cancelKeyDeletion(CancelKeyDeletionRequest request) {
      calls.add("CancelKeyDeletion " + request.keyId());
      key(request.keyId()).state = KeyState.DISABLED;
      return CancelKeyDeletionResponse.builder().build();
    }

    @Override
    public EnableKeyResponse enableKey(EnableKeyRequest request) {
      calls.add("EnableKey " + request.keyId());
      key(request.keyId()).state = KeyState.ENABLED;
      return EnableKeyResponse.builder().build();
    }

    @Override
    public UpdateKeyDescriptionResponse updateKeyDescription(UpdateKeyDescriptionRequest request) {
      calls.add("UpdateKeyDescription " + request.keyId());
      key(request.keyId()).description = request.description();
      return UpdateKeyDescriptionResponse.builder().build();
    }

    @Override
    public PutKeyPolicyResponse putKeyPolicy(PutKeyPolicyRequest request) {
      calls.add("PutKeyPolicy " + request.keyId());
      key(request.keyId()).policy = request.policy();
      return PutKeyPolicyResponse.builder().build();
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
      calls.add("TagResource " + request.keyId());
      request.tags().forEach(t -> key(request.keyId()).tags.put(t.tagKey(), t.tagValue()));
      return TagResourceResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "kms";
    }

    @Override
    public void close() {}
  }

  private final StubKms kms = new StubKms();
  private final KmsKeyResource resource = new KmsKeyResource(kms, 30);

  @Test
  void aNewKeyIsMadeNamedAndGivenRotationWithoutReadingItBack() {
    resource.create(DESIRED);

    assertThat(kms.writes()).first().isEqualTo("CreateKey");
    assertThat(kms.writes()).containsExactlyInAnyOrder("CreateKey", "CreateAlias", "EnableKeyRotation k-new");
    assertThat(kms.calls).doesNotContain("GetKeyRotationStatus", "GetKeyPolicy");
    assertThat(resource.read(DESIRED)).get().isEqualTo(new KeySpec(DESIRED.alias(), DESIRED.description(), "Enabled",
        true, DESIRED.policy(), DESIRED.tags(), "k-new", "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/k-new"));
  }

  @Test
  void aNewKeyWithoutRotationNeedsNoCallAfterItsAlias() {
    KeySpec withoutRotation = new KeySpec(DESIRED.alias(), DESIRED.description(), "Enabled", false, DESIRED.policy(),
        DESIRED.tags(), null, null);

    resource.create(withoutRotation);

    assertThat(kms.writes()).containsExactly("CreateKey", "CreateAlias");
  }

  @Test
  void theLookForAnUnnamedKeyGoesBesideCreateKeyAndTheRotationBesideTheAlias() {
    kms.meet("ListKeys", "CreateKey");
    kms.meet("CreateAlias", "EnableKeyRotation");

    resource.create(DESIRED);

    assertThat(kms.writes()).containsExactlyInAnyOrder("CreateKey", "CreateAlias", "EnableKeyRotation k-new");
    assertThat(kms.aliases).containsEntry(DESIRED.aliasName(), "k-new");
  }

  @Test
  void otherKeysAreLookedAtButOnlyCustomerKeysTagsAreRead() {
    kms.add(new StubKms.Key("k-aws-s3", "AWS", "Default key for S3", "{}", Map.of()));
    kms.add(new StubKms.Key("k-other", "CUSTOMER", "another stack's key", "{}", Map.of("lakehouse:stack", "other")));

    resource.create(DESIRED);

    assertThat(kms.calls).containsOnlyOnce("ListKeys", "ListResourceTags k-other").doesNotContain(
        "ListResourceTags k-aws-s3");
    assertThat(kms.writes()).first().isEqualTo("CreateKey");
    assertThat(kms.writes()).containsExactlyInAnyOrder("CreateKey", "CreateAlias", "EnableKeyRotation k-new");
  }

  @Test
  void theKeyOfAnInterruptedApplyIsNamedReadAndOnlyWhatDiffersIsWritten() {
    kms.add(new StubKms.Key("k-orphan", "CUSTOMER", DESIRED.description(), PolicyDocuments.toJson(DESIRED.policy()),
        DESIRED.tags()));

    resource.create(DESIRED);

    // The look went beside CreateKey: the key it made meanwhile, not needed, goes.
    assertThat(kms.writes()).containsExactly("CreateKey", "ScheduleKeyDeletion k-new", "CreateAlias",
        "EnableKeyRotation k-orphan");
    assertThat(kms.calls).containsOnlyOnce("GetKeyRotationStatus", "GetKeyPolicy");
    assertThat(kms.aliases).containsEntry(DESIRED.aliasName(), "k-orphan");
    assertThat(kms.keys.get("k-new").state).isEqualTo(KeyState.PENDING_DELETION);
  }

  @Test
  void whenAnotherRunNamesItsKeyFirstThisRunsKeyIsScheduledForDeletionAndTheWinnerBroughtToTheConfig() {
    StubKms.Key winner = new StubKms.Key("k-winner", "CUSTOMER", "an older description",
        PolicyDocuments.toJson(DESIRED.policy()), DESIRED.tags());
    winner.rotation = true;
    kms.otherRun = winner;

    resource.create(DESIRED);

    // The rotation went beside the alias; the key is scheduled for deletion once it has ended.
    assertThat(kms.writes().subList(0, 3)).containsExactlyInAnyOrder("CreateKey", "CreateAlias",
        "EnableKeyRotation k-new");
    assertThat(kms.writes().subList(3, 5)).containsExactly("ScheduleKeyDeletion k-new",
        "UpdateKeyDescription k-winner");
    assertThat(kms.keys.get("k-new").state).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(resource.read(DESIRED)).get().extracting(KeySpec::keyId, KeySpec::description)
        .containsExactly("k-winner", DESIRED.description());
  }

  @Test
  void aKeyJustMadeIsReadBackInOneRoundTrip() {
    resource.create(DESIRED);
    kms.meet("DescribeKey", "GetKeyPolicy", "GetKeyRotationStatus", "ListResourceTags");

    assertThat(resource.readAfterWrite(DESIRED)).get().extracting(KeySpec::keyId, KeySpec::rotation)
        .containsExactly("k-new", true);
  }

  @Test
  void aKeyJustMadeWhoseAliasNamesAnotherKeyByNowIsReadBackAsThatKey() {
    resource.create(DESIRED);
    kms.add(new StubKms.Key("k-moved", "CUSTOMER", "moved by hand", PolicyDocuments.toJson(DESIRED.policy()),
        DESIRED.tags()));
    kms.aliases.put(DESIRED.aliasName(), "k-moved");

    assertThat(resource.readAfterWrite(DESIRED)).get().extracting(KeySpec::keyId, KeySpec::description)
        .containsExactly("k-moved", "moved by hand");
  }

  @Test
  void whenTheLookForAnUnnamedKeyFailsTheKeyMadeBesideItIsScheduledForDeletionAndTheCreateFails() {
    kms.listKeysFailure = KmsException.builder().message("not authorized to perform kms:ListKeys").build();

    assertThatThrownBy(() -> resource.create(DESIRED)).isSameAs(kms.listKeysFailure);

    // Without the look it could be a second key: it goes, unnamed, and the next apply looks again.
    assertThat(kms.writes()).containsExactly("CreateKey", "ScheduleKeyDeletion k-new");
    assertThat(kms.aliases).isEmpty();
  }

  @Test
  void differingNamesTheAttributesToWrite() {
    KeySpec observed = new KeySpec(DESIRED.alias(), "old", "Disabled", true, DESIRED.policy(),
        Map.of("lakehouse:stack", "acme"), "k1", "arn");
    assertThat(KmsKeyResource.differing(observed, DESIRED)).containsExactly("description", "state", "tags");
    assertThat(KmsKeyResource.differing(DESIRED, DESIRED)).isEqualTo(Set.of());
  }

  @Test
  void aKeyRotatedOnAnotherPeriodThanYearlyOutsideLakehouseDiffersAndIsPutBackToYearly() {
    StubKms.Key key = kms.add(new StubKms.Key("k1", "CUSTOMER", DESIRED.description(),
        PolicyDocuments.toJson(DESIRED.policy()), DESIRED.tags()));
    kms.aliases.put(DESIRED.aliasName(), "k1");
    key.rotation = true;
    key.rotationPeriod = 2560;

    KeySpec observed = resource.read(DESIRED).orElseThrow();
    assertThat(observed.rotationPeriodDays()).isEqualTo(2560);
    assertThat(KmsKeyResource.differing(observed, DESIRED)).containsExactly("rotationPeriodDays");

    resource.update(observed, DESIRED, KmsKeyResource.differing(observed, DESIRED));

    assertThat(kms.writes()).containsExactly("EnableKeyRotation k1");
    assertThat(key.rotationPeriod).isEqualTo(365);
    assertThat(KmsKeyResource.differing(resource.read(DESIRED).orElseThrow(), DESIRED)).isEmpty();
  }

  @Test
  void aRotatingKeyWhoseAnswerNamesNoPeriodRotatesYearly() {
    StubKms.Key key = kms.add(new StubKms.Key("k1", "CUSTOMER", DESIRED.description(),
        PolicyDocuments.toJson(DESIRED.policy()), DESIRED.tags()));
    kms.aliases.put(DESIRED.aliasName(), "k1");
    key.rotation = true;

    assertThat(KmsKeyResource.differing(resource.read(DESIRED).orElseThrow(), DESIRED)).isEmpty();
  }

  /** The config's key as a stack with ownership tags wants it. */
  private static final KeySpec OWNED = new KeySpec(DESIRED.alias(), DESIRED.description(), "Enabled", true,
      DESIRED.policy(), Map.of("lakehouse:project", "acme", "lakehouse:env", "dev",
          KmsKeyResource.ALIAS_TAG, "acme-dev-lakehouse"), null, null);

  @Test
  void withoutItsAliasTheStacksKeyPendingDeletionIsReadByItsTagsAndBroughtBackNamed() {
    StubKms.Key destroyed = kms.add(new StubKms.Key("k-destroyed", "CUSTOMER", DESIRED.description(),
        PolicyDocuments.toJson(DESIRED.policy()), OWNED.tags()));
    destroyed.state = KeyState.PENDING_DELETION;
    kms.add(new StubKms.Key("k-other-env", "CUSTOMER", "", "{}", Map.of("lakehouse:project", "acme",
        "lakehouse:env", "prod", KmsKeyResource.ALIAS_TAG, "acme-dev-lakehouse")));

    KeySpec observed = resource.read(OWNED).orElseThrow();

    assertThat(observed.keyId()).isEqualTo("k-destroyed");
    assertThat(observed.alias()).isNull();
    assertThat(observed.state()).isEqualTo("PendingDeletion");
    assertThat(KmsKeyResource.differing(observed, OWNED)).contains("alias", "state", "rotation");

    resource.update(observed, OWNED, KmsKeyResource.differing(observed, OWNED));

    assertThat(kms.writes()).containsExactly("CancelKeyDeletion k-destroyed", "EnableKey k-destroyed", "CreateAlias",
        "EnableKeyRotation k-destroyed");
    assertThat(kms.aliases).containsEntry(OWNED.aliasName(), "k-destroyed");
  }

  @Test
  void theOldAliasARenameCutShortLeftOnTheKeyIsRemovedByTheNextApply() {
    KeySpec renamed = new KeySpec("acme-data-dev", OWNED.description(), "Enabled", true, OWNED.policy(),
        Map.of("lakehouse:project", "acme", "lakehouse:env", "dev", KmsKeyResource.ALIAS_TAG, "acme-data-dev"),
        null, null);
    kms.add(new StubKms.Key("k-stack", "CUSTOMER", OWNED.description(), PolicyDocuments.toJson(OWNED.policy()),
        OWNED.tags())).rotation = true;
    kms.aliases.put("alias/acme-data-dev", "k-stack");
    kms.aliases.put(OWNED.aliasName(), "k-stack");
    KeySpec observed = resource.read(renamed).orElseThrow();
    assertThat(KmsKeyResource.differing(observed, renamed)).containsExactly("tags");

    resource.update(observed, renamed, KmsKeyResource.differing(observed, renamed));

    assertThat(kms.aliases).containsOnlyKeys("alias/acme-data-dev");
    assertThat(kms.writes()).containsExactly("DeleteAlias " + OWNED.aliasName(), "TagResource k-stack");
  }

  @Test
  void anOldAliasThatNamesAnotherKeyIsLeftAlone() {
    KeySpec renamed = new KeySpec("acme-data-dev", OWNED.description(), "Enabled", true, OWNED.policy(),
        Map.of("lakehouse:project", "acme", "lakehouse:env", "dev", KmsKeyResource.ALIAS_TAG, "acme-data-dev"),
        null, null);
    kms.add(new StubKms.Key("k-stack", "CUSTOMER", OWNED.description(), PolicyDocuments.toJson(OWNED.policy()),
        OWNED.tags())).rotation = true;
    kms.add(new StubKms.Key("k-theirs", "CUSTOMER", "", "{}", Map.of()));
    kms.aliases.put("alias/acme-data-dev", "k-stack");
    kms.aliases.put(OWNED.aliasName(), "k-theirs");
    KeySpec observed = resource.read(renamed).orElseThrow();

    resource.update(observed, renamed, KmsKeyResource.differing(observed, renamed));

    assertThat(kms.aliases).containsEntry(OWNED.aliasName(), "k-theirs");
    assertThat(kms.writes()).containsExactly("TagResource k-stack");
  }

  @Test
  void anUnnamedKeyAnotherRunNamesFirstIsLeftNamedNotFailed() {
    kms.add(new StubKms.Key("k-theirs", "CUSTOMER", DESIRED.description(), PolicyDocuments.toJson(DESIRED.policy()),
        OWNED.tags()));
    KeySpec observed = resource.read(OWNED).orElseThrow();
    assertThat(observed.alias()).isNull();
    // The other run, which made the key, names it between this run's read and its write.
    kms.aliases.put(OWNED.aliasName(), "k-theirs");

    resource.update(observed, OWNED, Set.of("alias"));

    assertThat(kms.aliases).containsEntry(OWNED.aliasName(), "k-theirs");
  }

  @Test
  void aKeyInUseIsTakenBeforeOnePendingDeletionAndNoKeyWithoutTheStacksTags() {
    kms.add(new StubKms.Key("k-retired", "CUSTOMER", "", "{}", OWNED.tags())).state = KeyState.PENDING_DELETION;
    kms.add(new StubKms.Key("k-unnamed", "CUSTOMER", "", "{}", OWNED.tags()));

    assertThat(resource.read(OWNED)).get().extracting(KeySpec::keyId).isEqualTo("k-unnamed");
    assertThat(resource.read(DESIRED)).as("a spec without ownership tags takes no key back").isEmpty();
  }

  @Test
  void theStacksUnnamedKeyIsFoundAmongManyInOneListing() {
    IntStream.range(0, 150).forEach(i -> kms.add(new StubKms.Key(String.format("k-aws-%03d", i), "AWS", "", "{}",
        Map.of())));
    kms.add(new StubKms.Key("k-unnamed", "CUSTOMER", "", "{}", OWNED.tags()));

    assertThat(resource.read(OWNED)).get().extracting(KeySpec::keyId).isEqualTo("k-unnamed");
    assertThat(kms.calls).filteredOn("ListKeys"::equals).as("the account's 151 keys in one page").hasSize(1);
  }

  @Test
  void aKeyReadBackAfterItsDeletionIsGoneOnceItsAliasIs() {
    kms.add(new StubKms.Key("k1", "CUSTOMER", "", "{}", OWNED.tags())).state = KeyState.PENDING_DELETION;
    KeySpec deleted = new KeySpec(OWNED.alias(), OWNED.description(), "Enabled", true, OWNED.policy(), OWNED.tags(),
        "k1", "arn");
    KeySpec unnamed = new KeySpec(null, OWNED.description(), "Enabled", true, OWNED.policy(), OWNED.tags(),
        "k1", "arn");

    assertThat(resource.read(deleted)).isEmpty();
    assertThat(resource.read(unnamed)).isEmpty();
    assertThat(resource.deletionRisk(resource.read(OWNED).orElseThrow())).as("already scheduled").isEmpty();
  }

  @Test
  void theKeysAStackOwnsAreFoundWithTheAliasTheyWereMadeFor() {
    kms.add(new StubKms.Key("k1", "CUSTOMER", "", "{}", OWNED.tags()));
    kms.add(new StubKms.Key("k-gone", "CUSTOMER", "", "{}", OWNED.tags())).state = KeyState.PENDING_DELETION;
    kms.add(new StubKms.Key("k-foreign", "CUSTOMER", "", "{}", Map.of("lakehouse:project", "other")));

    assertThat(resource.owned(Map.of("lakehouse:project", "acme", "lakehouse:env", "dev")))
        .singleElement().satisfies(key -> {
          assertThat(key.keyId()).isEqualTo("k1");
          assertThat(key.alias()).isEqualTo("acme-dev-lakehouse");
        });
  }

  @Test
  void aKeysDeletionSaysWhenKmsDeletesItAndHowToTakeItBack() {
    KeySpec key = new KeySpec(OWNED.alias(), OWNED.description(), "Enabled", true, OWNED.policy(), OWNED.tags(),
        "k1", "arn");

    assertThat(new KmsKeyResource(kms, 7).deletionNotes(key)).containsExactly("KMS deletes the key k1 only after a "
        + "waiting period of 7 days; until then `aws kms cancel-key-deletion --key-id k1` brings it back (an apply "
        + "that wants the key again does that itself)");
    assertThat(kms.writes()).isEmpty();
  }
}
