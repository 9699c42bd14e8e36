package dev.lakehouse.provision.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.Partitions;
import dev.lakehouse.aws.PolicyDocuments;
import java.util.List;

/** The key policy the stack gives its KMS key. */
public final class KeyPolicies {
  /** The role Lake Formation reads and writes a zone registered with {@code UseServiceLinkedRole} as. */
  static final String LAKE_FORMATION_DATA_ACCESS_ROLE =
      "role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private KeyPolicies() {}

  /**
   * The account administers the key, so IAM policies govern who may use it and the key can never
   * become unmanageable: a principal uses the key for lakehouse data only where its own IAM policy
   * allows it (the generated {@code access} policies do), as S3 and Athena act with the caller's
   * permissions. When {@code lakeFormationRegisters}, the zones Lake Formation governs are read
   * and written as its service-linked role, whose policy holds no KMS permission: the key policy
   * lets that role (named by a condition, as the role exists only once the first zone is
   * registered) use the key through S3. When {@code alarmsNotify}, the stack's alert topic is
   * encrypted with the key, and CloudWatch alarms of this account and region may use it to
   * publish there: CloudWatch is a service principal, not an account principal, so without that
   * statement its notifications to the encrypted topic are dropped without an error.
   */
  public static JsonNode lakehouseKey(String partition, String account, String region, boolean alarmsNotify,
      boolean lakeFormationRegisters) {
    ObjectNode policy = MAPPER.createObjectNode();
    policy.put("Version", "2012-10-17");
    policy.put("Id", "lakehouse-key-policy");
    ArrayNode statements = policy.putArray("Statement");

    ObjectNode admin = statements.addObject();
    admin.put("Sid", "AccountAdministersKey");
    admin.put("Effect", "Allow");
    admin.putObject("Principal").put("AWS", "arn:" + partition + ":iam::" + account + ":root");
    admin.put("Action", "kms:*");
    admin.put("Resource", "*");

    if (lakeFormationRegisters) {
      ObjectNode use = statements.addObject();
      use.put("Sid", "LakeFormationUsesKeyForRegisteredZones");
      use.put("Effect", "Allow");
      use.putObject("Principal").put("AWS", "*");
      ArrayNode actions = use.putArray("Action");
      List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*")
          .forEach(actions::add);
      use.put("Resource", "*");
      ObjectNode condition = use.putObject("Condition");
      ObjectNode equals = condition.putObject("StringEquals");
      equals.put("kms:CallerAccount", account);
      equals.put("kms:ViaService", "s3." + region + "." + Partitions.dnsSuffix(region));
      condition.putObject("ArnEquals").put("aws:PrincipalArn",
          "arn:" + partition + ":iam::" + account + ":" + LAKE_FORMATION_DATA_ACCESS_ROLE);
    }

    if (alarmsNotify) {
      ObjectNode alarms = statements.addObject();
      alarms.put("Sid", "CloudWatchAlarmsPublishToEncryptedTopic");
      alarms.put("Effect", "Allow");
      alarms.putObject("Principal").put("Service", "cloudwatch.amazonaws.com");
      alarms.putArray("Action").add("kms:Decrypt").add("kms:GenerateDataKey*");
      alarms.put("Resource", "*");
      ObjectNode condition = alarms.putObject("Condition");
      condition.putObject("StringEquals").put("aws:SourceAccount", account);
      condition.putObject("ArnLike").put("aws:SourceArn", "arn:" + partition + ":cloudwatch:" + region + ":" + account
          + ":alarm:*");
    }
    return PolicyDocuments.canonical(policy);
  }
}
