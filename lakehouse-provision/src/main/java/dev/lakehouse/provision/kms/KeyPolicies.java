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
   * and decrypt lakehouse data.
   */
  public static JsonNode lakehouseKey(String partition, String account, String region) {
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
    return PolicyDocuments.canonical(policy);
  }
}
