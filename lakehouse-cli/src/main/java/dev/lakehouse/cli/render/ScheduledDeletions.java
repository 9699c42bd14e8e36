package dev.lakehouse.cli.render;

import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.KmsKeyConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Change;
import java.util.List;

/**
 * The deletes that KMS only schedules: a key goes after its waiting period, and until then
 * {@code aws kms cancel-key-deletion} brings it back, so a run says "scheduled", never "deleted".
 *
 * @param address the key's address
 * @param windowDays the waiting period the config sets, null when the config declares no key
 */
public record ScheduledDeletions(Address address, Integer windowDays) {

  /** Whether the change's delete is a key's deletion scheduled, not a delete. */
  public static boolean schedules(Change change) {
    return change.action() == Action.DELETE && Addresses.KMS_KEY.equals(change.address().type());
  }

  /** The keys whose deletion the run scheduled. */
  public static List<ScheduledDeletions> of(Stack stack, ApplyResult result) {
    KmsKeyConfig key = stack.config().encryption().kmsKey();
    Integer windowDays = key == null ? null : key.deletionWindowDays();
    return result.done().stream().filter(ScheduledDeletions::schedules)
        .map(change -> new ScheduledDeletions(change.address(), windowDays)).toList();
  }

  /** "KMS deletes it after N days": when the key really goes. */
  public String when() {
    return "KMS deletes it after " + (windowDays == null ? "its waiting period" : windowDays + " days");
  }
}
