package dev.lakehouse.maintenance.report;

import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.maintenance.athena.StatementOutcome;
import dev.lakehouse.maintenance.athena.StatementStatus;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.decide.Planner;
import dev.lakehouse.maintenance.inspect.TableState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a statement that Athena reports as succeeded against the table's metadata read again
 * after it: a VACUUM that removed no snapshot (the role may lack {@code glue:UpdateTable} or
 * {@code s3:DeleteObject}), an OPTIMIZE that merged no file, properties that did not change.
 * A pure function of (decision, outcome, before, after).
 */
public final class Verification {
  private Verification() {}

  /** What is unchanged although the statement succeeded, or null when it had its effect (or did not succeed). */
  public static String noEffect(Decision decision, StatementOutcome outcome, MaintenancePolicy policy,
      TableState before, TableState after, Instant now) {
    if (outcome == null || outcome.status() != StatementStatus.SUCCEEDED || after == null) {
      return null;
    }
    return switch (decision.kind()) {
      case PROPERTIES -> properties(policy, after);
      case OPTIMIZE -> after.smallFiles() >= before.smallFiles() && after.deleteFiles() >= before.deleteFiles()
          && after.dataFiles() >= before.dataFiles()
          ? "succeeded but merged nothing: still " + after.smallFiles() + " small files and " + after.deleteFiles()
              + " delete files in " + after.dataFiles() + " data files"
          : null;
      case VACUUM -> vacuum(policy, before, after, now);
    };
  }

  private static String properties(MaintenancePolicy policy, TableState after) {
    List<String> unchanged = new ArrayList<>();
    for (Map.Entry<String, String> wanted : Planner.desiredProperties(policy).entrySet()) {
      String value = after.vacuumProperties().get(wanted.getKey());
      if (!wanted.getValue().equals(value)) {
        unchanged.add(wanted.getKey() + " is " + (value == null ? "not set" : value));
      }
    }
    return unchanged.isEmpty() ? null
        : "succeeded but the table's properties did not change: " + String.join(", ", unchanged);
  }

  private static String vacuum(MaintenancePolicy policy, TableState before, TableState after, Instant now) {
    Instant cutoff = now.minus(policy.snapshotRetention());
    int expirableBefore = Planner.expirableSnapshots(before.snapshots(), now, cutoff, policy.minSnapshotsToKeep());
    int expirableAfter = Planner.expirableSnapshots(after.snapshots(), now, cutoff, policy.minSnapshotsToKeep());
    if (expirableBefore > 0 && after.snapshotCount() >= before.snapshotCount() && expirableAfter > 0) {
      return "succeeded but removed no snapshot: " + expirableAfter + " older than the retention are still there ("
          + after.snapshotCount() + " in all); check that the workgroup's role may update the table and delete "
          + "its files";
    }
    if (before.previousMetadataFiles() > policy.maxMetadataFilesToKeep()
        && after.previousMetadataFiles() > policy.maxMetadataFilesToKeep()) {
      return "succeeded but the previous metadata files are still " + after.previousMetadataFiles() + ", more than "
          + policy.maxMetadataFilesToKeep();
    }
    return null;
  }
}
