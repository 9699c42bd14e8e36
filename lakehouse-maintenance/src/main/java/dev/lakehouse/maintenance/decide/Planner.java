package dev.lakehouse.maintenance.decide;

import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.units.Durations;
import dev.lakehouse.maintenance.athena.StatementKind;
import dev.lakehouse.maintenance.inspect.PartitionFiles;
import dev.lakehouse.maintenance.inspect.SnapshotInfo;
import dev.lakehouse.maintenance.inspect.TableState;
import dev.lakehouse.maintenance.table.MaintainedTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, from a table's state and its policy, which of Athena's maintenance statements are due,
 * and says why for each one either way. A pure function of (table, state, now, scope).
 *
 * <ul>
 *   <li>PROPERTIES: {@code ALTER TABLE ... SET TBLPROPERTIES} with the {@code vacuum_*} properties
 *       whose values differ from the policy (VACUUM expires by them).</li>
 *   <li>OPTIMIZE: when small files (under 75% of the target size) are more than
 *       {@code compactWhenSmallFilesAbove}, or delete files more than {@code compactWhenDeleteFilesAbove};
 *       restricted with a WHERE on the partition columns to the partitions that have something to
 *       merge when those hold less than half the table's bytes (it is billed by data scanned).</li>
 *   <li>VACUUM: when snapshots older than the retention exist beyond the ones kept, or the
 *       metadata files are more than {@code maxMetadataFilesToKeep}.</li>
 * </ul>
 * A retention below the orphan-file floor, or a floor under one day, is refused: VACUUM deletes
 * orphan files older than the retention, and files of writes still in flight look orphaned.
 */
public final class Planner {
  /** Below this orphan-file floor every retention is refused. */
  public static final Duration MINIMUM_ORPHAN_FILE_AGE = Duration.ofDays(1);
  /** OPTIMIZE is restricted to partitions holding less than this share of the table's bytes. */
  static final double RESTRICT_BELOW_SHARE = 0.5;
  /** More partitions than this are not listed in a WHERE: the whole table is rewritten instead. */
  static final int MAX_PARTITIONS_IN_WHERE = 100;

  static final String MAX_SNAPSHOT_AGE = "vacuum_max_snapshot_age_seconds";
  static final String MIN_SNAPSHOTS = "vacuum_min_snapshots_to_keep";
  static final String MAX_METADATA_FILES = "vacuum_max_metadata_files_to_keep";

  private Planner() {}

  public static TablePlan plan(MaintainedTable table, TableState state, Instant now, Scope scope) {
    MaintenancePolicy policy = table.policy();
    Optional<String> unsafe = unsafeRetention(policy);
    List<Decision> decisions = new ArrayList<>();
    decisions.add(!scope.includes(StatementKind.PROPERTIES) ? notAsked(StatementKind.PROPERTIES, scope)
        : unsafe.isPresent() ? Decision.refused(StatementKind.PROPERTIES, unsafe.get())
        : properties(table, state));
    decisions.add(!scope.includes(StatementKind.OPTIMIZE) ? notAsked(StatementKind.OPTIMIZE, scope)
        : optimize(table, state));
    decisions.add(!scope.includes(StatementKind.VACUUM) ? notAsked(StatementKind.VACUUM, scope)
        : unsafe.isPresent() ? Decision.refused(StatementKind.VACUUM, unsafe.get())
        : vacuum(table, state, now));
    return new TablePlan(table, state, decisions);
  }

  private static Decision notAsked(StatementKind kind, Scope scope) {
    return Decision.skipped(kind, "not asked for (--only " + scope.name().toLowerCase(java.util.Locale.ROOT) + ")");
  }

  /** Why the policy's retention is unsafe, if it is. */
  static Optional<String> unsafeRetention(MaintenancePolicy policy) {
    Duration floor = policy.orphanFileAge();
    if (floor.compareTo(MINIMUM_ORPHAN_FILE_AGE) < 0) {
      return Optional.of("refused: the orphan-file floor of " + Durations.format(floor) + " is below 1d; "
          + "VACUUM would delete the files of writes still in flight as orphans");
    }
    if (policy.snapshotRetention().compareTo(floor) < 0) {
      return Optional.of("refused: a snapshot retention of " + Durations.format(policy.snapshotRetention())
          + " is below the orphan-file floor of " + Durations.format(floor) + "; VACUUM deletes orphan files older "
          + "than the retention, so the files of writes still in flight would be deleted");
    }
    return Optional.empty();
  }

  /** The {@code vacuum_*} properties the policy asks for, in the order they are written. */
  public static Map<String, String> desiredProperties(MaintenancePolicy policy) {
    Map<String, String> desired = new LinkedHashMap<>();
    desired.put(MAX_SNAPSHOT_AGE, Long.toString(policy.snapshotRetention().getSeconds()));
    desired.put(MIN_SNAPSHOTS, Integer.toString(policy.minSnapshotsToKeep()));
    desired.put(MAX_METADATA_FILES, Integer.toString(policy.maxMetadataFilesToKeep()));
    return desired;
  }

  private static Decision properties(MaintainedTable table, TableState state) {
    Map<String, String> changed = new LinkedHashMap<>();
    List<String> why = new ArrayList<>();
    desiredProperties(table.policy()).forEach((key, value) -> {
      String current = state.vacuumProperties().get(key);
      if (!value.equals(current)) {
        changed.put(key, value);
        why.add(key + " " + (current == null ? "is not set" : "is " + current) + ", the policy wants " + value);
      }
    });
    if (changed.isEmpty()) {
      return Decision.skipped(StatementKind.PROPERTIES, "the retention properties already match the policy ("
          + Durations.format(table.policy().snapshotRetention()) + ", keep " + table.policy().minSnapshotsToKeep()
          + " snapshots and " + table.policy().maxMetadataFilesToKeep() + " metadata files)");
    }
    return Decision.due(StatementKind.PROPERTIES, String.join("; ", why),
        AthenaSql.setProperties(table.database(), table.table(), changed));
  }

  private static Decision optimize(MaintainedTable table, TableState state) {
    MaintenancePolicy policy = table.policy();
    int small = state.smallFiles();
    int deletes = state.deleteFiles();
    String smallFigures = small + " small " + files(small) + " (under " + Bytes.format(state.smallFileThresholdBytes())
        + ", 75% of the " + Bytes.format(policy.targetFileSize().bytes()) + " target)";
    boolean smallDue = small > policy.compactWhenSmallFilesAbove();
    boolean deletesDue = deletes > policy.compactWhenDeleteFilesAbove();
    if (!smallDue && !deletesDue) {
      return Decision.skipped(StatementKind.OPTIMIZE, smallFigures + ", not above compactWhenSmallFilesAbove="
          + policy.compactWhenSmallFilesAbove() + "; " + deletes + " delete " + files(deletes)
          + ", not above compactWhenDeleteFilesAbove=" + policy.compactWhenDeleteFilesAbove());
    }
    String trigger = smallDue
        ? smallFigures + " exceed compactWhenSmallFilesAbove=" + policy.compactWhenSmallFilesAbove()
        : deletes + " delete " + files(deletes) + " exceed compactWhenDeleteFilesAbove="
            + policy.compactWhenDeleteFilesAbove();
    // Bin-packing merges small files of one partition with each other: a partition with one
    // small file and no delete files has nothing to gain.
    List<PartitionFiles> mergeable = state.partitions().stream()
        .filter(p -> p.smallFiles() >= 2 || p.deleteFiles() > 0).toList();
    if (mergeable.isEmpty()) {
      return Decision.skipped(StatementKind.OPTIMIZE, trigger + ", but they lie one to a partition: bin-packing has "
          + "nothing to merge");
    }
    String whole = AthenaSql.optimize(table.database(), table.table(), null);
    if (mergeable.size() == state.partitions().size()) {
      return Decision.due(StatementKind.OPTIMIZE, trigger + "; the whole table"
          + (state.partitions().size() > 1 ? ": every partition has files to merge" : ""), whole);
    }
    long bytes = mergeable.stream().mapToLong(PartitionFiles::dataBytes).sum();
    String share = mergeable.size() + " of " + state.partitions().size() + " partitions, holding "
        + Bytes.format(bytes) + " of " + Bytes.format(state.dataBytes());
    if (bytes >= RESTRICT_BELOW_SHARE * state.dataBytes()) {
      return Decision.due(StatementKind.OPTIMIZE, trigger + "; the whole table: the partitions with files to merge ("
          + share + ") hold half its bytes or more", whole);
    }
    if (mergeable.size() > MAX_PARTITIONS_IN_WHERE) {
      return Decision.due(StatementKind.OPTIMIZE, trigger + "; the whole table: the partitions with files to merge ("
          + share + ") are too many to list in a WHERE (more than " + MAX_PARTITIONS_IN_WHERE + ")", whole);
    }
    Optional<String> predicate = AthenaSql.partitionPredicate(mergeable);
    if (predicate.isEmpty()) {
      return Decision.due(StatementKind.OPTIMIZE, trigger + "; the whole table: its partitions (" + share
          + ") cannot be selected by a WHERE on partition columns (only identity partitions of exact types can)",
          whole);
    }
    return Decision.due(StatementKind.OPTIMIZE, trigger + "; restricted to " + share,
        AthenaSql.optimize(table.database(), table.table(), predicate.get()));
  }

  private static Decision vacuum(MaintainedTable table, TableState state, Instant now) {
    MaintenancePolicy policy = table.policy();
    int expirable = expirableSnapshots(state.snapshots(), now.minus(policy.snapshotRetention()),
        policy.minSnapshotsToKeep());
    String retention = Durations.format(policy.snapshotRetention());
    String snapshotFigures = expirable + " " + (expirable == 1 ? "snapshot" : "snapshots") + " older than "
        + retention + " beyond the " + policy.minSnapshotsToKeep() + " kept (" + state.snapshotCount() + " in all)";
    String metadataFigures = state.metadataFiles() + " metadata " + files(state.metadataFiles());
    boolean metadataDue = state.metadataFiles() > policy.maxMetadataFilesToKeep();
    if (expirable == 0 && !metadataDue) {
      return Decision.skipped(StatementKind.VACUUM, "no snapshot older than " + retention + " beyond the "
          + policy.minSnapshotsToKeep() + " kept (" + state.snapshotCount() + " in all); " + metadataFigures
          + ", within maxMetadataFilesToKeep=" + policy.maxMetadataFilesToKeep());
    }
    List<String> why = new ArrayList<>();
    if (expirable > 0) {
      why.add(snapshotFigures);
    }
    if (metadataDue) {
      why.add(metadataFigures + " exceed maxMetadataFilesToKeep=" + policy.maxMetadataFilesToKeep());
    }
    return Decision.due(StatementKind.VACUUM, String.join("; ", why), AthenaSql.vacuum(table.database(),
        table.table()));
  }

  /**
   * The snapshots VACUUM expires: committed before the cutoff, except the current snapshot, the
   * {@code minToKeep} most recent of its history, and those a branch or tag points at.
   */
  public static int expirableSnapshots(List<SnapshotInfo> snapshots, Instant cutoff, int minToKeep) {
    int keepDepth = Math.max(1, minToKeep);
    int expirable = 0;
    for (SnapshotInfo snapshot : snapshots) {
      boolean kept = snapshot.referenced() || (snapshot.ancestorDepth() >= 0 && snapshot.ancestorDepth() < keepDepth);
      if (!kept && snapshot.committedAt().isBefore(cutoff)) {
        expirable++;
      }
    }
    return expirable;
  }

  private static String files(int count) {
    return count == 1 ? "file" : "files";
  }
}
