package dev.lakehouse.aws;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM action an AWS operation needs: what an access-denied error says to grant, and what the
 * IAM policies of {@code examples/iam} must allow. AWS's own message names it when it can ("is not
 * authorized to perform: glue:GetDatabase"); otherwise it is the service's prefix and the
 * operation's name, which is the action's name for every service the tool calls except S3, whose
 * differing names are listed here, and CloudWatch Logs, whose prefix is {@code logs}.
 */
public final class IamActions {
  private static final Pattern NAMED_IN_MESSAGE = Pattern.compile("perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)");

  private static final Map<String, String> S3 = Map.ofEntries(
      Map.entry("HeadBucket", "ListBucket"),
      Map.entry("ListObjects", "ListBucket"),
      Map.entry("ListObjectsV2", "ListBucket"),
      Map.entry("ListObjectVersions", "ListBucketVersions"),
      Map.entry("ListBuckets", "ListAllMyBuckets"),
      Map.entry("HeadObject", "GetObject"),
      Map.entry("DeleteObjects", "DeleteObject"),
      Map.entry("CreateMultipartUpload", "PutObject"),
      Map.entry("UploadPart", "PutObject"),
      Map.entry("CompleteMultipartUpload", "PutObject"),
      Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
      Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"),
      Map.entry("DeleteBucketEncryption", "PutEncryptionConfiguration"),
      Map.entry("GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"),
      Map.entry("PutBucketLifecycleConfiguration", "PutLifecycleConfiguration"),
      Map.entry("DeleteBucketLifecycle", "PutLifecycleConfiguration"),
      Map.entry("GetPublicAccessBlock", "GetBucketPublicAccessBlock"),
      Map.entry("PutPublicAccessBlock", "PutBucketPublicAccessBlock"),
      Map.entry("DeletePublicAccessBlock", "PutBucketPublicAccessBlock"),
      Map.entry("GetBucketIntelligentTieringConfiguration", "GetIntelligentTieringConfiguration"),
      Map.entry("ListBucketIntelligentTieringConfigurations", "GetIntelligentTieringConfiguration"),
      Map.entry("PutBucketIntelligentTieringConfiguration", "PutIntelligentTieringConfiguration"),
      Map.entry("DeleteBucketIntelligentTieringConfiguration", "PutIntelligentTieringConfiguration"),
      Map.entry("DeleteBucketTagging", "PutBucketTagging"),
      Map.entry("DeleteBucketOwnershipControls", "PutBucketOwnershipControls"),
      Map.entry("GetBucketNotificationConfiguration", "GetBucketNotification"),
      Map.entry("PutBucketNotificationConfiguration", "PutBucketNotification"),
      Map.entry("GetBucketCors", "GetBucketCORS"),
      Map.entry("PutBucketCors", "PutBucketCORS"),
      Map.entry("DeleteBucketCors", "PutBucketCORS"),
      Map.entry("GetObjectLockConfiguration", "GetBucketObjectLockConfiguration"),
      Map.entry("PutObjectLockConfiguration", "PutBucketObjectLockConfiguration"),
      Map.entry("GetBucketReplication", "GetReplicationConfiguration"),
      Map.entry("PutBucketReplication", "PutReplicationConfiguration"),
      Map.entry("DeleteBucketReplication", "PutReplicationConfiguration"),
      Map.entry("ListMultipartUploads", "ListBucketMultipartUploads"),
      Map.entry("ListParts", "ListMultipartUploadParts"),
      Map.entry("CopyObject", "PutObject"),
      Map.entry("UploadPartCopy", "PutObject"));

  /** Services whose IAM prefix is not their name without spaces, by that name. */
  private static final Map<String, String> PREFIXES = Map.of(
      "cloudwatchlogs", "logs",
      "monitoring", "cloudwatch");

  private IamActions() {}

  /** The action AWS's message names, else the one the call needed; empty when neither is known. */
  static Optional<String> needed(String message, CallRecorder.FailedCall call) {
    Matcher named = NAMED_IN_MESSAGE.matcher(message == null ? "" : message);
    if (named.find()) {
      return Optional.of(named.group(1));
    }
    return call == null ? Optional.empty() : Optional.of(of(call.service(), call.operation()));
  }

  /**
   * The action of an operation, the service named as {@link CallRecorder.FailedCall#service()} names
   * it ("Lake Formation") or by its signing name ("lakeformation", "monitoring").
   */
  public static String of(String service, String operation) {
    String name = service.replace(" ", "").toLowerCase(Locale.ROOT);
    String prefix = PREFIXES.getOrDefault(name, name);
    String action = prefix.equals("s3") ? S3.getOrDefault(operation, operation) : operation;
    return prefix + ":" + action;
  }
}
