package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.config.model.LakeFormationConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.iam.IamWaiters;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.DataLakeSettings;

/**
 * The account's Lake Formation data lake settings, as far as the stack manages them: the data
 * lake admins. The settings always exist in the account; for the stack they exist while it
 * names or owns an admin. "Creating" them adds the configured admins, and "deleting" them (when
 * the config names no admins any more) removes the admins the stack added. An admin the stack did not add is never removed: {@link OwnershipLedger} knows
 * which it added. Destroy, which deletes them while the config still names admins, takes away
 * the admins the stack added and those that are its own roles (which go with it, even when a run
 * cut short left them off the record); an admin the config names that was there before, or that
 * another stack added, stays.
 */
public final class DataLakeSettingsResource implements ResourceType<SettingsSpec> {
  private final LakeFormationClient lakeFormation;
  private final String catalogId;
  private final OwnershipLedger ledger;
  private final IamWaiters waiters;
  /** Starts, or joins, the read of the ownership record that the read of the whole stack shares. */
  private final Supplier<Supplier<Set<String>>> stackRecord;
  private final Principals principals;
  /** Starts, or joins, the read of the settings that the plan of the whole stack shares. */
  private final Supplier<Supplier<DataLakeSettings>> accountSettings;
  /** Where the config names its admins, as config errors name a place. */
  private final String adminsPlace;
  /** The settings as read when the apply began ({@link #prepare}), for the write to merge into. */
  private final AtomicReference<Supplier<DataLakeSettings>> prepared = new AtomicReference<>();

  /**
   * @param stackRecord starts the ownership record's read for the engine's read of the whole
   *     stack, or joins the one begun (the search for what the stack made reads it too); a read of
   *     the settings after a write reads the record anew
   * @param principals tells an admin that is one of the stack's own roles, and one Lake Formation cannot find
   * @param accountSettings starts the settings' read for the engine's read and plan of the whole
   *     stack, or joins the one begun; a read after a write, and the write, read them anew
   * @param adminsPlace where the config names its admins ({@code FILE:LINE:COL: lakeFormation.admins})
   */
  DataLakeSettingsResource(LakeFormationClient lakeFormation, String catalogId, OwnershipLedger ledger,
      IamWaiters waiters, Supplier<Supplier<Set<String>>> stackRecord, Principals principals,
      Supplier<Supplier<DataLakeSettings>> accountSettings, String adminsPlace) {
    this.lakeFormation = lakeFormation;
    this.catalogId = catalogId;
    this.ledger = ledger;
    this.waiters = waiters;
    this.stackRecord = stackRecord;
    this.principals = principals;
    this.accountSettings = accountSettings;
    this.adminsPlace = adminsPlace;
  }

  @Override
  public String name() {
    return Addresses.LAKEFORMATION_SETTINGS;
  }

  @Override
  public Optional<SettingsSpec> read(SettingsSpec desired) {
    Supplier<Set<String>> recorded = AttributeReads.start(ledger::entries);
    return read(desired, recorded, settings());
  }

  @Override
  public boolean readsTogether() {
    return true;
  }

  /** The settings, with the ownership record the read of the whole stack shares. */
  @Override
  public List<Optional<SettingsSpec>> readAll(List<SettingsSpec> desired) {
    Supplier<Set<String>> recorded = stackRecord.get();
    Supplier<DataLakeSettings> settings = accountSettings.get();
    return desired.stream().map(spec -> read(spec, recorded, settings.get())).toList();
  }

  /** @param recorded the ownership record, asked for before the settings so that both go side by side */
  private Optional<SettingsSpec> read(SettingsSpec desired, Supplier<Set<String>> recorded, DataLakeSettings settings) {
    List<String> current = SettingsMerge.admins(settings);
    Set<String> entries = recorded.get();
    // What was observed is compared as the config's, and read again as the stack's own: once what
    // the stack added is removed, the admins others made that the config names do not keep it.
    List<String> managed = SettingsMerge.managed(current, desired.configured() ? desired.admins() : List.of(),
        admin -> ledger.owns(entries, OwnershipLedger.Kind.ADMIN, admin));
    // The stack's part of the settings exists once one of its admins is an admin or on its record.
    // Before the first apply it reads as absent (a create, not a change made outside the tool);
    // with none of its own left and none configured, removing its admins shows as done.
    boolean onRecord = desired.admins().stream()
        .anyMatch(admin -> ledger.owns(entries, OwnershipLedger.Kind.ADMIN, admin));
    List<String> kept = current.stream().filter(admin -> !managed.contains(admin)).toList();
    return managed.isEmpty() && !onRecord ? Optional.empty() : Optional.of(new SettingsSpec(managed, false, kept));
  }

  /**
   * An admin that is a role of the account that does not exist, which Lake Formation refuses; and
   * more admins, with those the account has (which all stay), than Lake Formation keeps.
   */
  @Override
  public List<String> createConflicts(SettingsSpec desired) {
    List<String> refusals = new ArrayList<>(missingAdmins(List.of(), desired));
    overLimit(accountAdmins(), desired).ifPresent(refusals::add);
    return refusals;
  }

  /** The admins the account has, which stay beside those the config names. */
  @Override
  public List<String> createNotes(SettingsSpec desired) {
    return keptNote(accountAdmins());
  }

  /**
   * An admin added that is a role of the account that does not exist, which Lake Formation refuses;
   * and more admins, with the account's others (which stay), than Lake Formation keeps.
   */
  @Override
  public List<String> impossibleChanges(SettingsSpec observed, SettingsSpec desired) {
    List<String> refusals = new ArrayList<>(missingAdmins(observed.admins(), desired));
    overLimit(observed.kept(), desired).ifPresent(refusals::add);
    return refusals;
  }

  /** The account's other admins, which stay beside those the config names. */
  @Override
  public List<String> changeNotes(SettingsSpec observed, SettingsSpec desired) {
    return keptNote(observed.kept());
  }

  /** The admins of the account, none of them the stack's: the settings are created only when it has none. */
  private List<String> accountAdmins() {
    return SettingsMerge.admins(accountSettings.get().get()).stream().sorted().distinct().toList();
  }

  /** Why the admins after the apply, the config's and the account's others, would be more than Lake Formation keeps. */
  private Optional<String> overLimit(List<String> kept, SettingsSpec desired) {
    int named = desired.admins().size();
    int after = kept.size() + named;
    if (after <= LakeFormationConfig.MAX_ADMINS) {
      return Optional.empty();
    }
    return Optional.of(adminsPlace + " names " + named + " data lake admin" + (named == 1 ? "" : "s")
        + ", and the account has " + kept.size() + " others, which apply keeps: " + after + " in all, and Lake "
        + "Formation allows at most " + LakeFormationConfig.MAX_ADMINS + "; name fewer, or remove admins the account "
        + "no longer needs (`aws lakeformation get-data-lake-settings` lists them)");
  }

  private static List<String> keptNote(List<String> kept) {
    if (kept.isEmpty()) {
      return List.of();
    }
    return List.of("the account's " + (kept.size() == 1 ? "other data lake admin stays" : kept.size()
        + " other data lake admins stay") + " beside these: " + String.join(", ", kept));
  }

  @Override
  public List<String> principalsNamed(SettingsSpec desired) {
    return desired.admins();
  }

  private List<String> missingAdmins(List<String> admins, SettingsSpec desired) {
    return SettingsMerge.added(admins, desired.admins()).stream()
        .flatMap(admin -> principals.missing(admin).stream()).toList();
  }

  @Override
  public void create(SettingsSpec desired) {
    createDeferring(desired).ifPresent(Runnable::run);
  }

  /**
   * Adds the admins, leaving their entries in the ownership record to be written beside the
   * read-back: once they are admins, the settings read back as the config wants them whether or
   * not the record holds them yet.
   */
  @Override
  public Optional<Runnable> createDeferring(SettingsSpec desired) {
    return write(new SettingsSpec(List.of(), false), desired);
  }

  @Override
  public void update(SettingsSpec observed, SettingsSpec desired, Set<String> changed) {
    write(observed, desired).ifPresent(Runnable::run);
  }

  /**
   * Reads the settings again as the apply begins, beside the admins' roles being made, for the
   * write to merge its change into.
   */
  @Override
  public void prepare(Optional<SettingsSpec> observed, SettingsSpec desired) {
    prepared.set(AttributeReads.startAhead(this::settings));
  }

  /**
   * Writes the settings back with only the admins the plan changes, merged into the settings read
   * again since the plan was made: as the apply began ({@link #prepare}), or else just now. So the
   * write keeps whatever changed since the plan, up to the moment of that read (Lake Formation has
   * no conditional write; the read is a round trip before the write when nothing else is waited
   * for, and otherwise as long before it as the admins' roles take to be made). A write that Lake
   * Formation refuses until IAM has propagated a new admin's role is tried again on the settings
   * read again, never on the first read: the wait can last minutes, and two environments applied
   * at once both wait for their new roles. Returns the recording of the admins added, which is left
   * to the caller; the admins removed are forgotten here, before the write (see
   * {@link OwnershipLedger#forgetWhile}).
   */
  private Optional<Runnable> write(SettingsSpec observed, SettingsSpec desired) {
    OwnershipLedger.Recording recording = ledger.recording();
    DataLakeSettings current = AttributeReads.begunOrNow(prepared.getAndSet(null), this::settings);
    List<String> remove = SettingsMerge.removed(observed.admins(), desired.admins()).stream()
        .filter(admin -> principals.isStackRole(admin) || recording.holds(OwnershipLedger.Kind.ADMIN, admin)).toList();
    List<String> add = SettingsMerge.added(SettingsMerge.admins(current), desired.admins());
    if (remove.isEmpty() && add.isEmpty()) {
      return Optional.empty();
    }
    AtomicReference<DataLakeSettings> base = new AtomicReference<>(current);
    ledger.forgetWhile(OwnershipLedger.Kind.ADMIN, remove, () -> waiters.untilRoleUsable(String.join(", ", add), () -> {
      // Each attempt after the first merges into the settings as they are then: what another apply
      // (another environment's, or a console user) wrote while this one waited for IAM stays.
      DataLakeSettings read = base.getAndSet(null);
      DataLakeSettings merged = SettingsMerge.withAdmins(read != null ? read : settings(), remove, add);
      lakeFormation.putDataLakeSettings(b -> b.catalogId(catalogId).dataLakeSettings(merged));
    }));
    return Optional.of(() -> recording.record(OwnershipLedger.Kind.ADMIN, add));
  }

  /** Which admins the delete takes away (those the stack added, and its own roles), and which stay. */
  @Override
  public List<String> deletionNotes(SettingsSpec observed) {
    Set<String> entries = ledger.entries();
    List<String> removed = observed.admins().stream().filter(admin -> principals.isStackRole(admin)
        || ledger.owns(entries, OwnershipLedger.Kind.ADMIN, admin)).toList();
    List<String> staying = new ArrayList<>(observed.kept());
    observed.admins().stream().filter(admin -> !removed.contains(admin)).forEach(staying::add);
    List<String> notes = new ArrayList<>();
    if (!removed.isEmpty()) {
      notes.add("removes the data lake admins the stack added or that are its roles: " + String.join(", ", removed));
    }
    if (!staying.isEmpty()) {
      notes.add("these stay data lake admins: " + String.join(", ", staying.stream().sorted().toList()));
    }
    return notes;
  }

  /** Removes the admins the stack added; every other setting stays. */
  @Override
  public void delete(SettingsSpec observed) {
    update(observed, new SettingsSpec(List.of(), false), Set.of("admins"));
  }

  private DataLakeSettings settings() {
    return lakeFormation.getDataLakeSettings(b -> b.catalogId(catalogId)).dataLakeSettings();
  }
}
