package dev.lakehouse.provision.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.PolicyDocuments;
import java.util.List;

/** The key policy the stack gives its KMS key. */
public final class KeyPolicies {
  /** The services that use the key on the stack's behalf: the zones' S3, the Glue catalog and Athena. */
  static final List<String> SERVICES = List.of("s3", "glue", "athena");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private KeyPolicies() {}

  /**
   * The account administers the key (so IAM policies govern who may use it, and the key can
   * never become unmanageable); principals of the account may use it for data through S3,
   * Glue and Athena (the {@code kms:ViaService} pattern), which is how those services encrypt
   * and decrypt lakehouse data. When {@code alarmsNotify}, the stack's alert topic is encrypted
   * with the key, and CloudWatch alarms of this account and region may use it to publish there:
   * CloudWatch is a service principal, not an account principal, so without that statement
   * its notifications to the encrypted topic are dropped without an error.
   */
  public static JsonNode lakehouseKey(String partition, String account, String region, boolean alarmsNotify) {
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

    ObjectNode use = statements.addObject();
    use.put("Sid", "LakehouseServicesUseKey");
    use.put("Effect", "Allow");
    use.putObject("Principal").put("AWS", "*");
    ArrayNode actions = use.putArray("Action");
    List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*")
        .forEach(actions::add);
    use.put("Resource", "*");
    ObjectNode equals = use.putObject("Condition").putObject("StringEquals");
    equals.put("kms:CallerAccount", account);
    ArrayNode via = equals.putArray("kms:ViaService");
    SERVICES.forEach(service -> via.add(service + "." + region + ".amazonaws.com"));

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
