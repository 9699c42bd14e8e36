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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IAM roles and Lake Formation settings AWS would refuse, caught at validation with a message
 * naming the place, checked verbatim. Each case edits the canonical stack in one place; the
 * stack runs in account 123456789012.
 */
class IamLakeFormationRulesTest {
  private static final String CANONICAL = read(CanonicalStackTest.CANONICAL);
  private static final String ANALYST = "    - principal: \"arn:aws:iam::${account}:role/${project}-${env}-analyst\"\n";

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("two grants to one principal on one table",
            "  dataFilters:\n",
            ANALYST + "      table: processed.customer_events\n      permissions: [DESCRIBE]\n  dataFilters:\n",
            "lakehouse.yaml:128:7: lakeFormation.grants[2]: a second grant to arn:aws:iam::123456789012:role/"
                + "acme-dev-analyst on table processed.customer_events (the first is grants[1]): Lake Formation keeps "
                + "one set of permissions per principal and table, with SELECT on one set of columns; merge them "
                + "into one grant"),
        Arguments.of("an admin named twice",
            "admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
            "admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\", "
                + "\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
            "lakehouse.yaml:118:78: lakeFormation.admins[1]: duplicate admin "
                + "'arn:aws:iam::123456789012:role/acme-dev-lakehouse-admin' (written as "
                + "'arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin')"),
        Arguments.of("an admin of another account",
            "admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
            "admins: [\"arn:aws:iam::111122223333:role/admin\"]",
            "lakehouse.yaml:118:12: lakeFormation.admins[0]: 'arn:aws:iam::111122223333:role/admin' belongs to "
                + "account 111122223333, but a data lake admin must be a user or role of the stack's account "
                + "123456789012"),
        Arguments.of("an admin of another partition than the stack's region",
            "admins: [\"arn:aws:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
            "admins: [\"arn:aws-cn:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
            "lakehouse.yaml:118:12: lakeFormation.admins[0]: 'arn:aws-cn:iam::123456789012:role/"
                + "acme-dev-lakehouse-admin' is a principal of partition aws-cn, but the stack's region us-east-1 is "
                + "in partition aws: write arn:aws: (or arn:${partition}:, which takes the region's) (written as "
                + "'arn:aws-cn:iam::${account}:role/${project}-${env}-lakehouse-admin')"),
        Arguments.of("a grant to a principal of another partition than the stack's region",
            ANALYST + "      database: processed\n",
            "    - principal: \"arn:aws-us-gov:iam::${account}:role/${project}-${env}-analyst\"\n"
                + "      database: processed\n",
            "lakehouse.yaml:121:18: lakeFormation.grants[0].principal: 'arn:aws-us-gov:iam::123456789012:role/"
                + "acme-dev-analyst' is a principal of partition aws-us-gov, but the stack's region us-east-1 is in "
                + "partition aws: write arn:aws: (or arn:${partition}:, which takes the region's) (written as "
                + "'arn:aws-us-gov:iam::${account}:role/${project}-${env}-analyst')"),
        Arguments.of("SELECT through a filter given to a principal of another partition than the stack's region",
            "grantSelectTo: [\"arn:aws:iam::${account}:role/${project}-${env}-analyst\"]",
            "grantSelectTo: [\"arn:aws-cn:iam::${account}:role/${project}-${env}-analyst\"]",
            "lakehouse.yaml:132:23: lakeFormation.dataFilters[0].grantSelectTo[0]: 'arn:aws-cn:iam::123456789012:role/"
                + "acme-dev-analyst' is a principal of partition aws-cn, but the stack's region us-east-1 is in "
                + "partition aws: write arn:aws: (or arn:${partition}:, which takes the region's) (written as "
                + "'arn:aws-cn:iam::${account}:role/${project}-${env}-analyst')"),
        Arguments.of("a principal given SELECT through a filter twice",
            "grantSelectTo: [\"arn:aws:iam::${account}:role/${project}-${env}-analyst\"]",
            "grantSelectTo: [\"arn:aws:iam::${account}:role/${project}-${env}-analyst\", "
                + "\"arn:aws:iam::${account}:role/${project}-${env}-analyst\"]",
            "lakehouse.yaml:132:81: lakeFormation.dataFilters[0].grantSelectTo[1]: duplicate principal "
                + "'arn:aws:iam::123456789012:role/acme-dev-analyst' (written as "
                + "'arn:aws:iam::${account}:role/${project}-${env}-analyst')"),
        Arguments.of("a grant to an IAM group, which Lake Formation does not take",
            ANALYST + "      database: processed\n",
            "    - principal: \"arn:aws:iam::${account}:group/analysts\"\n      database: processed\n",
            "lakehouse.yaml:121:18: lakeFormation.grants[0].principal: 'arn:aws:iam::123456789012:group/analysts' is "
                + "not a Lake Formation principal: an IAM role or user ARN, an account id, a SAML provider ARN "
                + "(arn:aws:iam::123456789012:saml-provider/NAME:group/GROUP) or IAM_ALLOWED_PRINCIPALS (written as "
                + "'arn:aws:iam::${account}:group/analysts')"),
        Arguments.of("a row filter whose text is not closed",
            "rowFilter: \"region = 'US'\"", "rowFilter: \"region = 'US\"",
            "lakehouse.yaml:131:18: lakeFormation.dataFilters[0].rowFilter: the row filter's text starting at "
                + "character 10 is not closed: end it with '"),
        Arguments.of("a row filter whose parentheses do not pair up",
            "rowFilter: \"region = 'US'\"", "rowFilter: \"(region = 'US' or region = 'CA'\"",
            "lakehouse.yaml:131:18: lakeFormation.dataFilters[0].rowFilter: the row filter opens 1 more '(' than "
                + "it closes"),
        Arguments.of("an empty row filter",
            "rowFilter: \"region = 'US'\"", "rowFilter: \" \"",
            "lakehouse.yaml:131:18: lakeFormation.dataFilters[0].rowFilter: an empty row filter; write a condition "
                + "such as region = 'US', or leave rowFilter out for all rows"),
        Arguments.of("a row filter as long as Lake Formation refuses",
            "rowFilter: \"region = 'US'\"", "rowFilter: \"region = '" + "U".repeat(2040) + "'\"",
            "lakehouse.yaml:131:18: lakeFormation.dataFilters[0].rowFilter: the row filter is 2051 characters long, "
                + "but Lake Formation takes fewer than 2048; shorten it (IN ('a', 'b') for several values of one "
                + "column)"),
        Arguments.of("a row filter that calls a function",
            "rowFilter: \"region = 'US'\"", "rowFilter: \"region IN ('US') AND lower(event_type) = 'click'\"",
            "lakehouse.yaml:131:18: lakeFormation.dataFilters[0].rowFilter: the row filter calls lower(...), but Lake "
                + "Formation allows no function in a row filter: compare a column with a value, such as region = 'US' "
                + "or region LIKE 'U%'"),
        Arguments.of("a row filter on a column the table does not have",
            "rowFilter: \"region = 'US'\"",
            "rowFilter: \"(regoin = 'US' AND event_type IN ('a', 'b')) OR (event_id is not null and TRUE) "
                + "OR event_date > DATE '2024-01-01'\"",
            "lakehouse.yaml:131:18: lakeFormation.dataFilters[0].rowFilter: the row filter names 'regoin', which is "
                + "not a column of table processed.customer_events; did you mean 'region'?"),
        Arguments.of("a row filter on a quoted name the table does not have",
            "rowFilter: \"region = 'US'\"", "rowFilter: '\"Region\" = ''US'' or region like ''U%'''",
            "lakehouse.yaml:131:18: lakeFormation.dataFilters[0].rowFilter: the row filter names 'Region', which is "
                + "not a column of table processed.customer_events; did you mean 'region'?"),
        Arguments.of("a row filter on a column since renamed",
            "      - { name: region, type: string }", "      - { name: sales_region, type: string, renamedFrom: region }",
            "lakehouse.yaml:131:18: lakeFormation.dataFilters[0].rowFilter: the row filter names 'region', which is "
                + "not a column of table processed.customer_events: it is renamed to sales_region; write sales_region "
                + "here too"),
        Arguments.of("stack tag keys that differ only in case",
            "  Owner: data-platform", "  Owner: data-platform\n  owner: analytics",
            "lakehouse.yaml:33:3: tags.owner: tag keys 'Owner' and 'owner' differ only in case, and IAM takes a "
                + "role's tag keys regardless of case: it would refuse the stack's roles; keep one of them"),
        Arguments.of("a role's tag key that meets a stack tag's in case only",
            "    - name: ${project}-${env}-analyst\n", "    - name: ${project}-${env}-analyst\n"
                + "      tags: { costcenter: Analytics }\n",
            "lakehouse.yaml:112:15: iam.roles[1].tags.costcenter: tag keys 'CostCenter' and 'costcenter' differ only "
                + "in case once the stack's tags are added, and IAM takes a role's tag keys regardless of case: it "
                + "would refuse the role; keep one of them"),
        Arguments.of("role names that differ only in case",
            "    - name: ${project}-${env}-analyst", "    - name: ACME-dev-LAKEHOUSE-admin",
            "lakehouse.yaml:111:13: iam.roles[1].name: role 'ACME-dev-LAKEHOUSE-admin' differs from another role's "
                + "name only in case, and IAM role names are unique regardless of case"),
        Arguments.of("a managed policy attached twice",
            "managedPolicies: [arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]",
            "managedPolicies: [arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin, "
                + "arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]",
            "lakehouse.yaml:110:76: iam.roles[0].managedPolicies[1]: duplicate managed policy "
                + "'arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin'"),
        Arguments.of("a managed policy of another partition than the stack's region",
            "managedPolicies: [arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]",
            "managedPolicies: [arn:aws-cn:iam::aws:policy/AWSLakeFormationDataAdmin]",
            "lakehouse.yaml:110:25: iam.roles[0].managedPolicies[0]: 'arn:aws-cn:iam::aws:policy/"
                + "AWSLakeFormationDataAdmin' is a policy of partition aws-cn, but the stack's region us-east-1 is in "
                + "partition aws: write arn:aws: (or arn:${partition}:, which takes the region's)"),
        Arguments.of("a managed policy of another account than the stack's",
            "managedPolicies: [arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]",
            "managedPolicies: [arn:aws:iam::111122223333:policy/LakeAdmin]",
            "lakehouse.yaml:110:25: iam.roles[0].managedPolicies[0]: 'arn:aws:iam::111122223333:policy/LakeAdmin' is "
                + "a policy of account 111122223333, but IAM gives a role only AWS managed policies and those of the "
                + "role's own account 123456789012; make the policy in that account"),
        Arguments.of("a role's permissions boundary that is not a policy's ARN",
            "      trustedServices: [lakeformation.amazonaws.com]",
            "      trustedServices: [lakeformation.amazonaws.com]\n      permissionsBoundary: PowerUserAccess",
            "lakehouse.yaml:110:28: iam.roles[0].permissionsBoundary: 'PowerUserAccess' is not a managed policy ARN "
                + "such as arn:aws:iam::aws:policy/PowerUserAccess"),
        Arguments.of("a role's permissions boundary of another account than the stack's",
            "      trustedServices: [lakeformation.amazonaws.com]",
            "      trustedServices: [lakeformation.amazonaws.com]\n"
                + "      permissionsBoundary: arn:aws:iam::111122223333:policy/Boundary",
            "lakehouse.yaml:110:28: iam.roles[0].permissionsBoundary: 'arn:aws:iam::111122223333:policy/Boundary' is "
                + "a policy of account 111122223333, but IAM gives a role only AWS managed policies and those of the "
                + "role's own account 123456789012; make the policy in that account"),
        Arguments.of("the stack's permissions boundary of another partition than the stack's region",
            "iam:\n  roles:",
            "iam:\n  permissionsBoundary: arn:aws-us-gov:iam::aws:policy/PowerUserAccess\n  roles:",
            "lakehouse.yaml:107:24: iam.permissionsBoundary: 'arn:aws-us-gov:iam::aws:policy/PowerUserAccess' is a "
                + "policy of partition aws-us-gov, but the stack's region us-east-1 is in partition aws: write arn:aws: "
                + "(or arn:${partition}:, which takes the region's)"),
        Arguments.of("a description IAM does not allow",
            "      trustedServices: [lakeformation.amazonaws.com]",
            "      description: \"Lake admin \u2014 data platform\"\n      trustedServices: [lakeformation.amazonaws.com]",
            "lakehouse.yaml:109:20: iam.roles[0].description: 'Lake admin \u2014 data platform' holds characters IAM "
                + "does not allow in a description (tabs, line breaks and Latin-1 text only)"),
        Arguments.of("an enforced zone that is not registered",
            "registerZones: [processed, curated]",
            "registerZones: [processed, curated]\n  enforceZones: [processed, raw]",
            "lakehouse.yaml:120:29: lakeFormation.enforceZones[1]: zone 'raw' is not in lakeFormation.registerZones: "
                + "Lake Formation governs the data of registered locations only (add 'raw' to registerZones)"),
        Arguments.of("an enforced zone that does not exist",
            "registerZones: [processed, curated]",
            "registerZones: [processed, curated]\n  enforceZones: [processed, curate]",
            "lakehouse.yaml:120:29: lakeFormation.enforceZones[1]: unknown zone 'curate'; did you mean 'curated'? "
                + "(zones: raw, processed, curated)"),
        Arguments.of("an enforced zone named twice",
            "registerZones: [processed, curated]",
            "registerZones: [processed, curated]\n  enforceZones: [processed, processed]",
            "lakehouse.yaml:120:29: lakeFormation.enforceZones[1]: duplicate zone 'processed'"),
        Arguments.of("a grant to IAM_ALLOWED_PRINCIPALS on an enforced zone",
            "registerZones: [processed, curated]\n  grants:\n",
            "registerZones: [processed, curated]\n  enforceZones: [processed]\n  grants:\n"
                + "    - principal: IAM_ALLOWED_PRINCIPALS\n      table: processed.customer_events\n"
                + "      permissions: [SELECT]\n",
            "lakehouse.yaml:122:18: lakeFormation.grants[0].principal: zone 'processed' is in "
                + "lakeFormation.enforceZones: apply revokes every permission IAM_ALLOWED_PRINCIPALS holds on its "
                + "database and tables, this one too, and the next apply grants it again; grant to the principals "
                + "that need access, or take 'processed' out of enforceZones to leave its access to IAM policies"),
        Arguments.of("a data filter granted to IAM_ALLOWED_PRINCIPALS on an enforced zone",
            "grantSelectTo: [\"arn:aws:iam::${account}:role/${project}-${env}-analyst\"]\n",
            "grantSelectTo: [\"arn:aws:iam::${account}:role/${project}-${env}-analyst\", IAM_ALLOWED_PRINCIPALS]\n"
                + "  enforceZones: [processed]\n",
            "lakehouse.yaml:132:81: lakeFormation.dataFilters[0].grantSelectTo[1]: zone 'processed' is in "
                + "lakeFormation.enforceZones: apply revokes every permission IAM_ALLOWED_PRINCIPALS holds on its "
                + "database and tables, this one too, and the next apply grants it again; grant to the principals "
                + "that need access, or take 'processed' out of enforceZones to leave its access to IAM policies"),
        Arguments.of("a service trusted twice",
            "trustedServices: [lakeformation.amazonaws.com]",
            "trustedServices: [lakeformation.amazonaws.com, lakeformation.amazonaws.com]",
            "lakehouse.yaml:109:54: iam.roles[0].trustedServices[1]: duplicate service 'lakeformation.amazonaws.com'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void reportsTheProblemAtItsPlace(String what, String from, String to, String expected) {
    assertThat(CANONICAL).contains(from);
    String edited = CANONICAL.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(
        new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, "123456789012"),
        edited.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems().stream().map(ConfigProblem::toString).toList())
        .asList()
        .containsExactly(expected);
  }

  @org.junit.jupiter.api.Test
  void aManagedPolicyOfTheStacksOwnAccountIsAccepted() {
    String edited = CANONICAL.replace("managedPolicies: [arn:aws:iam::aws:policy/AWSLakeFormationDataAdmin]",
        "managedPolicies: [\"arn:aws:iam::${account}:policy/team/LakeAdmin\"]");
    assertThat(new ConfigLoader(Map.of()).load(
        new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, "123456789012"),
        edited.getBytes(StandardCharsets.UTF_8)).config().iam().roles().get(0).managedPolicies())
        .containsExactly("arn:aws:iam::123456789012:policy/team/LakeAdmin");
  }

  @org.junit.jupiter.api.Test
  void theArnsOfTheRegionsIsolatedPartitionAreAccepted() {
    String edited = CANONICAL.replace("region: us-east-1", "region: us-iso-east-1").replace("arn:aws:", "arn:aws-iso:");
    Stack stack = new ConfigLoader(Map.of()).load(
        new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, "123456789012"),
        edited.getBytes(StandardCharsets.UTF_8));
    assertThat(stack.partition()).isEqualTo("aws-iso");
    assertThat(stack.config().iam().roles().get(0).managedPolicies())
        .containsExactly("arn:aws-iso:iam::aws:policy/AWSLakeFormationDataAdmin");
  }

  @org.junit.jupiter.api.Test
  void theExamplesOfAnArnARefusalGivesAreOfTheStacksPartition() {
    String edited = CANONICAL.replace("region: us-east-1", "region: cn-north-1").replace("arn:aws:", "arn:aws-cn:")
        .replace("managedPolicies: [arn:aws-cn:iam::aws:policy/AWSLakeFormationDataAdmin]",
            "managedPolicies: [AWSLakeFormationDataAdmin]")
        .replace("admins: [\"arn:aws-cn:iam::${account}:role/${project}-${env}-lakehouse-admin\"]",
            "admins: [\"${project}-${env}-lakehouse-admin\"]");
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(
        new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, "123456789012"),
        edited.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems().stream().map(ConfigProblem::toString).toList())
        .asList()
        .containsExactly("lakehouse.yaml:110:25: iam.roles[0].managedPolicies[0]: 'AWSLakeFormationDataAdmin' is not "
            + "a managed policy ARN such as arn:aws-cn:iam::aws:policy/AmazonAthenaFullAccess",
            "lakehouse.yaml:118:12: lakeFormation.admins[0]: 'acme-dev-lakehouse-admin' is not an IAM role or user ARN "
            + "such as arn:aws-cn:iam::123456789012:role/admin (written as '${project}-${env}-lakehouse-admin')");
  }

  @org.junit.jupiter.api.Test
  void aFilterWithoutARowFilterTakesAllRows() {
    String edited = CANONICAL.replace("      rowFilter: \"region = 'US'\"\n", "      columns: [event_id, region]\n");
    assertThat(edited).doesNotContain("rowFilter").contains("columns: [event_id, region]");
    assertThat(new ConfigLoader(Map.of()).load(
        new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, "123456789012"),
        edited.getBytes(StandardCharsets.UTF_8)).config().lakeFormation().dataFilters().get(0).rowFilter()).isNull();
  }

  @org.junit.jupiter.api.Test
  void aRowFilterWithDoubledQuotesAndNestedParenthesesIsAccepted() {
    String edited = CANONICAL.replace("rowFilter: \"region = 'US'\"",
        "rowFilter: \"(region = 'O''Hare' or (\\\"region\\\" = 'a)b'))\"");
    assertThat(edited).contains("O''Hare");
    assertThat(new ConfigLoader(Map.of()).load(
        new ConfigLoader.Request(Path.of("lakehouse.yaml"), "lakehouse.yaml", "dev", null, "123456789012"),
        edited.getBytes(StandardCharsets.UTF_8)).config().lakeFormation().dataFilters().get(0).rowFilter())
        .isEqualTo("(region = 'O''Hare' or (\"region\" = 'a)b'))");
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
