package dev.lakehouse.provision.lakeformation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.DataLakeSettings;

/**
 * Pure steps of changing the data lake settings. {@code PutDataLakeSettings} replaces the whole
 * settings object, so a change starts from the settings as they are and touches only the admins
 * the stack manages: everything else (other admins, read-only admins, default permissions for
 * new databases and tables, trusted resource owners, external data filtering, parameters) goes
 * back as it came.
 */
public final class SettingsMerge {
  private SettingsMerge() {}

  /** The admins' ARNs, in Lake Formation's order. */
  public static List<String> admins(DataLakeSettings settings) {
    return settings.dataLakeAdmins().stream().map(DataLakePrincipal::dataLakePrincipalIdentifier).toList();
  }

  /** The admins of the settings the stack manages: those it wants, and those it owns. */
  public static List<String> managed(List<String> current, Collection<String> desired, Predicate<String> owned) {
    return current.stream().filter(admin -> desired.contains(admin) || owned.test(admin)).sorted().distinct().toList();
  }

  /** Those of {@code desired} not yet admins: the admins the stack adds. */
  public static List<String> added(List<String> current, List<String> desired) {
    return desired.stream().filter(admin -> !current.contains(admin)).toList();
  }

  /** Those the stack manages now but no longer wants: the admins it removes. */
  public static List<String> removed(List<String> managed, List<String> desired) {
    return managed.stream().filter(admin -> !desired.contains(admin)).toList();
  }

  /** The settings with {@code remove} taken out of and {@code add} appended to the admins; all else kept. */
  public static DataLakeSettings withAdmins(DataLakeSettings current, List<String> remove, List<String> add) {
    List<String> admins = new ArrayList<>(admins(current));
    admins.removeAll(remove);
    add.stream().filter(admin -> !admins.contains(admin)).forEach(admins::add);
    return current.toBuilder()
        .dataLakeAdmins(admins.stream().map(arn -> DataLakePrincipal.builder().dataLakePrincipalIdentifier(arn).build())
            .toList())
        .build();
  }
}
