package dev.lakehouse.provision.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.PolicyDocuments;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.StackFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The key policy: the account administers the key, so IAM policies decide who uses it; Lake
 * Formation's service-linked role uses it through S3 for the zones it governs; CloudWatch alarms
 * of the account use it when they notify the stack's encrypted topic.
 */
class KeyPoliciesTest {

  @Test
  void theAccountAdministersTheKey() {
    JsonNode admin = statement(KeyPolicies.lakehouseKey("aws", "111122223333", "eu-west-1", false, true),
        "AccountAdministersKey");
    assertThat(admin.path("Principal").toString()).isEqualTo("{\"AWS\":[\"arn:aws:iam::111122223333:root\"]}");
    assertThat(admin.path("Action").toString()).isEqualTo("[\"kms:*\"]");
    assertThat(admin.path("Effect").asText()).isEqualTo("Allow");
  }

  @Test
  void noOtherPrincipalOfTheAccountMayUseTheKeyWithoutAnIamPolicyThatAllowsIt() {
    JsonNode policy = KeyPolicies.lakehouseKey("aws", "111122223333", "eu-west-1", false, false);
    assertThat(policy.get("Statement")).singleElement()
        .satisfies(only -> assertThat(only.path("Sid").asText()).isEqualTo("AccountAdministersKey"));
    assertThat(policy.toString()).doesNotContain("kms:ViaService");
  }

  @Test
  void theCanonicalKeyLetsNoPrincipalOfTheAccountUseItButLakeFormationsRoleAndCloudWatchAlarms() {
    Stack stack = StackFixtures.canonical("dev", "123456789012");
    JsonNode policy = KmsProvider.spec(stack, stack.config().encryption().kmsKey()).policy();
    List<String> sids = new ArrayList<>();
    policy.get("Statement").forEach(statement -> sids.add(statement.path("Sid").asText()));
    assertThat(sids).containsExactlyInAnyOrder("AccountAdministersKey", "CloudWatchAlarmsPublishToEncryptedTopic",
        "LakeFormationUsesKeyForRegisteredZones");
    assertThat(statement(policy, "LakeFormationUsesKeyForRegisteredZones").at("/Condition/ArnEquals/aws:PrincipalArn/0")
        .asText()).isEqualTo("arn:aws:iam::123456789012:role/aws-service-role/lakeformation.amazonaws.com/"
            + "AWSServiceRoleForLakeFormationDataAccess");
  }

  @Test
  void lakeFormationsServiceLinkedRoleAloneUsesTheKeyThroughS3ForRegisteredZones() {
    JsonNode use = statement(KeyPolicies.lakehouseKey("aws-cn", "111122223333", "cn-north-1", false, true),
        "LakeFormationUsesKeyForRegisteredZones");
    assertThat(use).isEqualTo(PolicyDocuments.parse("""
        {"Statement": [{"Sid": "LakeFormationUsesKeyForRegisteredZones", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
         "Resource": "*",
         "Condition": {
           "StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.cn-north-1.amazonaws.com.cn"},
           "ArnEquals": {"aws:PrincipalArn": "arn:aws-cn:iam::111122223333:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess"}}}]}
        """).get("Statement").get(0));
  }

  @Test
  void cloudWatchAlarmsOfTheAccountMayUseTheKeyWhenTheyNotifyAnEncryptedTopic() {
    JsonNode policy = KeyPolicies.lakehouseKey("aws", "123456789012", "us-east-1", true, true);
    JsonNode expected = PolicyDocuments.parse("""
        {"Statement":[{"Sid":"CloudWatchAlarmsPublishToEncryptedTopic","Effect":"Allow",
          "Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":["kms:GenerateDataKey*","kms:Decrypt"],
          "Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},
          "ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"}}}]}""").get("Statement").get(0);
    assertThat(policy.get("Statement")).hasSize(3);
    assertThat(statement(policy, "CloudWatchAlarmsPublishToEncryptedTopic")).isEqualTo(expected);
  }

  @Test
  void withoutAlarmsCloudWatchIsNotAllowed() {
    JsonNode policy = KeyPolicies.lakehouseKey("aws", "123456789012", "us-east-1", false, true);
    assertThat(policy.get("Statement")).hasSize(2);
    assertThat(policy.toString()).doesNotContain("cloudwatch");
  }

  private static JsonNode statement(JsonNode policy, String sid) {
    for (JsonNode statement : policy.path("Statement")) {
      if (statement.path("Sid").asText().equals(sid)) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy);
  }
}
