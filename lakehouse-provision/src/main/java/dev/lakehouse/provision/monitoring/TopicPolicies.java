package dev.lakehouse.provision.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.PolicyDocuments;
import java.util.List;

/** The access policy of the alert topic. */
public final class TopicPolicies {
  /** What the account may do with its topic: the actions of the policy SNS gives a new topic. */
  static final List<String> OWNER_ACTIONS = List.of("SNS:AddPermission", "SNS:DeleteTopic", "SNS:GetTopicAttributes",
      "SNS:ListSubscriptionsByTopic", "SNS:Publish", "SNS:RemovePermission", "SNS:SetTopicAttributes", "SNS:Subscribe");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TopicPolicies() {}

  /**
   * The account owns the topic (IAM policies govern its principals, as with the policy SNS
   * writes by default); CloudWatch may publish to it for alarms of this account and region
   * only ({@code aws:SourceAccount} and {@code aws:SourceArn} keep another account's alarms
   * from using CloudWatch as a confused deputy).
   */
  public static JsonNode alertTopic(String partition, String account, String region, String topicArn) {
    ObjectNode policy = MAPPER.createObjectNode();
    policy.put("Version", "2012-10-17");
    policy.put("Id", "lakehouse-alert-topic-policy");
    ArrayNode statements = policy.putArray("Statement");

    ObjectNode owner = statements.addObject();
    owner.put("Sid", "AccountOwnsTopic");
    owner.put("Effect", "Allow");
    owner.putObject("Principal").put("AWS", "arn:" + partition + ":iam::" + account + ":root");
    ArrayNode actions = owner.putArray("Action");
    OWNER_ACTIONS.forEach(actions::add);
    owner.put("Resource", topicArn);

    ObjectNode alarms = statements.addObject();
    alarms.put("Sid", "CloudWatchAlarmsPublish");
    alarms.put("Effect", "Allow");
    alarms.putObject("Principal").put("Service", "cloudwatch.amazonaws.com");
    alarms.put("Action", "SNS:Publish");
    alarms.put("Resource", topicArn);
    ObjectNode condition = alarms.putObject("Condition");
    condition.putObject("StringEquals").put("aws:SourceAccount", account);
    condition.putObject("ArnLike").put("aws:SourceArn", "arn:" + partition + ":cloudwatch:" + region + ":" + account
        + ":alarm:*");
    return PolicyDocuments.canonical(policy);
  }
}
