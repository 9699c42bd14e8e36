package dev.lakehouse.provision.athena;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.athena.model.AclConfiguration;
import software.amazon.awssdk.services.athena.model.CreateWorkGroupRequest;
import software.amazon.awssdk.services.athena.model.EncryptionConfiguration;
import software.amazon.awssdk.services.athena.model.EngineVersion;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.ResultConfigurationUpdates;
import software.amazon.awssdk.services.athena.model.Tag;
import software.amazon.awssdk.services.athena.model.UpdateWorkGroupRequest;
import software.amazon.awssdk.services.athena.model.WorkGroup;
import software.amazon.awssdk.services.athena.model.WorkGroupConfiguration;
import software.amazon.awssdk.services.athena.model.WorkGroupConfigurationUpdates;

/**
 * Pure conversions between {@link WorkgroupSpec} and the Athena API's shapes: {@code expand...}
 * builds what the API takes, {@code flatten...} reads what it returns.
 */
public final class WorkgroupConverters {
  private WorkgroupConverters() {}

  /** The workgroup's ARN, which Athena's tagging calls take. */
  public static String arn(String partition, String region, String account, String name) {
    return "arn:" + partition + ":athena:" + region + ":" + account + ":workgroup/" + name;
  }

  /** A new workgroup with every attribute of the spec but its state (Athena creates workgroups enabled). */
  public static CreateWorkGroupRequest expandCreate(WorkgroupSpec spec) {
    CreateWorkGroupRequest.Builder request = CreateWorkGroupRequest.builder()
        .name(spec.name())
        .configuration(expandConfiguration(spec))
        .tags(expandTags(spec.tags()));
    if (spec.description() != null) {
      request.description(spec.description());
    }
    return request.build();
  }

  public static WorkGroupConfiguration expandConfiguration(WorkgroupSpec spec) {
    WorkGroupConfiguration.Builder configuration = WorkGroupConfiguration.builder()
        .enforceWorkGroupConfiguration(spec.enforceConfiguration())
        .publishCloudWatchMetricsEnabled(spec.publishCloudWatchMetrics())
        .bytesScannedCutoffPerQuery(spec.bytesScannedCutoffPerQuery())
        .engineVersion(expandEngineVersion(spec.engineVersion()))
        .requesterPaysEnabled(spec.requesterPays());
    if (spec.outputLocation() != null || spec.expectedBucketOwner() != null || spec.encryption() != null
        || spec.acl() != null) {
      configuration.resultConfiguration(ResultConfiguration.builder()
          .outputLocation(spec.outputLocation())
          .expectedBucketOwner(spec.expectedBucketOwner())
          .encryptionConfiguration(expandEncryption(spec.encryption()))
          .aclConfiguration(expandAcl(spec.acl()))
          .build());
    }
    return configuration.build();
  }

  /**
   * The UpdateWorkGroup request that brings the attributes named in {@code changed} to the
   * desired values, and nothing else: Athena updates only what the request names. A setting
   * the config no longer has is removed with its {@code Remove...} flag, since leaving it out
   * of the request would leave it as it is. Empty when only tags changed (they have calls of
   * their own).
   */
  public static Optional<UpdateWorkGroupRequest> expandUpdate(WorkgroupSpec desired, Set<String> changed) {
    UpdateWorkGroupRequest.Builder request = UpdateWorkGroupRequest.builder().workGroup(desired.name());
    boolean any = false;
    if (changed.contains("description")) {
      // An empty description is how Athena's UpdateWorkGroup takes one away.
      request.description(desired.description() == null ? "" : desired.description());
      any = true;
    }
    if (changed.contains("state")) {
      request.state(desired.state());
      any = true;
    }
    WorkGroupConfigurationUpdates.Builder configuration = WorkGroupConfigurationUpdates.builder();
    boolean anyConfiguration = false;
    if (changed.contains("enforceConfiguration")) {
      configuration.enforceWorkGroupConfiguration(desired.enforceConfiguration());
      anyConfiguration = true;
    }
    if (changed.contains("publishCloudWatchMetrics")) {
      configuration.publishCloudWatchMetricsEnabled(desired.publishCloudWatchMetrics());
      anyConfiguration = true;
    }
    if (changed.contains("bytesScannedCutoffPerQuery")) {
      if (desired.bytesScannedCutoffPerQuery() == null) {
        configuration.removeBytesScannedCutoffPerQuery(true);
      } else {
        configuration.bytesScannedCutoffPerQuery(desired.bytesScannedCutoffPerQuery());
      }
      anyConfiguration = true;
    }
    if (changed.contains("engineVersion")) {
      configuration.engineVersion(expandEngineVersion(desired.engineVersion()));
      anyConfiguration = true;
    }
    if (changed.contains("requesterPays")) {
      configuration.requesterPaysEnabled(Boolean.TRUE.equals(desired.requesterPays()));
      anyConfiguration = true;
    }
    Optional<ResultConfigurationUpdates> results = expandResultUpdates(desired, changed);
    if (results.isPresent()) {
      configuration.resultConfigurationUpdates(results.get());
      anyConfiguration = true;
    }
    if (anyConfiguration) {
      request.configurationUpdates(configuration.build());
    }
    return any || anyConfiguration ? Optional.of(request.build()) : Optional.empty();
  }

  private static Optional<ResultConfigurationUpdates> expandResultUpdates(WorkgroupSpec desired, Set<String> changed) {
    ResultConfigurationUpdates.Builder results = ResultConfigurationUpdates.builder();
    boolean any = false;
    if (changed.contains("outputLocation")) {
      if (desired.outputLocation() == null) {
        results.removeOutputLocation(true);
      } else {
        results.outputLocation(desired.outputLocation());
      }
      any = true;
    }
    if (changed.contains("expectedBucketOwner")) {
      if (desired.expectedBucketOwner() == null) {
        results.removeExpectedBucketOwner(true);
      } else {
        results.expectedBucketOwner(desired.expectedBucketOwner());
      }
      any = true;
    }
    if (changed.contains("encryption")) {
      if (desired.encryption() == null) {
        results.removeEncryptionConfiguration(true);
      } else {
        results.encryptionConfiguration(expandEncryption(desired.encryption()));
      }
      any = true;
    }
    if (changed.contains("acl")) {
      if (desired.acl() == null) {
        results.removeAclConfiguration(true);
      } else {
        results.aclConfiguration(expandAcl(desired.acl()));
      }
      any = true;
    }
    return any ? Optional.of(results.build()) : Optional.empty();
  }

  private static EncryptionConfiguration expandEncryption(WorkgroupSpec.Encryption encryption) {
    return encryption == null ? null : EncryptionConfiguration.builder()
        .encryptionOption(encryption.option())
        .kmsKey(encryption.kmsKey())
        .build();
  }

  private static AclConfiguration expandAcl(String acl) {
    return acl == null ? null : AclConfiguration.builder().s3AclOption(acl).build();
  }

  private static EngineVersion expandEngineVersion(String version) {
    return EngineVersion.builder().selectedEngineVersion(version).build();
  }

  public static List<Tag> expandTags(Map<String, String> tags) {
    return new TreeMap<>(tags).entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /**
   * The workgroup as Athena holds it, with its tags. Athena's defaults stand in for what it
   * leaves out: settings enforced, no metrics, engine version AUTO, no ACL, no Requester Pays reads.
   * Of the engine version only the selected one counts: for AUTO, Athena reports the version it
   * runs as effective.
   */
  public static WorkgroupSpec flattenWorkgroup(WorkGroup workgroup, List<Tag> tags) {
    WorkGroupConfiguration configuration = workgroup.configuration() == null
        ? WorkGroupConfiguration.builder().build() : workgroup.configuration();
    ResultConfiguration results = configuration.resultConfiguration() == null
        ? ResultConfiguration.builder().build() : configuration.resultConfiguration();
    EngineVersion engine = configuration.engineVersion();
    return new WorkgroupSpec(
        workgroup.name(),
        emptyToNull(workgroup.description()),
        workgroup.stateAsString(),
        emptyToNull(results.outputLocation()),
        emptyToNull(results.expectedBucketOwner()),
        flattenEncryption(results.encryptionConfiguration()),
        results.aclConfiguration() == null ? null : emptyToNull(results.aclConfiguration().s3AclOptionAsString()),
        !Boolean.FALSE.equals(configuration.enforceWorkGroupConfiguration()),
        Boolean.TRUE.equals(configuration.publishCloudWatchMetricsEnabled()),
        configuration.bytesScannedCutoffPerQuery(),
        engine == null || emptyToNull(engine.selectedEngineVersion()) == null
            ? WorkgroupSpec.AUTO : engine.selectedEngineVersion(),
        Boolean.TRUE.equals(configuration.requesterPaysEnabled()) ? Boolean.TRUE : null,
        flattenTags(tags));
  }

  private static WorkgroupSpec.Encryption flattenEncryption(EncryptionConfiguration encryption) {
    if (encryption == null || encryption.encryptionOptionAsString() == null) {
      return null;
    }
    return new WorkgroupSpec.Encryption(encryption.encryptionOptionAsString(), emptyToNull(encryption.kmsKey()));
  }

  public static Map<String, String> flattenTags(List<Tag> tags) {
    Map<String, String> out = new TreeMap<>();
    tags.forEach(tag -> out.put(tag.key(), tag.value() == null ? "" : tag.value()));
    return out;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
