package dev.lakehouse.provision;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.provision.athena.AthenaProvider;
import dev.lakehouse.provision.glue.GlueProvider;
import dev.lakehouse.provision.iam.IamProvider;
import dev.lakehouse.provision.iceberg.IcebergProvider;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.lakeformation.LakeFormationProvider;
import dev.lakehouse.provision.monitoring.MonitoringProvider;
import dev.lakehouse.provision.resource.ResourceProvider;
import dev.lakehouse.provision.s3.S3Provider;
import java.util.List;

/**
 * Every part of the stack that plan and apply manage, in the order plans list them where the
 * dependency graph leaves a choice: key, buckets, roles, Lake Formation, databases, tables,
 * workgroups, monitoring.
 */
public final class Providers {
  private Providers() {}

  /** The AWS services the providers read and write (their clients are made before the first read). */
  public static final List<AwsClients.Service> SERVICES = List.of(AwsClients.Service.KMS, AwsClients.Service.S3,
      AwsClients.Service.IAM, AwsClients.Service.LAKE_FORMATION, AwsClients.Service.GLUE, AwsClients.Service.ATHENA,
      AwsClients.Service.CLOUDWATCH, AwsClients.Service.SNS);

  public static List<ResourceProvider> all() {
    return List.of(new KmsProvider(), new S3Provider(), new IamProvider(), new LakeFormationProvider(),
        new GlueProvider(), new IcebergProvider(), new AthenaProvider(), new MonitoringProvider());
  }
}
