package dev.lakehouse.aws;

import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS partition of a region as the SDK's endpoint metadata has it: the partition's id, which
 * ARNs carry ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, the isolated partitions), and the
 * domain of its service endpoints ({@code amazonaws.com}, {@code amazonaws.com.cn}). A region the
 * SDK does not list yet is placed by its partition's pattern of region names (any {@code cn-*} in
 * {@code aws-cn}).
 */
public final class Partitions {
  private Partitions() {}

  /** The partition's id, as in {@code arn:<partition>:s3:::bucket}. */
  public static String of(String region) {
    return metadata(region).id();
  }

  /** The domain of the partition's service endpoints, as in {@code s3.<region>.<dnsSuffix>}. */
  public static String dnsSuffix(String region) {
    return metadata(region).dnsSuffix();
  }

  /** A blank region, which validate refuses, is of the partition the SDK gives any name it cannot place. */
  private static PartitionMetadata metadata(String region) {
    return PartitionMetadata.of(region == null || region.isBlank() ? Region.AWS_GLOBAL : Region.of(region));
  }
}
