package dev.lakehouse.testkit.proxy;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names the S3 API operation of a path-style S3 request from its method, path, subresource and
 * headers, as the S3 API reference maps them; unknown combinations are described as
 * {@code METHOD /path?subresource}.
 */
final class S3Operations {

    /** Bucket-level operations by {@code METHOD subresource}. */
    private static final Map<String, String> BUCKET = Map.ofEntries(
            Map.entry("GET lifecycle", "GetBucketLifecycleConfiguration"),
            Map.entry("PUT lifecycle", "PutBucketLifecycleConfiguration"),
            Map.entry("DELETE lifecycle", "DeleteBucketLifecycle"),
            Map.entry("GET policy", "GetBucketPolicy"),
            Map.entry("PUT policy", "PutBucketPolicy"),
            Map.entry("DELETE policy", "DeleteBucketPolicy"),
            Map.entry("GET policyStatus", "GetBucketPolicyStatus"),
            Map.entry("GET encryption", "GetBucketEncryption"),
            Map.entry("PUT encryption", "PutBucketEncryption"),
            Map.entry("DELETE encryption", "DeleteBucketEncryption"),
            Map.entry("GET versioning", "GetBucketVersioning"),
            Map.entry("PUT versioning", "PutBucketVersioning"),
            Map.entry("GET tagging", "GetBucketTagging"),
            Map.entry("PUT tagging", "PutBucketTagging"),
            Map.entry("DELETE tagging", "DeleteBucketTagging"),
            Map.entry("GET publicAccessBlock", "GetPublicAccessBlock"),
            Map.entry("PUT publicAccessBlock", "PutPublicAccessBlock"),
            Map.entry("DELETE publicAccessBlock", "DeletePublicAccessBlock"),
            Map.entry("GET ownershipControls", "GetBucketOwnershipControls"),
            Map.entry("PUT ownershipControls", "PutBucketOwnershipControls"),
            Map.entry("DELETE ownershipControls", "DeleteBucketOwnershipControls"),
            Map.entry("GET notification", "GetBucketNotificationConfiguration"),
            Map.entry("PUT notification", "PutBucketNotificationConfiguration"),
            Map.entry("GET logging", "GetBucketLogging"),
            Map.entry("PUT logging", "PutBucketLogging"),
            Map.entry("GET location", "GetBucketLocation"),
            Map.entry("GET acl", "GetBucketAcl"),
            Map.entry("PUT acl", "PutBucketAcl"),
            Map.entry("GET cors", "GetBucketCors"),
            Map.entry("PUT cors", "PutBucketCors"),
            Map.entry("DELETE cors", "DeleteBucketCors"),
            Map.entry("GET object-lock", "GetObjectLockConfiguration"),
            Map.entry("PUT object-lock", "PutObjectLockConfiguration"),
            Map.entry("GET replication", "GetBucketReplication"),
            Map.entry("PUT replication", "PutBucketReplication"),
            Map.entry("DELETE replication", "DeleteBucketReplication"),
            Map.entry("GET intelligent-tiering", "GetBucketIntelligentTieringConfiguration"),
            Map.entry("PUT intelligent-tiering", "PutBucketIntelligentTieringConfiguration"),
            Map.entry("DELETE intelligent-tiering", "DeleteBucketIntelligentTieringConfiguration"),
            Map.entry("GET uploads", "ListMultipartUploads"),
            Map.entry("GET versions", "ListObjectVersions"),
            Map.entry("GET list-type", "ListObjectsV2"),
            Map.entry("POST delete", "DeleteObjects"));

    /** Object-level operations by {@code METHOD subresource}. */
    private static final Map<String, String> OBJECT = Map.ofEntries(
            Map.entry("POST uploads", "CreateMultipartUpload"),
            Map.entry("PUT uploadId", "UploadPart"),
            Map.entry("POST uploadId", "CompleteMultipartUpload"),
            Map.entry("DELETE uploadId", "AbortMultipartUpload"),
            Map.entry("GET uploadId", "ListParts"),
            Map.entry("GET tagging", "GetObjectTagging"),
            Map.entry("PUT tagging", "PutObjectTagging"),
            Map.entry("DELETE tagging", "DeleteObjectTagging"),
            Map.entry("GET acl", "GetObjectAcl"),
            Map.entry("PUT acl", "PutObjectAcl"),
            Map.entry("GET attributes", "GetObjectAttributes"));

    private static final Map<String, String> BUCKET_PLAIN = Map.of(
            "PUT", "CreateBucket", "DELETE", "DeleteBucket", "HEAD", "HeadBucket", "GET", "ListObjects");

    private static final Map<String, String> OBJECT_PLAIN = Map.of(
            "PUT", "PutObject", "DELETE", "DeleteObject", "HEAD", "HeadObject", "GET", "GetObject");

    private S3Operations() {
    }

    static String name(HttpWire.Request request) {
        String path = request.path();
        String method = request.method();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return method.equals("GET") ? "ListBuckets" : ProxiedRequest.describe(request);
        }
        boolean objectLevel = trimmed.indexOf('/') >= 0 && trimmed.indexOf('/') < trimmed.length() - 1;
        boolean copy = request.headers().contains("x-amz-copy-source");
        Set<String> subresources = subresources(request.query());
        Map<String, String> table = objectLevel ? OBJECT : BUCKET;
        for (String subresource : subresources) {
            String name = table.get(method + " " + subresource);
            if (name != null && name.equals("GetBucketIntelligentTieringConfiguration") && !subresources.contains("id")) {
                return "ListBucketIntelligentTieringConfigurations";
            }
            if (name != null) {
                return copy && name.equals("UploadPart") ? "UploadPartCopy" : name;
            }
        }
        if (hasUnknownSubresource(subresources)) {
            return ProxiedRequest.describe(request);
        }
        String name = (objectLevel ? OBJECT_PLAIN : BUCKET_PLAIN).get(method);
        if (name == null) {
            return ProxiedRequest.describe(request);
        }
        return copy && name.equals("PutObject") ? "CopyObject" : name;
    }

    /** Query parameters that select a subresource; listing and paging parameters do not. */
    private static boolean hasUnknownSubresource(Set<String> names) {
        Set<String> harmless = Set.of("prefix", "delimiter", "marker", "max-keys", "encoding-type",
                "continuation-token", "start-after", "fetch-owner", "versionId", "partNumber",
                "response-content-type", "response-content-disposition", "response-cache-control",
                "response-content-encoding", "response-content-language", "response-expires");
        return names.stream().anyMatch(name -> !harmless.contains(name) && !name.toLowerCase(Locale.ROOT).startsWith("x-"));
    }

    private static Set<String> subresources(String query) {
        if (query.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(query.split("&"))
                .map(parameter -> parameter.split("=", 2)[0])
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
