package dev.lakehouse.provision.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.aws.PolicyDocuments;
import org.junit.jupiter.api.Test;

class TopicPoliciesTest {
  private static final String ARN = CanonicalStack.TOPIC_ARN;

  @Test
  void theAccountOwnsTheTopicAndItsAlarmsMayPublish() {
    String expected = """
        {"Version":"2012-10-17","Id":"lakehouse-alert-topic-policy","Statement":[
          {"Sid":"CloudWatchAlarmsPublish","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},
           "Action":"SNS:Publish","Resource":"arn:aws:sns:us-east-1:123456789012:acme-dev-lakehouse-alerts",
           "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"},
                        "StringEquals":{"aws:SourceAccount":"123456789012"}}},
          {"Sid":"AccountOwnsTopic","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root"]},
           "Action":["SNS:Subscribe","SNS:SetTopicAttributes","SNS:RemovePermission","SNS:Publish",
                     "SNS:ListSubscriptionsByTopic","SNS:GetTopicAttributes","SNS:DeleteTopic","SNS:AddPermission"],
           "Resource":["arn:aws:sns:us-east-1:123456789012:acme-dev-lakehouse-alerts"]}]}
        """;
    assertThat(TopicPolicies.alertTopic("aws", "123456789012", "us-east-1", ARN)).isEqualTo(PolicyDocuments.parse(expected));
  }

  @Test
  void followsThePartition() {
    assertThat(PolicyDocuments.toJson(TopicPolicies.alertTopic("aws-cn", "123456789012", "cn-north-1",
        "arn:aws-cn:sns:cn-north-1:123456789012:t")))
        .contains("\"arn:aws-cn:iam::123456789012:root\"")
        .contains("\"arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:*\"");
  }
}
