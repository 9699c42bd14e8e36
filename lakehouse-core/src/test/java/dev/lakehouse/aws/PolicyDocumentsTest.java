package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Policy documents that mean the same compare equal, however AWS formats them. */
class PolicyDocumentsTest {

  @Test
  void orderSingleValuesAndListsDoNotMatter() {
    String written = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:PutObject\","
        + "\"s3:GetObject\"],\"Resource\":\"arn:aws:s3:::b/*\",\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"}},"
        + "{\"Sid\":\"B\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Principal\":\"*\","
        + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    String returned = "{\"Statement\":[{\"Sid\":\"B\",\"Principal\":\"*\",\"Effect\":\"Deny\",\"Action\":[\"s3:*\"],"
        + "\"Resource\":[\"*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":[\"false\"]}}},{\"Principal\":{\"AWS\":"
        + "[\"arn:aws:iam::1:root\"]},\"Resource\":[\"arn:aws:s3:::b/*\"],\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],"
        + "\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}";
    assertThat(PolicyDocuments.parse(returned)).isEqualTo(PolicyDocuments.parse(written));
  }

  @Test
  void readsTheUrlEncodedDocumentsIamReturns() {
    String encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C"
        + "%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Principal%22%3A%7B%22Service%22%3A%22glue.amazonaws.com%22%7D%7D%7D";
    assertThat(PolicyDocuments.parse(encoded).toString()).isEqualTo(
        "{\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
            + "[\"glue.amazonaws.com\"]}}],\"Version\":\"2012-10-17\"}");
  }

  @Test
  void aDifferenceInMeaningStaysADifference() {
    assertThat(PolicyDocuments.parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]}"))
        .isNotEqualTo(PolicyDocuments.parse("{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\"}]}"));
  }

  @Test
  void noDocumentIsNull() {
    assertThat(PolicyDocuments.parse(null)).isNull();
    assertThat(PolicyDocuments.parse(" ")).isNull();
  }
}
