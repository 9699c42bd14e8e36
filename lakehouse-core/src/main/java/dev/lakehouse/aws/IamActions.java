package dev.lakehouse.aws;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM action a failed call needed, so that an access-denied error can say what to grant.
 * AWS's own message names it when it can ("is not authorized to perform: glue:GetDatabase");
 * otherwise it is the service's prefix and the operation's name, which is the action's name
 * for every service the tool calls except S3, whose differing names are listed here.
 */
final class IamActions {
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
      Map.entry("DeleteBucketOwnershipControls", "PutBucketOwnershipControls"));

  private IamActions() {}

  /** The action AWS's message names, else the one the call needed; empty when neither is known. */
  static Optional<String> needed(String message, CallRecorder.FailedCall call) {
    Matcher named = NAMED_IN_MESSAGE.matcher(message == null ? "" : message);
    if (named.find()) {
      return Optional.of(named.group(1));
    }
    return call == null ? Optional.empty() : Optional.of(of(call.service(), call.operation()));
  }

  /** The action of an operation, the service named as {@link CallRecorder.FailedCall#service()} names it. */
  static String of(String service, String operation) {
    String prefix = service.replace(" ", "").toLowerCase(Locale.ROOT);
    String action = prefix.equals("s3") ? S3.getOrDefault(operation, operation) : operation;
    return prefix + ":" + action;
  }
}
