package dev.lakehouse.provision.engine;

import java.util.List;
import java.util.Map;

/**
 * What apply did: the changes carried out, those that failed (with their errors), and
 * those not started (with why), and whether it was interrupted.
 */
public record ApplyResult(
    List<Change> done, Map<Address, RuntimeException> failed, Map<Address, String> skipped, boolean interrupted) {

  public ApplyResult {
    done = List.copyOf(done);
    failed = Map.copyOf(failed);
    skipped = Map.copyOf(skipped);
  }

  public boolean succeeded() {
    return failed.isEmpty() && skipped.isEmpty() && !interrupted;
  }
}
