package dev.lakehouse.maintenance.decide;

import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.units.Durations;
import dev.lakehouse.maintenance.athena.StatementKind;
import dev.lakehouse.maintenance.inspect.PartitionFiles;
import dev.lakehouse.maintenance.inspect.SnapshotInfo;
import dev.lakehouse.maintenance.inspect.TableInspector;
import dev.lakehouse.maintenance.inspect.TableState;
import dev.lakehouse.maintenance.table.CatalogLocations;
import dev.lakehouse.maintenance.table.GlueOptimizer;
import dev.lakehouse.maintenance.table.MaintainedTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, from a table's state and its policy, which of Athena's maintenance statements are due,
 * and says why for each one either way. A pure function of (table, state, now, scope).
 *
 * <ul>
 *   <li>PROPERTIES: {@code ALTER TABLE ... SET TBLPROPERTIES} with the {@code vacuum_*} properties
 *       whose values differ from the policy (VACUUM expires by them).</li>
 *   <li>OPTIMIZE: when a partition (or an unpartitioned table) has more small files (under 75% of
 *       the target size) than {@code compactWhenSmallFilesAbove}, or more delete files than
 *       {@code compactWhenDeleteFilesAbove}, as AWS Glue's compaction decides; restricted with a
 *       WHERE on the partition columns to those partitions wherever one can select them (it is
 *       billed by the data it scans, which a WHERE only narrows).</li>
 *   <li>VACUUM: when snapshots older than the retention exist beyond the ones kept, or the
 *       previous metadata files (the current one's metadata log, which is what Athena's
 *       {@code vacuum_max_metadata_files_to_keep} counts) are more than {@code maxMetadataFilesToKeep}.</li>
 * </ul>
 * An action that an AWS Glue table optimizer enabled on the table does itself is skipped and left
 * to it: OPTIMIZE where Glue compacts the table, VACUUM and its properties where Glue expires its
 * snapshots. VACUUM and its properties are skipped too on a table whose {@code gc.enabled} is not
 * true, whose snapshots Iceberg refuses to expire. A retention below the orphan-file floor, or a
 * floor under one day, is refused: VACUUM deletes orphan files older than the retention, and files
 * of writes still in flight look orphaned. So is a VACUUM due on a table stored at the root of its
 * bucket, where Athena's VACUUM fails. VACUUM is skipped on a table whose location holds another
 * table of the catalog (of any database, Iceberg or not), whose files it would delete as orphans.
 */
public final class Planner {
  /** Below this orphan-file floor every retention is refused. */
  public static final Duration MINIMUM_ORPHAN_FILE_AGE = Duration.ofDays(1);
  /** More partitions than this are not listed in a WHERE: the whole table is rewritten instead. */
  static final int MAX_PARTITIONS_IN_WHERE = 100;
  /** Tables stored under another that a skipped VACUUM's reason names; the rest are counted. */
  static final int MAX_NESTED_NAMED = 5;

  static final String MAX_SNAPSHOT_AGE = MaintenanceConfig.MAX_SNAPSHOT_AGE_PROPERTY;
  static final String MIN_SNAPSHOTS = MaintenanceConfig.MIN_SNAPSHOTS_PROPERTY;
  static final String MAX_METADATA_FILES = MaintenanceConfig.MAX_METADATA_FILES_PROPERTY;

  private Planner() {}

  public static TablePlan plan(MaintainedTable table, TableState state, Instant now, Scope scope) {
    MaintenancePolicy policy = table.policy();
    Optional<String> unsafe = unsafeRetention(policy);
    List<Decision> decisions = new ArrayList<>();
    Set<GlueOptimizer> glue = table.glueOptimizers();
    decisions.add(!scope.includes(StatementKind.PROPERTIES) ? notAsked(StatementKind.PROPERTIES, scope)
        : glue.contains(GlueOptimizer.RETENTION) ? leftToGlue(StatementKind.PROPERTIES)
        : !state.gcEnabled() ? gcDisabled(StatementKind.PROPERTIES, state)
        : unsafe.isPresent() ? Decision.refused(StatementKind.PROPERTIES, unsafe.get())
        : properties(table, state));
    decisions.add(!scope.includes(StatementKind.OPTIMIZE) ? notAsked(StatementKind.OPTIMIZE, scope)
        : glue.contains(GlueOptimizer.COMPACTION) ? leftToGlue(StatementKind.OPTIMIZE)
        : withTablesOwnSettings(optimize(table, state), table.policy(), state));
    decisions.add(!scope.includes(StatementKind.VACUUM) ? notAsked(StatementKind.VACUUM, scope)
        : glue.contains(GlueOptimizer.RETENTION) ? leftToGlue(StatementKind.VACUUM)
        : !state.gcEnabled() ? gcDisabled(StatementKind.VACUUM, state)
        : unsafe.isPresent() ? Decision.refused(StatementKind.VACUUM, unsafe.get())
        : vacuum(table, state, now));
    return new TablePlan(table, state, decisions, scope);
  }

  /**
   * An action an AWS Glue table optimizer enabled on the table does itself: compaction for
   * OPTIMIZE, snapshot retention for VACUUM and the retention properties (which serve only VACUUM).
   */
  private static Decision leftToGlue(StatementKind kind) {
    return Decision.skipped(kind, switch (kind) {
      case OPTIMIZE -> "left to AWS Glue: its compaction optimizer is enabled on the table and compacts it "
          + "(an OPTIMIZE beside it would rewrite the same files and be billed twice); disable the optimizer to have "
          + "lakehouse compact the table";
      case VACUUM -> "left to AWS Glue: its snapshot retention optimizer is enabled on the table and expires its "
          + "snapshots by its own settings (a VACUUM beside it would do the same work twice); disable the optimizer "
          + "to have lakehouse expire them";
      case PROPERTIES -> "left to AWS Glue: its snapshot retention optimizer is enabled on the table, and the "
          + "vacuum_* properties serve only VACUUM; disable the optimizer to have lakehouse set them";
    });
  }

  /**
   * VACUUM, and the properties that serve only it, on a table whose {@code gc.enabled} is off:
   * Iceberg's snapshot expiry, which VACUUM runs, refuses such a table, whose files may be another's.
   */
  private static Decision gcDisabled(StatementKind kind, TableState state) {
    return Decision.skipped(kind, "the table's gc.enabled is '"
        + state.properties().get(TableInspector.GC_ENABLED_PROPERTY) + "': Iceberg expires none of its snapshots "
        + "and deletes none of its files, which may be another table's (as for a table made by Spark's snapshot "
        + "procedure), so VACUUM would fail"
        + (kind == StatementKind.PROPERTIES ? " and the vacuum_* properties serve nothing" : "")
        + "; set gc.enabled to true once its files are its own to have lakehouse expire its snapshots");
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
    int smallAbove = policy.compactWhenSmallFilesAbove();
    int deletesAbove = policy.compactWhenDeleteFilesAbove();
    String small = "small files (under " + Bytes.format(state.smallFileThresholdBytes()) + ", 75% of the "
        + Bytes.format(policy.targetFileSize().bytes()) + " target)";
    long deleteThreshold = deleteFileThreshold(state);
    List<PartitionFiles> due = state.partitions().stream().filter(p -> p.smallFiles() > smallAbove
        || p.deleteFiles() > deletesAbove && p.mostDeletesOfOneDataFile() >= deleteThreshold).toList();
    boolean unpartitioned = state.partitions().stream().allMatch(p -> p.values().isEmpty());
    if (due.isEmpty()) {
      String unrewritten = state.partitions().stream().anyMatch(p -> p.deleteFiles() > deletesAbove)
          ? "; but no data file is known to have " + deleteThreshold + " of them (" + deleteThresholdSetting(state)
              + "), the fewest for which Athena's OPTIMIZE rewrites a data file for its deletes: it would rewrite "
              + "nothing for them"
          : "";
      if (unpartitioned) {
        return Decision.skipped(StatementKind.OPTIMIZE, state.smallFiles() + " " + small + ", not above "
            + "compactWhenSmallFilesAbove=" + smallAbove + "; " + state.deleteFiles() + " delete "
            + files(state.deleteFiles()) + (unrewritten.isEmpty() ? ", not above" : ", above")
            + " compactWhenDeleteFilesAbove=" + deletesAbove + unrewritten);
      }
      int mostSmall = state.partitions().stream().mapToInt(PartitionFiles::smallFiles).max().orElse(0);
      int mostDeletes = state.partitions().stream().mapToInt(PartitionFiles::deleteFiles).max().orElse(0);
      return Decision.skipped(StatementKind.OPTIMIZE, "no partition has more than compactWhenSmallFilesAbove="
          + smallAbove + " " + small + " or more than compactWhenDeleteFilesAbove=" + deletesAbove
          + " delete files" + (unrewritten.isEmpty() ? "" : " that Athena's OPTIMIZE would rewrite a data file for")
          + ": at most " + mostSmall + " and " + mostDeletes + " in one of " + state.partitions().size()
          + " partitions" + unrewritten);
    }
    String trigger = unpartitioned
        ? (state.smallFiles() > smallAbove
            ? state.smallFiles() + " " + small + " exceed compactWhenSmallFilesAbove=" + smallAbove
            : state.deleteFiles() + " delete files exceed compactWhenDeleteFilesAbove=" + deletesAbove
                + ", and a data file has at least " + deleteThreshold + " of them (" + deleteThresholdSetting(state)
                + ")")
        : due.size() + " of " + state.partitions().size() + " partitions " + (due.size() == 1 ? "has" : "have")
            + " more than compactWhenSmallFilesAbove="
            + smallAbove + " " + small + " or more than compactWhenDeleteFilesAbove=" + deletesAbove
            + " delete files";
    String whole = AthenaSql.optimize(table.database(), table.table(), null);
    if (due.size() == state.partitions().size()) {
      return Decision.due(StatementKind.OPTIMIZE, trigger + "; the whole table", whole);
    }
    // The inspector reads the partitions' sizes whenever some, not all, of several partitions are due.
    long bytes = state.partitions().stream().filter(p -> selects(due, p)).mapToLong(p -> p.dataBytes()
        .orElseThrow(() -> new IllegalStateException("the size of partition " + p.path() + " of "
            + table.glueName() + " was not read"))).sum();
    String share = "holding " + Bytes.format(bytes) + " of " + Bytes.format(state.dataBytes());
    if (due.size() > MAX_PARTITIONS_IN_WHERE) {
      return Decision.due(StatementKind.OPTIMIZE, trigger + "; the whole table: too many partitions to list in a "
          + "WHERE (more than " + MAX_PARTITIONS_IN_WHERE + ")", whole);
    }
    Set<String> columns = new TreeSet<>();
    due.forEach(p -> p.values().forEach(v -> columns.add(v.sourceColumn() == null ? "a dropped column"
        : v.sourceColumn())));
    if (due.stream().allMatch(PartitionFiles::identityOnly) && !state.whereColumns().containsAll(columns)) {
      columns.removeAll(state.whereColumns());
      return Decision.due(StatementKind.OPTIMIZE, trigger + "; the whole table: its partitioning changed, and a "
          + "WHERE may name only columns that both its current partitioning and that of every live file partition "
          + "by (not " + String.join(", ", columns) + ")", whole);
    }
    Optional<String> predicate = AthenaSql.partitionPredicate(due);
    if (predicate.isEmpty()) {
      return Decision.due(StatementKind.OPTIMIZE, trigger + "; the whole table: a WHERE on partition columns cannot "
          + "select them (only identity partitions of top-level columns of exact types can)", whole);
    }
    return Decision.due(StatementKind.OPTIMIZE, trigger + "; restricted to them, " + share,
        AthenaSql.optimize(table.database(), table.table(), predicate.get()));
  }

  /**
   * The OPTIMIZE decision with a note on the table's own OPTIMIZE properties where they disagree
   * with the policy: lakehouse counts files by the policy, Athena chooses and writes them by the
   * table's properties, and where the two differ an OPTIMIZE may rewrite other files than were
   * counted, or none (then reported {@code no_effect}, night after night).
   */
  static Decision withTablesOwnSettings(Decision decision, MaintenancePolicy policy, TableState state) {
    Map<String, String> set = state.optimizeProperties();
    long target = policy.targetFileSize().bytes();
    long small = state.smallFileThresholdBytes();
    int smallAbove = policy.compactWhenSmallFilesAbove();
    List<String> differ = new ArrayList<>();
    ownOrAthenas(set, TableInspector.WRITE_TARGET_PROPERTY, TableInspector.ATHENA_WRITE_TARGET_BYTES)
        .filter(value -> value != target).ifPresent(value -> differ.add(described(set,
            TableInspector.WRITE_TARGET_PROPERTY, Bytes.format(value)) + ", where targetFileSize is "
            + Bytes.format(target)));
    number(set, TableInspector.REWRITE_MIN_SIZE_PROPERTY).filter(value -> value != small).ifPresent(value ->
        differ.add(TableInspector.REWRITE_MIN_SIZE_PROPERTY + " is " + Bytes.format(value) + ", where lakehouse "
            + "counts files under " + Bytes.format(small) + " as small"));
    // Athena rewrites no fewer files than the threshold; lakehouse compacts once there are more than smallAbove.
    ownOrAthenas(set, TableInspector.REWRITE_DATA_FILE_THRESHOLD_PROPERTY,
        TableInspector.ATHENA_REWRITE_DATA_FILE_THRESHOLD).filter(value -> value > smallAbove + 1L)
        .ifPresent(value -> differ.add(described(set, TableInspector.REWRITE_DATA_FILE_THRESHOLD_PROPERTY,
            Long.toString(value)) + ", above compactWhenSmallFilesAbove=" + smallAbove));
    if (differ.isEmpty()) {
      return decision;
    }
    return new Decision(decision.kind(), decision.verdict(), decision.reason() + "; note: the table's "
        + String.join(", and its ", differ) + " (Athena's OPTIMIZE chooses and writes files by the table's "
        + "properties: make the two alike, or it may rewrite other files than counted here, or none)",
        decision.sql());
  }

  /**
   * How many delete files a data file needs for Athena's OPTIMIZE to rewrite it for them: the
   * table's {@code optimize_rewrite_delete_file_threshold}, or Athena's default where it is not set
   * or not a number; at least 1.
   */
  static long deleteFileThreshold(TableState state) {
    long athenas = TableInspector.ATHENA_REWRITE_DELETE_FILE_THRESHOLD;
    return Math.max(1, ownOrAthenas(state.optimizeProperties(), TableInspector.REWRITE_DELETE_FILE_THRESHOLD_PROPERTY,
        athenas).orElse(athenas));
  }

  private static String deleteThresholdSetting(TableState state) {
    Map<String, String> set = state.optimizeProperties();
    String key = TableInspector.REWRITE_DELETE_FILE_THRESHOLD_PROPERTY;
    return set.containsKey(key) ? key + " is " + set.get(key)
        : key + " is not set (Athena's default: " + TableInspector.ATHENA_REWRITE_DELETE_FILE_THRESHOLD + ")";
  }

  /** A whole-number property; Athena's default when it is not set; empty when it is not a number. */
  private static Optional<Long> ownOrAthenas(Map<String, String> properties, String key, long athenasDefault) {
    return properties.containsKey(key) ? number(properties, key) : Optional.of(athenasDefault);
  }

  /** How a property's value came about, for a note: the table's own, or Athena's default. */
  private static String described(Map<String, String> properties, String key, String value) {
    return properties.containsKey(key) ? key + " is " + value : key + " is not set (Athena's default: " + value + ")";
  }

  /** A whole-number property, or empty when it is not set or not a number. */
  private static Optional<Long> number(Map<String, String> properties, String key) {
    String value = properties.get(key);
    try {
      return value == null ? Optional.empty() : Optional.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether OPTIMIZE restricted to the due partitions rewrites {@code partition}'s files: it is one
   * of them, or its values are among theirs on every column of the WHERE (another combination of
   * them, or a partition of another layout).
   */
  private static boolean selects(List<PartitionFiles> due, PartitionFiles partition) {
    return due.contains(partition) || AthenaSql.selects(due, partition);
  }

  private static Decision vacuum(MaintainedTable table, TableState state, Instant now) {
    MaintenancePolicy policy = table.policy();
    int expirable = expirableSnapshots(state.snapshots(), now, now.minus(policy.snapshotRetention()),
        policy.minSnapshotsToKeep());
    String retention = Durations.format(policy.snapshotRetention());
    String snapshotFigures = expirable + " " + (expirable == 1 ? "snapshot" : "snapshots") + " older than "
        + retention + " beyond the " + policy.minSnapshotsToKeep() + " kept (" + state.snapshotCount() + " in all)";
    String metadataFigures = state.previousMetadataFiles() + " previous metadata " + files(state.previousMetadataFiles());
    boolean metadataDue = state.previousMetadataFiles() > policy.maxMetadataFilesToKeep();
    Optional<String> sharedLocation = sharedLocation(table, state);
    if (sharedLocation.isPresent()) {
      return Decision.skipped(StatementKind.VACUUM, sharedLocation.get() + "; " + (expirable == 0 && !metadataDue
          ? "nothing is due on it yet (" : "due, and skipped (") + snapshotFigures + "; " + metadataFigures + ")");
    }
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
    if (state.atBucketRoot()) {
      return Decision.refused(StatementKind.VACUUM, "refused: " + String.join("; ", why) + ", but the table is "
          + "stored at the root of its bucket (" + state.location() + "), where Athena's VACUUM fails (\"Path "
          + "missing in file system location\"); move its data under a prefix (s3://bucket/" + table.table()
          + "/) to have its snapshots expired");
    }
    return Decision.due(StatementKind.VACUUM, String.join("; ", why), AthenaSql.vacuum(table.database(),
        table.table()));
  }

  /**
   * Why VACUUM must not run on the table, when another table of the catalog is stored at or under
   * its location (VACUUM deletes every file there that the table's metadata does not reference,
   * the other table's included), or when the catalog could not be listed to tell.
   */
  private static Optional<String> sharedLocation(MaintainedTable table, TableState state) {
    CatalogLocations catalog = table.catalog();
    List<CatalogLocations.Located> nested = catalog.nestedUnder(state.location(), table.glueName());
    if (!nested.isEmpty()) {
      List<String> named = nested.stream().limit(MAX_NESTED_NAMED)
          .map(other -> other.glueName() + " (" + other.location() + ")").toList();
      return Optional.of("VACUUM skipped: the table's location " + state.location() + " holds "
          + (nested.size() == 1 ? "another table's: " : nested.size() + " other tables': ") + String.join(", ", named)
          + (nested.size() > named.size() ? " and " + (nested.size() - named.size()) + " more" : "")
          + "; VACUUM deletes every file under the location that the table's metadata does not reference, so it "
          + "would delete theirs; store the tables so that neither lies under the other to have its snapshots "
          + "expired");
    }
    if (catalog.unknown() != null) {
      return Optional.of("VACUUM skipped: cannot tell whether another table is stored under the table's location "
          + state.location() + " (" + catalog.unknown() + "), and VACUUM would delete such a table's files");
    }
    return Optional.empty();
  }

  /**
   * The snapshots VACUUM expires, as Iceberg's snapshot expiry decides (Athena's VACUUM runs it,
   * with {@code cutoff} and {@code minToKeep} from its {@code vacuum_*} properties): all but those
   * a tag points at, the most recent of each branch's history (at least its head) and those
   * committed since the cutoff; a branch's own {@code minSnapshotsToKeep} and {@code maxSnapshotAge}
   * stand in for VACUUM's, and a branch or tag past its own maximum age at {@code now} holds nothing.
   */
  public static int expirableSnapshots(List<SnapshotInfo> snapshots, Instant now, Instant cutoff, int minToKeep) {
    int expirable = 0;
    for (SnapshotInfo snapshot : snapshots) {
      List<SnapshotInfo.Hold> holds = snapshot.holds().stream()
          .filter(hold -> hold.expiresAt() == null || !now.isAfter(hold.expiresAt())).toList();
      boolean kept = holds.isEmpty() ? !snapshot.committedAt().isBefore(cutoff) : holds.stream().anyMatch(hold ->
          hold.isTag() || hold.depth() < Math.max(1, hold.minSnapshotsToKeep() != null ? hold.minSnapshotsToKeep()
              : minToKeep) || !snapshot.committedAt().isBefore(hold.maxSnapshotAge() != null
              ? now.minus(hold.maxSnapshotAge()) : cutoff));
      if (!kept) {
        expirable++;
      }
    }
    return expirable;
  }

  private static String files(int count) {
    return count == 1 ? "file" : "files";
  }
}
