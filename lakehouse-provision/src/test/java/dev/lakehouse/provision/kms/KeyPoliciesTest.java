package dev.lakehouse.provision.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.PolicyDocuments;
import org.junit.jupiter.api.Test;

/**
 * The key policy: the account administers the key; S3, Glue and Athena use it for the account;
 * CloudWatch alarms of the account use it when they notify the stack's encrypted topic.
 */
class KeyPoliciesTest {

  @Test
  void theAccountAdministersTheKey() {
    JsonNode admin = statement(KeyPolicies.lakehouseKey("aws", "111122223333", "eu-west-1", false),
        "AccountAdministersKey");
    assertThat(admin.path("Principal").toString()).isEqualTo("{\"AWS\":[\"arn:aws:iam::111122223333:root\"]}");
    assertThat(admin.path("Action").toString()).isEqualTo("[\"kms:*\"]");
    assertThat(admin.path("Effect").asText()).isEqualTo("Allow");
  }

  @Test
  void lakehouseServicesUseTheKeyOnlyForTheAccount() {
    JsonNode use = statement(KeyPolicies.lakehouseKey("aws", "111122223333", "eu-west-1", false),
        "LakehouseServicesUseKey");
    assertThat(use.path("Condition").toString()).isEqualTo("{\"StringEquals\":{\"kms:CallerAccount\":"
        + "[\"111122223333\"],\"kms:ViaService\":[\"athena.eu-west-1.amazonaws.com\",\"glue.eu-west-1.amazonaws.com\","
        + "\"s3.eu-west-1.amazonaws.com\"]}}");
    assertThat(use.path("Action").toString()).isEqualTo("[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:Encrypt\","
        + "\"kms:GenerateDataKey*\",\"kms:ReEncrypt*\"]");
    assertThat(use.path("Action").toString()).doesNotContain("kms:*");
  }

  @Test
  void cloudWatchAlarmsOfTheAccountMayUseTheKeyWhenTheyNotifyAnEncryptedTopic() {
    JsonNode policy = KeyPolicies.lakehouseKey("aws", "123456789012", "us-east-1", true);
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
    JsonNode policy = KeyPolicies.lakehouseKey("aws", "123456789012", "us-east-1", false);
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
