package dev.lakehouse.provision.athena;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.Tag;
import software.amazon.awssdk.services.athena.model.WorkGroup;
import software.amazon.awssdk.services.athena.model.WorkGroupSummary;

/**
 * An Athena workgroup with its description, state, query result settings, limits, engine
 * version and tags.
 *
 * <p>Deleting one never deletes what it holds: {@code DeleteWorkGroup} goes with
 * {@code RecursiveDeleteOption} false, so Athena refuses while the workgroup still holds saved
 * (named) queries, which are the analysts' work, and the refusal says what to do.
 */
public final class AthenaWorkgroupResource implements ResourceType<WorkgroupSpec> {
  /** Athena's own workgroup in every account: never the stack's. */
  static final String PRIMARY = "primary";

  private final AthenaClient athena;
  private final String partition;
  private final String region;
  private final String account;

  public AthenaWorkgroupResource(AthenaClient athena, String partition, String region, String account) {
    this.athena = athena;
    this.partition = partition;
    this.region = region;
    this.account = account;
  }

  @Override
  public String name() {
    return Addresses.ATHENA_WORKGROUP;
  }

  @Override
  public Optional<WorkgroupSpec> read(WorkgroupSpec desired) {
    return read(desired.name(), desired.tags());
  }

  /** The workgroup with the tags the stack manages on one whose config wants {@code declared}. */
  private Optional<WorkgroupSpec> read(String name, Map<String, String> declared) {
    // The tags are asked for at once; when the workgroup turns out not to exist, their answer is dropped.
    Supplier<List<Tag>> tags = AttributeReads.start(() -> tags(name));
    WorkGroup workgroup;
    try {
      workgroup = athena.getWorkGroup(b -> b.workGroup(name)).workGroup();
    } catch (InvalidRequestException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
    if (workgroup == null) {
      // moto answers a workgroup it does not have with an empty WorkGroup, not an error.
      return Optional.empty();
    }
    return Optional.of(WorkgroupConverters.flattenWorkgroup(workgroup,
        tags.get().stream().filter(tag -> TagChanges.manages(declared, tag.key())).toList()));
  }

  /** Athena says "WorkGroup NAME is not found." with InvalidRequestException; it has no code of its own. */
  private static boolean isNotFound(InvalidRequestException e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return message != null && message.contains("is not found");
  }

  private List<Tag> tags(String name) {
    List<Tag> tags = new ArrayList<>();
    athena.listTagsForResourcePaginator(b -> b.resourceARN(arn(name))).forEach(page -> tags.addAll(page.tags()));
    return tags;
  }

  /**
   * Every workgroup of the account but {@code primary} that carries all of these tags, but those
   * whose names {@code known} accepts: they are neither read nor returned.
   */
  List<WorkgroupSpec> tagged(Map<String, String> wanted, Predicate<String> known) {
    List<String> names = athena.listWorkGroupsPaginator(b -> { }).stream()
        .flatMap(page -> page.workGroups().stream()).map(WorkGroupSummary::name)
        .filter(name -> !name.equals(PRIMARY) && !known.test(name)).toList();
    List<WorkgroupSpec> found = new ArrayList<>();
    AttributeReads.carrying(names, name -> WorkgroupConverters.flattenTags(tags(name)), wanted).keySet()
        .forEach(name -> read(name, wanted).ifPresent(found::add));
    return found;
  }

  @Override
  public void create(WorkgroupSpec desired) {
    athena.createWorkGroup(WorkgroupConverters.expandCreate(desired));
  }

  @Override
  public void update(WorkgroupSpec observed, WorkgroupSpec desired, Set<String> changed) {
    WorkgroupConverters.expandUpdate(desired, changed).ifPresent(athena::updateWorkGroup);
    if (changed.contains("tags")) {
      TagChanges tags = TagChanges.between(observed.tags(), desired.tags());
      String arn = arn(observed.name());
      if (!tags.removed().isEmpty()) {
        athena.untagResource(b -> b.resourceARN(arn).tagKeys(tags.removed()));
      }
      if (!tags.set().isEmpty()) {
        athena.tagResource(b -> b.resourceARN(arn).tags(WorkgroupConverters.expandTags(tags.set())));
      }
    }
  }

  @Override
  public void delete(WorkgroupSpec observed) {
    try {
      athena.deleteWorkGroup(b -> b.workGroup(observed.name()).recursiveDeleteOption(false));
    } catch (InvalidRequestException e) {
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      if (message != null && message.contains("not empty")) {
        AwsFailure failure = new AwsFailure("delete", "Athena workgroup", observed.name(), "it still holds saved "
            + "queries (or other contents), which deleting it would lose; move or delete them in the Athena console first");
        failure.initCause(e);
        throw failure;
      }
      throw e;
    }
  }

  @Override
  public Map<String, String> outputs(WorkgroupSpec observed) {
    return Map.of("name", observed.name(), "arn", arn(observed.name()));
  }

  private String arn(String name) {
    return WorkgroupConverters.arn(partition, region, account, name);
  }
}
