package dev.lakehouse.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into short reasons a user can act on, and recognises "not found". */
public final class AwsErrors {
  private static final Set<String> NOT_FOUND_CODES = Set.of(
      "NoSuchBucket", "NoSuchEntity", "NotFoundException", "NotFound", "EntityNotFoundException",
      "ResourceNotFoundException", "NoSuchLifecycleConfiguration", "ServerSideEncryptionConfigurationNotFoundError",
      "NoSuchPublicAccessBlockConfiguration", "OwnershipControlsNotFoundError", "NoSuchBucketPolicy",
      "NoSuchTagSet", "NoSuchTagSetError", "NoSuchConfiguration");

  /**
   * How Lake Formation begins a refusal of its own ("Insufficient Lake Formation permission(s): Required
   * Create Database on Catalog"), which comes from its grants, not from the caller's IAM policies.
   */
  private static final String LAKE_FORMATION_REFUSAL = "Insufficient Lake Formation permission";
  private static final String[] EXPIRED_CODES = {"ExpiredToken", "ExpiredTokenException", "RequestExpired"};
  private static final String[] INVALID_CREDENTIALS_CODES = {
      "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch",
      "InvalidSignatureException", "IncompleteSignature"};

  private static final Pattern PROFILE_WITHOUT_CREDENTIALS =
      Pattern.compile("Profile file contained no credentials for profile '([^']*)'");

  private AwsErrors() {}

  /** The error code AWS returned, or null for a client-side failure. */
  public static String code(SdkException e) {
    return e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorCode() : null;
  }

  public static boolean hasCode(SdkException e, String... codes) {
    String code = code(e);
    for (String candidate : codes) {
      if (candidate.equals(code)) {
        return true;
      }
    }
    return false;
  }

  /** True for an HTTP 404 or one of the codes AWS services use for "no such thing". */
  public static boolean isNotFound(SdkException e) {
    if (!(e instanceof AwsServiceException service)) {
      return false;
    }
    return service.statusCode() == 404 || NOT_FOUND_CODES.contains(code(e));
  }

  /**
   * A one-line reason: the call that failed, the service's code and message, or what went wrong
   * on the way there, and what to do next where that is known (the permission to grant, the
   * option to check, the command that shows which credentials are in use). The SDK's messages
   * may quote the endpoint: any user-info in it is left out.
   */
  public static String reason(SdkException e) {
    CallRecorder.FailedCall call = CallRecorder.failedCall(e);
    String detail = EndpointUrls.redact(detail(e, call));
    return call == null ? detail : call.service() + " " + call.operation() + " failed: " + detail;
  }

  /**
   * The service's own answer, as {@link #reason} gives it but without what to do next: code, message,
   * status and request id, for a caller that says itself what to do. Any other failure reads as its reason.
   */
  public static String serviceAnswer(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return EndpointUrls.redact(answer(service, null));
    }
    return reason(e);
  }

  private static String detail(SdkException e, CallRecorder.FailedCall call) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return answer(service, nextStep(e, service.awsErrorDetails().errorMessage(), call));
    }
    Throwable root = rootCause(e);
    if (root instanceof ConnectException || root instanceof UnknownHostException
        || root instanceof NoRouteToHostException) {
      return "cannot reach the AWS endpoint (" + root.getMessage() + "); check --endpoint-url, the network "
          + "and the region";
    }
    if (root instanceof SocketTimeoutException) {
      return "the AWS endpoint did not answer in time (" + root.getMessage() + "); check the network, an HTTPS "
          + "proxy (HTTPS_PROXY) and --endpoint-url";
    }
    if (root instanceof SocketException) {
      return "the connection to the AWS endpoint was dropped before it answered, also when the call was retried ("
          + root.getMessage() + "); check the network, an HTTPS proxy (HTTPS_PROXY) and --endpoint-url, and run "
          + "the command again";
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof SdkClientException && message.contains("SSO") && message.contains("expired")) {
      return "the AWS SSO session has expired or was never started; sign in with aws sso login --profile NAME "
          + "and run the command again";
    }
    Matcher chainProfile = PROFILE_WITHOUT_CREDENTIALS.matcher(message);
    if (e instanceof SdkClientException && message.contains("Unable to load credentials") && chainProfile.find()
        && !chainProfile.group(1).equals("default")) {
      // The SDK's chain looked for the profile AWS_PROFILE names: telling the user to set it would
      // send them back to the variable they set.
      return "no credentials for profile '" + chainProfile.group(1) + "' (named by AWS_PROFILE) in the AWS config "
          + "and credentials files; check the name, or sign in (aws configure, aws sso login)";
    }
    if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
      return "no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY, or run where an instance or container role is available; "
          + "'aws sts get-caller-identity' shows what the AWS CLI finds";
    }
    Matcher profile = PROFILE_WITHOUT_CREDENTIALS.matcher(message);
    if (e instanceof SdkClientException && profile.find()) {
      return "no credentials for profile '" + profile.group(1) + "' in the AWS config and credentials files; "
          + "check the name, or sign in (aws configure, aws sso login)";
    }
    return e.getMessage();
  }

  /** The service's code and message, then {@code next} (what to do, or null), status and request id. */
  private static String answer(AwsServiceException service, String next) {
    String message = service.awsErrorDetails().errorMessage();
    String code = service.awsErrorDetails().errorCode();
    String text = (code == null ? "" : code + ": ") + (message == null ? "(no message)" : message);
    return text + (next == null ? "" : " (" + next + ")") + " [HTTP " + service.statusCode()
        + (service.requestId() == null ? "" : ", request id " + service.requestId()) + "]";
  }

  /** What the user can do about a service error, or null when the error says it all. */
  private static String nextStep(SdkException e, String message, CallRecorder.FailedCall call) {
    if (isAccessDenied(e) && message != null && message.contains(LAKE_FORMATION_REFUSAL)) {
      return "Lake Formation refuses it, not IAM, so granting an IAM action will not help: the credentials in use "
          + "need that Lake Formation permission; run as a data lake admin (`aws lakeformation "
          + "get-data-lake-settings` lists them), or have one grant it";
    }
    if (isAccessDenied(e)) {
      String action = IamActions.needed(message, call).orElse(null);
      if (message != null && message.contains("explicit deny")) {
        return "an explicit deny blocks " + (action == null ? "this" : action) + " for the credentials in use; "
            + "granting it will not help until that deny is lifted";
      }
      return action == null ? "the credentials in use lack this permission"
          : "the credentials in use lack this permission: grant " + action;
    }
    if (hasCode(e, EXPIRED_CODES)) {
      return "the credentials have expired; refresh them (aws sso login, or a new session) and run the command "
          + "again";
    }
    if (hasCode(e, INVALID_CREDENTIALS_CODES)) {
      if (call != null && call.region() != null) {
        // An account's credentials are valid in the regions of its own partition only (aws, aws-cn, aws-us-gov).
        return "the credentials are not valid in region " + call.region() + ", of partition "
            + Partitions.of(call.region()) + ", nor are those of an account of another partition: check the region "
            + "too; 'aws sts get-caller-identity --region " + call.region() + "' shows which are in use, --profile "
            + "chooses others, and --endpoint-url must be unset for AWS itself";
      }
      return "the credentials are not valid here; 'aws sts get-caller-identity' shows which are in use, "
          + "--profile chooses others, and --endpoint-url must be unset for AWS itself";
    }
    if (hasCode(e, "OperationAborted")) {
      return "another change to the same resource was still in progress after the calls were retried; "
          + "run the command again";
    }
    if (isThrottling(e)) {
      // maintain, snapshots and rollback make a fixed number of calls at once: only these three commands can slow down.
      return "AWS is throttling the calls even after retries; run again later (plan, apply and destroy also "
          + "take a lower --parallelism)";
    }
    if (code(e) != null && e instanceof AwsServiceException service && service.statusCode() >= 500) {
      return "AWS failed on its side, also when the call was retried; run the command again later";
    }
    if (code(e) == null && e instanceof AwsServiceException service
        && (service.statusCode() == 404 || service.statusCode() == 501)) {
      // AWS always names its errors; an answer without a code comes from something else at the endpoint.
      return "the endpoint answered without an AWS error code, as an emulator does for an API it lacks; "
          + "check --endpoint-url and AWS_ENDPOINT_URL";
    }
    return null;
  }

  /**
   * Whether AWS refused the call for its rate: any of the SDK's throttling codes (Throttling, SlowDown,
   * TooManyRequestsException, RequestLimitExceeded and the others its retries know), or HTTP 429.
   */
  public static boolean isThrottling(SdkException e) {
    return e instanceof AwsServiceException service && service.isThrottlingException();
  }

  public static boolean isAccessDenied(SdkException e) {
    String code = code(e);
    return code != null && (code.equals("AccessDenied") || code.equals("AccessDeniedException")
        || code.equals("UnauthorizedOperation") || code.equals("AuthorizationError"));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
