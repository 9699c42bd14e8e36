package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.DataLakeSettings;
import software.amazon.awssdk.services.lakeformation.model.Permission;
import software.amazon.awssdk.services.lakeformation.model.PrincipalPermissions;

/** Changing the admins keeps every admin and setting the stack does not own. */
class SettingsMergeTest {
  private static final String STACK_ADMIN = "arn:aws:iam::123456789012:role/acme-dev-lakehouse-admin";
  private static final String OLD_STACK_ADMIN = "arn:aws:iam::123456789012:role/acme-dev-old-admin";
  private static final String FOREIGN = "arn:aws:iam::123456789012:user/platform-oncall";

  private static final DataLakeSettings CURRENT = DataLakeSettings.builder()
      .dataLakeAdmins(principal(FOREIGN), principal(OLD_STACK_ADMIN))
      .readOnlyAdmins(principal("arn:aws:iam::123456789012:role/auditor"))
      .createDatabaseDefaultPermissions(PrincipalPermissions.builder().principal(principal("IAM_ALLOWED_PRINCIPALS"))
          .permissions(Permission.ALL).build())
      .trustedResourceOwners("111122223333")
      .allowExternalDataFiltering(true)
      .parameters(Map.of("CROSS_ACCOUNT_VERSION", "4"))
      .build();

  @Test
  void theStackManagesTheAdminsItWantsAndThoseItOwnsOnly() {
    List<String> current = SettingsMerge.admins(CURRENT);
    assertThat(SettingsMerge.managed(current, List.of(STACK_ADMIN), Set.of(OLD_STACK_ADMIN)::contains))
        .containsExactly(OLD_STACK_ADMIN);
    assertThat(SettingsMerge.managed(current, List.of(STACK_ADMIN, FOREIGN), admin -> false)).containsExactly(FOREIGN);
  }

  @Test
  void addsAndRemovesOnlyTheStacksAdminsAndKeepsEveryOtherSetting() {
    List<String> managed = List.of(OLD_STACK_ADMIN);
    List<String> desired = List.of(STACK_ADMIN);
    List<String> remove = SettingsMerge.removed(managed, desired);
    List<String> add = SettingsMerge.added(SettingsMerge.admins(CURRENT), desired);
    assertThat(remove).containsExactly(OLD_STACK_ADMIN);
    assertThat(add).containsExactly(STACK_ADMIN);

    DataLakeSettings merged = SettingsMerge.withAdmins(CURRENT, remove, add);
    assertThat(SettingsMerge.admins(merged)).containsExactly(FOREIGN, STACK_ADMIN);
    assertThat(merged.toBuilder().dataLakeAdmins(CURRENT.dataLakeAdmins()).build()).isEqualTo(CURRENT);
  }

  @Test
  void anAdminAlreadyThereIsNotAddedTwice() {
    assertThat(SettingsMerge.added(List.of(FOREIGN), List.of(FOREIGN))).isEmpty();
    assertThat(SettingsMerge.admins(SettingsMerge.withAdmins(CURRENT, List.of(), List.of(FOREIGN))))
        .containsExactly(FOREIGN, OLD_STACK_ADMIN);
  }

  private static DataLakePrincipal principal(String arn) {
    return DataLakePrincipal.builder().dataLakePrincipalIdentifier(arn).build();
  }
}
