package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What users read when AWS says no, or cannot be reached. */
class AwsErrorsTest {

  @Test
  void aServiceErrorGivesCodeMessageStatusAndRequestId() {
    AwsServiceException denied = AwsServiceException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("no s3:PutBucketPolicy").build())
        .statusCode(403).requestId("R1").build();
    assertThat(AwsErrors.reason(denied)).isEqualTo("AccessDenied: no s3:PutBucketPolicy (the credentials in use lack "
        + "this permission) [HTTP 403, request id R1]");
    assertThat(AwsErrors.isAccessDenied(denied)).isTrue();
    assertThat(AwsErrors.isNotFound(denied)).isFalse();
  }

  @Test
  void missingCredentialsSayWhereCredentialsComeFrom() {
    assertThat(AwsErrors.reason(SdkClientException.create("Unable to load credentials from any of the providers")))
        .isEqualTo("no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY, or run where an instance or container role is available");
    assertThat(AwsErrors.reason(SdkClientException.create(
        "Profile file contained no credentials for profile 'nosuch': ProfileFile(sections=[])")))
        .isEqualTo("no credentials for profile 'nosuch' in the AWS config and credentials files; check the name, "
            + "or sign in (aws configure, aws sso login)");
  }

  @Test
  void anUnreachableEndpointSaysWhatToCheck() {
    SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
        new ConnectException("Connection refused"));
    assertThat(AwsErrors.reason(refused)).isEqualTo("cannot reach the AWS endpoint (Connection refused); check "
        + "--endpoint-url, the network and the region");
  }

  @Test
  void notFoundIsRecognisedByStatusOrCode() {
    assertThat(AwsErrors.isNotFound(AwsServiceException.builder().statusCode(404).build())).isTrue();
    assertThat(AwsErrors.isNotFound(AwsServiceException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("EntityNotFoundException").build()).build())).isTrue();
  }
}
