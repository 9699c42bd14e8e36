package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.provision.iam.IamWaiters;
import dev.lakehouse.provision.resource.AttributeReads;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.DataLakeSettings;
import software.amazon.awssdk.services.lakeformation.model.GetDataLakeSettingsRequest;
import software.amazon.awssdk.services.lakeformation.model.Permission;
import software.amazon.awssdk.services.lakeformation.model.PrincipalPermissions;
import software.amazon.awssdk.services.lakeformation.model.PutDataLakeSettingsRequest;

/** The data lake admins: added, kept and removed by ownership; every other setting left as it was. */
class DataLakeSettingsResourceTest {
  private static final String ADMIN = "arn:aws:iam::123456789012:role/acme-dev-lakehouse-admin";
  private static final String FOREIGN = "arn:aws:iam::123456789012:user/oncall";
  private static final PrincipalPermissions IAM_ONLY = PrincipalPermissions.builder()
      .principal(DataLakePrincipal.builder().dataLakePrincipalIdentifier("IAM_ALLOWED_PRINCIPALS").build())
      .permissions(Permission.ALL).build();

  private final FakeLakeFormation lakeFormation = new FakeLakeFormation();
  private final OwnershipLedger ledger = new OwnershipLedger(lakeFormation, "123456789012", "acme", "settingstest");
  private final DataLakeSettingsResource resource = new DataLakeSettingsResource(lakeFormation, "123456789012", ledger,
      new IamWaiters(Collections.nCopies(3, Duration.ZERO)), () -> AttributeReads.start(ledger::entries),
      Principals.unjudged("123456789012", ADMIN::equals), () -> AttributeReads.start(this::settings),
      "lakehouse.yaml:120:11: lakeFormation.admins");

  @Test
  void addingTheConfiguredAdminKeepsTheOthersAndEveryOtherSetting() {
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(FOREIGN))
        .createDatabaseDefaultPermissions(IAM_ONLY).trustedResourceOwners("111122223333").build();
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN), true);
    assertThat(resource.read(desired)).as("before the first apply the stack's part is absent").isEmpty();

    resource.create(desired);

    DataLakeSettings put = lakeFormation.requests(PutDataLakeSettingsRequest.class).get(0).dataLakeSettings();
    assertThat(SettingsMerge.admins(put)).containsExactly(FOREIGN, ADMIN);
    assertThat(put.createDatabaseDefaultPermissions()).containsExactly(IAM_ONLY);
    assertThat(put.trustedResourceOwners()).containsExactly("111122223333");
    assertThat(resource.read(desired).map(SettingsSpec::admins)).contains(desired.admins());
    assertThat(ledger.owns(ledger.entries(), OwnershipLedger.Kind.ADMIN, ADMIN)).isTrue();
  }

  @Test
  void theWriteMergesIntoTheSettingsReadAsTheApplyBeganAndReadsThemNoMore() {
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(FOREIGN))
        .trustedResourceOwners("111122223333").build();
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN), true);

    resource.prepare(Optional.empty(), desired);
    resource.create(desired);

    assertThat(lakeFormation.requests(GetDataLakeSettingsRequest.class)).hasSize(1);
    DataLakeSettings put = lakeFormation.requests(PutDataLakeSettingsRequest.class).get(0).dataLakeSettings();
    assertThat(SettingsMerge.admins(put)).containsExactly(FOREIGN, ADMIN);
    assertThat(put.trustedResourceOwners()).containsExactly("111122223333");

    lakeFormation.requests.clear();
    resource.update(new SettingsSpec(List.of(ADMIN), true), new SettingsSpec(List.of(), true), Set.of("admins"));
    assertThat(lakeFormation.requests(GetDataLakeSettingsRequest.class))
        .as("what was prepared serves one write only").hasSize(1);
  }

  @Test
  void aPreparedReadThatFailedIsReadAgainByTheWrite() {
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(FOREIGN)).build();
    lakeFormation.failingSettingsReads = 1;
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN), true);

    resource.prepare(Optional.empty(), desired);
    resource.create(desired);

    assertThat(lakeFormation.requests(GetDataLakeSettingsRequest.class)).hasSize(2);
    assertThat(SettingsMerge.admins(lakeFormation.settings)).containsExactly(FOREIGN, ADMIN);
  }

  @Test
  void anAdminTheStackAddedIsRemovedWhenDroppedAndAForeignOneNever() {
    resource.create(new SettingsSpec(List.of(ADMIN), true));
    lakeFormation.settings = lakeFormation.settings.toBuilder()
        .dataLakeAdmins(principal(FOREIGN), principal(ADMIN)).build();

    SettingsSpec none = new SettingsSpec(List.of(), false);
    SettingsSpec observed = resource.read(none).orElseThrow();
    assertThat(observed.admins()).containsExactly(ADMIN);
    resource.delete(observed);

    assertThat(SettingsMerge.admins(lakeFormation.settings)).containsExactly(FOREIGN);
    assertThat(resource.read(observed)).as("read back after the delete").isEmpty();
    assertThat(resource.read(none)).isEmpty();
    assertThat(ledger.entries()).isEmpty();
  }

  @Test
  void destroyTakesAwayWhatTheStackAddedAndKeepsAnAdminTheConfigNamesThatWasThereBefore() {
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(FOREIGN)).build();
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN, FOREIGN), true);
    resource.update(resource.read(desired).orElseThrow(), desired, Set.of("admins"));

    SettingsSpec observed = resource.read(desired).orElseThrow();
    assertThat(observed.admins()).containsExactlyInAnyOrder(ADMIN, FOREIGN);
    assertThat(resource.deletionNotes(observed)).containsExactly(
        "removes the data lake admins the stack added or that are its roles: " + ADMIN,
        "these stay data lake admins: " + FOREIGN);
    resource.delete(observed);

    assertThat(SettingsMerge.admins(lakeFormation.settings)).containsExactly(FOREIGN);
    assertThat(resource.read(observed)).as("read back after the delete").isEmpty();
    assertThat(resource.read(desired).map(SettingsSpec::admins)).contains(List.of(FOREIGN));
  }

  @Test
  void destroyTakesAwayTheStacksOwnRoleThatTheRecordLacks() {
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(FOREIGN), principal(ADMIN)).build();
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN, FOREIGN), true);

    SettingsSpec observed = resource.read(desired).orElseThrow();
    resource.delete(observed);

    assertThat(SettingsMerge.admins(lakeFormation.settings)).containsExactly(FOREIGN);
    assertThat(resource.read(observed)).isEmpty();
  }

  @Test
  void anAdminThatWasThereBeforeIsManagedButNeverOwned() {
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(FOREIGN)).build();
    SettingsSpec desired = new SettingsSpec(List.of(FOREIGN), true);
    assertThat(resource.read(desired).map(SettingsSpec::admins)).contains(desired.admins());
    assertThat(resource.read(new SettingsSpec(List.of(), false))).isEmpty();
  }

  @Test
  void aConfiguredAdminRemovedByHandIsAChangeToTheAdmins() {
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN), true);
    resource.create(desired);
    lakeFormation.settings = lakeFormation.settings.toBuilder().dataLakeAdmins(principal(FOREIGN)).build();

    assertThat(resource.read(desired).map(SettingsSpec::admins)).contains(List.of());

    resource.update(new SettingsSpec(List.of(), true), desired, Set.of("admins"));
    assertThat(SettingsMerge.admins(lakeFormation.settings)).containsExactly(FOREIGN, ADMIN);
  }

  @Test
  void onAFreshAccountTheConfiguredAdminsAreACreate() {
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(FOREIGN)).build();
    assertThat(resource.read(new SettingsSpec(List.of(ADMIN), true))).isEmpty();
    assertThat(lakeFormation.requests(PutDataLakeSettingsRequest.class)).isEmpty();
  }

  @Test
  void aNewAdminRoleIsRetriedUntilLakeFormationKnowsIt() {
    lakeFormation.unknownPrincipalAnswers = 2;
    resource.create(new SettingsSpec(List.of(ADMIN), true));
    assertThat(lakeFormation.requests(PutDataLakeSettingsRequest.class)).hasSize(3);
    assertThat(SettingsMerge.admins(lakeFormation.settings)).containsExactly(ADMIN);
  }

  @Test
  void aWriteTriedAgainWhileIamPropagatesKeepsWhatAnotherApplyWroteMeanwhile() {
    String staging = "arn:aws:iam::123456789012:role/acme-staging-lakehouse-admin";
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(FOREIGN)).build();
    lakeFormation.unknownPrincipalAnswers = 2;
    lakeFormation.whileUnknownPrincipal = () -> lakeFormation.settings = lakeFormation.settings.toBuilder()
        .dataLakeAdmins(principal(FOREIGN), principal(staging)).build();

    resource.create(new SettingsSpec(List.of(ADMIN), true));

    assertThat(SettingsMerge.admins(lakeFormation.settings)).containsExactly(FOREIGN, staging, ADMIN);
  }

  @Test
  void aFirstApplyThatWouldPassTheLimitWithTheAdminsTheAccountHasIsRefusedBeforeAnyWrite() {
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(IntStream.range(0, 29)
        .mapToObj(i -> principal("arn:aws:iam::123456789012:role/team-" + i)).toList()).build();
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN, FOREIGN), true);
    assertThat(resource.read(desired)).isEmpty();

    assertThat(resource.createConflicts(desired)).containsExactly("lakehouse.yaml:120:11: lakeFormation.admins names "
        + "2 data lake admins, and the account has 29 others, which apply keeps: 31 in all, and Lake Formation allows "
        + "at most 30; name fewer, or remove admins the account no longer needs (`aws lakeformation "
        + "get-data-lake-settings` lists them)");
    assertThat(resource.createConflicts(new SettingsSpec(List.of(ADMIN), true))).isEmpty();
    assertThat(lakeFormation.requests(PutDataLakeSettingsRequest.class)).isEmpty();
  }

  @Test
  void aChangeThatWouldPassTheLimitWithTheAccountsOtherAdminsIsRefused() {
    List<DataLakePrincipal> others = IntStream.range(0, 28)
        .mapToObj(i -> principal("arn:aws:iam::123456789012:role/team-" + i)).toList();
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(others).build();
    resource.create(new SettingsSpec(List.of(ADMIN), true));
    String third = "arn:aws:iam::123456789012:role/acme-dev-auditor";
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN, FOREIGN, third), true);

    SettingsSpec observed = resource.read(desired).orElseThrow();

    assertThat(observed.kept()).hasSize(28);
    assertThat(resource.impossibleChanges(observed, desired)).singleElement().asString()
        .contains("names 3 data lake admins, and the account has 28 others, which apply keeps: 31 in all");
    assertThat(resource.impossibleChanges(observed, new SettingsSpec(List.of(ADMIN, FOREIGN), true))).isEmpty();
  }

  @Test
  void thePlanSaysThatTheAdminsTheAccountHasStay() {
    String team = "arn:aws:iam::123456789012:role/team";
    lakeFormation.settings = DataLakeSettings.builder().dataLakeAdmins(principal(team), principal(FOREIGN)).build();
    SettingsSpec desired = new SettingsSpec(List.of(ADMIN), true);

    assertThat(resource.createNotes(desired)).containsExactly(
        "the account's 2 other data lake admins stay beside these: " + team + ", " + FOREIGN);

    resource.create(desired);
    SettingsSpec wanted = new SettingsSpec(List.of(ADMIN, FOREIGN), true);
    SettingsSpec observed = resource.read(wanted).orElseThrow();
    assertThat(resource.changeNotes(observed, wanted)).containsExactly(
        "the account's other data lake admin stays beside these: " + team);
  }

  private DataLakeSettings settings() {
    return lakeFormation.getDataLakeSettings(GetDataLakeSettingsRequest.builder().build()).dataLakeSettings();
  }

  private static DataLakePrincipal principal(String arn) {
    return DataLakePrincipal.builder().dataLakePrincipalIdentifier(arn).build();
  }
}
