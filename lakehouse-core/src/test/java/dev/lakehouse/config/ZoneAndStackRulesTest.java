package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message of the stack-wide and zone checks, verbatim, on a small stack. */
class ZoneAndStackRulesTest {
  private static final String BASE = """
      project: acme
      region: us-east-1
      zones:
        raw:
          bucket: acme-raw-bucket
          database: { name: acme_raw }
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("project: acme\n", "project: Acme\n",
            "x.yaml:1:10: project: 'Acme' must start with a lowercase letter and hold only lowercase letters, "
                + "digits and hyphens (at most 30)"),
        Arguments.of("region: us-east-1", "region: useast1",
            "x.yaml:2:9: region: 'useast1' is not an AWS region name such as us-east-1"),
        Arguments.of("bucket: acme-raw-bucket", "bucket: ab",
            "x.yaml:5:13: zones.raw.bucket: bucket name 'ab' must be 3 to 63 characters long (it has 2)"),
        Arguments.of("bucket: acme-raw-bucket", "bucket: -acme-raw",
            "x.yaml:5:13: zones.raw.bucket: bucket name '-acme-raw' must begin and end with a letter or digit"),
        Arguments.of("bucket: acme-raw-bucket", "bucket: acme..raw",
            "x.yaml:5:13: zones.raw.bucket: bucket name 'acme..raw' must not contain two adjacent dots"),
        Arguments.of("bucket: acme-raw-bucket", "bucket: 192.168.1.1",
            "x.yaml:5:13: zones.raw.bucket: bucket name '192.168.1.1' must not be formatted as an IP address"),
        Arguments.of("bucket: acme-raw-bucket", "bucket: xn--acme",
            "x.yaml:5:13: zones.raw.bucket: bucket name 'xn--acme' must not start with the reserved prefix 'xn--'"),
        Arguments.of("bucket: acme-raw-bucket", "bucket: acme-s3alias",
            "x.yaml:5:13: zones.raw.bucket: bucket name 'acme-s3alias' must not end with the reserved suffix '-s3alias'"),
        Arguments.of("    bucket: acme-raw-bucket\n", "    versioning: true\n",
            "x.yaml:5:5: zones.raw.bucket: is required"),
        Arguments.of("  raw:\n", "  Raw:\n",
            "x.yaml:4:3: zones.Raw: zone names must start with a lowercase letter and hold only lowercase letters, "
                + "digits, '_' and '-'"),
        Arguments.of("  raw:\n", "  athena_results:\n",
            "x.yaml:4:3: zones.athena_results: 'athena_results' names the Athena results bucket; call the zone otherwise"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n  other:\n    bucket: acme-raw-bucket\n",
            "x.yaml:8:13: zones.other.bucket: bucket 'acme-raw-bucket' is already used by zones.raw.bucket"),
        // Checked before the account is known: the message names the account as the file does.
        Arguments.of("    bucket: acme-raw-bucket\n    database: { name: acme_raw }\n",
            "    bucket: acme-raw-${account}\n    database: { name: acme_raw }\n  other:\n    bucket: acme-raw-${account}\n",
            "x.yaml:8:13: zones.other.bucket: bucket 'acme-raw-${account}' is already used by zones.raw.bucket"),
        Arguments.of("bucket: acme-raw-bucket",
            "bucket: acme-raw-bucket-of-the-data-platform-team-in-emea-west-${account}",
            "x.yaml:5:13: zones.raw.bucket: bucket name "
                + "'acme-raw-bucket-of-the-data-platform-team-in-emea-west-${account}' must be 3 to 63 characters "
                + "long (it has 67, with the 12 digits of the account id)"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n  other:\n    bucket: acme-other\n    database: { name: acme_raw }\n",
            "x.yaml:9:23: zones.other.database.name: database 'acme_raw' is already used by zones.raw.database.name"),
        Arguments.of("{ name: acme_raw }", "{ name: Acme-Raw }",
            "x.yaml:6:23: zones.raw.database.name: 'Acme-Raw' is not a name Athena can query: use lowercase letters, "
                + "digits and '_' (at most 255)"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    lifecycle:\n      - { id: x }\n",
            "x.yaml:8:9: zones.raw.lifecycle[0]: a lifecycle rule needs at least one action: transitions, "
                + "expirationDays, noncurrentVersionTransitions, noncurrentVersionExpirationDays, "
                + "abortIncompleteMultipartUploadDays or expiredObjectDeleteMarker"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    lifecycle:\n      - { id: x, expirationDays: 60, "
                + "expiredObjectDeleteMarker: true }\n",
            "x.yaml:8:65: zones.raw.lifecycle[0].expiredObjectDeleteMarker: S3 takes expiredObjectDeleteMarker only in "
                + "a rule without expirationDays (a rule that expires current objects removes expired delete markers "
                + "itself once they are that old); to remove them as soon as they are the last version, give it a "
                + "rule of its own"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    lifecycle:\n      - { id: x, expirationDays: 60, "
                + "transitions: [{ afterDays: 90, storageClass: GLACIER }] }\n",
            "x.yaml:8:34: zones.raw.lifecycle[0].expirationDays: objects would expire (day 60) before their last "
                + "transition (day 90)"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    lifecycle:\n      - { id: x, "
                + "transitions: [{ afterDays: 90, storageClass: COLD }] }\n",
            "x.yaml:8:63: zones.raw.lifecycle[0].transitions[0].storageClass: unknown storage class 'COLD'; use one of "
                + "STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    lifecycle:\n      - { id: x, abortIncompleteMultipartUploadDays: 0 }\n",
            "x.yaml:8:54: zones.raw.lifecycle[0].abortIncompleteMultipartUploadDays: abortIncompleteMultipartUploadDays "
                + "must be at least 1, got 0"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    intelligentTiering: { archiveAfterDays: 30 }\n",
            "x.yaml:7:45: zones.raw.intelligentTiering.archiveAfterDays: S3 Intelligent-Tiering Archive Access (days) "
                + "must be between 90 and 730, got 30"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    intelligentTiering: { archiveAfterDays: 200, deepArchiveAfterDays: 190 }\n",
            "x.yaml:7:72: zones.raw.intelligentTiering.deepArchiveAfterDays: must be more than archiveAfterDays (200), "
                + "got 190"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    intelligentTiering: {}\n",
            "x.yaml:7:25: zones.raw.intelligentTiering: set archiveAfterDays, deepArchiveAfterDays or both"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\ntags: { \"aws:owner\": x }\n",
            "x.yaml:3:9: tags.aws:owner: tag keys starting with 'aws:' are reserved by AWS"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\nencryption: { kmsKey: { alias: aws/mine } }\n",
            "x.yaml:3:32: encryption.kmsKey.alias: aliases starting with 'aws/' are reserved for AWS managed keys"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\nencryption: { kmsKey: { description: x } }\n",
            "x.yaml:3:23: encryption.kmsKey.alias: is required"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\nenvironments: { Dev: {} }\n",
            "x.yaml:3:17: environments.Dev: environment names must start with a lowercase letter and hold only "
                + "lowercase letters, digits and hyphens (at most 30)"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\nenvironments: { dev: { account: \"12\" } }\n",
            "x.yaml:3:33: environments.dev.account: '12' is not a 12-digit AWS account id"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\nbogus: 1\n",
            "x.yaml:3:1: bogus: unknown key 'bogus'; known keys here: athena, deletionProtection, encryption, "
                + "environments, iam, lakeFormation, maintenance, monitoring, project, region, tables, tags, "
                + "variables, zones"),
        Arguments.of("bucket: acme-raw-bucket", "bucket: ${nope}",
            "x.yaml:5:13: zones.raw.bucket: unknown reference '${nope}'; known: project, env, region, account, partition, "
                + "var.NAME"),
        Arguments.of("bucket: acme-raw-bucket", "bucket: ${project",
            "x.yaml:5:13: zones.raw.bucket: unclosed '${' in '${project'"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    lifecycle:\n      - { id: x, expirationDays: 365 }\n"
                + "tables:\n  - name: raw.events\n    columns: [{ name: id, type: string }]\n",
            "x.yaml:8:34: zones.raw.lifecycle[0].expirationDays: the rule would delete the files of Iceberg table "
                + "raw.events (under events/ in the zone's bucket), which the table's snapshots still need: the table would "
                + "break. Iceberg tables shed old files as their snapshots expire (maintenance.snapshotRetention); "
                + "give the rule a prefix outside the tables' locations"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw }\n    lifecycle:\n      - { id: x, prefix: ev, expirationDays: 365 }\n"
                + "tables:\n  - name: raw.events\n    columns: [{ name: id, type: string }]\n",
            "x.yaml:8:46: zones.raw.lifecycle[0].expirationDays: the rule would delete the files of Iceberg table "
                + "raw.events (under events/ in the zone's bucket), which the table's snapshots still need: the table would "
                + "break. Iceberg tables shed old files as their snapshots expire (maintenance.snapshotRetention); "
                + "give the rule a prefix outside the tables' locations"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\ntags: { \"Cost#Center\": x }\n",
            "x.yaml:3:9: tags.Cost#Center: tag key 'Cost#Center' holds '#', which AWS refuses in tags: use letters, "
                + "digits, spaces and _ . : / = + - @ only"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\ntags: { Owner: \"team (data)\" }\n",
            "x.yaml:3:16: tags.Owner: the tag value holds '(', which AWS refuses in tags: use letters, digits, "
                + "spaces and _ . : / = + - @ only"),
        Arguments.of("    database: { name: acme_raw }\n", "    database: { name: acme_raw }\n    tags: { Owner: \"a\\tb\" }\n",
            "x.yaml:7:20: zones.raw.tags.Owner: the tag value holds the character U+0009, which AWS refuses in tags: "
                + "use letters, digits, spaces and _ . : / = + - @ only"),
        Arguments.of("region: us-east-1\n", "region: us-east-1\ntags: { \"${project}-owner\": x }\n",
            "x.yaml:3:9: tags.${project}-owner: references are resolved in values only, not in keys: write the key "
                + "'${project}-owner' out"),
        Arguments.of("    database: { name: acme_raw }\n",
            "    database: { name: acme_raw, parameters: { \"${env}.owner\": x } }\n",
            "x.yaml:6:47: zones.raw.database.parameters.${env}.owner: references are resolved in values only, not in "
                + "keys: write the key '${env}.owner' out"),
        Arguments.of("{ name: acme_raw }", "{ name: default }",
            "x.yaml:6:23: zones.raw.database.name: the 'default' database belongs to the account's catalog (Athena "
                + "looks it up for every query); name a database of the stack's own"),
        Arguments.of("zones:\n", "zones: []\nx:\n",
            "x.yaml:3:8: zones: expected a mapping, got a list"));
  }

  @Test
  void tagsOfEveryLanguageAndAnotherEnvironmentsReferencesAreAccepted() {
    String yaml = BASE.replace("region: us-east-1\n", "region: us-east-1\n"
        + "tags: { Équipe: \"données lac @ Zürich: a/b=c+d_e.f-g\" }\n"
        + "environments:\n  dev: {}\n  prod: { tags: { Stage: \"${env}-${project}\" } }\n");
    assertThat(yaml).contains("Équipe", "${env}-${project}");
    List<String> problems;
    try {
      new ConfigLoader(Map.of()).load(new ConfigLoader.Request(Path.of("x.yaml"), "x.yaml", "dev", null, null),
          yaml.getBytes(StandardCharsets.UTF_8));
      problems = List.of();
    } catch (ConfigException e) {
      problems = e.problems().stream().map(Object::toString).toList();
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void anExpirationOutsideTheTablesLocationsIsAccepted() {
    String yaml = BASE + """
            lifecycle:
              - { id: landing, prefix: landing/, expirationDays: 30 }
              - { id: off, expirationDays: 30, enabled: false }
        tables:
          - name: raw.events
            columns: [{ name: id, type: string }]
        """;
    new ConfigLoader(Map.of()).load(new ConfigLoader.Request(Path.of("x.yaml"), "x.yaml", null, null, null),
        yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTransitionToAnArchiveClassOfATablesFilesIsRefused() {
    String glacier = BASE + """
            lifecycle:
              - { id: cold, transitions: [{ afterDays: 90, storageClass: GLACIER }] }
        tables:
          - name: raw.events
            columns: [{ name: id, type: string }]
        """;
    assertThat(problems(glacier)).containsExactly("x.yaml:8:66: zones.raw.lifecycle[0].transitions[0].storageClass: "
        + "the rule would move the files of Iceberg table raw.events (under events/ in the zone's bucket) to GLACIER, "
        + "an archive class: Athena queries and maintain fail on an archived file until it is restored. Use "
        + "GLACIER_IR or a warmer class, or give the rule a prefix outside the tables' locations");
    String tiered = BASE + """
            intelligentTiering: { archiveAfterDays: 90 }
            lifecycle:
              - { id: tier, transitions: [{ afterDays: 0, storageClass: INTELLIGENT_TIERING }] }
        tables:
          - name: raw.events
            columns: [{ name: id, type: string }]
        """;
    assertThat(problems(tiered)).containsExactly("x.yaml:9:65: zones.raw.lifecycle[0].transitions[0].storageClass: "
        + "the rule would move the files of Iceberg table raw.events (under events/ in the zone's bucket) to "
        + "INTELLIGENT_TIERING, where the zone's intelligentTiering archives the files not read for 90 days: Athena "
        + "queries and maintain fail on an archived file until it is restored. Use GLACIER_IR or a warmer class, or "
        + "give the rule a prefix outside the tables' locations");
  }

  @Test
  void aTransitionThatLeavesTheTablesFilesReadableIsAccepted() {
    String yaml = BASE + """
            intelligentTiering: { prefix: exports/, archiveAfterDays: 90 }
            lifecycle:
              - { id: instant, transitions: [{ afterDays: 90, storageClass: GLACIER_IR }] }
              - { id: landing, prefix: landing/, transitions: [{ afterDays: 90, storageClass: DEEP_ARCHIVE }] }
              - { id: tier, transitions: [{ afterDays: 0, storageClass: INTELLIGENT_TIERING }] }
              - { id: off, enabled: false, transitions: [{ afterDays: 90, storageClass: GLACIER }] }
        tables:
          - name: raw.events
            columns: [{ name: id, type: string }]
        """;
    assertThat(problems(yaml)).isEmpty();
  }

  private static List<String> problems(String yaml) {
    try {
      new ConfigLoader(Map.of()).load(new ConfigLoader.Request(Path.of("x.yaml"), "x.yaml", null, null, null),
          yaml.getBytes(StandardCharsets.UTF_8));
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(Object::toString).toList();
    }
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("cases")
  void reports(String from, String to, String expected) {
    assertThat(BASE).contains(from);
    String yaml = BASE.replace(from, to);
    String env = yaml.contains("environments: { Dev") ? "Dev" : yaml.contains("environments: { dev") ? "dev" : null;
    try {
      new ConfigLoader(Map.of()).load(new ConfigLoader.Request(Path.of("x.yaml"), "x.yaml", env, null, null),
          yaml.getBytes(StandardCharsets.UTF_8));
    } catch (ConfigException e) {
      assertThat(e.problems()).extracting(ConfigProblem::toString).contains(expected);
      return;
    }
    throw new AssertionError("the config was accepted:\n" + yaml);
  }
}
