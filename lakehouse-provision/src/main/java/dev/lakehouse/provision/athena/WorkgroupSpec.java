package dev.lakehouse.provision.athena;

import dev.lakehouse.provision.resource.TaggedSpec;
import java.util.Map;

/**
 * An Athena workgroup as the stack manages it, normalised so that the config's wish and what
 * Athena reports compare equal when they mean the same.
 *
 * @param description null when the workgroup has none
 * @param state {@code ENABLED} or {@code DISABLED}
 * @param outputLocation where query results go, {@code s3://<results bucket>/<workgroup>/}; null for none
 * @param expectedBucketOwner the account that must own the results bucket for Athena to write
 *     results to it (so that results never go to a bucket of the same name in another account); null for any
 * @param encryption how query results are encrypted; null for not at all
 * @param acl the canned ACL Athena gives each result object it writes ({@code BUCKET_OWNER_FULL_CONTROL});
 *     null for none, as the stack's workgroups write to a bucket of their own account
 * @param enforceConfiguration whether the workgroup's settings override those of each query
 * @param publishCloudWatchMetrics whether Athena publishes the workgroup's query metrics
 * @param bytesScannedCutoffPerQuery the most a query may scan before Athena cancels it; null for no limit
 * @param engineVersion the engine version selected: {@code AUTO} or {@code Athena engine version 3}
 *     (the effective version Athena reports for AUTO is its own choice, not the stack's)
 * @param requesterPays true when the workgroup's queries may read Requester Pays buckets, the
 *     account paying for the requests and transfer; null otherwise, as the stack's workgroups never do
 * @param tags the workgroup's tags the stack manages: the config's keys and its own {@code lakehouse:} keys
 */
public record WorkgroupSpec(
    String name,
    String description,
    String state,
    String outputLocation,
    String expectedBucketOwner,
    Encryption encryption,
    String acl,
    boolean enforceConfiguration,
    boolean publishCloudWatchMetrics,
    Long bytesScannedCutoffPerQuery,
    String engineVersion,
    Boolean requesterPays,
    Map<String, String> tags) implements TaggedSpec<WorkgroupSpec> {

  public static final String ENABLED = "ENABLED";
  /** The engine version Athena selects when none is named. */
  public static final String AUTO = "AUTO";

  public WorkgroupSpec {
    tags = Map.copyOf(tags);
  }

  /** A workgroup as the config wants one: no ACL on its results, no Requester Pays reads. */
  public WorkgroupSpec(String name, String description, String state, String outputLocation,
      String expectedBucketOwner, Encryption encryption, boolean enforceConfiguration,
      boolean publishCloudWatchMetrics, Long bytesScannedCutoffPerQuery, String engineVersion,
      Map<String, String> tags) {
    this(name, description, state, outputLocation, expectedBucketOwner, encryption, null, enforceConfiguration,
        publishCloudWatchMetrics, bytesScannedCutoffPerQuery, engineVersion, null, tags);
  }

  /**
   * Query result encryption: {@code SSE_KMS} with a key, or {@code SSE_S3} without one.
   *
   * @param kmsKey the key's ARN; null for SSE_S3
   */
  public record Encryption(String option, String kmsKey) {
    public static final String SSE_KMS = "SSE_KMS";
    public static final String SSE_S3 = "SSE_S3";
  }

  @Override
  public WorkgroupSpec withTags(Map<String, String> tags) {
    return new WorkgroupSpec(name, description, state, outputLocation, expectedBucketOwner, encryption, acl,
        enforceConfiguration, publishCloudWatchMetrics, bytesScannedCutoffPerQuery, engineVersion, requesterPays,
        tags);
  }
}
