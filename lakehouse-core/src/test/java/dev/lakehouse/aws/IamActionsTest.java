package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The IAM action of an operation, where its name differs from the operation's. */
class IamActionsTest {

  @Test
  void mostActionsAreTheServicePrefixAndTheOperation() {
    assertThat(IamActions.of("Glue", "GetTable")).isEqualTo("glue:GetTable");
    assertThat(IamActions.of("Lake Formation", "ListDataCellsFilter")).isEqualTo("lakeformation:ListDataCellsFilter");
    assertThat(IamActions.of("lakeformation", "CreateDataCellsFilter")).isEqualTo("lakeformation:CreateDataCellsFilter");
    assertThat(IamActions.of("STS", "GetCallerIdentity")).isEqualTo("sts:GetCallerIdentity");
  }

  @Test
  void servicesWhosePrefixIsNotTheirName() {
    assertThat(IamActions.of("monitoring", "PutMetricData")).isEqualTo("cloudwatch:PutMetricData");
    assertThat(IamActions.of("CloudWatch", "PutMetricData")).isEqualTo("cloudwatch:PutMetricData");
    assertThat(IamActions.of("CloudWatch Logs", "PutLogEvents")).isEqualTo("logs:PutLogEvents");
  }

  @Test
  void s3OperationsWhoseActionHasAnotherName() {
    assertThat(IamActions.of("S3", "HeadBucket")).isEqualTo("s3:ListBucket");
    assertThat(IamActions.of("s3", "ListBuckets")).isEqualTo("s3:ListAllMyBuckets");
    assertThat(IamActions.of("s3", "GetBucketEncryption")).isEqualTo("s3:GetEncryptionConfiguration");
    assertThat(IamActions.of("s3", "GetBucketLifecycleConfiguration")).isEqualTo("s3:GetLifecycleConfiguration");
    assertThat(IamActions.of("s3", "GetPublicAccessBlock")).isEqualTo("s3:GetBucketPublicAccessBlock");
    assertThat(IamActions.of("s3", "PutBucketIntelligentTieringConfiguration"))
        .isEqualTo("s3:PutIntelligentTieringConfiguration");
    assertThat(IamActions.of("s3", "GetBucketNotificationConfiguration")).isEqualTo("s3:GetBucketNotification");
    assertThat(IamActions.of("s3", "DeleteBucketCors")).isEqualTo("s3:PutBucketCORS");
    assertThat(IamActions.of("s3", "GetObjectLockConfiguration")).isEqualTo("s3:GetBucketObjectLockConfiguration");
    assertThat(IamActions.of("s3", "GetBucketReplication")).isEqualTo("s3:GetReplicationConfiguration");
    assertThat(IamActions.of("s3", "ListMultipartUploads")).isEqualTo("s3:ListBucketMultipartUploads");
    assertThat(IamActions.of("s3", "ListParts")).isEqualTo("s3:ListMultipartUploadParts");
    assertThat(IamActions.of("s3", "CopyObject")).isEqualTo("s3:PutObject");
    assertThat(IamActions.of("s3", "GetBucketVersioning")).isEqualTo("s3:GetBucketVersioning");
  }
}
