package dev.lakehouse.maintenance.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.units.Size;
import dev.lakehouse.maintenance.athena.MaintenanceStatement;
import dev.lakehouse.maintenance.athena.StatementKind;
import dev.lakehouse.maintenance.athena.StatementOutcome;
import dev.lakehouse.maintenance.athena.StatementStatus;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.decide.Verdict;
import dev.lakehouse.maintenance.inspect.PartitionFiles;
import dev.lakehouse.maintenance.inspect.SnapshotInfo;
import dev.lakehouse.maintenance.inspect.Snapshots;
import dev.lakehouse.maintenance.inspect.TableState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerificationTest {
  static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  static final MaintenancePolicy POLICY = new MaintenancePolicy(Duration.ofDays(7), 2, 100, Duration.ofDays(3),
      Size.ofMegabytes(512), 10, 10);
  static final Map<String, String> SET = Map.of("vacuum_max_snapshot_age_seconds", "604800",
      "vacuum_min_snapshots_to_keep", "2", "vacuum_max_metadata_files_to_keep", "100");

  @Test
  void aVacuumThatRemovedNoSnapshotIsFlagged() {
    TableState before = state(SET, 6, 20, 12);
    assertThat(Verification.noEffect(decision(StatementKind.VACUUM), succeeded(StatementKind.VACUUM), POLICY, before,
        state(SET, 6, 20, 12), NOW)).isEqualTo("succeeded but removed no snapshot: 4 older than the retention are "
            + "still there (6 in all); check that the workgroup's role may update the table and delete its files");
    assertThat(Verification.noEffect(decision(StatementKind.VACUUM), succeeded(StatementKind.VACUUM), POLICY, before,
        state(SET, 2, 20, 12), NOW)).isNull();
  }

  @Test
  void anOptimizeThatMergedNothingIsFlagged() {
    TableState before = state(SET, 2, 20, 12);
    assertThat(Verification.noEffect(decision(StatementKind.OPTIMIZE), succeeded(StatementKind.OPTIMIZE), POLICY,
        before, state(SET, 3, 20, 12), NOW))
        .isEqualTo("succeeded but merged nothing: still 12 small files and 0 delete files in 20 data files");
    assertThat(Verification.noEffect(decision(StatementKind.OPTIMIZE), succeeded(StatementKind.OPTIMIZE), POLICY,
        before, state(SET, 3, 9, 1), NOW)).isNull();
  }

  @Test
  void propertiesThatDidNotChangeAreFlagged() {
    assertThat(Verification.noEffect(decision(StatementKind.PROPERTIES), succeeded(StatementKind.PROPERTIES), POLICY,
        state(Map.of(), 2, 1, 0), state(Map.of("vacuum_min_snapshots_to_keep", "2"), 2, 1, 0), NOW))
        .isEqualTo("succeeded but the table's properties did not change: vacuum_max_snapshot_age_seconds is not "
            + "set, vacuum_max_metadata_files_to_keep is not set");
    assertThat(Verification.noEffect(decision(StatementKind.PROPERTIES), succeeded(StatementKind.PROPERTIES), POLICY,
        state(Map.of(), 2, 1, 0), state(SET, 2, 1, 0), NOW)).isNull();
  }

  @Test
  void onlySucceededStatementsAreChecked() {
    StatementOutcome failed = new StatementOutcome(new MaintenanceStatement(StatementKind.VACUUM, "VACUUM t"),
        StatementStatus.FAILED, List.of("q"), 1, 0, Duration.ZERO, "boom");
    assertThat(Verification.noEffect(decision(StatementKind.VACUUM), failed, POLICY, state(SET, 6, 1, 0),
        state(SET, 6, 1, 0), NOW)).isNull();
    assertThat(Verification.noEffect(decision(StatementKind.VACUUM), null, POLICY, state(SET, 6, 1, 0), null, NOW))
        .isNull();
  }

  static Decision decision(StatementKind kind) {
    return new Decision(kind, Verdict.DUE, "due", "SQL");
  }

  static StatementOutcome succeeded(StatementKind kind) {
    return new StatementOutcome(new MaintenanceStatement(kind, "SQL"), StatementStatus.SUCCEEDED, List.of("q1"), 1, 0,
        Duration.ofSeconds(1), null);
  }

  /** A table of that many snapshots, one a day up to a month ago, and data files of which some are small. */
  static TableState state(Map<String, String> properties, int snapshotCount, int files, int small) {
    List<SnapshotInfo> snapshots = new ArrayList<>();
    for (int i = 0; i < snapshotCount; i++) {
      snapshots.add(Snapshots.onMain(i, NOW.minus(Duration.ofDays(30 - i)), snapshotCount - 1 - i, false));
    }
    return new TableState("s3://b/t/metadata/m.json", "s3://b/t", snapshots, 3, properties, 384L << 20, files * 1000L,
        List.of(new PartitionFiles(0, "", List.of(), files, small, 0, OptionalLong.of(files * 1000L))), Set.of());
  }
}
