package dev.lakehouse.provision.athena;

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
import java.util.function.Function;
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
 * <p>Athena deletes a workgroup that has held anything, saved (named) queries, prepared statements
 * or only the history of queries run there, with {@code RecursiveDeleteOption} alone, and there is
 * no call that deletes a query's history: so the delete is recursive, and the saved queries and
 * prepared statements, which are the analysts' and applications' work, are guarded instead: the
 * plan names them as data at risk ({@link DataRisk#SAVED_QUERIES}), and the delete looks for them
 * again, just before it, unless that kind of loss is allowed. Query results stay in the results
 * bucket.
 */
public final class AthenaWorkgroupResource implements ResourceType<WorkgroupSpec> {
  /** Athena's own workgroup in every account: never the stack's. */
  static final String PRIMARY = "primary";
  /** The most saved queries, or prepared statements, a plan counts (one page of their listing). */
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
    refuseLossUnless(deleteSavedQueries, observed, "Athena workgroup", observed.name());
    try {
      athena.deleteWorkGroup(b -> b.workGroup(observed.name()).recursiveDeleteOption(true));
    } catch (InvalidRequestException e) {
      // Athena's "not found" has no code of its own: the SDK sent the delete again after an attempt
      // that deleted it and whose answer was lost, or another destroy deleted it meanwhile.
      if (!isNotFound(e)) {
        throw e;
      }
    }
  }

  /** A workgroup holding saved queries or prepared statements, which Athena deletes with it. */
  @Override
  public Optional<DataRisk> deletionRisk(WorkgroupSpec observed) {
    String name = observed.name();
    Page queries = firstPage(after -> {
      var page = athena.listNamedQueries(b -> b.workGroup(name).maxResults(SAVED_QUERIES_COUNTED).nextToken(after));
      return new Page(page.namedQueryIds().size(), page.nextToken());
    });
    Page statements = firstPage(after -> {
      var page = athena.listPreparedStatements(b -> b.workGroup(name).maxResults(SAVED_QUERIES_COUNTED)
          .nextToken(after));
      return new Page(page.preparedStatements().size(), page.nextToken());
    });
    List<String> held = new ArrayList<>();
    if (queries.size() > 0) {
      held.add(count(queries, "saved query", "saved queries"));
    }
    if (statements.size() > 0) {
      held.add(count(statements, "prepared statement", "prepared statements"));
    }
    if (held.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DataRisk(DataRisk.SAVED_QUERIES, "Athena workgroup " + name + " holds "
        + String.join(" and ", held) + ", which Athena deletes with it"));
  }

  /** One page of a listing: how many items it holds, and the token of the next page (null for none). */
  private record Page(int size, String next) {}

  /**
   * The first page that holds anything (else the last), of a listing given as a function from a
   * page's token (null for the first) to the page: a page may come back empty with a token for more.
   */
  private static Page firstPage(Function<String, Page> list) {
    Page page = list.apply(null);
    while (page.size() == 0 && page.next() != null) {
      page = list.apply(page.next());
    }
    return page;
  }

  /** What a first page counts: all there is, unless it is full or more pages follow it. */
  private static String count(Page page, String one, String many) {
    if (page.next() == null && page.size() < SAVED_QUERIES_COUNTED) {
      return page.size() + " " + (page.size() == 1 ? one : many);
    }
    return page.size() + " or more " + many;
  }

  @Override
  public Map<String, String> outputs(WorkgroupSpec observed) {
    return Map.of("name", observed.name(), "arn", arn(observed.name()));
  }

  private String arn(String name) {
    return WorkgroupConverters.arn(partition, region, account, name);
  }
}
