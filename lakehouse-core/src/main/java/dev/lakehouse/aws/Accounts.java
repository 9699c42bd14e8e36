package dev.lakehouse.aws;

import software.amazon.awssdk.core.exception.SdkException;

/** Who the credentials belong to. */
public final class Accounts {
  private Accounts() {}

  /** The account id of the caller, from STS. */
  public static String callerAccount(AwsClients aws) {
    try {
      return aws.sts().getCallerIdentity().account();
    } catch (SdkException e) {
      throw new AwsFailure("identify", "the AWS account", aws.endpointDescription(), e);
    }
  }
}
