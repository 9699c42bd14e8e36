package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
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
  void anAccessDeniedNamesTheActionToGrantFromAwsMessage() {
    AwsServiceException denied = service("AccessDeniedException", 400,
        "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: glue:GetDatabase on resource: "
            + "arn:aws:glue:us-east-1:111122223333:database/acme_dev_raw because no identity-based policy allows "
            + "the glue:GetDatabase action");
    assertThat(AwsErrors.reason(denied)).endsWith("(the credentials in use lack this permission: grant "
        + "glue:GetDatabase) [HTTP 400, request id R1]");
  }

  @Test
  void anAccessDeniedNamesTheActionOfTheFailedCallWhenAwsDoesNot() {
    AwsServiceException denied = failedIn(service("AccessDenied", 403, "Access Denied"), "S3", "GetBucketEncryption");
    assertThat(AwsErrors.reason(denied)).isEqualTo("S3 GetBucketEncryption failed: AccessDenied: Access Denied (the "
        + "credentials in use lack this permission: grant s3:GetEncryptionConfiguration) [HTTP 403, request id R1]");
    assertThat(AwsErrors.reason(failedIn(service("AccessDenied", 403, "Access Denied"), "S3", "PutBucketVersioning")))
        .contains("grant s3:PutBucketVersioning)");
    assertThat(AwsErrors.reason(failedIn(service("AccessDeniedException", 400, "denied"), "Kms", "CreateKey")))
        .startsWith("KMS CreateKey failed:").contains("grant kms:CreateKey)");
  }

  @Test
  void aRefusalOfLakeFormationsOwnSaysThatAnIamGrantWillNotHelpAndWhoCanGrantIt() {
    AwsServiceException denied = failedIn(service("AccessDeniedException", 400, "Insufficient Lake Formation "
        + "permission(s): Required Grant on acme_dev_processed"), "LakeFormation", "GrantPermissions");
    assertThat(AwsErrors.reason(denied)).isEqualTo("Lake Formation GrantPermissions failed: AccessDeniedException: "
        + "Insufficient Lake Formation permission(s): Required Grant on acme_dev_processed (Lake Formation refuses it, "
        + "not IAM, so granting an IAM action will not help: the credentials in use need that Lake Formation "
        + "permission; run as a data lake admin (`aws lakeformation get-data-lake-settings` lists them), or have one "
        + "grant it) [HTTP 400, request id R1]");
    assertThat(AwsErrors.reason(failedIn(service("AccessDeniedException", 400, "Insufficient Lake Formation "
        + "permission(s): Required Create Database on Catalog"), "Glue", "CreateDatabase")))
        .doesNotContain("grant glue:CreateDatabase").contains("run as a data lake admin");
  }

  @Test
  void anExplicitDenyIsNotSolvedByGranting() {
    AwsServiceException denied = service("AccessDenied", 403, "User: arn:aws:sts::111122223333:assumed-role/ci/x is "
        + "not authorized to perform: s3:PutBucketPolicy on resource: \"arn:aws:s3:::acme-prod-raw\" with an explicit "
        + "deny in a service control policy");
    assertThat(AwsErrors.reason(denied)).contains("(an explicit deny blocks s3:PutBucketPolicy for the credentials in "
        + "use; granting it will not help until that deny is lifted)");
  }

  @Test
  void expiredAndInvalidCredentialsSayHowToGetGoodOnes() {
    assertThat(AwsErrors.reason(service("ExpiredToken", 400, "The security token included in the request is expired")))
        .isEqualTo("ExpiredToken: The security token included in the request is expired (the credentials have "
            + "expired; refresh them (aws sso login, or a new session) and run the command again) [HTTP 400, "
            + "request id R1]");
    assertThat(AwsErrors.reason(service("InvalidClientTokenId", 403,
        "The security token included in the request is invalid")))
        .contains("(the credentials are not valid here; 'aws sts get-caller-identity' shows which are in use, "
            + "--profile chooses others, and --endpoint-url must be unset for AWS itself)");
    assertThat(AwsErrors.reason(SdkClientException.create("Unable to load credentials from any of the providers in "
        + "the chain: [SsoCredentialsProvider: The SSO session associated with this profile has expired or is "
        + "otherwise invalid.]")))
        .isEqualTo("the AWS SSO session has expired or was never started; sign in with aws sso login --profile "
            + "NAME and run the command again");
  }

  @Test
  void theServicesAnswerLeavesOutWhatToDoNext() {
    assertThat(AwsErrors.serviceAnswer(service("ThrottlingException", 400, "Rate exceeded")))
        .startsWith("ThrottlingException: Rate exceeded [HTTP 400")
        .doesNotContain("--parallelism");
  }

  @Test
  void throttlingAfterRetriesSaysToSlowDown() {
    assertThat(AwsErrors.reason(service("ThrottlingException", 400, "Rate exceeded")))
        .contains("(AWS is throttling the calls even after retries; run again later (plan, apply and destroy also "
            + "take a lower --parallelism))");
  }

  @Test
  void everyThrottlingTheSdksRetriesKnowIsNamedAsSuch() {
    // Lake Formation and API Gateway-fronted services answer with codes of their own, or with a bare 429.
    for (AwsServiceException throttled : List.of(service("RequestThrottledException", 400, "Rate exceeded"),
        service("ProvisionedThroughputExceededException", 400, "Rate exceeded"),
        service(null, 429, "Too Many Requests"))) {
      assertThat(AwsErrors.isThrottling(throttled)).isTrue();
      assertThat(AwsErrors.reason(throttled)).contains("(AWS is throttling the calls even after retries;");
    }
    assertThat(AwsErrors.isThrottling(service("ValidationException", 400, "Rate is not a column"))).isFalse();
  }

  @Test
  void aConflictThatOutlastedTheRetriesSaysToRunAgain() {
    AwsServiceException aborted = failedIn(service("OperationAborted", 409,
        "A conflicting conditional operation is currently in progress against this resource. Please try again."),
        "S3", "PutBucketPolicy");
    assertThat(AwsErrors.reason(aborted)).isEqualTo("S3 PutBucketPolicy failed: OperationAborted: A conflicting "
        + "conditional operation is currently in progress against this resource. Please try again. (another change "
        + "to the same resource was still in progress after the calls were retried; run the command again) "
        + "[HTTP 409, request id R1]");
  }

  @Test
  void anAnswerWithoutAnAwsErrorCodePointsAtTheEndpoint() {
    AwsServiceException notAws = failedIn(AwsServiceException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().build()).statusCode(404).build(), "CloudWatch", "DescribeAlarms");
    assertThat(AwsErrors.reason(notAws)).isEqualTo("CloudWatch DescribeAlarms failed: (no message) (the endpoint "
        + "answered without an AWS error code, as an emulator does for an API it lacks; check --endpoint-url and "
        + "AWS_ENDPOINT_URL) [HTTP 404]");
  }

  @Test
  void otherServiceErrorsAreGivenAsAwsSaidThem() {
    assertThat(AwsErrors.reason(service("BucketAlreadyExists", 409, "The requested bucket name is not available")))
        .isEqualTo("BucketAlreadyExists: The requested bucket name is not available [HTTP 409, request id R1]");
  }

  @Test
  void aSlowEndpointSaysWhatToCheck() {
    assertThat(AwsErrors.reason(SdkClientException.create("Unable to execute HTTP request",
        new SocketTimeoutException("Read timed out"))))
        .isEqualTo("the AWS endpoint did not answer in time (Read timed out); check the network, an HTTPS proxy "
            + "(HTTPS_PROXY) and --endpoint-url");
  }

  @Test
  void aConnectionDroppedAfterTheRetriesSaysWhatToCheckAndToRunAgain() {
    assertThat(AwsErrors.reason(SdkClientException.create("Unable to execute HTTP request: Connection reset",
        new SocketException("Connection reset"))))
        .isEqualTo("the connection to the AWS endpoint was dropped before it answered, also when the call was "
            + "retried (Connection reset); check the network, an HTTPS proxy (HTTPS_PROXY) and --endpoint-url, and "
            + "run the command again");
  }

  @Test
  void aServerErrorThatOutlastedTheRetriesSaysToRunAgain() {
    AwsServiceException failure = failedIn(service("InternalFailure", 500, "We encountered an internal error."),
        "Glue", "CreateDatabase");
    assertThat(AwsErrors.reason(failure)).isEqualTo("Glue CreateDatabase failed: InternalFailure: We encountered an "
        + "internal error. (AWS failed on its side, also when the call was retried; run the command again later) "
        + "[HTTP 500, request id R1]");
    assertThat(AwsErrors.reason(service("ServiceUnavailable", 503, "Service is unavailable")))
        .contains("(AWS failed on its side, also when the call was retried; run the command again later)");
  }

  @Test
  void missingCredentialsSayWhereCredentialsComeFrom() {
    assertThat(AwsErrors.reason(SdkClientException.create("Unable to load credentials from any of the providers")))
        .isEqualTo("no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY, or run where an instance or container role is available; "
            + "'aws sts get-caller-identity' shows what the AWS CLI finds");
    assertThat(AwsErrors.reason(SdkClientException.create(
        "Profile file contained no credentials for profile 'nosuch': ProfileFile(sections=[])")))
        .isEqualTo("no credentials for profile 'nosuch' in the AWS config and credentials files; check the name, "
            + "or sign in (aws configure, aws sso login)");
  }

  @Test
  void aProfileNamedByAwsProfileWithoutCredentialsIsNamedRatherThanAskingToSetAwsProfile() {
    String chain = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
        + "credentialsProviders=[EnvironmentVariableCredentialsProvider(), ProfileCredentialsProvider(profileName=%s),"
        + " InstanceProfileCredentialsProvider()]) : [EnvironmentVariableCredentialsProvider(): Unable to load "
        + "credentials from system settings., ProfileCredentialsProvider(profileName=%s): Profile file contained no "
        + "credentials for profile '%s': ProfileFile(sections=[]), InstanceProfileCredentialsProvider(): Failed to "
        + "load credentials from IMDS.]";
    assertThat(AwsErrors.reason(SdkClientException.create(chain.formatted("nosuch", "nosuch", "nosuch"))))
        .isEqualTo("no credentials for profile 'nosuch' (named by AWS_PROFILE) in the AWS config and credentials "
            + "files; check the name, or sign in (aws configure, aws sso login)");
    assertThat(AwsErrors.reason(SdkClientException.create(chain.formatted("default", "default", "default"))))
        .as("no profile was named: where credentials can come from")
        .startsWith("no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID");
  }

  @Test
  void anUnreachableEndpointSaysWhatToCheck() {
    SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
        new ConnectException("Connection refused"));
    assertThat(AwsErrors.reason(refused)).isEqualTo("cannot reach the AWS endpoint (Connection refused); check "
        + "--endpoint-url, the network and the region");
  }

  @Test
  void anEndpointTheSdkQuotesIsGivenWithoutItsUserInfo() {
    SdkClientException client = SdkClientException.create("Unable to execute HTTP request: Connect to "
        + "http://admin:SuperSecretPw123@127.0.0.1:1 failed");
    assertThat(AwsErrors.reason(client)).isEqualTo("Unable to execute HTTP request: Connect to "
        + "http://***@127.0.0.1:1 failed");
    AwsServiceException service = failedIn(service("InternalFailure", 500, "upstream https://u:pw@proxy.example.com "
        + "did not answer"), "Sts", "GetCallerIdentity");
    assertThat(AwsErrors.reason(service)).startsWith("STS GetCallerIdentity failed: InternalFailure: upstream "
        + "https://***@proxy.example.com did not answer (");
  }

  @Test
  void notFoundIsRecognisedByStatusOrCode() {
    assertThat(AwsErrors.isNotFound(AwsServiceException.builder().statusCode(404).build())).isTrue();
    assertThat(AwsErrors.isNotFound(AwsServiceException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("EntityNotFoundException").build()).build())).isTrue();
  }

  private static AwsServiceException service(String code, int status, String message) {
    return AwsServiceException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .statusCode(status).requestId("R1").build();
  }

  /** The exception as the recorder leaves it when the call fails. */
  private static AwsServiceException failedIn(AwsServiceException e, String service, String operation) {
    e.addSuppressed(new CallRecorder.FailedCall(service, operation));
    return e;
  }
}
