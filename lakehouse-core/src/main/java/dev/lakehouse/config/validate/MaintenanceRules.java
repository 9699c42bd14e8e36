package dev.lakehouse.config.validate;

import dev.lakehouse.config.ConfigPath;
import dev.lakehouse.config.Problems;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.MaintenanceConfig;
import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.model.MaintenanceTableConfig;
import dev.lakehouse.config.units.Durations;
import dev.lakehouse.config.units.Size;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Maintenance: the workgroup, concurrency, and retention that is safe. Athena's VACUUM
 * deletes orphan files older than the snapshot retention, so a retention shorter than the
 * orphan-file floor would delete files that in-flight writes have not committed yet.
 */
final class MaintenanceRules extends Rules {
  /** No orphan-file floor may be set below this: a writer's files must survive one day. */
  static final Duration MINIMUM_ORPHAN_FILE_AGE = Duration.ofDays(1);
  private static final Pattern MATCH = Pattern.compile("([a-z][a-z0-9_-]*|\\*)\\.[a-z0-9_*?\\[\\]-]+");

  MaintenanceRules(Stack stack, Problems problems) {
    super(stack, problems);
  }

  @Override
  void validate() {
    MaintenanceConfig maintenance = stack.config().maintenance();
    if (maintenance == null) {
      return;
    }
    ConfigPath path = ConfigPath.of("maintenance");
    if (required(maintenance.workgroup(), path.key("workgroup"))) {
      workgroupExists(maintenance.workgroup(), path.key("workgroup"));
    }
    range(maintenance.maxConcurrentQueries(), 1, MaintenanceConfig.MAX_CONCURRENT_QUERIES,
        path.key("maxConcurrentQueries"), "maxConcurrentQueries");
    policy(maintenance.defaults(), maintenance.defaults().over(MaintenancePolicy.BUILT_IN), path.key("defaults"));
    for (int i = 0; i < maintenance.tables().size(); i++) {
      MaintenanceTableConfig entry = maintenance.tables().get(i);
      ConfigPath at = path.key("tables").index(i);
      if (required(entry.match(), at.key("match"))
          && matches(entry.match(), MATCH, at.key("match"), "must be written <zone>.<glob>, e.g. processed.* or curated.daily_*")) {
        String zone = entry.match().substring(0, entry.match().indexOf('.'));
        if (!zone.equals("*") && zoneExists(zone, at.key("match")) && stack.config().zone(zone).database() == null) {
          problems.add(at.key("match"), "zone '" + zone + "' has no database, so it has no table to maintain; add "
              + "zones." + zone + ".database, or remove this entry");
        }
      }
      MaintenancePolicy effective = entry.policy().over(maintenance.defaults()).over(MaintenancePolicy.BUILT_IN);
      policy(entry.policy(), effective, at);
    }
    unique(maintenance.tables(), MaintenanceTableConfig::match, path.key("tables"), "match", "match",
        "the last entry that matches a table decides, so the earlier one never applies; merge the two entries' "
            + "settings into one");
  }

  /** Checks the values an entry sets, and the retention that results once defaults fill the rest. */
  private void policy(MaintenancePolicy own, MaintenancePolicy effective, ConfigPath path) {
    atLeast(own.minSnapshotsToKeep(), 1, path.key("minSnapshotsToKeep"), "minSnapshotsToKeep");
    atLeast(own.maxMetadataFilesToKeep(), 1, path.key("maxMetadataFilesToKeep"), "maxMetadataFilesToKeep");
    atLeast(own.compactWhenSmallFilesAbove(), 1, path.key("compactWhenSmallFilesAbove"), "compactWhenSmallFilesAbove");
    atLeast(own.compactWhenDeleteFilesAbove(), 1, path.key("compactWhenDeleteFilesAbove"), "compactWhenDeleteFilesAbove");
    if (own.targetFileSize() != null
        && (own.targetFileSize().bytes() < Size.ofMegabytes(1).bytes() || own.targetFileSize().bytes() > (4L << 30))) {
      problems.add(path.key("targetFileSize"), "must be between 1MB and 4GB, got " + own.targetFileSize());
    }
    if (own.orphanFileAge() != null && own.orphanFileAge().compareTo(MINIMUM_ORPHAN_FILE_AGE) < 0) {
      problems.add(path.key("orphanFileAge"), "the orphan-file floor cannot be below 1d: files of writes still "
          + "in flight would be deleted as orphans; got " + Durations.format(own.orphanFileAge()));
    }
    if (effective.snapshotRetention().compareTo(effective.orphanFileAge()) >= 0) {
      return;
    }
    if (own.snapshotRetention() != null) {
      problems.add(path.key("snapshotRetention"), "a snapshot retention of " + Durations.format(own.snapshotRetention())
          + " is below the orphan-file floor of " + Durations.format(effective.orphanFileAge())
          + ": Athena's VACUUM would delete files of writes still in flight; use at least "
          + Durations.format(effective.orphanFileAge()));
    } else if (own.orphanFileAge() != null) {
      // The retention comes from the defaults, which are fine on their own: the floor set here is what breaks it.
      problems.add(path.key("orphanFileAge"), "an orphan-file floor of " + Durations.format(own.orphanFileAge())
          + " is above the snapshot retention of " + Durations.format(effective.snapshotRetention())
          + " this entry takes from maintenance.defaults: Athena's VACUUM would delete files of writes still in "
          + "flight; set snapshotRetention here to at least " + Durations.format(own.orphanFileAge()));
    }
  }
}
