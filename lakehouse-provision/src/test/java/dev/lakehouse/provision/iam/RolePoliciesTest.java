package dev.lakehouse.provision.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.RoleConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.StackFixtures;
import dev.lakehouse.provision.resource.Outputs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trust and access policies, built from the config alone and compared as canonical JSON. */
class RolePoliciesTest {
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final Outputs OUTPUTS = (address, key) ->
      address.equals(Addresses.kmsKey()) && key.equals("arn") ? KEY : Outputs.UNKNOWN;

  @Test
  void trustNamesServicesAndTheRootsOfAccounts() {
    JsonNode trust = RolePolicies.trust("aws", List.of("lakeformation.amazonaws.com", "glue.amazonaws.com"),
        List.of("111122223333"));
    assertThat(trust).isEqualTo(PolicyDocuments.parse("""
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "TrustedAccounts", "Effect": "Allow", "Action": "sts:AssumeRole",
           "Principal": {"AWS": "arn:aws:iam::111122223333:root"}},
          {"Sid": "TrustedServices", "Effect": "Allow", "Action": "sts:AssumeRole",
           "Principal": {"Service": ["glue.amazonaws.com", "lakeformation.amazonaws.com"]}}]}
        """));
  }

  @Test
  void trustOfServicesOnlyHasOneStatementAndFollowsThePartition() {
    JsonNode trust = RolePolicies.trust("aws-cn", List.of(), List.of("111122223333"));
    assertThat(trust.get("Statement")).hasSize(1);
    assertThat(trust.at("/Statement/0/Principal/AWS/0").asText()).isEqualTo("arn:aws-cn:iam::111122223333:root");
  }

  @Test
  void theCanonicalAnalystReadsTwoZonesAndQueriesOneWorkgroup() {
    Stack stack = StackFixtures.canonical("dev", "123456789012");
    RoleConfig analyst = stack.config().iam().roles().get(1);
    RoleSpec spec = IamProvider.spec(stack, analyst, OUTPUTS);
    assertThat(spec.accessPolicy()).isEqualTo(PolicyDocuments.parse("""
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "ReadZoneCatalog", "Effect": "Allow",
           "Action": ["glue:BatchGetPartition", "glue:GetDatabase", "glue:GetDatabases", "glue:GetPartition",
                      "glue:GetPartitions", "glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions",
                      "glue:GetTables"],
           "Resource": ["arn:aws:glue:us-east-1:123456789012:catalog",
                        "arn:aws:glue:us-east-1:123456789012:database/acme_dev_processed",
                        "arn:aws:glue:us-east-1:123456789012:table/acme_dev_processed/*",
                        "arn:aws:glue:us-east-1:123456789012:database/acme_dev_curated",
                        "arn:aws:glue:us-east-1:123456789012:table/acme_dev_curated/*"]},
          {"Sid": "UseLakeFormationData", "Effect": "Allow", "Action": "lakeformation:GetDataAccess", "Resource": "*"},
          {"Sid": "UseStackKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
           "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
           "Condition": {"StringLike": {"kms:EncryptionContext:aws:s3:arn": [
             "arn:aws:s3:::acme-dev-athena-results-123456789012",
             "arn:aws:s3:::acme-dev-athena-results-123456789012/*"]}}},
          {"Sid": "RunAthenaQueries", "Effect": "Allow",
           "Action": ["athena:BatchGetNamedQuery", "athena:BatchGetQueryExecution", "athena:CreateNamedQuery",
                      "athena:CreatePreparedStatement", "athena:DeleteNamedQuery", "athena:DeletePreparedStatement",
                      "athena:GetNamedQuery", "athena:GetPreparedStatement", "athena:GetQueryExecution",
                      "athena:GetQueryResults", "athena:GetQueryResultsStream", "athena:GetWorkGroup",
                      "athena:ListNamedQueries", "athena:ListPreparedStatements", "athena:ListQueryExecutions",
                      "athena:StartQueryExecution", "athena:StopQueryExecution", "athena:UpdatePreparedStatement"],
           "Resource": "arn:aws:athena:us-east-1:123456789012:workgroup/acme-dev"},
          {"Sid": "BrowseAthenaCatalog", "Effect": "Allow",
           "Action": ["athena:GetDatabase", "athena:GetTableMetadata", "athena:ListDataCatalogs",
                      "athena:ListDatabases", "athena:ListEngineVersions", "athena:ListTableMetadata",
                      "athena:ListWorkGroups"],
           "Resource": "*"},
          {"Sid": "AthenaDefaultDatabase", "Effect": "Allow", "Action": ["glue:CreateDatabase", "glue:GetDatabase"],
           "Resource": ["arn:aws:glue:us-east-1:123456789012:catalog",
                        "arn:aws:glue:us-east-1:123456789012:database/default"]},
          {"Sid": "ListAthenaResults", "Effect": "Allow",
           "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
           "Resource": "arn:aws:s3:::acme-dev-athena-results-123456789012"},
          {"Sid": "UseAthenaResults", "Effect": "Allow",
           "Action": ["s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
           "Resource": "arn:aws:s3:::acme-dev-athena-results-123456789012/acme-dev/*"}]}
        """));
  }

  @Test
  void aReadZoneGetsNoWriteActionAndAWriteZoneGetsThemOnItsOwnObjectsAndTables() {
    JsonNode policy = RolePolicies.access("aws", "us-east-1", "123456789012", new RolePolicies.Access(List.of(
        new RolePolicies.ZoneAccess("raw-bucket", "raw_db", false, false),
        new RolePolicies.ZoneAccess("curated-bucket", "curated_db", true, false)), null, List.of(), null));
    assertThat(actions(policy)).doesNotContain("lakeformation:GetDataAccess").noneMatch(a -> a.startsWith("kms:"))
        .noneMatch(a -> a.startsWith("athena:"));
    JsonNode write = statement(policy, "WriteZoneObjects");
    assertThat(strings(write.get("Action"))).containsExactly("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject");
    assertThat(strings(write.get("Resource"))).containsExactly("arn:aws:s3:::curated-bucket/*");
    assertThat(strings(statement(policy, "WriteZoneCatalog").get("Resource"))).containsExactly(
        "arn:aws:glue:us-east-1:123456789012:catalog",
        "arn:aws:glue:us-east-1:123456789012:database/curated_db",
        "arn:aws:glue:us-east-1:123456789012:table/curated_db/*");
    assertThat(strings(statement(policy, "ReadZoneObjects").get("Resource")))
        .containsExactly("arn:aws:s3:::curated-bucket/*", "arn:aws:s3:::raw-bucket/*");
  }

  @Test
  void aZoneRegisteredWithLakeFormationIsReachedOnlyThroughItNeverByTheRolesOwnS3OrKeyAccess() {
    JsonNode policy = RolePolicies.access("aws", "us-east-1", "123456789012", new RolePolicies.Access(List.of(
        new RolePolicies.ZoneAccess("governed-bucket", "governed_db", true, true),
        new RolePolicies.ZoneAccess("raw-bucket", "raw_db", true, false)), KEY, List.of(), null));
    assertThat(strings(statement(policy, "ListZoneBuckets").get("Resource")))
        .containsExactly("arn:aws:s3:::raw-bucket");
    assertThat(strings(statement(policy, "ReadZoneObjects").get("Resource")))
        .containsExactly("arn:aws:s3:::raw-bucket/*");
    assertThat(strings(statement(policy, "WriteZoneObjects").get("Resource")))
        .containsExactly("arn:aws:s3:::raw-bucket/*");
    assertThat(strings(statement(policy, "UseLakeFormationData").get("Action")))
        .containsExactly("lakeformation:GetDataAccess");
    assertThat(strings(statement(policy, "WriteZoneCatalog").get("Resource")))
        .contains("arn:aws:glue:us-east-1:123456789012:table/governed_db/*");

    JsonNode governedOnly = RolePolicies.access("aws", "us-east-1", "123456789012", new RolePolicies.Access(
        List.of(new RolePolicies.ZoneAccess("governed-bucket", "governed_db", true, true)), KEY, List.of(), null));
    assertThat(actions(governedOnly)).noneMatch(a -> a.startsWith("s3:")).noneMatch(a -> a.startsWith("kms:"))
        .contains("lakeformation:GetDataAccess", "glue:GetTable", "glue:UpdateTable");
  }

  @Test
  void readingWithoutQueriesOnlyDecryptsAndWritingMakesDataKeys() {
    RolePolicies.ZoneAccess read = new RolePolicies.ZoneAccess("b", "d", false, false);
    JsonNode reader = RolePolicies.access("aws", "us-east-1", "123456789012",
        new RolePolicies.Access(List.of(read), KEY, List.of(), null));
    assertThat(strings(statement(reader, "UseStackKey").get("Action"))).containsExactly("kms:Decrypt");
    JsonNode writer = RolePolicies.access("aws", "us-east-1", "123456789012",
        new RolePolicies.Access(List.of(new RolePolicies.ZoneAccess("b", "d", true, false)), KEY, List.of(), null));
    assertThat(strings(statement(writer, "UseStackKey").get("Action"))).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
  }

  @Test
  void theStackKeyServesOnlyTheBucketsTheRoleReachesNeverARegisteredZones() {
    JsonNode policy = RolePolicies.access("aws-cn", "cn-north-1", "123456789012", new RolePolicies.Access(List.of(
        new RolePolicies.ZoneAccess("raw-bucket", "raw_db", true, false),
        new RolePolicies.ZoneAccess("governed-bucket", "governed_db", true, true)), KEY, List.of("wg"), "results"));
    assertThat(statement(policy, "UseStackKey").get("Condition")).isEqualTo(PolicyDocuments.parse("""
        {"StringLike": {"kms:EncryptionContext:aws:s3:arn": [
          "arn:aws-cn:s3:::raw-bucket", "arn:aws-cn:s3:::raw-bucket/*",
          "arn:aws-cn:s3:::results", "arn:aws-cn:s3:::results/*"]}}
        """));
    assertThat(policy.toString()).doesNotContain("governed-bucket");
  }

  @Test
  void aZoneWithoutADatabaseHasNoCatalogStatement() {
    JsonNode policy = RolePolicies.access("aws", "us-east-1", "123456789012",
        new RolePolicies.Access(List.of(new RolePolicies.ZoneAccess("b", null, false, false)), null, List.of(), null));
    assertThat(actions(policy)).noneMatch(a -> a.startsWith("glue:"));
  }

  @Test
  void aRoleThatQueriesMayGetAndCreateOnlyTheDefaultDatabaseOfItsRegionAndPartition() {
    JsonNode policy = RolePolicies.access("aws-cn", "cn-north-1", "123456789012", new RolePolicies.Access(
        List.of(new RolePolicies.ZoneAccess("b", "d", false, false)), null, List.of("wg"), "results"));
    JsonNode defaults = statement(policy, "AthenaDefaultDatabase");
    assertThat(strings(defaults.get("Action"))).containsExactly("glue:CreateDatabase", "glue:GetDatabase");
    assertThat(strings(defaults.get("Resource"))).containsExactly(
        "arn:aws-cn:glue:cn-north-1:123456789012:catalog",
        "arn:aws-cn:glue:cn-north-1:123456789012:database/default");
    assertThat(actions(policy)).filteredOn("glue:CreateDatabase"::equals).hasSize(1);
  }

  @Test
  void aRoleThatDoesNotQueryGetsNothingOfTheDefaultDatabase() {
    JsonNode policy = RolePolicies.access("aws", "us-east-1", "123456789012", new RolePolicies.Access(
        List.of(new RolePolicies.ZoneAccess("b", "d", true, false)), null, List.of(), null));
    assertThat(actions(policy)).doesNotContain("glue:CreateDatabase");
    assertThat(policy.get("Statement")).noneMatch(s -> s.toString().contains("database/default"));
  }

  @Test
  void accessToNothingIsNoPolicy() {
    assertThat(RolePolicies.access("aws", "us-east-1", "123456789012",
        new RolePolicies.Access(List.of(), KEY, List.of(), null))).isNull();
  }

  private static JsonNode statement(JsonNode policy, String sid) {
    for (JsonNode statement : policy.get("Statement")) {
      if (sid.equals(statement.path("Sid").asText())) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy);
  }

  private static List<String> actions(JsonNode policy) {
    List<String> actions = new ArrayList<>();
    policy.get("Statement").forEach(statement -> actions.addAll(strings(statement.get("Action"))));
    return actions;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
