package dev.lakehouse.provision.athena;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.TagChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * <p>Athena deletes a workgroup that has held anything, saved (named) queries or only the history
 * of queries run there, with {@code RecursiveDeleteOption} alone, and there is no call that deletes
 * a query's history: so the delete is recursive, and the saved queries, which are the analysts'
 * work, are guarded instead: the plan names them as data at risk ({@link DataRisk#SAVED_QUERIES}),
 * and the delete looks for them again, just before it, unless that kind of loss is allowed. Query
 * results stay in the results bucket.
 */
public final class AthenaWorkgroupResource implements ResourceType<WorkgroupSpec> {
  /** Athena's own workgroup in every account: never the stack's. */
  static final String PRIMARY = "primary";
  /** The most saved queries a plan counts (one page of ListNamedQueries). */
  static final int SAVED_QUERIES_COUNTED = 50;

  private final AthenaClient athena;
  private final String partition;
  private final String region;
  private final String account;
  private final boolean deleteSavedQueries;

  /**
   * @param deleteSavedQueries whether deleting a workgroup deletes the saved queries it holds
   *     ({@code --allow-data-loss saved-queries}), rather than refusing
   */
  public AthenaWorkgroupResource(AthenaClient athena, String partition, String region, String account,
      boolean deleteSavedQueries) {
    this.athena = athena;
    this.partition = partition;
    this.region = region;
    this.account = account;
    this.deleteSavedQueries = deleteSavedQueries;
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
    List<Tag> found = tags.get();
    Map<String, String> all = new TreeMap<>();
    found.forEach(tag -> all.put(tag.key(), tag.value()));
    return Optional.of(WorkgroupConverters.flattenWorkgroup(workgroup,
        found.stream().filter(tag -> TagChanges.manages(all, declared, tag.key())).toList()));
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

  /**
   * Deletes the workgroup with its query history (which nothing else deletes) and, where allowed,
   * its saved queries; where not, refuses when saved queries have appeared since the plan.
   */
  @Override
  public void delete(WorkgroupSpec observed) {
    if (!deleteSavedQueries) {
      deletionRisk(observed).ifPresent(risk -> {
        throw new AwsFailure("delete", "Athena workgroup", observed.name(), risk.refusal());
      });
    }
    athena.deleteWorkGroup(b -> b.workGroup(observed.name()).recursiveDeleteOption(true));
  }

  /** A workgroup holding saved queries, which Athena deletes with it. */
  @Override
  public Optional<DataRisk> deletionRisk(WorkgroupSpec observed) {
    // A page may come back empty with a token for more: read on until one holds a query, or none is left.
    List<String> ids = List.of();
    String token = null;
    do {
      String after = token;
      var page = athena.listNamedQueries(b -> b.workGroup(observed.name()).maxResults(SAVED_QUERIES_COUNTED)
          .nextToken(after));
      ids = page.namedQueryIds();
      token = page.nextToken();
    } while (ids.isEmpty() && token != null);
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    String count = ids.size() < SAVED_QUERIES_COUNTED ? String.valueOf(ids.size()) : SAVED_QUERIES_COUNTED + " or more";
    return Optional.of(new DataRisk(DataRisk.SAVED_QUERIES, "Athena workgroup " + observed.name() + " holds " + count
        + " saved " + (ids.size() == 1 ? "query" : "queries") + ", which Athena deletes with it"));
  }

  @Override
  public Map<String, String> outputs(WorkgroupSpec observed) {
    return Map.of("name", observed.name(), "arn", arn(observed.name()));
  }

  private String arn(String name) {
    return WorkgroupConverters.arn(partition, region, account, name);
  }
}
