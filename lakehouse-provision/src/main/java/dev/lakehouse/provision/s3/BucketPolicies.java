package dev.lakehouse.provision.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.PolicyDocuments;

/** The bucket policies the stack writes. */
public final class BucketPolicies {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BucketPolicies() {}

  /** Denies every request to the bucket and its objects that does not use TLS. */
  public static JsonNode denyInsecureTransport(String partition, String bucket) {
    ObjectNode policy = MAPPER.createObjectNode();
    policy.put("Version", "2012-10-17");
    ObjectNode statement = policy.putArray("Statement").addObject();
    statement.put("Sid", "DenyInsecureTransport");
    statement.put("Effect", "Deny");
    statement.put("Principal", "*");
    statement.put("Action", "s3:*");
    statement.putArray("Resource")
        .add("arn:" + partition + ":s3:::" + bucket)
        .add("arn:" + partition + ":s3:::" + bucket + "/*");
    statement.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
    return PolicyDocuments.canonical(policy);
  }
}
