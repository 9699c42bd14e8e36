package dev.lakehouse.provision.kms;

import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.AttributeDiff;
import dev.lakehouse.provision.engine.Specs;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.AttributeWrites;
import dev.lakehouse.provision.resource.CallAttempts;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The stack's customer managed KMS key and its alias. A key is never deleted outright: it is
 * scheduled for deletion with the configured waiting period, and a key pending deletion that
 * the config still wants is brought back, found by its alias or, once a destroy has removed the
 * alias, by the stack's ownership tags, and named again.
 */
public final class KmsKeyResource implements ResourceType<KeySpec> {
  /**
   * Tags a new key with its alias before the alias exists, so that a key made by an apply
   * that was interrupted before it named the key is found and taken, not made twice.
   */
  static final String ALIAS_TAG = "lakehouse:alias";  // one of TagChanges.OWN_KEYS

  /** The most keys one ListKeys answers (it answers 100 unless asked for more). */
  private static final int LARGEST_PAGE = 1000;

  /**
   * Which of the stack's unnamed keys a read takes first: a key in use before a key pending
   * deletion; then the deletion scheduled last; then the newest key.
   */
  private static final Comparator<KeyMetadata> TAKEN_BACK_FIRST = Comparator
      .comparing((KeyMetadata key) -> key.keyState() == KeyState.PENDING_DELETION)
      .thenComparing(KeyMetadata::deletionDate, Comparator.nullsLast(Comparator.reverseOrder()))
      .thenComparing(KeyMetadata::creationDate, Comparator.nullsLast(Comparator.reverseOrder()));

  private final KmsClient kms;
  private final int deletionWindowDays;
  /**
   * The key this process's creates gave each alias, so that a key just made is read back in one
   * round trip: its attributes side by side with the look at which key the alias names.
   */
  private final Map<String, String> named = new ConcurrentHashMap<>();

  public KmsKeyResource(KmsClient kms, int deletionWindowDays) {
    this.kms = kms;
    this.deletionWindowDays = deletionWindowDays;
  }

  @Override
  public String name() {
    return Addresses.KMS_KEY;
  }

  /**
   * The key the alias names; when it names none, and the spec is the config's, the stack's own key
   * without its alias (one a destroy scheduled for deletion, or an interrupted apply left
   * unnamed), read with a null alias so that the plan shows the alias to restore (and the deletion
   * to cancel) as an update, or the stack's key under the alias an earlier config gave it, so that
   * the plan shows a rename (see {@link #withoutTheAlias}); when it names a key that is not the
   * stack's while the stack's key for it is in use, that key without its alias (see
   * {@link #aliasMovedFrom}). A spec of a key already read (it has its id: the engine looking
   * whether a key it deleted is gone) is looked for by its alias alone: a key is deleted when it
   * is scheduled for deletion and its alias removed.
   */
  @Override
  public Optional<KeySpec> read(KeySpec desired) {
    if (desired.alias() == null) {
      return readUnnamed(desired.keyId());
    }
    KeyMetadata key;
    try {
      key = kms.describeKey(b -> b.keyId(desired.aliasName())).keyMetadata();
    } catch (NotFoundException e) {
      return desired.keyId() != null ? Optional.empty() : withoutTheAlias(desired);
    }
    KeySpec named = readKey(key, desired.alias(), desired.tags());
    if (desired.keyId() == null && !ownedBy(named.tags(), desired)) {
      Optional<KeySpec> movedFrom = aliasMovedFrom(desired);
      if (movedFrom.isPresent()) {
        return movedFrom;
      }
    }
    return Optional.of(named);
  }

  /** Whether tags read from a key carry the stack's ownership tags that the config's key has. */
  private static boolean ownedBy(Map<String, String> tags, KeySpec desired) {
    return identifyingTags(desired.tags()).entrySet().stream().filter(tag -> !tag.getKey().equals(ALIAS_TAG))
        .allMatch(tag -> tag.getValue().equals(tags.get(tag.getKey())));
  }

  /**
   * The stack's key in use that was made for this alias while the alias names a key that is not the
   * stack's: the alias was moved outside lakehouse. That key holds what the stack encrypted, so it is
   * read without its alias, and the plan shows the alias moving back to it (as Terraform moves an
   * {@code aws_kms_alias} back to its {@code target_key_id}), not the buckets, results and topic
   * taking the other key. Empty when the stack has no such key: the other key is then offered for adoption.
   */
  private Optional<KeySpec> aliasMovedFrom(KeySpec desired) {
    Map<String, String> identifying = identifyingTags(desired.tags());
    if (identifying.isEmpty()) {
      return Optional.empty();
    }
    return keysTagged(identifying, key -> key.keyState() != KeyState.PENDING_DELETION).stream()
        .map(TaggedKey::key).min(TAKEN_BACK_FIRST).map(found -> readKey(found, null, desired.tags()));
  }

  /** A key read before without its alias, by its id: gone once its deletion is scheduled. */
  private Optional<KeySpec> readUnnamed(String keyId) {
    KeyMetadata key;
    try {
      key = kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    return key.keyState() == KeyState.PENDING_DELETION ? Optional.empty() : Optional.of(readKey(key, null, Map.of()));
  }

  /**
   * The stack's key when the alias names none, from one search of the account's keys for the stack's
   * ownership tags: its key for this alias that the alias does not name (its alias's tag says so; a
   * key in use comes first, then the one whose deletion was scheduled last: the last destroy's, not
   * a duplicate an apply retired earlier), read without an alias; else its key in use under another
   * alias, one an earlier config gave it, read with that alias while it still names the key, so
   * that the plan shows the alias changing on the key that holds the data, not a second key. None
   * when the spec carries no ownership tags to tell the stack's key by.
   */
  private Optional<KeySpec> withoutTheAlias(KeySpec desired) {
    Map<String, String> identifying = identifyingTags(desired.tags());
    if (identifying.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> ownership = new TreeMap<>(identifying);
    ownership.remove(ALIAS_TAG);
    List<TaggedKey> owned = keysTagged(ownership, key -> true);
    Optional<KeyMetadata> forThisAlias = owned.stream().filter(key -> desired.alias().equals(key.alias()))
        .map(TaggedKey::key).min(TAKEN_BACK_FIRST);
    if (forThisAlias.isPresent()) {
      return forThisAlias.map(found -> readKey(found, null, desired.tags()));
    }
    return owned.stream().filter(key -> key.alias() != null && key.key().keyState() != KeyState.PENDING_DELETION)
        .min(Comparator.comparing(TaggedKey::key, TAKEN_BACK_FIRST))
        .map(renamed -> readKey(renamed.key(), namedAlias(renamed), desired.tags()));
  }

  /** The alias the key was made with, when it still names the key; otherwise null. */
  private String namedAlias(TaggedKey key) {
    try {
      String named = kms.describeKey(b -> b.keyId("alias/" + key.alias())).keyMetadata().keyId();
      return named.equals(key.key().keyId()) ? key.alias() : null;
    } catch (NotFoundException e) {
      return null;
    }
  }

  /**
   * The tags that tell the stack's key for an alias: the ownership tags and the alias's tag; empty
   * when any of them is missing.
   */
  static Map<String, String> identifyingTags(Map<String, String> tags) {
    Map<String, String> identifying = new TreeMap<>();
    for (String key : List.of(Stack.PROJECT_TAG, Stack.ENV_TAG, ALIAS_TAG)) {
      if (!tags.containsKey(key)) {
        return Map.of();
      }
      identifying.put(key, tags.get(key));
    }
    return identifying;
  }

  /** A key scheduled for deletion is already on its way out: a second destroy leaves it be. */
  @Override
  public boolean deletionUnderway(KeySpec observed) {
    return "PendingDeletion".equals(observed.state());
  }

  /**
   * A destroy removes the key's alias and schedules its deletion; a key scheduled for deletion by
   * hand keeps its alias, and is drift.
   */
  @Override
  public boolean leftByDestroy(KeySpec observed) {
    return deletionUnderway(observed) && observed.alias() == null;
  }

  /**
   * The stack's keys, not pending deletion, carrying these ownership tags and an alias tag, each
   * read with the alias it was made for: what a stack whose config no longer has a key owns.
   */
  List<KeySpec> owned(Map<String, String> ownershipTags) {
    List<KeySpec> found = new ArrayList<>();
    for (TaggedKey tagged : keysTagged(ownershipTags, key -> key.keyState() != KeyState.PENDING_DELETION)) {
      KeySpec spec = readKey(tagged.key(), null, Map.of());
      String alias = spec.tags().get(ALIAS_TAG);
      if (alias != null) {
        found.add(new KeySpec(alias, spec.description(), spec.state(), spec.rotation(), spec.rotationPeriodDays(),
            spec.policy(), spec.tags(), spec.keyId(), spec.arn()));
      }
    }
    return found;
  }

  /**
   * Reads back a key this process has just made and named: its rotation, policy and tags side by
   * side with the look at the alias, which must still name it; otherwise as {@link #read} does.
   */
  @Override
  public Optional<KeySpec> readAfterWrite(KeySpec desired) {
    String keyId = named.get(desired.aliasName());
    if (keyId == null) {
      return read(desired);
    }
    Function<KeyMetadata, KeySpec> attributes = startReads(keyId, desired.alias(), desired.tags(), true);
    KeyMetadata key;
    try {
      key = kms.describeKey(b -> b.keyId(desired.aliasName())).keyMetadata();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    if (!key.keyId().equals(keyId) || key.keyState() == KeyState.PENDING_DELETION) {
      return Optional.of(readKey(key, desired.alias(), desired.tags()));
    }
    return Optional.of(attributes.apply(key));
  }

  /** The key as named by {@code alias} (null: not named), with the tags the stack manages on one that wants {@code desiredTags}. */
  private KeySpec readKey(KeyMetadata key, String alias, Map<String, String> desiredTags) {
    return startReads(key.keyId(), alias, desiredTags, key.keyState() != KeyState.PENDING_DELETION).apply(key);
  }

  /**
   * Starts reading the key's policy and tags, and its rotation when asked (a key pending deletion
   * has none to read); the function gives the whole key from its metadata once they are read, with
   * the tags the stack manages on a key that wants {@code desiredTags} (its {@code lakehouse:} ones alone
   * for a key found without a config's wish).
   */
  private Function<KeyMetadata, KeySpec> startReads(String keyId, String alias, Map<String, String> desiredTags,
      boolean rotationReadable) {
    Supplier<GetKeyRotationStatusResponse> rotation = rotationReadable
        ? AttributeReads.start(() -> kms.getKeyRotationStatus(b -> b.keyId(keyId)))
        : () -> GetKeyRotationStatusResponse.builder().keyRotationEnabled(false).build();
    Supplier<String> policy = AttributeReads.start(() -> kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy());
    Supplier<Map<String, String>> tags = AttributeReads.start(() -> {
      Map<String, String> found = new TreeMap<>();
      kms.listResourceTagsPaginator(b -> b.keyId(keyId)).tags().forEach(t -> found.put(t.tagKey(), t.tagValue()));
      return TagChanges.managed(found, desiredTags);
    });
    return key -> {
      boolean rotating = key.keyState() != KeyState.PENDING_DELETION
          && Boolean.TRUE.equals(rotation.get().keyRotationEnabled());
      return new KeySpec(alias, key.description(), state(key.keyState()), rotating,
          rotating ? otherThanYearly(rotation.get().rotationPeriodInDays()) : null,
          PolicyDocuments.parse(policy.get()), tags.get(), keyId, key.arn());
    };
  }

  /** The rotation period of a rotating key when it is not yearly; null for yearly, or none in KMS's answer. */
  static Integer otherThanYearly(Integer rotationPeriodDays) {
    return rotationPeriodDays == null || rotationPeriodDays == KeySpec.YEARLY_ROTATION_DAYS ? null : rotationPeriodDays;
  }

  private static String state(KeyState state) {
    return switch (state) {
      case ENABLED -> "Enabled";
      case PENDING_DELETION -> "PendingDeletion";
      default -> "Disabled";
    };
  }

  /**
   * Makes the key, writes only what the config wants beyond what CreateKey set, and names it: for
   * a key CreateKey just made, its answer and what was sent say what it holds (a new key is
   * enabled, without rotation), so nothing is read here; the engine reads the key back afterwards.
   *
   * <p>The look for a key an interrupted apply left unnamed goes beside CreateKey, and the writes
   * beside the naming: the create costs about two round trips, not one per call. When the look
   * finds such a key, that key is the stack's, and the one just made, which has encrypted nothing,
   * is scheduled for deletion. A key left unnamed, or another run's key that won the alias, is read
   * and brought to the config. A CreateKey the SDK had to send again may have made a key per
   * attempt: those the stack does not keep are then scheduled for deletion too ({@link #retireExtraKeys}).
   */
  @Override
  public void create(KeySpec desired) {
    Supplier<List<KeyMetadata>> unnamed = AttributeReads.startAhead(() -> unnamedKeys(desired));
    CallAttempts attempts = new CallAttempts();
    KeyMetadata made;
    try {
      made = kms.createKey(b -> b.description(desired.description())
          .policy(PolicyDocuments.toJson(desired.policy()))
          .keyUsage("ENCRYPT_DECRYPT")
          .keySpec("SYMMETRIC_DEFAULT")
          .tags(tags(desired.tags()))
          .overrideConfiguration(o -> o.addMetricPublisher(attempts))).keyMetadata();
    } catch (RuntimeException e) {
      if (attempts.retried()) {
        retireExtraKeys(desired, null, e);
      }
      throw e;
    }
    String kept = createNamed(desired, made, unnamed);
    if (attempts.retried()) {
      retireExtraKeys(desired, kept, null);
    }
  }

  /**
   * After a CreateKey that the SDK sent more than once (an attempt whose answer was lost, or that
   * timed out, may have made a key all the same: KMS takes no token to tell a retry by), schedules
   * for deletion every key of the stack for this alias, not pending deletion, other than
   * {@code kept}: the keys the earlier attempts made, which have encrypted nothing. With no key
   * kept (the create failed), all of them: the next apply makes the key afresh. A failure of this
   * clean-up is added to {@code failure} when there is one, else thrown.
   */
  private void retireExtraKeys(KeySpec desired, String kept, RuntimeException failure) {
    try {
      for (KeyMetadata key : unnamedKeys(desired)) {
        if (!key.keyId().equals(kept)) {
          retire(key.keyId());
        }
      }
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  /** Settles on the key the alias names, given the key just made and the look for unnamed ones; returns its id. */
  private String createNamed(KeySpec desired, KeyMetadata made, Supplier<List<KeyMetadata>> unnamed) {
    Optional<KeyMetadata> orphan;
    try {
      orphan = unnamed.get().stream().filter(key -> !key.keyId().equals(made.keyId())).findFirst();
    } catch (RuntimeException e) {
      // Without the look, the key just made could be a second one: it goes, and the next apply looks again.
      try {
        retire(made.keyId());
      } catch (RuntimeException also) {
        e.addSuppressed(also);
      }
      throw e;
    }
    if (orphan.isPresent()) {
      retire(made.keyId());
      Optional<KeyMetadata> winner = name(orphan.get().keyId(), desired);
      if (winner.isPresent()) {
        retire(orphan.get().keyId());
      }
      KeyMetadata kept = winner.orElse(orphan.get());
      converge(kept, desired);
      return kept.keyId();
    }
    KeySpec created = new KeySpec(desired.alias(), made.description(), state(made.keyState()), false, desired.policy(),
        desired.tags(), made.keyId(), made.arn());
    Runnable written = AttributeWrites.start(() -> update(created, desired, differing(created, desired)));
    Optional<KeyMetadata> winner;
    try {
      winner = name(made.keyId(), desired);
    } catch (RuntimeException e) {
      settle(written);
      throw e;
    }
    if (winner.isPresent()) {
      // A key pending deletion refuses writes: the ones to this key end first.
      settle(written);
      retire(made.keyId());
      converge(winner.get(), desired);
      return winner.get().keyId();
    }
    written.run();
    named.put(desired.aliasName(), made.keyId());
    return made.keyId();
  }

  /** Schedules a key this run made or found but does not keep for deletion: it has encrypted nothing. */
  private void retire(String keyId) {
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(deletionWindowDays));
  }

  /** Waits for writes to a key that is not to be kept; how they ended does not matter. */
  private static void settle(Runnable written) {
    try {
      written.run();
    } catch (RuntimeException e) {
      // The key is given up: a write to it that failed changes nothing.
    }
  }

  /** The attributes in which {@code desired} differs from {@code observed}, as the plan diffs them. */
  static Set<String> differing(KeySpec observed, KeySpec desired) {
    return AttributeDiff.changedAttributes(Specs.toJson(observed), Specs.toJson(desired));
  }

  /** Reads a key that was not made by this call and writes where it differs from the config. */
  private void converge(KeyMetadata key, KeySpec desired) {
    KeySpec observed = readKey(key, desired.alias(), desired.tags());
    update(observed, desired, differing(observed, desired));
    named.put(desired.aliasName(), key.keyId());
  }

  /**
   * Gives the key the alias. When another run of the stack named its own key first (two applies
   * at once), this run's key is left unnamed, and the other run's key, returned, is the stack's:
   * the caller schedules this one for deletion rather than leave a duplicate. Empty when the alias
   * names this key.
   */
  private Optional<KeyMetadata> name(String keyId, KeySpec desired) {
    try {
      kms.createAlias(b -> b.aliasName(desired.aliasName()).targetKeyId(keyId));
      return Optional.empty();
    } catch (AlreadyExistsException e) {
      KeyMetadata winner = kms.describeKey(b -> b.keyId(desired.aliasName())).keyMetadata();
      if (winner.keyId().equals(keyId)) {
        return Optional.empty();
      }
      return Optional.of(winner);
    }
  }

  /**
   * The customer managed keys, not pending deletion, that carry the stack's tags and the alias's:
   * while the alias names no key, the work of an interrupted apply, or this one's (the key CreateKey
   * has just made, when the look comes after it). The mark of the applied config is left out of the
   * tags looked for: an interrupted apply of an earlier config marked its key with that config's.
   */
  private List<KeyMetadata> unnamedKeys(KeySpec desired) {
    Map<String, String> wanted = new TreeMap<>(desired.tags());
    wanted.remove(Stack.APPLIED_TAG);
    return keysTagged(wanted, key -> key.keyState() != KeyState.PENDING_DELETION).stream()
        .map(TaggedKey::key).toList();
  }

  private Map<String, String> tagsOf(String keyId) {
    Map<String, String> tags = new HashMap<>();
    kms.listResourceTagsPaginator(b -> b.keyId(keyId)).tags().forEach(t -> tags.put(t.tagKey(), t.tagValue()));
    return tags;
  }

  /** A key found by its tags, with the alias its {@value #ALIAS_TAG} tag says it was made for (null: none). */
  private record TaggedKey(KeyMetadata key, String alias) {}

  /**
   * The account's customer managed keys that {@code eligible} accepts and that carry all of these
   * tags. The keys are looked at side by side: for each, its metadata, then, for an eligible
   * customer managed key, its tags.
   */
  private List<TaggedKey> keysTagged(Map<String, String> wanted, Predicate<KeyMetadata> eligible) {
    List<Supplier<Optional<TaggedKey>>> looks = new ArrayList<>();
    for (KeyListEntry entry : kms.listKeysPaginator(b -> b.limit(LARGEST_PAGE)).keys()) {
      looks.add(AttributeReads.start(() -> {
        KeyMetadata key = kms.describeKey(b -> b.keyId(entry.keyId())).keyMetadata();
        if (!"CUSTOMER".equals(key.keyManagerAsString()) || !eligible.test(key)) {
          return Optional.empty();
        }
        Map<String, String> tags = tagsOf(entry.keyId());
        return tags.entrySet().containsAll(wanted.entrySet())
            ? Optional.of(new TaggedKey(key, tags.get(ALIAS_TAG))) : Optional.empty();
      }));
    }
    List<TaggedKey> found = new ArrayList<>();
    for (Supplier<Optional<TaggedKey>> look : looks) {
      look.get().ifPresent(found::add);
    }
    return found;
  }

  @Override
  public void update(KeySpec observed, KeySpec desired, Set<String> changed) {
    String keyId = observed.keyId();
    if (changed.contains("state")) {
      if (deletionUnderway(observed)) {
        kms.cancelKeyDeletion(b -> b.keyId(keyId));
      }
      if ("Enabled".equals(desired.state())) {
        kms.enableKey(b -> b.keyId(keyId));
      } else {
        kms.disableKey(b -> b.keyId(keyId));
      }
    }
    if (changed.contains("alias")) {
      // The key was found by its tags, its alias gone (a destroy removes it, or another run has just
      // made it and not yet named it): it is named, once a deletion pending on it is cancelled, as
      // KMS names no key pending deletion. When another run named it first, it is named already;
      // when another run's key won the alias, that key is the stack's, as for a create, and the
      // read-back that follows reads it. A key found under the alias an earlier config gave it is
      // renamed: named anew, then its old alias, which would still name it, removed.
      Optional<KeyMetadata> other = name(keyId, desired);
      if (other.isEmpty() && observed.alias() != null) {
        kms.deleteAlias(b -> b.aliasName(observed.aliasName()));
      } else if (other.isPresent() && !ownedBy(tagsOf(other.get().keyId()), desired)) {
        // The alias was moved outside lakehouse to a key that is not the stack's (see aliasMovedFrom): moved back.
        kms.updateAlias(b -> b.aliasName(desired.aliasName()).targetKeyId(keyId));
      }
    }
    if (changed.contains("description")) {
      kms.updateKeyDescription(b -> b.keyId(keyId).description(desired.description()));
    }
    if (changed.contains("policy")) {
      kms.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(PolicyDocuments.toJson(desired.policy())));
    }
    boolean rotationChanged = changed.contains("rotation") || changed.contains("rotationPeriodDays");
    if (rotationChanged || (changed.contains("state") && desired.rotation())) {
      if (desired.rotation()) {
        kms.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(KeySpec.YEARLY_ROTATION_DAYS));
      } else {
        kms.disableKeyRotation(b -> b.keyId(keyId));
      }
    }
    if (changed.contains("tags")) {
      if (!changed.contains("alias")) {
        removeAliasLeftBehind(keyId, observed.tags().get(ALIAS_TAG), desired);
      }
      TagChanges tags = TagChanges.between(observed.tags(), desired.tags());
      if (!tags.removed().isEmpty()) {
        kms.untagResource(b -> b.keyId(keyId).tagKeys(tags.removed()));
      }
      if (!tags.set().isEmpty()) {
        kms.tagResource(b -> b.keyId(keyId).tags(tags(tags.set())));
      }
    }
  }

  /**
   * The alias an earlier config gave the key, which its tag still names, when a rename was cut short
   * after the key was named anew and before the old alias was removed: removed now, so that it does
   * not go on naming the stack's key. Only an alias that names this key is removed.
   */
  private void removeAliasLeftBehind(String keyId, String aliasBefore, KeySpec desired) {
    if (aliasBefore == null) {
      return;
    }
    String aliasName = aliasBefore.startsWith("alias/") ? aliasBefore : "alias/" + aliasBefore;
    if (aliasName.equals(desired.aliasName())) {
      return;
    }
    try {
      if (keyId.equals(kms.describeKey(b -> b.keyId(aliasName)).keyMetadata().keyId())) {
        kms.deleteAlias(b -> b.aliasName(aliasName));
      }
    } catch (NotFoundException e) {
      // Removed already: the rename went as far as that.
    }
  }

  /**
   * Schedules the key for deletion after the configured waiting period and removes its alias; a
   * key found without its alias has none to remove. Either call answered as if done already (the
   * alias not found, the key pending deletion) was made by an attempt whose answer was lost, or
   * by another destroy: the key is still scheduled for deletion, since without its alias nothing
   * finds it again.
   */
  @Override
  public void delete(KeySpec observed) {
    if (observed.alias() != null) {
      try {
        kms.deleteAlias(b -> b.aliasName(observed.aliasName()));
      } catch (NotFoundException e) {
        // Gone already; the key is scheduled below all the same.
      }
    }
    if (!deletionUnderway(observed)) {
      try {
        kms.scheduleKeyDeletion(b -> b.keyId(observed.keyId()).pendingWindowInDays(deletionWindowDays));
      } catch (KmsInvalidStateException e) {
        if (kms.describeKey(b -> b.keyId(observed.keyId())).keyMetadata().keyState() != KeyState.PENDING_DELETION) {
          throw e;
        }
      }
    }
  }

  /**
   * When the key really goes, and how to get it back until then: KMS deletes a key only after its
   * waiting period, so the data encrypted with it stays readable for as long as the key is taken back.
   */
  @Override
  public List<String> deletionNotes(KeySpec observed) {
    return List.of("KMS deletes the key " + observed.keyId() + " only after a waiting period of "
        + deletionWindowDays + " days; until then `aws kms cancel-key-deletion --key-id " + observed.keyId()
        + "` brings it back (an apply that wants the key again does that itself)");
  }

  /** None for a key whose deletion is already scheduled: deleting it loses nothing more. */
  @Override
  public Optional<DataRisk> deletionRisk(KeySpec observed) {
    if (deletionUnderway(observed)) {
      return Optional.empty();
    }
    return Optional.of(new DataRisk(DataRisk.KMS_KEY, "KMS key "
        + (observed.alias() == null ? observed.keyId() : observed.aliasName()) + " encrypts the "
        + "lakehouse's data; once it is deleted, everything encrypted with it is unreadable"));
  }

  @Override
  public Map<String, String> outputs(KeySpec observed) {
    return Map.of("arn", observed.arn(), "keyId", observed.keyId());
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return new TreeMap<>(tags).entrySet().stream()
        .map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build())
        .toList();
  }
}
