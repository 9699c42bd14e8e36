package dev.lakehouse.provision.lakeformation;

import java.util.List;

/**
 * The part of the account's data lake settings the stack manages: the data lake admins it
 * names or has added (see {@link OwnershipLedger}), sorted. Admins others added, and every other
 * setting, are not the stack's and are not compared.
 */
public record SettingsSpec(List<String> admins) {
  public SettingsSpec {
    admins = admins.stream().sorted().distinct().toList();
  }
}
