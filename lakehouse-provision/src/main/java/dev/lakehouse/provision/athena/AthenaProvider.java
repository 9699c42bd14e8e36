package dev.lakehouse.provision.athena;

import dev.lakehouse.config.Stack;
import dev.lakehouse.config.model.AthenaConfig;
import dev.lakehouse.config.model.WorkgroupConfig;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.NamePrefixes;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Athena workgroups, {@code athena_workgroup.<name>}, each writing its query results to
 * its own prefix of the results bucket, and the workgroups the stack made that the config no
 * longer declares (found by the stack's ownership tags), which plans delete.
 */
public final class AthenaProvider implements ResourceProvider {

  @Override
  public List<Desired<?>> desired(ProvisionContext context) {
    Stack stack = context.stack();
    AthenaConfig athena = stack.config().athena();
    if (athena == null) {
      return List.of();
    }
    AthenaWorkgroupResource type = type(context);
    boolean withKey = stack.config().encryption().kmsKey() != null;
    Set<Address> dependsOn = dependsOn(withKey);
    List<Desired<?>> desired = new ArrayList<>();
    for (WorkgroupConfig workgroup : athena.workgroups()) {
      desired.add(Desired.of(Addresses.workgroup(workgroup.name()), type, dependsOn,
          outputs -> spec(stack, athena, workgroup, withKey, outputs)));
    }
    return desired;
  }

  @Override
  public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
    AthenaWorkgroupResource type = type(context);
    Set<Address> dependsOn = dependsOn(context.stack().config().encryption().kmsKey() != null);
    AthenaConfig athena = context.stack().config().athena();
    // Only workgroups named as the config's begin have their tags read.
    String prefix = NamePrefixes.common(athena == null ? Set.of()
        : athena.workgroups().stream().map(WorkgroupConfig::name).collect(Collectors.toSet()));
    List<Discovered<?>> found = new ArrayList<>();
    for (WorkgroupSpec workgroup : type.tagged(context.stack().ownershipTags(),
        name -> declared.contains(Addresses.workgroup(name)) || !name.startsWith(prefix))) {
      found.add(new Discovered<>(Addresses.workgroup(workgroup.name()), type, workgroup, dependsOn));
    }
    return found;
  }

  private static AthenaWorkgroupResource type(ProvisionContext context) {
    Stack stack = context.stack();
    return new AthenaWorkgroupResource(context.aws().athena(), stack.partition(), stack.region(), stack.account(),
        context.overrides().allowedDataLoss().contains(DataRisk.SAVED_QUERIES));
  }

  /** The results bucket the workgroups write to, and the key they encrypt results with. */
  private static Set<Address> dependsOn(boolean withKey) {
    Set<Address> dependsOn = new LinkedHashSet<>();
    dependsOn.add(Addresses.resultsBucket());
    if (withKey) {
      dependsOn.add(Addresses.kmsKey());
    }
    return dependsOn;
  }

  /**
   * The workgroup the config wants: results under {@code s3://<results bucket>/<workgroup>/}
   * in a bucket of the stack's account, encrypted with the stack's key (SSE-KMS) or, without
   * one, with S3's keys (SSE-S3); engine version AUTO unless one is named.
   */
  static WorkgroupSpec spec(Stack stack, AthenaConfig athena, WorkgroupConfig workgroup, boolean withKey,
      Outputs outputs) {
    WorkgroupSpec.Encryption encryption = withKey
        ? new WorkgroupSpec.Encryption(WorkgroupSpec.Encryption.SSE_KMS, outputs.get(Addresses.kmsKey(), "arn"))
        : new WorkgroupSpec.Encryption(WorkgroupSpec.Encryption.SSE_S3, null);
    return new WorkgroupSpec(
        workgroup.name(),
        workgroup.description() == null || workgroup.description().isEmpty() ? null : workgroup.description(),
        WorkgroupSpec.ENABLED,
        "s3://" + athena.resultsBucket() + "/" + workgroup.name() + "/",
        stack.account(),
        encryption,
        workgroup.enforceConfiguration(),
        workgroup.publishCloudWatchMetrics(),
        workgroup.bytesScannedCutoffPerQuery() == null ? null : workgroup.bytesScannedCutoffPerQuery().bytes(),
        workgroup.engineVersion() == null ? WorkgroupSpec.AUTO : workgroup.engineVersion(),
        stack.tagsWith(workgroup.tags()));
  }
}
