package dev.lakehouse.maintenance.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.config.model.MaintenancePolicy;
import dev.lakehouse.config.units.Size;
import dev.lakehouse.maintenance.athena.StatementKind;
import dev.lakehouse.maintenance.inspect.PartitionFiles;
import dev.lakehouse.maintenance.inspect.PartitionValue;
import dev.lakehouse.maintenance.inspect.SnapshotInfo;
import dev.lakehouse.maintenance.inspect.Snapshots;
import dev.lakehouse.maintenance.inspect.TableState;
import dev.lakehouse.maintenance.table.CatalogLocations;
import dev.lakehouse.maintenance.table.GlueOptimizer;
import dev.lakehouse.maintenance.table.MaintainedTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
  static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  static final long MB = 1L << 20;
  /** 7 days, keep 5 snapshots and 100 metadata files, 3-day floor, 512MB target, compact above 10. */
  static final MaintenancePolicy POLICY = new MaintenancePolicy(Duration.ofDays(7), 5, 100, Duration.ofDays(3),
      Size.ofMegabytes(512), 10, 10);
  static final Map<String, String> MATCHING = Map.of("vacuum_max_snapshot_age_seconds", "604800",
      "vacuum_min_snapshots_to_keep", "5", "vacuum_max_metadata_files_to_keep", "100");

  /** One case: the state, and what each action should come to. */
  record Case(String name, MaintenancePolicy policy, TableState state, Scope scope, Verdict properties,
      Verdict optimize, Verdict vacuum, String sqlOrReason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("healthy", POLICY, state(MATCHING, snapshots(3, 1), 2, List.of(unpartitioned(5, 3, 0))),
        Scope.ALL, Verdict.SKIPPED, Verdict.SKIPPED, Verdict.SKIPPED, null));
    cases.add(new Case("properties unset", POLICY, state(Map.of(), snapshots(3, 1), 2, List.of(unpartitioned(5, 3, 0))),
        Scope.ALL, Verdict.DUE, Verdict.SKIPPED, Verdict.SKIPPED,
        "ALTER TABLE acme_dev_processed.events SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds'='604800', "
            + "'vacuum_min_snapshots_to_keep'='5', 'vacuum_max_metadata_files_to_keep'='100')"));
    cases.add(new Case("one property differs", POLICY, state(Map.of("vacuum_max_snapshot_age_seconds", "432000",
        "vacuum_min_snapshots_to_keep", "5", "vacuum_max_metadata_files_to_keep", "100"), snapshots(3, 1), 2,
        List.of(unpartitioned(5, 3, 0))), Scope.ALL, Verdict.DUE, Verdict.SKIPPED, Verdict.SKIPPED,
        "ALTER TABLE acme_dev_processed.events SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds'='604800')"));
    cases.add(new Case("small files in an unpartitioned table", POLICY, state(MATCHING, snapshots(3, 1), 2,
        List.of(unpartitioned(20, 11, 0))), Scope.ALL, Verdict.SKIPPED, Verdict.DUE, Verdict.SKIPPED,
        "OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK"));
    cases.add(new Case("exactly the threshold is not above it", POLICY, state(MATCHING, snapshots(3, 1), 2,
        List.of(unpartitioned(20, 10, 0))), Scope.ALL, Verdict.SKIPPED, Verdict.SKIPPED, Verdict.SKIPPED, null));
    cases.add(new Case("small files in a minority of the bytes", POLICY, state(MATCHING, snapshots(3, 1), 2, List.of(
        region("EU", 12, 12, 12 * MB), region("US", 11, 11, 11 * MB), region("APAC", 4, 0, 4 * 1024 * MB))),
        Scope.ALL, Verdict.SKIPPED, Verdict.DUE, Verdict.SKIPPED,
        "OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK WHERE region IN ('EU', 'US')"));
    cases.add(new Case("small files in most of the bytes: the rest is not rewritten all the same", POLICY,
        state(MATCHING, snapshots(3, 1), 2, List.of(region("EU", 12, 12, 12 * MB), region("US", 11, 11, 11 * MB),
            region("APAC", 9, 9, 9 * MB))), Scope.ALL, Verdict.SKIPPED, Verdict.DUE, Verdict.SKIPPED,
        "OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK WHERE region IN ('EU', 'US')"));
    cases.add(new Case("a transformed partition cannot be selected", POLICY, state(MATCHING, snapshots(3, 1), 2,
        List.of(day(1, 12, 12, 12 * MB), day(2, 4, 0, 4 * 1024 * MB))), Scope.ALL, Verdict.SKIPPED, Verdict.DUE,
        Verdict.SKIPPED, "OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK"));
    List<PartitionFiles> spread = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      spread.add(region("R" + i, 1, 1, MB));
    }
    cases.add(new Case("many small files, but none above the threshold in a partition", POLICY,
        state(MATCHING, snapshots(3, 1), 2, spread), Scope.ALL, Verdict.SKIPPED, Verdict.SKIPPED, Verdict.SKIPPED,
        "no partition has more than compactWhenSmallFilesAbove=10 small files (under 384MB, 75% of the 512MB target) "
            + "or more than compactWhenDeleteFilesAbove=10 delete files: at most 1 and 0 in one of 12 partitions"));
    cases.add(new Case("delete files pile up in one partition", POLICY, state(MATCHING, snapshots(3, 1), 2, List.of(
        new PartitionFiles(0, "region=EU", List.of(new PartitionValue("region", "identity", "string", "EU")), 2,
            0, 11, OptionalLong.of(2 * MB)), region("US", 4, 0, 4 * 1024 * MB))), Scope.ALL, Verdict.SKIPPED,
        Verdict.DUE, Verdict.SKIPPED,
        "OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK WHERE region IN ('EU')"));
    cases.add(new Case("delete files pile up", POLICY, state(MATCHING, snapshots(3, 1), 2,
        List.of(unpartitioned(2, 0, 11))), Scope.ALL, Verdict.SKIPPED, Verdict.DUE, Verdict.SKIPPED,
        "OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK"));
    cases.add(new Case("old snapshots beyond the kept", POLICY, state(MATCHING, snapshots(10, 30), 11,
        List.of(unpartitioned(5, 3, 0))), Scope.ALL, Verdict.SKIPPED, Verdict.SKIPPED, Verdict.DUE,
        "VACUUM acme_dev_processed.events"));
    cases.add(new Case("old snapshots, but no more than the kept", POLICY, state(MATCHING, snapshots(5, 30), 6,
        List.of(unpartitioned(5, 3, 0))), Scope.ALL, Verdict.SKIPPED, Verdict.SKIPPED, Verdict.SKIPPED,
        "no snapshot older than 7d beyond the 5 kept (5 in all); 5 previous metadata files, within maxMetadataFilesToKeep=100"));
    cases.add(new Case("too many metadata files", POLICY, state(MATCHING, snapshots(3, 1), 102,
        List.of(unpartitioned(5, 3, 0))), Scope.ALL, Verdict.SKIPPED, Verdict.SKIPPED, Verdict.DUE,
        "101 previous metadata files exceed maxMetadataFilesToKeep=100"));
    // Athena's vacuum_max_metadata_files_to_keep counts previous files: the current one and 100 before it is
    // what Iceberg keeps by default, and within the limit.
    cases.add(new Case("the current metadata file and the maximum before it", POLICY, state(MATCHING,
        snapshots(3, 1), 101, List.of(unpartitioned(5, 3, 0))), Scope.ALL, Verdict.SKIPPED, Verdict.SKIPPED,
        Verdict.SKIPPED, "no snapshot older than 7d beyond the 5 kept (3 in all); 100 previous metadata files, "
            + "within maxMetadataFilesToKeep=100"));
    cases.add(new Case("retention below the orphan floor", retention(Duration.ofDays(2), Duration.ofDays(3)),
        state(Map.of(), snapshots(10, 30), 11, List.of(unpartitioned(20, 11, 0))), Scope.ALL, Verdict.REFUSED,
        Verdict.DUE, Verdict.REFUSED, "refused: a snapshot retention of 2d is below the orphan-file floor of 3d; "
            + "VACUUM deletes orphan files older than the retention, so the files of writes still in flight would "
            + "be deleted"));
    cases.add(new Case("orphan floor under a day", retention(Duration.ofHours(12), Duration.ofHours(12)),
        state(Map.of(), snapshots(10, 30), 11, List.of(unpartitioned(5, 3, 0))), Scope.ALL, Verdict.REFUSED,
        Verdict.SKIPPED, Verdict.REFUSED, "refused: the orphan-file floor of 12h is below 1d; VACUUM would delete the "
            + "files of writes still in flight as orphans"));
    cases.add(new Case("--only optimize", POLICY, state(Map.of(), snapshots(10, 30), 11,
        List.of(unpartitioned(20, 11, 0))), Scope.OPTIMIZE, Verdict.SKIPPED, Verdict.DUE, Verdict.SKIPPED,
        "not asked for (--only optimize)"));
    cases.add(new Case("--only vacuum", POLICY, state(Map.of(), snapshots(10, 30), 11,
        List.of(unpartitioned(20, 11, 0))), Scope.VACUUM, Verdict.DUE, Verdict.SKIPPED, Verdict.DUE,
        "not asked for (--only vacuum)"));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    TablePlan plan = Planner.plan(table(c.policy()), c.state(), NOW, c.scope());
    assertThat(plan.decisions()).extracting(Decision::kind)
        .containsExactly(StatementKind.PROPERTIES, StatementKind.OPTIMIZE, StatementKind.VACUUM);
    assertThat(plan.decisions()).extracting(Decision::verdict).containsExactly(c.properties(), c.optimize(), c.vacuum());
    for (Decision decision : plan.decisions()) {
      assertThat(decision.reason()).as(decision.kind() + " has a reason").isNotBlank();
      assertThat(decision.sql() != null).as(decision.kind() + " has SQL when due").isEqualTo(decision.due());
    }
    if (c.sqlOrReason() != null) {
      assertThat(plan.decisions()).anySatisfy(d -> assertThat(c.sqlOrReason()).isIn(d.sql(), d.reason()));
    }
    assertThat(plan.work().statements()).extracting(s -> s.kind())
        .containsExactlyElementsOf(plan.due().stream().map(Decision::kind).toList());
  }

  @Test
  void restrictsOptimizeOnTwoColumnsToEveryCombinationOfTheDueValuesAndCountsThemAll() {
    // Due: (EU, web) and (US, app). The WHERE is one condition per column, as Athena requires,
    // so (EU, app) is rewritten too and counted; (EU, tv) is not selected.
    TableState state = new TableState("s3://b/m.json", "s3://b/events", snapshots(3, 1), 2, MATCHING, 384 * MB, 5126 * MB, List.of(
        regionChannel("EU", "web", 12, 12 * MB), regionChannel("US", "app", 11, 11 * MB),
        regionChannel("EU", "app", 1, 1000 * MB), regionChannel("EU", "tv", 1, 4103 * MB)),
        Set.of("region", "channel"));

    Decision optimize = Planner.plan(table(POLICY), state, NOW, Scope.OPTIMIZE).decisions().get(1);

    assertThat(optimize.sql()).isEqualTo("OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK "
        + "WHERE region IN ('EU', 'US') AND channel IN ('web', 'app')");
    assertThat(optimize.reason()).endsWith("; restricted to them, holding 1023MB of 5GB");
  }

  static PartitionFiles regionChannel(String region, String channel, int small, long bytes) {
    return new PartitionFiles(0, "region=" + region + "/channel=" + channel, List.of(
        new PartitionValue("region", "identity", "string", region),
        new PartitionValue("channel", "identity", "string", channel)), small, small, 0, OptionalLong.of(bytes));
  }

  @Test
  void explainsAHealthyTable() {
    TablePlan plan = Planner.plan(table(POLICY), state(MATCHING, snapshots(3, 1), 2,
        List.of(unpartitioned(5, 3, 0))), NOW, Scope.ALL);
    assertThat(plan.hasWork()).isFalse();
    assertThat(plan.decisions()).extracting(Decision::reason).containsExactly(
        "the retention properties already match the policy (7d, keep 5 snapshots and 100 metadata files)",
        "3 small files (under 384MB, 75% of the 512MB target), not above compactWhenSmallFilesAbove=10; 0 delete "
            + "files, not above compactWhenDeleteFilesAbove=10",
        "no snapshot older than 7d beyond the 5 kept (3 in all); 1 previous metadata file, within maxMetadataFilesToKeep=100");
  }

  @Test
  void explainsTheDueActions() {
    TablePlan plan = Planner.plan(table(POLICY), state(Map.of("vacuum_min_snapshots_to_keep", "1"),
        snapshots(10, 30), 11, List.of(region("EU", 12, 12, 12 * MB), region("US", 11, 11, 11 * MB),
            region("APAC", 4, 0, 4 * 1024 * MB))), NOW, Scope.ALL);
    assertThat(plan.decisions()).extracting(Decision::reason).containsExactly(
        "vacuum_max_snapshot_age_seconds is not set, the policy wants 604800; vacuum_min_snapshots_to_keep is 1, the "
            + "policy wants 5; vacuum_max_metadata_files_to_keep is not set, the policy wants 100",
        "2 of 3 partitions have more than compactWhenSmallFilesAbove=10 small files (under 384MB, 75% of the 512MB "
            + "target) or more than compactWhenDeleteFilesAbove=10 delete files; restricted to them, holding 23MB of "
            + "4GB",
        "5 snapshots older than 7d beyond the 5 kept (10 in all)");
  }

  @Test
  void refusesAVacuumDueOnATableAtTheRootOfItsBucketAndRunsTheRest() {
    for (String root : List.of("s3://landing", "s3://landing/", "s3a://landing//")) {
      TableState due = state(Map.of("vacuum_min_snapshots_to_keep", "1"), snapshots(10, 30), 2,
          List.of(unpartitioned(12, 12, 0)));
      TableState atRoot = new TableState(due.metadataLocation(), root, due.snapshots(), due.metadataFiles(),
          due.properties(), due.smallFileThresholdBytes(), due.dataBytes(), due.partitions(), due.whereColumns());

      TablePlan plan = Planner.plan(table(POLICY), atRoot, NOW, Scope.ALL);

      assertThat(plan.decisions()).as(root).extracting(Decision::verdict)
          .containsExactly(Verdict.DUE, Verdict.DUE, Verdict.REFUSED);
      assertThat(plan.decisions().get(2).reason()).isEqualTo("refused: 5 snapshots older than 7d beyond the 5 kept "
          + "(10 in all), but the table is stored at the root of its bucket (" + root + "), where Athena's VACUUM "
          + "fails (\"Path missing in file system location\"); move its data under a prefix (s3://bucket/events/) "
          + "to have its snapshots expired");
      assertThat(plan.refused()).isTrue();
    }
    // Nothing due: nothing to refuse.
    TableState healthy = state(MATCHING, snapshots(3, 1), 2, List.of(unpartitioned(5, 3, 0)));
    TablePlan plan = Planner.plan(table(POLICY), new TableState(healthy.metadataLocation(), "s3://landing",
        healthy.snapshots(), healthy.metadataFiles(), healthy.properties(), healthy.smallFileThresholdBytes(),
        healthy.dataBytes(), healthy.partitions(), healthy.whereColumns()), NOW, Scope.ALL);
    assertThat(plan.refused()).isFalse();
    assertThat(plan.hasWork()).isFalse();
  }

  /** How every note on a table's own OPTIMIZE settings ends. */
  static final String NOTE_END = " (Athena's OPTIMIZE chooses and writes files by the table's properties: make the "
      + "two alike, or it may rewrite other files than counted here, or none)";

  @Test
  void notesWhereTheTablesOwnOptimizeSettingsDisagreeWithThePolicy() {
    Map<String, String> own = matchingAnd("write_target_data_file_size_bytes", Long.toString(128 * MB),
        "optimize_rewrite_min_data_file_size_bytes", Long.toString(96 * MB),
        "optimize_rewrite_data_file_threshold", "50", "optimize_rewrite_delete_file_threshold", "2");
    TableState due = state(own, snapshots(3, 1), 2, List.of(unpartitioned(20, 14, 0)));

    Decision optimize = optimize(POLICY, due);

    assertThat(optimize.verdict()).isEqualTo(Verdict.DUE);
    assertThat(optimize.reason()).isEqualTo("14 small files (under 384MB, 75% of the 512MB target) exceed "
        + "compactWhenSmallFilesAbove=10; the whole table; note: the table's write_target_data_file_size_bytes is "
        + "128MB, where targetFileSize is 512MB, and its optimize_rewrite_min_data_file_size_bytes is 96MB, where "
        + "lakehouse counts files under 384MB as small, and its optimize_rewrite_data_file_threshold is 50, above "
        + "compactWhenSmallFilesAbove=10" + NOTE_END);
    assertThat(optimize.sql()).isEqualTo("OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK");
    assertThat(due.optimizeProperties()).containsOnlyKeys("write_target_data_file_size_bytes",
        "optimize_rewrite_min_data_file_size_bytes", "optimize_rewrite_data_file_threshold",
        "optimize_rewrite_delete_file_threshold");
    assertThat(due.vacuumProperties()).isEqualTo(MATCHING);
  }

  @Test
  void saysNothingOfTheTablesOwnOptimizeSettingsWhereTheyAgreeOrAreNotNumbers() {
    Map<String, String> own = matchingAnd("write_target_data_file_size_bytes", Long.toString(512 * MB),
        "optimize_rewrite_min_data_file_size_bytes", Long.toString(384 * MB), "optimize_rewrite_data_file_threshold", "10");
    Map<String, String> garbled = matchingAnd("write_target_data_file_size_bytes", "128MB");

    for (Map<String, String> properties : List.of(own, garbled)) {
      assertThat(optimize(POLICY, threeSmallFiles(properties)).reason()).as(properties.toString())
          .doesNotContain("note:");
    }
    // A skipped OPTIMIZE carries the note too: Athena would rewrite by the table's settings once due.
    Decision skipped = optimize(POLICY, threeSmallFiles(matchingAnd("write_target_data_file_size_bytes",
        Long.toString(64 * MB))));
    assertThat(skipped.verdict()).isEqualTo(Verdict.SKIPPED);
    assertThat(skipped.reason()).endsWith("; note: the table's write_target_data_file_size_bytes is 64MB, where "
        + "targetFileSize is 512MB" + NOTE_END);
  }

  @Test
  void notesWhereAthenasDefaultsForATableThatSetsNoneDisagreeWithThePolicy() {
    MaintenancePolicy smaller = new MaintenancePolicy(Duration.ofDays(7), 5, 100, Duration.ofDays(3),
        Size.ofMegabytes(128), 2, 10);

    Decision optimize = optimize(smaller, threeSmallFiles(MATCHING));

    assertThat(optimize.verdict()).isEqualTo(Verdict.DUE);
    assertThat(optimize.reason()).endsWith("; note: the table's write_target_data_file_size_bytes is not set "
        + "(Athena's default: 512MB), where targetFileSize is 128MB, and its optimize_rewrite_data_file_threshold is "
        + "not set (Athena's default: 5), above compactWhenSmallFilesAbove=2" + NOTE_END);
    // The policy's defaults agree with Athena's: nothing to note on a table that sets none.
    assertThat(optimize(POLICY, threeSmallFiles(MATCHING)).reason()).doesNotContain("note:");
    // A table that sets the policy's target agrees, and so does a threshold of 3: lakehouse compacts at 3 small
    // files (more than compactWhenSmallFilesAbove=2), and Athena rewrites no fewer files than the threshold.
    TableState own = threeSmallFiles(matchingAnd("write_target_data_file_size_bytes", Long.toString(128 * MB),
        "optimize_rewrite_data_file_threshold", "3"));
    assertThat(optimize(smaller, own).reason()).doesNotContain("note:");
  }

  /** The OPTIMIZE decision for the table in {@code state} under {@code policy}. */
  static Decision optimize(MaintenancePolicy policy, TableState state) {
    return Planner.plan(table(policy), state, NOW, Scope.ALL).decisions().get(1);
  }

  /** A table with {@code properties}, 5 data files of which 3 are small, and a short history. */
  static TableState threeSmallFiles(Map<String, String> properties) {
    return state(properties, snapshots(3, 1), 2, List.of(unpartitioned(5, 3, 0)));
  }

  @Test
  void leavesToAwsGlueWhatItsEnabledOptimizersDo() {
    // Everything is due: properties unset, 14 small files, 5 snapshots past the retention.
    TableState due = state(Map.of(), snapshots(10, 30), 2, List.of(unpartitioned(20, 14, 0)));

    TablePlan compacted = Planner.plan(table(POLICY).with(Set.of(GlueOptimizer.COMPACTION)), due, NOW, Scope.ALL);
    TablePlan expired = Planner.plan(table(POLICY).with(Set.of(GlueOptimizer.RETENTION)), due, NOW, Scope.ALL);
    TablePlan both = Planner.plan(table(POLICY).with(Set.of(GlueOptimizer.RETENTION, GlueOptimizer.COMPACTION)), due,
        NOW, Scope.ALL);

    assertThat(compacted.decisions()).extracting(Decision::verdict)
        .containsExactly(Verdict.DUE, Verdict.SKIPPED, Verdict.DUE);
    assertThat(compacted.decisions().get(1).reason()).isEqualTo("left to AWS Glue: its compaction optimizer is "
        + "enabled on the table and compacts it (an OPTIMIZE beside it would rewrite the same files and be billed "
        + "twice); disable the optimizer to have lakehouse compact the table");
    assertThat(expired.decisions()).extracting(Decision::verdict)
        .containsExactly(Verdict.SKIPPED, Verdict.DUE, Verdict.SKIPPED);
    assertThat(expired.decisions().get(0).reason()).startsWith("left to AWS Glue: its snapshot retention optimizer");
    assertThat(expired.decisions().get(2).reason()).isEqualTo("left to AWS Glue: its snapshot retention optimizer is "
        + "enabled on the table and expires its snapshots by its own settings (a VACUUM beside it would do the same "
        + "work twice); disable the optimizer to have lakehouse expire them");
    assertThat(both.hasWork()).isFalse();
    assertThat(both.refused()).isFalse();
    // Glue's retention takes the place of lakehouse's: an unsafe one is not refused then.
    TablePlan unsafe = Planner.plan(new MaintainedTable("processed", "events", "acme_dev_processed", "s3://b/m.json",
        retention(Duration.ofDays(1), Duration.ofDays(3)), "processed.*").with(Set.of(GlueOptimizer.RETENTION)), due,
        NOW, Scope.ALL);
    assertThat(unsafe.refused()).isFalse();
    // --only still says what was not asked for.
    assertThat(Planner.plan(table(POLICY).with(Set.of(GlueOptimizer.COMPACTION)), due, NOW, Scope.VACUUM)
        .decisions().get(1).reason()).isEqualTo("not asked for (--only vacuum)");
  }

  @Test
  void aTableUnderAPrefixIsNotAtTheRootOfItsBucket() {
    TableState state = state(MATCHING, snapshots(3, 1), 2, List.of(unpartitioned(5, 3, 0)));
    assertThat(state.atBucketRoot()).isFalse();
    for (String location : List.of("s3://b/events", "s3://b/events/", "s3://b/a/b", "not a url")) {
      assertThat(new TableState("m", location, List.of(), 1, Map.of(), 1, 0, List.of(), Set.of()).atBucketRoot())
          .as(location).isFalse();
    }
  }

  @Test
  void neverVacuumsATableWhoseLocationHoldsAnotherTablesFiles() {
    TableState due = state(Map.of(), snapshots(10, 30), 2, List.of(unpartitioned(5, 3, 0)));
    CatalogLocations nested = new CatalogLocations(List.of(
        new CatalogLocations.Located("acme_dev_processed.events", "s3://b/events"),
        new CatalogLocations.Located("scratch.late", "s3a://b/events/late/"),
        new CatalogLocations.Located("scratch.eventsx", "s3://b/eventsx/")), null);
    TablePlan plan = Planner.plan(table(POLICY).with(nested), due, NOW, Scope.ALL);

    assertThat(plan.decisions()).extracting(Decision::verdict)
        .containsExactly(Verdict.DUE, Verdict.SKIPPED, Verdict.SKIPPED);
    assertThat(plan.decisions().get(2).sql()).isNull();
    assertThat(plan.decisions().get(2).reason()).isEqualTo("VACUUM skipped: the table's location s3://b/events holds "
        + "another table's: scratch.late (s3a://b/events/late/); VACUUM deletes every file under the location that "
        + "the table's metadata does not reference, so it would delete theirs; store the tables so that neither lies "
        + "under the other to have its snapshots expired; due, and skipped (5 snapshots older than 7d beyond the 5 "
        + "kept (10 in all); 1 previous metadata file)");
    assertThat(plan.refused()).isFalse();

    CatalogLocations unknown = new CatalogLocations(List.of(), "the Glue databases could not be listed: throttled");
    assertThat(Planner.plan(table(POLICY).with(unknown), due, NOW, Scope.ALL).decisions().get(2).reason())
        .startsWith("VACUUM skipped: cannot tell whether another table is stored under the table's location "
            + "s3://b/events (the Glue databases could not be listed: throttled)");
    CatalogLocations beside = new CatalogLocations(List.of(
        new CatalogLocations.Located("scratch.eventsx", "s3://b/eventsx/")), null);
    assertThat(Planner.plan(table(POLICY).with(beside), due, NOW, Scope.ALL).decisions().get(2).verdict())
        .isEqualTo(Verdict.DUE);
  }

  @Test
  void keepsTheCurrentHistoryAndTaggedSnapshots() {
    Instant old = NOW.minus(Duration.ofDays(30));
    List<SnapshotInfo> snapshots = List.of(
        Snapshots.onMain(1, old, -1, true),
        Snapshots.onMain(2, old, -1, false),
        Snapshots.onMain(3, old, 2, false),
        Snapshots.onMain(4, old, 1, false),
        Snapshots.onMain(5, old, 0, false),
        Snapshots.onMain(6, NOW, -1, false));
    Instant cutoff = NOW.minus(Duration.ofDays(7));
    assertThat(Planner.expirableSnapshots(snapshots, NOW, cutoff, 2)).isEqualTo(2);
    assertThat(Planner.expirableSnapshots(snapshots, NOW, cutoff, 1)).isEqualTo(3);
    assertThat(Planner.expirableSnapshots(snapshots, NOW, cutoff, 0)).isEqualTo(3);
    assertThat(Planner.expirableSnapshots(snapshots, NOW, cutoff, 10)).isEqualTo(1);
  }

  /** {@link #MATCHING}, and besides it these properties of the table's own: name, value, name, value... */
  static Map<String, String> matchingAnd(String... namesAndValues) {
    Map<String, String> properties = new HashMap<>(MATCHING);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return properties;
  }

  static MaintainedTable table(MaintenancePolicy policy) {
    return new MaintainedTable("processed", "events", "acme_dev_processed", "s3://b/m.json", policy, "processed.*");
  }

  static MaintenancePolicy retention(Duration retention, Duration floor) {
    return new MaintenancePolicy(retention, 5, 100, floor, Size.ofMegabytes(512), 10, 10);
  }

  static TableState state(Map<String, String> properties, List<SnapshotInfo> snapshots, int metadataFiles,
      List<PartitionFiles> partitions) {
    return new TableState("s3://b/m.json", "s3://b/events", snapshots, metadataFiles, properties, 384 * MB,
        partitions.stream().mapToLong(p -> p.dataBytes().orElse(0)).sum(), partitions, Set.of("region"));
  }

  /** That many snapshots in one line of history, the oldest {@code ageDays} old, one a day after. */
  static List<SnapshotInfo> snapshots(int count, int ageDays) {
    List<SnapshotInfo> snapshots = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = ageDays <= count ? NOW.minus(Duration.ofHours(count - i)) : NOW.minus(Duration.ofDays(ageDays - i));
      snapshots.add(Snapshots.onMain(i + 1, at, count - 1 - i, false));
    }
    return snapshots;
  }

  static PartitionFiles unpartitioned(int files, int small, int deletes) {
    return new PartitionFiles(0, "", List.of(), files, small, deletes, OptionalLong.of(files * 100 * MB));
  }

  static PartitionFiles region(String region, int files, int small, long bytes) {
    return new PartitionFiles(0, "region=" + region, List.of(new PartitionValue("region", "identity", "string", region)),
        files, small, 0, OptionalLong.of(bytes));
  }

  static PartitionFiles day(int day, int files, int small, long bytes) {
    return new PartitionFiles(0, "event_date_day=" + day, List.of(new PartitionValue("event_date", "day", "int", day)),
        files, small, 0, OptionalLong.of(bytes));
  }
}
