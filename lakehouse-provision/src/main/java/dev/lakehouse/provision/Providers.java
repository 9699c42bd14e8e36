package dev.lakehouse.provision;

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

  public static List<ResourceProvider> all() {
    return List.of(new KmsProvider(), new S3Provider(), new IamProvider(), new LakeFormationProvider(),
        new GlueProvider(), new IcebergProvider(), new AthenaProvider(), new MonitoringProvider());
  }
}
