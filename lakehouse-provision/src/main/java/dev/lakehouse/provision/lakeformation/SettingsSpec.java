package dev.lakehouse.provision.lakeformation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The part of the account's data lake settings the stack manages: the data lake admins it
 * names or has added (see {@link OwnershipLedger}), sorted. Admins others added, and every other
 * setting, are not the stack's and are not compared.
 *
 * @param configured whether the config names admins: then the settings are the stack's even while
 *     none of its admins is in place (a missing admin is a change to {@code admins}); otherwise
 *     they are the stack's only while an admin it added is left, and gone once it is removed;
 *     false in what a read observed, so that reading it again after a delete sees only what the
 *     stack added
 * @param kept the account's other admins, which the stack leaves as they are, sorted: as read;
 *     empty in what the config wants; not compared
 */
public record SettingsSpec(List<String> admins, @JsonIgnore boolean configured, @JsonIgnore List<String> kept) {
  public SettingsSpec {
    admins = admins.stream().sorted().distinct().toList();
    kept = kept.stream().sorted().distinct().toList();
  }

  /** The admins the config wants, or that a delete leaves: with none of the account's others known. */
  public SettingsSpec(List<String> admins, boolean configured) {
    this(admins, configured, List.of());
  }
}
