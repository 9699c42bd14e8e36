package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
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
        Arguments.of("from ONEZONE_IA to GLACIER_IR",
            "{ afterDays: 30, storageClass: STANDARD_IA }", "{ afterDays: 30, storageClass: ONEZONE_IA }",
            "lakehouse.yaml:49:44: zones.raw.lifecycle[0].transitions[1].storageClass: S3 does not move objects from "
                + "ONEZONE_IA to GLACIER_IR; after ONEZONE_IA use GLACIER or DEEP_ARCHIVE, or move them to GLACIER_IR "
                + "without ONEZONE_IA first"),
        Arguments.of("too soon out of GLACIER",
            "{ afterDays: 90, storageClass: GLACIER_IR }",
            "{ afterDays: 90, storageClass: GLACIER }\n          - { afterDays: 179, storageClass: DEEP_ARCHIVE }",
            "lakehouse.yaml:50:26: zones.raw.lifecycle[0].transitions[2].afterDays: objects must stay in GLACIER at "
                + "least 90 days before S3 moves them on: use day 180 or later, got 179"),
        Arguments.of("too soon out of GLACIER, noncurrent versions",
            "        noncurrentVersionExpirationDays: 90\n        abortIncompleteMultipartUploadDays: 7\n    database:\n"
                + "      name: ${project}_${env}_raw",
            "        noncurrentVersionTransitions: [{ afterDays: 1, storageClass: GLACIER }, "
                + "{ afterDays: 30, storageClass: DEEP_ARCHIVE }]\n"
                + "        noncurrentVersionExpirationDays: 190\n        abortIncompleteMultipartUploadDays: 7\n    database:\n"
                + "      name: ${project}_${env}_raw",
            "lakehouse.yaml:50:94: zones.raw.lifecycle[0].noncurrentVersionTransitions[1].afterDays: objects must "
                + "stay in GLACIER at least 90 days before S3 moves them on: use day 91 or later, got 30"),
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
        Arguments.of("a maintenance entry whose match a later entry repeats",
            "    - match: \"curated.monthly_*\"\n", "    - match: \"processed.*\"\n",
            "lakehouse.yaml:156:14: maintenance.tables[1].match: duplicate match 'processed.*' (also "
                + "tables[0].match): the last entry that matches a table decides, so the earlier one never applies; "
                + "merge the two entries' settings into one"),
        Arguments.of("a maintenance entry matching a zone without a database",
            "    database:\n      name: ${project}_${env}_curated\n      description: Curated zone (gold)\n", "",
            "lakehouse.yaml:153:14: maintenance.tables[1].match: zone 'curated' has no database, so it has no table "
                + "to maintain; add zones.curated.database, or remove this entry"),
        Arguments.of("an alarm threshold no query reaches",
            "averageSecondsAbove: 60", "averageSecondsAbove: 1e307",
            "lakehouse.yaml:138:73: monitoring.alarms.slowQueries.averageSecondsAbove: must be more than 0 and at "
                + "most 604800 (a week: no Athena query runs longer)"),
        Arguments.of("a region written with a reference",
            "region: us-east-1\n", "region: ${var.home}\n",
            "lakehouse.yaml:15:9: region: the region cannot contain references; write the region's name, e.g. "
                + "us-east-1"),
        Arguments.of("an unknown variable in another environment's tags",
            "  dev: {}\n", "  dev: {}\n  qa: { tags: { Stage: \"${var.scanCutof}\" } }\n",
            "lakehouse.yaml:24:24: environments.qa.tags.Stage: unknown variable '${var.scanCutof}'; did you mean "
                + "'scanCutoff'?"),
        Arguments.of("an unknown reference in another environment's variables",
            "    variables: { scanCutoff: 1TB, snapshotRetention: 30d }",
            "    variables: { scanCutoff: 1TB, snapshotRetention: 30d, alertEmail: \"${evn}@example.com\" }",
            "lakehouse.yaml:28:71: environments.prod.variables.alertEmail: unknown reference '${evn}'; did you mean "
                + "'env'?; known: project, env, region, account, partition, var.NAME"),
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
        Arguments.of("a YAML anchor no alias uses",
            "  raw:\n    bucket:", "  raw: &r\n    bucket:",
            "lakehouse.yaml:42:8: zones.raw: YAML anchors (&r) are not supported, nor aliases to them; remove the "
                + "anchor"),
        Arguments.of("a YAML merge key",
            "  processed:\n    bucket:", "  processed:\n    <<: { versioning: true }\n    bucket:",
            "lakehouse.yaml:56:5: zones.processed.<<: YAML merge keys (<<) are not supported; write the keys out in "
                + "this mapping"),
        Arguments.of("a CloudFormation tag",
            "    bucket: ${project}-${env}-raw-${account}", "    bucket: !Sub ${project}-${env}-raw-${account}",
            "lakehouse.yaml:43:13: zones.raw.bucket: YAML tags (!Sub) are not supported: write the value out as text, "
                + "a number, true/false, a list or a mapping (${...} references are resolved without a tag)"),
        Arguments.of("binary data",
            "  Owner: data-platform", "  Owner: !!binary ZGF0YS1wbGF0Zm9ybQ==",
            "lakehouse.yaml:32:10: tags.Owner: YAML tags (!!binary) are not supported: write the value out as text, "
                + "a number, true/false, a list or a mapping (${...} references are resolved without a tag)"),
        Arguments.of("a list as a key",
            "  Owner: data-platform", "  ? [a, b]\n  : x",
            "lakehouse.yaml:32:6: invalid YAML: a key must be a single value such as a name, not a list or a mapping"),
        Arguments.of("a duplicate key",
            "  CostCenter: DataEngineering ", "  Owner: x\n  CostCenter: DataEngineering ",
            "lakehouse.yaml:33:3: tags.Owner: duplicate key 'Owner'"),
        Arguments.of("a reserved tag key",
            "  CostCenter: DataEngineering ", "  lakehouse:team: x\n  CostCenter: DataEngineering ",
            "lakehouse.yaml:31:3: tags.lakehouse:team: tag keys starting with 'lakehouse:' are reserved for "
                + "the stack's ownership tags"));
  }

  /** A null ({@code ~}) item of a list or value of a map, anywhere, is an error where it is written. */
  static Stream<Arguments> nulls() {
    String listItem = "an empty value is not allowed here; remove the item or give it a value";
    String mapValue = "an empty value is not allowed here; remove the key or give it a value";
    String emptyEnvironment = "an empty value is not allowed here; write 'dev: {}' for an environment that takes "
        + "everything from the top level";
    return Stream.of(
        Arguments.of("trustedAccounts: [\"${account}\"]", "trustedAccounts: [~]",
            "lakehouse.yaml:112:25: iam.roles[1].trustedAccounts[0]: " + listItem),
        Arguments.of("trustedServices: [lakeformation.amazonaws.com]", "trustedServices: [x, ~]",
            "lakehouse.yaml:109:28: iam.roles[0].trustedServices[1]: " + listItem),
        Arguments.of("managedPolicies: [arn", "managedPolicies: [~, arn",
            "lakehouse.yaml:110:25: iam.roles[0].managedPolicies[0]: " + listItem),
        Arguments.of("registerZones: [processed, curated]", "registerZones: [processed, ~]",
            "lakehouse.yaml:119:30: lakeFormation.registerZones[1]: " + listItem),
        Arguments.of("read: [processed, curated]", "read: [processed, ~]",
            "lakehouse.yaml:114:27: iam.roles[1].access.read[1]: " + listItem),
        Arguments.of("alertEmails: [\"${var.alertEmail}\"]", "alertEmails: [~]",
            "lakehouse.yaml:136:17: monitoring.alertEmails[0]: " + listItem),
        Arguments.of("permissions: [DESCRIBE]", "permissions: [DESCRIBE, ~]",
            "lakehouse.yaml:123:31: lakeFormation.grants[0].permissions[1]: " + listItem),
        Arguments.of("athenaWorkgroups: [\"${project}-${env}\"]", "athenaWorkgroups: [~]",
            "lakehouse.yaml:115:28: iam.roles[1].access.athenaWorkgroups[0]: " + listItem),
        Arguments.of("columns: [event_id, event_type,", "columns: [event_id, ~,",
            "lakehouse.yaml:126:27: lakeFormation.grants[1].columns[1]: " + listItem),
        Arguments.of("  Owner: data-platform", "  Owner: data-platform\n  Nul: ~",
            "lakehouse.yaml:33:8: tags.Nul: " + mapValue),
        Arguments.of("  dev: {}", "  dev: { tags: { a: ~ } }",
            "lakehouse.yaml:23:21: environments.dev.tags.a: " + mapValue),
        Arguments.of("    - match: \"processed.*\"", "    - ~\n    - match: \"processed.*\"",
            "lakehouse.yaml:155:7: maintenance.tables[0]: " + listItem),
        Arguments.of("  - name: processed.customer_events", "  - ~\n  - name: processed.customer_events",
            "lakehouse.yaml:76:5: tables[0]: " + listItem),
        Arguments.of("      - { name: event_id,", "      - ~\n      - { name: event_id,",
            "lakehouse.yaml:78:9: tables[0].columns[0]: " + listItem),
        Arguments.of("      - id: cleanup", "      - ~\n      - id: cleanup",
            "lakehouse.yaml:59:9: zones.processed.lifecycle[0]: " + listItem),
        Arguments.of("    - name: ${project}-${env}\n", "    - ~\n    - name: ${project}-${env}\n",
            "lakehouse.yaml:99:7: athena.workgroups[0]: " + listItem),
        Arguments.of("    - name: ${project}-${env}-lakehouse-admin", "    - ~\n    - name: ${project}-${env}-lakehouse-admin",
            "lakehouse.yaml:108:7: iam.roles[0]: " + listItem),
        Arguments.of("  processed:\n", "  processed: ~\n  processedx:\n",
            "lakehouse.yaml:55:14: zones.processed: " + mapValue),
        Arguments.of("      - { name: region, type: string }", "      -",
            "lakehouse.yaml:84:8: tables[0].columns[6]: " + listItem),
        Arguments.of("      - id: cleanup\n", "      -\n      - id: cleanup\n",
            "lakehouse.yaml:59:8: zones.processed.lifecycle[0]: " + listItem),
        Arguments.of("  dev: {}", "  dev: ~", "lakehouse.yaml:23:8: environments.dev: " + emptyEnvironment),
        Arguments.of("  dev: {}", "  dev:", "lakehouse.yaml:23:7: environments.dev: " + emptyEnvironment));
  }

  /** Numbers that are well written but too large (or small) for the field say so, with the limit. */
  static Stream<Arguments> numbersOutOfRange() {
    return Stream.of(
        Arguments.of("deletionWindowDays: 30", "deletionWindowDays: 99999999999",
            "lakehouse.yaml:39:25: encryption.kmsKey.deletionWindowDays: 99999999999 is too large: at most 2147483647"),
        Arguments.of("resultsExpirationDays: 30", "resultsExpirationDays: -99999999999",
            "lakehouse.yaml:97:26: athena.resultsExpirationDays: -99999999999 is too small: at least -2147483648"),
        Arguments.of("snapshotCount: { above: 100 }", "snapshotCount: { above: 99999999999999999999 }",
            "lakehouse.yaml:140:29: monitoring.alarms.snapshotCount.above: 99999999999999999999 is too large: "
                + "at most 9223372036854775807"),
        Arguments.of("snapshotRetention: 90d", "snapshotRetention: 200000000000000d",
            "lakehouse.yaml:157:26: maintenance.tables[1].snapshotRetention: '200000000000000d' is too large: "
                + "at most 106751991167d"),
        Arguments.of("snapshotRetention: 90d", "snapshotRetention: 9223372036854775808s",
            "lakehouse.yaml:157:26: maintenance.tables[1].snapshotRetention: '9223372036854775808s' is too large: "
                + "at most 9223372036854775s"),
        Arguments.of("bytesScannedCutoffPerQuery: 100GB", "bytesScannedCutoffPerQuery: 100000PB",
            "lakehouse.yaml:104:35: athena.workgroups[1].bytesScannedCutoffPerQuery: '100000PB' is too large: "
                + "at most 8191PB"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("numbersOutOfRange")
  void aNumberOutOfRangeSaysItsLimit(String from, String to, String expected) {
    reportsTheProblemAtItsPlace(to, from, to, expected);
  }

  /** A value that looks like an AWS credential, or that of a variable named as a secret, is never echoed. */
  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("rotation: true", "rotation: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "lakehouse.yaml:38:15: encryption.kmsKey.rotation: expected true or false, got a value that looks "
                + "like an AWS secret access key (not shown)"),
        Arguments.of("rotation: true", "rotation: AKIAIOSFODNN7EXAMPLE",
            "lakehouse.yaml:38:15: encryption.kmsKey.rotation: expected true or false, got a value that looks "
                + "like an AWS access key id (not shown)"),
        Arguments.of("  Owner: data-platform", "  Owner: AKIAIOSFODNN7EXAMPLE",
            "lakehouse.yaml:32:10: tags.Owner: a tag value must not be a credential, and this one looks like an "
                + "AWS access key id (not shown): anyone who can read the resource can read its tags, and every "
                + "plan prints them"),
        Arguments.of("  dev: {}", "  dev: { tags: { Key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY } }",
            "lakehouse.yaml:23:23: environments.dev.tags.Key: a tag value must not be a credential, and this one "
                + "looks like an AWS secret access key (not shown): anyone who can read the resource can read its "
                + "tags, and every plan prints them"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("secrets")
  void aSecretIsNotEchoed(String from, String to, String expected) {
    reportsTheProblemAtItsPlace(to, from, to, expected);
  }

  @Test
  void aSecretVariableIsRefusedWhereverItIsUsedAndItsValueIsNotEchoed() {
    String edited = CANONICAL
        .replace("  alertEmail: data-platform@example.com", "  alertEmail: data-platform@example.com\n"
            + "  dbPassword: hunter2hunter2\n  owner: team-${var.dbPassword}\n  literal: $${var.dbPassword}")
        .replace("rotation: true", "rotation: ${var.dbPassword}")
        .replace("  Owner: data-platform", "  Owner: ${var.owner}\n  Note: ${var.literal}");
    List<String> problems = catchConfig(() -> load(edited, "dev")).problems().stream()
        .map(ConfigProblem::toString).toList();
    String why = ": nothing the stack makes takes a secret, and a value written here is kept in AWS, where anyone who "
        + "may read the resource reads it, and printed by every plan; leave it out, or rename the variable if it "
        + "holds no secret";
    assertThat(problems).containsExactly(
        "lakehouse.yaml:35:10: tags.Owner: '${var.owner}' holds var.dbPassword, a secret by its name" + why,
        "lakehouse.yaml:42:15: encryption.kmsKey.rotation: '${var.dbPassword}' is a secret, by its name" + why);
    assertThat(problems).noneMatch(problem -> problem.contains("hunter2"));
  }

  @Test
  void aCredentialIsRefusedWhereverTheStackWouldWriteIt() {
    String edited = CANONICAL
        .replace("  alertEmail: data-platform@example.com",
            "  alertEmail: data-platform@example.com\n  key: AKIAIOSFODNN7EXAMPLE")
        .replace("      write.parquet.compression-codec: zstd", "      write.parquet.compression-codec: zstd\n"
            + "      s3.secret-access-key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .replace("description: Raw zone (bronze)", "description: ${var.key}");
    List<String> problems = catchConfig(() -> load(edited, "dev")).problems().stream()
        .map(ConfigProblem::toString).toList();
    String why = " (not shown): nothing the stack makes takes a credential, and what the config writes is kept in AWS, "
        + "where anyone who may read the resource reads it, and printed by every plan; leave it out";
    assertThat(problems).containsExactly(
        "lakehouse.yaml:55:20: zones.raw.database.description: this value looks like an AWS access key id" + why
            + " (written as '${var.key}')",
        "lakehouse.yaml:89:29: tables[0].properties.s3.secret-access-key: this value looks like an AWS secret access "
            + "key" + why);
  }

  @Test
  void aZoneNamedTagsIsCheckedForCredentialsToo() {
    String edited = CANONICAL.replace("  curated:\n", "  tags:\n    bucket: acme-tags-bucket\n"
        + "    database: { name: acme_tags, description: AKIAIOSFODNN7EXAMPLE }\n  curated:\n");
    assertThat(catchConfig(() -> load(edited, "dev")).problems()).extracting(ConfigProblem::path)
        .containsExactly(ConfigPath.of("zones", "tags", "database", "description"));
  }

  @Test
  void aSecretVariableThatDoesNotResolveIsNotEchoed() {
    String edited = CANONICAL.replace("  alertEmail: data-platform@example.com", "  alertEmail: data-platform@example.com\n"
        + "  dbPassword: \"it's-hunter2${oops\"\n  apiToken: \"hunter3${xyz}hunter3\"");
    List<String> problems = catchConfig(() -> load(edited, "dev")).problems().stream()
        .map(ConfigProblem::toString).toList();
    assertThat(problems).containsExactly(
        "lakehouse.yaml:21:15: variables.dbPassword: unclosed '${' in the value of var.dbPassword (not shown: a secret "
            + "by its name)",
        "lakehouse.yaml:22:13: variables.apiToken: an unknown reference in the value of var.apiToken (not shown: a "
            + "secret by its name); known: project, env, region, account, partition, var.NAME (write $${ for a "
            + "literal ${)");
    assertThat(problems).noneMatch(problem -> problem.contains("hunter") || problem.contains("xyz"));
  }

  @Test
  void aBadRegionFromTheCommandLineIsBlamedOnTheOption() {
    List<String> told = new ArrayList<>();
    ConfigLoader.Request request =
        new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", "moon-1", null);
    ConfigException e = catchConfig(
        () -> loader.load(request, CANONICAL.getBytes(StandardCharsets.UTF_8), told::add));
    assertThat(e.problems()).extracting(ConfigProblem::toString)
        .containsExactly("--region: 'moon-1' is not an AWS region name such as us-east-1");
    assertThat(told).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"cn-north-1, aws-cn", "cn-northwest-1, aws-cn", "us-gov-west-1, aws-us-gov", "us-gov-east-1, aws-us-gov",
      "us-iso-east-1, aws-iso", "us-isob-east-1, aws-iso-b", "eusc-de-east-1, aws-eusc", "mx-central-1, aws"})
  void theRegionsOfEveryPartitionAreAcceptedWithTheArnsOfTheirPartition(String region, String partition) {
    String inAnyPartition = CANONICAL.replace("[arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]",
        "[\"arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin\"]").replace("arn:aws:", "arn:${partition}:");
    Stack stack = loader.load(new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", region,
        null), inAnyPartition.getBytes(StandardCharsets.UTF_8));
    assertThat(stack.region()).isEqualTo(region);
    assertThat(stack.partition()).isEqualTo(partition);
    assertThat(stack.config().iam().roles().get(0).managedPolicies())
        .containsExactly("arn:" + partition + ":iam::aws:policy/AWSLakeFormationDataAdmin");
    assertThat(stack.config().lakeFormation().admins())
        .containsExactly("arn:" + partition + ":iam::000000000000:role/acme-dev-lakehouse-admin");
  }

  @Test
  void aBadEnvironmentNameFromTheCommandLineIsRefusedWhenTheConfigDeclaresNone() {
    String noEnvironments = "project: acme\nregion: us-east-1\nzones: { raw: { bucket: acme-raw-bucket } }\n";
    ConfigException e = catchConfig(() -> loader.load(
        new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "Prod Env", null, null),
        noEnvironments.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly("--env: 'Prod Env' is not an "
        + "environment name: it must start with a lowercase letter and hold only lowercase letters, digits and "
        + "hyphens (at most 30)");
    Stack named = loader.load(new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "qa-2", null, null),
        noEnvironments.getBytes(StandardCharsets.UTF_8));
    assertThat(named.env()).isEqualTo("qa-2");
  }

  @Test
  void aBadRegionFromTheEnvironmentIsBlamedOnTheVariable() {
    ConfigLoader fromEnvironment = new ConfigLoader(Map.of("AWS_REGION", "bogus"));
    String noRegion = CANONICAL.replace("region: us-east-1\n", "");
    ConfigException e = catchConfig(
        () -> fromEnvironment.load(request("dev"), noRegion.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
        "AWS_REGION (from the environment, as the config sets no region): 'bogus' is not an AWS region name "
            + "such as us-east-1");
  }

  @Test
  void aBlankRegionIsReportedWhereItIsWrittenBesideTheChecksThatTakeItsPartition() {
    String edited = CANONICAL.replace("region: us-east-1", "region: \" \"");
    assertThat(catchConfig(() -> load(edited, "dev")).problems()).extracting(ConfigProblem::toString)
        .containsExactly("lakehouse.yaml:15:9: region: ' ' is not an AWS region name such as us-east-1");
  }

  @Test
  void aBadRegionOfTheEnvironmentIsReportedOnceWhereItIsWritten() {
    String edited = CANONICAL.replace("  dev: {}", "  dev: { region: moon-1 }");
    assertThat(catchConfig(() -> load(edited, "dev")).problems()).extracting(ConfigProblem::toString)
        .containsExactly("lakehouse.yaml:23:18: environments.dev.region: 'moon-1' is not an AWS region name such "
            + "as us-east-1");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("nulls")
  void anEmptyItemOrValueIsAnErrorWhereItIsWritten(String from, String to, String expected) {
    reportsTheProblemAtItsPlace(to, from, to, expected);
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
  void reportsEveryKeyAndValueOfTheWrongKindAtOnce() {
    String edited = CANONICAL.replace("    rotation: true", "    rotation: 7")
        .replace("    versioning: true\n    lifecycle:\n      - id: tier-down",
            "    versoning: true\n    lifecycle:\n      - id: tier-down")
        .replace("rowFilter:", "rowFiltr:")
        .replace("registerZones: [processed, curated]", "registerZones: [processed, ~, ~]");
    assertThat(catchConfig(() -> load(edited, "dev")).problems()).extracting(ConfigProblem::toString).containsExactly(
        "lakehouse.yaml:38:15: encryption.kmsKey.rotation: expected true or false, got '7'",
        "lakehouse.yaml:44:5: zones.raw.versoning: unknown key 'versoning'; did you mean 'versioning'?",
        "lakehouse.yaml:119:30: lakeFormation.registerZones[1]: an empty value is not allowed here; remove the item "
            + "or give it a value",
        "lakehouse.yaml:119:33: lakeFormation.registerZones[2]: an empty value is not allowed here; remove the item "
            + "or give it a value",
        "lakehouse.yaml:131:7: lakeFormation.dataFilters[0].rowFiltr: unknown key 'rowFiltr'; did you mean "
            + "'rowFilter'?");
  }

  @Test
  void aProjectWrittenAsTrueIsTheSameNameInTheModelAndInReferences() {
    String edited = CANONICAL.replace("project: acme", "project: true");
    Stack stack = load(edited, "dev");
    assertThat(stack.config().project()).isEqualTo("true");
    assertThat(stack.config().zone("raw").bucket()).isEqualTo("true-dev-raw-000000000000");
  }

  @Test
  void tagsThatOnlySayWhatTheValueIsAreAccepted() {
    String edited = CANONICAL.replace("  Owner: data-platform", "  Owner: !!str data-platform")
        .replace("deletionWindowDays: 30", "deletionWindowDays: !!int 30");
    assertThat(load(edited, "dev").config().encryption().kmsKey().deletionWindowDays()).isEqualTo(30);
  }

  @Test
  void reportsEveryEnvironmentsProblemsAtOnce() {
    String edited = CANONICAL.replace("  dev: {}", "  dev: { deletionProtecton: true }")
        .replace("    deletionProtection: true ", "    deletionProtection: 3    ");
    assertThat(catchConfig(() -> load(edited, "dev")).problems()).extracting(ConfigProblem::toString).containsExactly(
        "lakehouse.yaml:23:10: environments.dev.deletionProtecton: unknown key 'deletionProtecton'; did you mean "
            + "'deletionProtection'?",
        "lakehouse.yaml:27:25: environments.prod.deletionProtection: expected true or false, got '3'");
  }

  @Test
  void anotherEnvironmentsTyposAreReportedWithTheRestOfTheFile() {
    String edited = CANONICAL.replace("  prod:\n", "  prod:\n    regoin: us-east-2\n")
        .replace("variables: { scanCutoff: 1TB,", "variables: { scanCutof: 1TB,")
        .replace("\ntags:", "\ntagz:")
        .replace("${var.alertEmail}", "${var.alertEmial}");
    assertThat(catchConfig(() -> load(edited, "dev")).problems()).extracting(ConfigProblem::toString)
        .containsExactlyInAnyOrder(
            "lakehouse.yaml:27:5: environments.prod.regoin: unknown key 'regoin'; did you mean 'region'?",
            "lakehouse.yaml:29:18: environments.prod.variables.scanCutof: unknown variable 'scanCutof' "
                + "(variables are declared under the top-level 'variables'); did you mean 'scanCutoff'?",
            "lakehouse.yaml:31:1: tagz: unknown key 'tagz'; did you mean 'tags'?",
            "lakehouse.yaml:137:17: monitoring.alertEmails[0]: unknown variable '${var.alertEmial}'; "
                + "did you mean 'alertEmail'?");
  }

  @Test
  void theChosenEnvironmentsTyposAreReportedWithTheRestOfTheFile() {
    String edited = CANONICAL.replace("  dev: {}", "  dev: { deletionProtecton: true }")
        .replace("rotation: true", "rotation: yes");
    assertThat(catchConfig(() -> load(edited, "dev")).problems()).extracting(ConfigProblem::toString)
        .containsExactlyInAnyOrder(
            "lakehouse.yaml:23:10: environments.dev.deletionProtecton: unknown key 'deletionProtecton'; did you mean "
                + "'deletionProtection'?",
            "lakehouse.yaml:38:15: encryption.kmsKey.rotation: expected true or false, got 'yes'");
  }

  @Test
  void reportsAnUnknownVariableAndAnUnknownKeyAtOnce() {
    String edited = CANONICAL.replace("    description: Lakehouse data encryption key",
        "    description: ${var.nope}\n    rotaton: true").replace("deletionWindowDays: 30", "deletionWindowDays: ${var.nope}");
    assertThat(catchConfig(() -> load(edited, "dev")).problems()).extracting(ConfigProblem::toString)
        .containsExactlyInAnyOrder(
            "lakehouse.yaml:37:18: encryption.kmsKey.description: unknown variable '${var.nope}'",
            "lakehouse.yaml:40:25: encryption.kmsKey.deletionWindowDays: unknown variable '${var.nope}'",
            "lakehouse.yaml:38:5: encryption.kmsKey.rotaton: unknown key 'rotaton'; did you mean 'rotation'?");
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
  void anUndeclaredEnvironmentIsOneProblemWhateverItsName() {
    assertThat(catchConfig(() -> load(CANONICAL, "Dev")).problems()).extracting(ConfigProblem::toString).containsExactly(
        "lakehouse.yaml:22:1: environments: unknown environment 'Dev'; did you mean 'dev'? "
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
  void aFileOfOnlyCommentsOrADocumentMarkerHoldsNoDocument() {
    String noDocument = "lakehouse.yaml:1:1: the file holds no YAML document; a stack needs at least 'project' and 'zones'";
    assertThat(catchConfig(() -> load("# lakehouse\n", "dev")).problems().get(0).toString()).isEqualTo(noDocument);
    assertThat(catchConfig(() -> load("# lakehouse\n---\n", "dev")).problems().get(0).toString()).isEqualTo(noDocument);
  }

  @Test
  void textInAnotherEncodingIsToldFromBinaryData() {
    String config = "project: acme\nregion: us-east-1\nzones: { raw: { bucket: acme-raw-bucket } }\ntags: { Owner: équipe }\n";
    assertThat(catchConfig(() -> loader.load(request("dev"), config.getBytes(StandardCharsets.ISO_8859_1)))
        .problems().get(0).toString()).isEqualTo("lakehouse.yaml:4:16: the file is not UTF-8 text: byte 0xE9 here is "
        + "not UTF-8 (is the file Latin-1 or Windows-1252?); save it as UTF-8");
    String utf16 = "lakehouse.yaml:1:1: the file is UTF-16 text, not UTF-8: save it as UTF-8 (an editor's encoding "
        + "setting, or PowerShell's Out-File -Encoding utf8)";
    assertThat(catchConfig(() -> loader.load(request("dev"), config.getBytes(StandardCharsets.UTF_16)))
        .problems().get(0).toString()).as("with a byte-order mark").isEqualTo(utf16);
    assertThat(catchConfig(() -> loader.load(request("dev"), config.getBytes(StandardCharsets.UTF_16LE)))
        .problems().get(0).toString()).as("without one").isEqualTo(utf16);
    assertThat(catchConfig(() -> loader.load(request("dev"), new byte[] {'a', ':', ' ', (byte) 0xe9, 3, 2}))
        .problems().get(0).toString()).isEqualTo("lakehouse.yaml:1:4: the file is not UTF-8 text (it holds binary data)");
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
  void anEmptyFileNameIsBlamedOnTheOption() {
    ConfigException e = catchConfig(() -> loader.load(ConfigLoader.Request.of(Path.of(""), "dev")));
    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
        "-f: the file name is empty; pass the stack config with -f FILE (without -f: lakehouse.yaml)");
  }

  @Test
  void aFileThatCannotBeReadSaysWhy() {
    assertThat(ConfigLoader.cannotRead(new AccessDeniedException("lakehouse.yaml")))
        .isEqualTo("cannot read the file: permission denied; check who may read it (ls -l)");
    assertThat(ConfigLoader.cannotRead(new FileSystemException("lakehouse.yaml", null, "Input/output error")))
        .isEqualTo("cannot read the file: Input/output error");
  }

  @Test
  void aDirectorySaysHowToNameTheFile(@TempDir Path dir) {
    ConfigException e = catchConfig(() -> loader.load(ConfigLoader.Request.of(dir, "dev")));
    assertThat(e.problems().get(0).toString())
        .isEqualTo(dir + ":1:1: is a directory, not a file; pass the stack config with -f FILE");
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
