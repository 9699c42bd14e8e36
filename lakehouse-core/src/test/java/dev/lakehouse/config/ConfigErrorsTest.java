package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad config gets a message naming the file, line, column and field, checked
 * verbatim. Each case edits the canonical stack in one place.
 */
class ConfigErrorsTest {
  private static final String CANONICAL = read(CanonicalStackTest.CANONICAL);
  private final ConfigLoader loader = new ConfigLoader(Map.of());

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("unknown key with a suggestion",
            "    versioning: true\n    lifecycle:\n      - id: tier-down",
            "    versoning: true\n    lifecycle:\n      - id: tier-down",
            "lakehouse.yaml:44:5: zones.raw.versoning: unknown key 'versoning'; did you mean 'versioning'?"),
        Arguments.of("transition to STANDARD_IA before day 30",
            "{ afterDays: 30, storageClass: STANDARD_IA }", "{ afterDays: 20, storageClass: STANDARD_IA }",
            "lakehouse.yaml:48:26: zones.raw.lifecycle[0].transitions[0].afterDays: S3 allows a transition to "
                + "STANDARD_IA only 30 days or more after objects are created, got 20"),
        Arguments.of("transitions out of order",
            "{ afterDays: 90, storageClass: GLACIER_IR }", "{ afterDays: 90, storageClass: STANDARD_IA }",
            "lakehouse.yaml:49:44: zones.raw.lifecycle[0].transitions[1].storageClass: transitions out of order: "
                + "objects cannot move from STANDARD_IA to STANDARD_IA; list them from warmer to colder "
                + "(STANDARD_IA -> INTELLIGENT_TIERING -> ONEZONE_IA -> GLACIER_IR -> GLACIER -> DEEP_ARCHIVE)"),
        Arguments.of("too soon out of STANDARD_IA",
            "{ afterDays: 90, storageClass: GLACIER_IR }", "{ afterDays: 45, storageClass: GLACIER_IR }",
            "lakehouse.yaml:49:26: zones.raw.lifecycle[0].transitions[1].afterDays: objects must stay in "
                + "STANDARD_IA at least 30 days before S3 moves them on: use day 60 or later, got 45"),
        Arguments.of("duplicate lifecycle rule id",
            "      - id: cleanup\n", "      - id: cleanup\n        expirationDays: 5\n      - id: cleanup\n",
            "lakehouse.yaml:61:13: zones.processed.lifecycle[1].id: duplicate lifecycle rule id 'cleanup'"),
        Arguments.of("KMS deletion window out of range",
            "deletionWindowDays: 30", "deletionWindowDays: 3",
            "lakehouse.yaml:39:25: encryption.kmsKey.deletionWindowDays: the KMS key deletion window (days) "
                + "must be between 7 and 30, got 3"),
        Arguments.of("a reference to a zone that does not exist",
            "registerZones: [processed, curated]", "registerZones: [processed, curate]",
            "lakehouse.yaml:119:30: lakeFormation.registerZones[1]: unknown zone 'curate'; did you mean "
                + "'curated'? (zones: raw, processed, curated)"),
        Arguments.of("a bucket name S3 rejects",
            "bucket: ${project}-${env}-raw-${account}", "bucket: ${project}_${env}_raw",
            "lakehouse.yaml:43:13: zones.raw.bucket: bucket name 'acme_dev_raw' may contain only lowercase "
                + "letters, digits, dots and hyphens (written as '${project}_${env}_raw')"),
        Arguments.of("a size without a unit it knows",
            "bytesScannedCutoffPerQuery: 100GB", "bytesScannedCutoffPerQuery: 100 gigs",
            "lakehouse.yaml:104:35: athena.workgroups[1].bytesScannedCutoffPerQuery: '100 gigs' is not a size; "
                + "write a number and a unit such as 512MB, 100GB or 1TB"),
        Arguments.of("a scan cutoff below Athena's minimum",
            "bytesScannedCutoffPerQuery: 100GB", "bytesScannedCutoffPerQuery: 5MB",
            "lakehouse.yaml:104:35: athena.workgroups[1].bytesScannedCutoffPerQuery: 5MB is below Athena's "
                + "minimum per-query limit of 10000000 bytes (about 9.54MB in this file's binary units); "
                + "use 10MB or more"),
        Arguments.of("a duration without a unit",
            "orphanFileAge: 3d", "orphanFileAge: 3",
            "lakehouse.yaml:149:20: maintenance.defaults.orphanFileAge: '3' is not a duration; write a whole "
                + "number and a unit: s, m, h or d (e.g. 7d, 12h)"),
        Arguments.of("a retention below the orphan-file floor",
            "snapshotRetention: 90d", "snapshotRetention: 1d",
            "lakehouse.yaml:157:26: maintenance.tables[1].snapshotRetention: a snapshot retention of 1d is below "
                + "the orphan-file floor of 3d: Athena's VACUUM would delete files of writes still in flight; "
                + "use at least 3d"),
        Arguments.of("an orphan-file floor above the retention an entry takes from the defaults",
            "    - match: \"processed.*\"\n", "    - match: \"processed.*\"\n      orphanFileAge: 30d\n",
            "lakehouse.yaml:156:22: maintenance.tables[0].orphanFileAge: an orphan-file floor of 30d is above the "
                + "snapshot retention of 7d this entry takes from maintenance.defaults: Athena's VACUUM would delete "
                + "files of writes still in flight; set snapshotRetention here to at least 30d"),
        Arguments.of("an unknown variable",
            "bytesScannedCutoffPerQuery: ${var.scanCutoff}", "bytesScannedCutoffPerQuery: ${var.scanCutof}",
            "lakehouse.yaml:102:35: athena.workgroups[0].bytesScannedCutoffPerQuery: unknown variable "
                + "'${var.scanCutof}'; did you mean 'scanCutoff'?"),
        Arguments.of("a wrong type",
            "    versioning: true\n    lifecycle:\n      - id: tier-down", "    versioning: [yes]\n    lifecycle:\n      - id: tier-down",
            "lakehouse.yaml:44:17: zones.raw.versioning: expected true or false, got a list"),
        Arguments.of("a grant to an unknown column",
            "columns: [event_id, event_type, event_timestamp, event_date]",
            "columns: [event_id, event_kind, event_timestamp, event_date]",
            "lakehouse.yaml:126:27: lakeFormation.grants[1].columns[1]: 'event_kind' is not a column of table "
                + "processed.customer_events; did you mean 'event_id'?"),
        Arguments.of("a partition on a column that does not exist",
            "\"bucket(16, customer_id)\"", "\"bucket(16, customer)\"",
            "lakehouse.yaml:85:38: tables[0].partitionBy[1]: partition source column 'customer' is not a column "
                + "of this table"),
        Arguments.of("a type Iceberg does not have",
            "{ name: region, type: string }", "{ name: region, type: varchar }",
            "lakehouse.yaml:84:31: tables[0].columns[6].type: 'varchar' is not a valid type: unknown type "
                + "'varchar'; Iceberg has no varchar, use string; types are boolean, int, long, float, double, "
                + "decimal(p,s), string, binary, date, time, timestamp, timestamptz, uuid, fixed(n), list<t>, "
                + "map<k,v>, struct<name:t,...>"),
        Arguments.of("a YAML alias",
            "  dev: {}", "  dev: &d {}\n  qa: *d",
            "lakehouse.yaml:24:7: environments.qa: YAML aliases (*d) are not supported; write the value out"),
        Arguments.of("a duplicate key",
            "  CostCenter: DataEngineering ", "  Owner: x\n  CostCenter: DataEngineering ",
            "lakehouse.yaml:33:3: tags.Owner: duplicate key 'Owner'"),
        Arguments.of("a reserved tag key",
            "  CostCenter: DataEngineering ", "  lakehouse:team: x\n  CostCenter: DataEngineering ",
            "lakehouse.yaml:31:3: tags.lakehouse:team: tag keys starting with 'lakehouse:' are reserved for "
                + "the stack's ownership tags"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void reportsTheProblemAtItsPlace(String what, String from, String to, String expected) {
    assertThat(CANONICAL).contains(from);
    String edited = CANONICAL.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    assertThatThrownBy(() -> load(edited, "dev"))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems().stream().map(ConfigProblem::toString).toList())
        .asList()
        .contains(expected);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String edited = CANONICAL.replace("deletionWindowDays: 30", "deletionWindowDays: 3")
        .replace("registerZones: [processed, curated]", "registerZones: [processed, curate]");
    ConfigException e = catchConfig(() -> load(edited, "dev"));
    assertThat(e.problems()).hasSize(2);
  }

  @Test
  void aCycleOfVariablesIsNamed() {
    String edited = CANONICAL.replace("  alertEmail: data-platform@example.com",
        "  alertEmail: ${var.a}\n  a: ${var.b}\n  b: ${var.a}");
    ConfigException e = catchConfig(() -> load(edited, "dev"));
    assertThat(e.problems().get(0).toString())
        .isEqualTo("lakehouse.yaml:21:6: variables.a: a cycle of references: var.a -> var.b -> var.a");
  }

  @Test
  void anUnknownEnvironmentIsNamedWithTheDeclaredOnes() {
    ConfigException e = catchConfig(() -> load(CANONICAL, "prd"));
    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
        "lakehouse.yaml:22:1: environments: unknown environment 'prd'; did you mean 'prod'? "
            + "(declared: dev, staging, prod)");
  }

  @Test
  void anEnvironmentOverridingAnUndeclaredVariableIsAnError() {
    String edited = CANONICAL.replace("variables: { scanCutoff: 500GB }", "variables: { scanCutof: 500GB }");
    ConfigException e = catchConfig(() -> load(edited, "staging"));
    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
        "lakehouse.yaml:25:18: environments.staging.variables.scanCutof: unknown variable 'scanCutof' "
            + "(variables are declared under the top-level 'variables'); did you mean 'scanCutoff'?");
  }

  @Test
  void emptyBinaryAndHugeFilesAreRefused() {
    assertThat(catchConfig(() -> load("", "dev")).problems().get(0).toString())
        .isEqualTo("lakehouse.yaml:1:1: the file is empty; a stack needs at least 'project' and 'zones'");
    assertThat(catchConfig(() -> loader.load(request("dev"), new byte[] {'a', ':', ' ', 0, 1, 2})).problems().get(0).toString())
        .isEqualTo("lakehouse.yaml:1:4: the file is not UTF-8 text (it holds binary data)");
    byte[] huge = ("project: acme\n" + "#".repeat(5 << 20)).getBytes(StandardCharsets.UTF_8);
    assertThat(catchConfig(() -> loader.load(request("dev"), huge)).problems().get(0).toString())
        .isEqualTo("lakehouse.yaml:1:1: the file is too large (5.0 MB); a stack config is at most 1 MB");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "project: acme\nvariables:\n" + "  x: " + "[".repeat(100) + "]".repeat(100) + "\n";
    assertThat(catchConfig(() -> load(deep, "dev")).problems().get(0).toString())
        .startsWith("lakehouse.yaml:").contains("nested more than 32 levels deep");
  }

  @Test
  void aBillionLaughsBombIsRefusedWithoutExpanding() {
    StringBuilder bomb = new StringBuilder("project: acme\nvariables:\n  a: &a [\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append("  ").append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*")
          .append(p).append("]\n");
    }
    assertThat(catchConfig(() -> load(bomb.toString(), "dev")).problems().get(0).toString())
        .isEqualTo("lakehouse.yaml:4:10: variables.b[0]: YAML aliases (*a) are not supported; write the value out");
  }

  @Test
  void aMissingFileSaysHowToNameOne() {
    ConfigException e = catchConfig(() -> loader.load(ConfigLoader.Request.of(Path.of("nope.yaml"), "dev")));
    assertThat(e.problems().get(0).toString()).isEqualTo("nope.yaml:1:1: no such file; pass the stack config with -f FILE");
  }

  @Test
  void environmentsAreRequiredWhenDeclared() {
    ConfigException e = catchConfig(() -> load(CANONICAL, null));
    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
        "lakehouse.yaml:22:1: environments: this config declares environments (dev, staging, prod); "
            + "choose one with --env");
  }

  private Stack load(String yaml, String env) {
    return loader.load(request(env), yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static ConfigLoader.Request request(String env) {
    return new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", env, null, null);
  }

  private static ConfigException catchConfig(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
