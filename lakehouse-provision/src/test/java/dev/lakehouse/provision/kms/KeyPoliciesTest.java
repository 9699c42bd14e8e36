package dev.lakehouse.provision.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The key policy: the account administers the key; S3, Glue and Athena use it for the account. */
class KeyPoliciesTest {

  @Test
  void theAccountAdministersTheKey() {
    JsonNode admin = statement(KeyPolicies.lakehouseKey("aws", "111122223333", "eu-west-1"), "AccountAdministersKey");
    assertThat(admin.path("Principal").toString()).isEqualTo("{\"AWS\":[\"arn:aws:iam::111122223333:root\"]}");
    assertThat(admin.path("Action").toString()).isEqualTo("[\"kms:*\"]");
    assertThat(admin.path("Effect").asText()).isEqualTo("Allow");
  }

  @Test
  void lakehouseServicesUseTheKeyOnlyForTheAccount() {
    JsonNode use = statement(KeyPolicies.lakehouseKey("aws", "111122223333", "eu-west-1"), "LakehouseServicesUseKey");
    assertThat(use.path("Condition").toString()).isEqualTo("{\"StringEquals\":{\"kms:CallerAccount\":"
        + "[\"111122223333\"],\"kms:ViaService\":[\"athena.eu-west-1.amazonaws.com\",\"glue.eu-west-1.amazonaws.com\","
        + "\"s3.eu-west-1.amazonaws.com\"]}}");
    assertThat(use.path("Action").toString()).isEqualTo("[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:Encrypt\","
        + "\"kms:GenerateDataKey*\",\"kms:ReEncrypt*\"]");
    assertThat(use.path("Action").toString()).doesNotContain("kms:*");
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
