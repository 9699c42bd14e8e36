package dev.lakehouse.provision.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.PolicyDocuments;
import org.junit.jupiter.api.Test;

class KeyPoliciesTest {
  @Test
  void cloudWatchAlarmsOfTheAccountMayUseTheKeyWhenTheyNotifyAnEncryptedTopic() {
    JsonNode policy = KeyPolicies.lakehouseKey("aws", "123456789012", "us-east-1", true);
    JsonNode statement = PolicyDocuments.parse("""
        {"Statement":[{"Sid":"CloudWatchAlarmsPublishToEncryptedTopic","Effect":"Allow",
          "Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":["kms:GenerateDataKey*","kms:Decrypt"],
          "Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},
          "ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"}}}]}""").get("Statement").get(0);
    assertThat(policy.get("Statement")).hasSize(3).contains(statement);
  }

  @Test
  void withoutAlarmsCloudWatchIsNotAllowed() {
    JsonNode policy = KeyPolicies.lakehouseKey("aws", "123456789012", "us-east-1", false);
    assertThat(policy.get("Statement")).hasSize(2);
    assertThat(policy.toString()).doesNotContain("cloudwatch");
  }
}
