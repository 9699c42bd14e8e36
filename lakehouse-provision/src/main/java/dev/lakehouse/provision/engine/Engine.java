package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsErrors;
import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.resource.AttributeReads;
import dev.lakehouse.provision.resource.AttributeWrites;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.resource.Ownership;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import dev.lakehouse.provision.resource.ResourceType;
import dev.lakehouse.provision.resource.Unmanaged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads a stack from the account and applies plans to it. Reads run in parallel; apply
 * runs independent changes in parallel, each after the changes it depends on (deletions
 * after what depends on them), and reads every write back.
 */
public final class Engine {
  private final AwsClients aws;
  private final List<ResourceProvider> providers;
  private final int parallelism;
  private final Overrides overrides;
  private final List<Duration> readBackDelays;

  public Engine(AwsClients aws, List<ResourceProvider> providers, int parallelism, Overrides overrides) {
    this(aws, providers, parallelism, overrides, ReadBack.DELAYS);
  }

  Engine(AwsClients aws, List<ResourceProvider> providers, int parallelism, Overrides overrides,
      List<Duration> readBackDelays) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("Parallelism must be at least 1, cannot be: " + parallelism);
    }
    this.aws = aws;
    this.providers = List.copyOf(providers);
    this.parallelism = parallelism;
    this.overrides = overrides;
    this.readBackDelays = List.copyOf(readBackDelays);
  }

  private ProvisionContext context(Stack stack) {
    return new ProvisionContext(stack, aws, overrides);
  }

  /** The config's resources for the stack, without reading anything. */
  public List<Desired<?>> declared(Stack stack) {
    return declared(context(stack));
  }

  private List<Desired<?>> declared(ProvisionContext context) {
    List<Desired<?>> desired = new ArrayList<>();
    for (ResourceProvider provider : providers) {
      desired.addAll(provider.desired(context));
    }
    Set<Address> seen = new HashSet<>();
    for (Desired<?> d : desired) {
      if (!seen.add(d.address())) {
        throw new IllegalStateException("Two resources have the address " + d.address());
      }
    }
    return desired;
  }

  /**
   * Reads what AWS holds for every resource of the stack, in parallel: each resource on its own,
   * or the resources of a kind that reads them together ({@link ResourceType#readsTogether}) at
   * once. The providers' searches and declarations share one {@link ProvisionContext}, so what
   * they list once for this read serves all of them.
   */
  public LiveStack read(Stack stack) {
    ProvisionContext context = context(stack);
    List<Desired<?>> desired = declared(context);
    Set<Address> declared = new LinkedHashSet<>();
    desired.forEach(d -> declared.add(d.address()));
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemonThreads("lakehouse-read"));
    try {
      // The searches go first: each is a chain of listings, longer than any one resource's read.
      List<Future<ResourceProvider.Findings>> finds = new ArrayList<>();
      for (ResourceProvider provider : providers) {
        finds.add(pool.submit(() -> provider.find(context, declared)));
      }
      Map<ResourceType<?>, List<Desired<?>>> together = new LinkedHashMap<>();
      desired.stream().filter(d -> d.type().readsTogether())
          .forEach(d -> together.computeIfAbsent(d.type(), type -> new ArrayList<>()).add(d));
      Map<Address, Future<Map<Address, LiveStack.Entry<?>>>> groups = new HashMap<>();
      for (List<Desired<?>> group : together.values()) {
        Future<Map<Address, LiveStack.Entry<?>>> read = pool.submit(() -> readEntries(group));
        group.forEach(d -> groups.put(d.address(), read));
      }
      Map<Address, Future<LiveStack.Entry<?>>> singles = new HashMap<>();
      for (Desired<?> d : desired) {
        if (!groups.containsKey(d.address())) {
          singles.put(d.address(), pool.submit(() -> readEntry(d)));
        }
      }
      List<LiveStack.Entry<?>> entries = new ArrayList<>();
      for (Desired<?> d : desired) {
        Future<Map<Address, LiveStack.Entry<?>>> group = groups.get(d.address());
        entries.add(group == null ? join(singles.get(d.address())) : join(group).get(d.address()));
      }
      List<Unmanaged> unmanaged = new ArrayList<>();
      for (Future<ResourceProvider.Findings> find : finds) {
        ResourceProvider.Findings findings = join(find);
        findings.discovered().forEach(found -> entries.add(new LiveStack.Entry<>(found)));
        unmanaged.addAll(findings.unmanaged());
      }
      return new LiveStack(stack, entries, unmanaged);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Reads one resource, and turns its spec into the JSON the plan diffs, kept with it: built here,
   * beside the other reads' waits, rather than after the last read (the first spec of a kind costs
   * milliseconds, while Jackson builds its serializer). A spec that refers to values known only
   * later (another resource's ARN) is built again by the plan with them.
   */
  private <S> LiveStack.Entry<S> readEntry(Desired<S> desired) {
    Identity<S> identity = identity(desired);
    try {
      LiveStack.Entry<S> entry = new LiveStack.Entry<>(desired, desired.type().read(identity.spec()));
      entry.keepJson(identity.spec(), identity.outputFree());
      return entry;
    } catch (SdkException e) {
      throw new AwsFailure("read", desired.address().toString(), null, e);
    }
  }

  /** Reads resources of one kind together, as {@link #readEntry} reads one: their entries by address. */
  @SuppressWarnings("unchecked")
  private <S> Map<Address, LiveStack.Entry<?>> readEntries(List<Desired<?>> group) {
    List<Desired<S>> members = group.stream().map(d -> (Desired<S>) d).toList();
    ResourceType<S> type = members.get(0).type();
    List<Identity<S>> identities = members.stream().map(Engine::identity).toList();
    List<Optional<S>> observed;
    try {
      observed = type.readAll(identities.stream().map(Identity::spec).toList());
    } catch (SdkException e) {
      throw new AwsFailure("read", members.stream().map(d -> d.address().toString())
          .collect(Collectors.joining(", ")), null, e);
    }
    if (observed.size() != members.size()) {
      throw new IllegalStateException(type.name() + " read " + observed.size() + " of " + members.size() + " resources");
    }
    Map<Address, LiveStack.Entry<?>> entries = new HashMap<>();
    for (int i = 0; i < members.size(); i++) {
      LiveStack.Entry<S> entry = new LiveStack.Entry<>(members.get(i), observed.get(i));
      entry.keepJson(identities.get(i).spec(), identities.get(i).outputFree());
      entries.put(entry.address, entry);
    }
    return entries;
  }

  /**
   * The spec a resource is read by: its own, with every other resource's values unknown; and
   * whether building it asked for none of them.
   */
  private record Identity<S>(S spec, boolean outputFree) {}

  private static <S> Identity<S> identity(Desired<S> desired) {
    boolean[] asked = {false};
    S spec = desired.spec().apply((address, key) -> {
      asked[0] = true;
      return Outputs.UNKNOWN;
    });
    return new Identity<>(spec, !asked[0]);
  }

  /**
   * The plan for the targeted resources and what they depend on (every resource when
   * {@code targets} is empty), with the data each change would lose. Reads what it must
   * (whether a bucket is empty) from AWS.
   */
  public Plan plan(LiveStack live, Set<Address> targets) {
    Plan plan = reviewCreates(live, refuseRemovals(live, live.plan(targets)));
    List<Plan.Risk> assessed = new ArrayList<>();
    risks(live, plan).forEach((address, risks) ->
        risks.forEach(risk -> assessed.add(new Plan.Risk(address, risk, overrides.allows(risk)))));
    return withDeletionNotes(live, plan).withRisks(assessed);
  }

  /**
   * The plan with the refusals a delete (or the delete half of a replace) meets beyond the
   * resource's own: the environment's deletion protection, so that the plan itself shows it (and
   * {@code plan} fails), not only apply; and the files of a resource that stays kept in it (a
   * bucket the config no longer names, renamed, that a table still keeps its data and metadata in:
   * deleting it would leave the table pointing at nothing, whatever {@code bucket-objects} allows).
   */
  private static Plan refuseRemovals(LiveStack live, Plan plan) {
    List<Change> changes = new ArrayList<>();
    for (Change change : plan.changes()) {
      boolean removes = change.action() == Action.DELETE || change.action() == Action.REPLACE;
      List<String> more = removes ? removalRefusals(live, plan, change) : List.of();
      changes.add(more.isEmpty() ? change : change.withRefusals(more));
    }
    return new Plan(changes, plan.drift(), plan.kept(), plan.risks(), plan.unmanaged());
  }

  /** The plan with what else goes with each resource it deletes ({@link ResourceType#deletionNotes}). */
  private static Plan withDeletionNotes(LiveStack live, Plan plan) {
    List<Change> changes = new ArrayList<>();
    for (Change change : plan.changes()) {
      List<String> more = change.action() == Action.DELETE ? deletionNotes(live.entry(change.address())) : List.of();
      changes.add(more.isEmpty() ? change : change.withNotes(more));
    }
    return new Plan(changes, plan.drift(), plan.kept(), plan.risks(), plan.unmanaged());
  }

  /**
   * The plan with the refusals a create meets in what its place already holds
   * ({@link ResourceType#createConflicts}), and what it leaves there as it is
   * ({@link ResourceType#createNotes}), read side by side; a resource whose files go into one the
   * plan creates too (a table in a new bucket) has nothing there to meet, and costs no read.
   */
  private static Plan reviewCreates(LiveStack live, Plan plan) {
    Outputs outputs = live.outputs();
    List<String> created = new ArrayList<>();
    for (Change change : plan.changes()) {
      if (change.action() == Action.CREATE) {
        holdsFilesAt(live.entry(change.address()), outputs).ifPresent(created::add);
      }
    }
    Map<Address, Supplier<CreateReview>> reads = new LinkedHashMap<>();
    for (Change change : plan.changes()) {
      LiveStack.Entry<?> entry = live.entry(change.address());
      if (change.action() == Action.CREATE && entry.desired != null) {
        List<String> places = desiredFilesAt(entry, outputs);
        if (places.isEmpty() || !places.stream().allMatch(at -> created.stream().anyMatch(at::startsWith))) {
          reads.put(change.address(), AttributeReads.start(() -> reviewCreate(entry, outputs)));
        }
      }
    }
    if (reads.isEmpty()) {
      return plan;
    }
    List<Change> changes = new ArrayList<>();
    for (Change change : plan.changes()) {
      Supplier<CreateReview> read = reads.get(change.address());
      CreateReview review = read == null ? new CreateReview(List.of(), List.of()) : read.get();
      Change noted = review.notes().isEmpty() ? change : change.withNotes(review.notes());
      changes.add(review.refusals().isEmpty() ? noted : noted.withRefusals(review.refusals()));
    }
    return new Plan(changes, plan.drift(), plan.kept(), plan.risks(), plan.unmanaged());
  }

  /** What a create meets in its place: why it cannot be made, and what it leaves as it is. */
  private record CreateReview(List<String> refusals, List<String> notes) {}

  private static <S> Optional<String> holdsFilesAt(LiveStack.Entry<S> entry, Outputs outputs) {
    S desired = entry.desiredSpec(outputs);
    return desired == null ? Optional.empty() : entry.type.holdsFilesAt(desired);
  }

  private static <S> List<String> desiredFilesAt(LiveStack.Entry<S> entry, Outputs outputs) {
    return entry.type.filesAt(entry.desiredSpec(outputs));
  }

  private static <S> CreateReview reviewCreate(LiveStack.Entry<S> entry, Outputs outputs) {
    try {
      S desired = entry.desiredSpec(outputs);
      return new CreateReview(entry.type.createConflicts(desired), entry.type.createNotes(desired));
    } catch (SdkException e) {
      throw new AwsFailure("check what is in the way of creating", entry.address.toString(), null, e);
    }
  }

  private static List<String> removalRefusals(LiveStack live, Plan plan, Change change) {
    List<String> refusals = new ArrayList<>();
    if (live.stack().deletionProtection()) {
      refusals.add(deletionProtected(live));
    }
    LiveStack.Entry<?> entry = live.entry(change.address());
    if (change.action() == Action.DELETE) {
      namedStill(live, plan, entry).ifPresent(refusals::add);
    }
    holdsFilesAt(entry).ifPresent(holds -> {
      List<String> keepers = new ArrayList<>();
      for (LiveStack.Entry<?> other : live.entries()) {
        Change its = plan.change(other.address);
        boolean stays = its == null || its.action() != Action.DELETE;
        if (stays && other != entry && other.observed().isPresent()
            && filesAt(other).stream().anyMatch(location -> location.startsWith(holds))) {
          keepers.add(other.address.toString());
        }
      }
      if (!keepers.isEmpty()) {
        refusals.add(String.join(", ", keepers) + (keepers.size() == 1 ? " keeps its" : " keep their")
            + " files in it (" + holds + "): deleting it would lose them; drop "
            + (keepers.size() == 1 ? "that" : "those") + " first, or keep it out of the stack by taking away its "
            + "ownership tags (" + Ownership.describe(live.stack().ownershipTags()) + ")");
      }
    });
    return refusals;
  }

  private static <S> Optional<String> holdsFilesAt(LiveStack.Entry<S> entry) {
    return entry.observed().flatMap(entry.type::holdsFilesAt);
  }

  /**
   * Why a principal the plan deletes (a role dropped from {@code iam.roles}) cannot go: resources
   * that stay still name it (a Lake Formation grant, the data lake admins), and would be left naming
   * a role that is gone, which Lake Formation then refuses or keeps to no purpose.
   */
  private static Optional<String> namedStill(LiveStack live, Plan plan, LiveStack.Entry<?> entry) {
    String arn = entry.observed().map(observed -> outputs(entry).get("arn")).orElse(null);
    if (arn == null) {
      return Optional.empty();
    }
    Outputs outputs = live.outputs();
    List<String> naming = new ArrayList<>();
    for (LiveStack.Entry<?> other : live.entries()) {
      Change its = plan.change(other.address);
      boolean stays = its == null || its.action() != Action.DELETE;
      if (stays && other != entry && other.desired != null
          && principalsNamed(other, outputs).stream().anyMatch(arn::equalsIgnoreCase)) {
        naming.add(other.address.toString());
      }
    }
    if (naming.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join(", ", naming) + (naming.size() == 1 ? " still names" : " still name") + " it ("
        + arn + ") as a principal, and would be left naming a role that is gone: keep it in the config, or take "
        + (naming.size() == 1 ? "that" : "those") + " out of it too");
  }

  private static <S> Map<String, String> outputs(LiveStack.Entry<S> entry) {
    return entry.type.outputs(entry.observed().orElseThrow());
  }

  private static <S> List<String> principalsNamed(LiveStack.Entry<S> entry, Outputs outputs) {
    S desired = entry.desiredSpec(outputs);
    return desired == null ? List.of() : entry.type.principalsNamed(desired);
  }

  private static <S> List<String> filesAt(LiveStack.Entry<S> entry) {
    return entry.type.filesAt(entry.observed().orElseThrow());
  }

  private static String deletionProtected(LiveStack live) {
    return "environment '" + live.stack().env() + "' has deletionProtection; the plan would remove it (to let it go, "
        + "set " + live.stack().deletionProtectionSetting() + ": false for the apply that removes it, and true again "
        + "after)";
  }

  /**
   * The plan that removes what the stack owns of the targeted resources and what depends on
   * them (everything when {@code targets} is empty), in reverse dependency order. It keeps, and
   * says why: resources without the stack's ownership tags, resources holding data of a kind the
   * user has not allowed to lose, and whatever a kept resource needs.
   */
  public Plan destroyPlan(LiveStack live, Set<Address> targets) {
    Set<Address> scope = targets.isEmpty() ? live.addresses() : live.withDependents(targets);
    Map<Address, String> kept = new LinkedHashMap<>();
    Set<Address> candidates = new LinkedHashSet<>();
    for (LiveStack.Entry<?> entry : live.entries()) {
      if (!scope.contains(entry.address) || entry.observed().isEmpty() || deletionUnderway(entry)) {
        continue;
      }
      if (live.destroyable(entry)) {
        candidates.add(entry.address);
      } else {
        kept.put(entry.address, live.ownership(entry) == Ownership.UNTAGGED
            ? "it carries no tags and depends on nothing the stack owns, so lakehouse cannot tell it is the stack's"
            : Ownership.notOwned(entry.tags(), live.stack()));
      }
    }
    List<Plan.Risk> risks = new ArrayList<>();
    for (Address address : candidates) {
      for (DataRisk risk : deletionRisks(live.entry(address), goingFirst(live, address, candidates))) {
        boolean allowed = overrides.allows(risk);
        risks.add(new Plan.Risk(address, risk, allowed));
        if (!allowed) {
          kept.putIfAbsent(address, risk.refusal());
        }
      }
    }
    boolean grew = true;
    while (grew) {
      grew = keepWhatKeptNeeds(live, candidates, kept);
      if (!targets.isEmpty()) {
        grew |= keepDependentsOfKeptTargets(live, targets, candidates, kept);
      }
    }
    Map<Address, List<String>> notes = new LinkedHashMap<>();
    Set<Address> goWithDependencies = new LinkedHashSet<>();
    for (Address address : candidates) {
      LiveStack.Entry<?> entry = live.entry(address);
      Optional<String> why = removedOnlyWithDependencies(entry);
      boolean dependenciesGo = !entry.dependsOn.isEmpty() && entry.dependsOn.stream()
          .allMatch(d -> candidates.contains(d) && !kept.containsKey(d));
      if (!kept.containsKey(address) && why.isPresent() && dependenciesGo) {
        goWithDependencies.add(address);
        entry.dependsOn.forEach(d -> notes.computeIfAbsent(d, k -> new ArrayList<>())
            .add("deleting it also removes " + address + ": " + why.get()));
      } else if (!kept.containsKey(address) && why.isPresent()) {
        // Its own delete would fail (SNS cannot unsubscribe a pending subscription): it goes with what it needs.
        List<String> staying = entry.dependsOn.stream()
            .filter(d -> !candidates.contains(d) || kept.containsKey(d)).map(Address::toString).toList();
        kept.put(address, "it is removed only with " + String.join(", ", staying) + ": " + why.get());
      }
    }
    List<Planner.Input> deletions = new ArrayList<>();
    for (Address address : candidates) {
      if (!kept.containsKey(address) && !goWithDependencies.contains(address)) {
        LiveStack.Entry<?> entry = live.entry(address);
        JsonNode observed = AppliedMark.without(Specs.toJson(entry.observed().get()));
        List<String> noted = new ArrayList<>(notes.getOrDefault(address, List.of()));
        noted.addAll(deletionNotes(entry));
        deletions.add(new Planner.Input(address, null, observed, Set.of(), entry.dependsOn, noted,
            List.of()));
      }
    }
    List<Plan.Kept> keptList = new ArrayList<>();
    kept.forEach((address, reason) -> keptList.add(new Plan.Kept(address, reason)));
    return new Plan(Planner.plan(deletions).changes(), List.of(), keptList, risks);
  }

  /** Keeps what a kept resource needs (the key of a kept bucket); whether it kept anything more. */
  private static boolean keepWhatKeptNeeds(LiveStack live, Set<Address> candidates, Map<Address, String> kept) {
    boolean grew = false;
    for (Address keeping : List.copyOf(kept.keySet())) {
      for (Address needed : live.entry(keeping).dependsOn) {
        if (candidates.contains(needed) && !kept.containsKey(needed)) {
          kept.put(needed, keeping + " is kept and needs it");
          grew = true;
        }
      }
    }
    return grew;
  }

  /**
   * A targeted destroy removes what depends on its targets only so that the targets can go; the
   * dependents of a target that is kept (it holds data, say) stay with it, unless a target that
   * does go needs them gone. Whether it kept anything more.
   */
  private static boolean keepDependentsOfKeptTargets(LiveStack live, Set<Address> targets, Set<Address> candidates,
      Map<Address, String> kept) {
    Set<Address> going = new LinkedHashSet<>();
    targets.stream().filter(target -> !kept.containsKey(target)).forEach(going::add);
    Set<Address> needed = live.withDependents(going);
    boolean grew = false;
    for (Address candidate : candidates) {
      if (kept.containsKey(candidate) || needed.contains(candidate)) {
        continue;
      }
      Address keptTarget = targets.stream()
          .filter(target -> kept.containsKey(target) && live.withDependents(Set.of(target)).contains(candidate))
          .findFirst().orElseThrow();
      kept.put(candidate, "it would go only because it depends on " + keptTarget + ", which is kept");
      grew = true;
    }
    return grew;
  }

  private static <S> boolean deletionUnderway(LiveStack.Entry<S> entry) {
    return entry.type.deletionUnderway(entry.observed().orElseThrow());
  }

  private static <S> List<String> deletionNotes(LiveStack.Entry<S> entry) {
    return entry.type.deletionNotes(entry.observed().orElseThrow());
  }

  private static <S> Optional<String> removedOnlyWithDependencies(LiveStack.Entry<S> entry) {
    return entry.type.removedOnlyWithDependencies(entry.observed().orElseThrow());
  }

  private static <S> List<DataRisk> deletionRisks(LiveStack.Entry<S> entry, List<Map<String, String>> goingFirst) {
    try {
      return entry.type.deletionRisks(entry.observed().orElseThrow(), goingFirst);
    } catch (SdkException e) {
      throw new AwsFailure("check what deleting would lose in", entry.address.toString(), null, e);
    }
  }

  /**
   * The outputs of what depends on {@code address} and is deleted too ({@code deleted}), before it
   * as the run deletes in reverse dependency order; a dependent that ends up kept keeps
   * {@code address} with it ({@link #keepWhatKeptNeeds}).
   */
  private static List<Map<String, String>> goingFirst(LiveStack live, Address address, Set<Address> deleted) {
    return live.entries().stream()
        .filter(entry -> deleted.contains(entry.address) && entry.dependsOn.contains(address))
        .map(LiveStack.Entry::outputs).toList();
  }

  /**
   * The data each change of the plan would lose: a deleted bucket's objects, a dropped
   * column. Reads what it must (whether a bucket is empty) from AWS.
   */
  public Map<Address, List<DataRisk>> risks(LiveStack live, Plan plan) {
    Map<Address, List<DataRisk>> risks = new LinkedHashMap<>();
    Set<Address> deleted = plan.changes().stream().filter(change -> change.action() == Action.DELETE)
        .map(Change::address).collect(Collectors.toSet());
    for (Change change : plan.changes()) {
      List<DataRisk> found = risks(live, live.entry(change.address()), change.action(), deleted);
      if (!found.isEmpty()) {
        risks.put(change.address(), found);
      }
    }
    return risks;
  }

  private static <S> List<DataRisk> risks(LiveStack live, LiveStack.Entry<S> entry, Action action,
      Set<Address> deleted) {
    Optional<S> observed = entry.observed();
    if (observed.isEmpty()) {
      return List.of();
    }
    try {
      return switch (action) {
        case DELETE -> entry.type.deletionRisks(observed.get(), goingFirst(live, entry.address, deleted));
        case REPLACE -> entry.type.deletionRisks(observed.get(), List.of());
        case UPDATE, ADOPT ->
            entry.type.updateRisk(observed.get(), entry.desiredSpec(live.outputs())).stream().toList();
        default -> List.of();
      };
    } catch (SdkException e) {
      throw new AwsFailure("check what deleting would lose in", entry.address.toString(), null, e);
    }
  }

  /**
   * Refuses, before anything is changed, a plan with a change that cannot be made, one that
   * deletes or replaces resources in an environment with deletion protection, or one that
   * would lose data the user has not allowed to lose, or one that adopts a resource the user has
   * not allowed to adopt ({@code --adopt}, or {@code adopt: true} on it).
   */
  public void checkAllowed(LiveStack live, Plan plan) {
    checkAllowed(live, plan, risks(live, plan));
  }

  /**
   * As {@link #checkAllowed(LiveStack, Plan)}, with the data risks the plan assessed when it was
   * made: reads nothing more from AWS.
   */
  public void checkAllowedAsPlanned(LiveStack live, Plan plan) {
    Map<Address, List<DataRisk>> assessed = new LinkedHashMap<>();
    plan.risks().forEach(risk ->
        assessed.computeIfAbsent(risk.address(), address -> new ArrayList<>()).add(risk.risk()));
    checkAllowed(live, plan, assessed);
  }

  /**
   * Refuses the first change that cannot be made, saying how many others cannot either: each is
   * fixed in turn otherwise, one run at a time, where the plan lists them all.
   */
  private void checkAllowed(LiveStack live, Plan plan, Map<Address, List<DataRisk>> risks) {
    Map<Address, String> refused = new LinkedHashMap<>();
    for (Change change : plan.changes()) {
      refusal(live, change).ifPresent(reason -> refused.put(change.address(), reason));
    }
    risks.forEach((address, found) -> found.stream().filter(risk -> !overrides.allows(risk)).findFirst()
        .ifPresent(risk -> refused.putIfAbsent(address, "Cannot " + plan.change(address).action().word() + " "
            + address + ": " + risk.refusal())));
    if (refused.isEmpty()) {
      return;
    }
    String first = refused.values().iterator().next();
    int others = refused.size() - 1;
    throw new Refused(others == 0 ? first : first + " (and " + others + " other " + (others == 1 ? "change" : "changes")
        + " that cannot be made as they stand: lakehouse plan shows why for each)");
  }

  /** Why the change cannot be made as the plan stands, if it cannot. */
  private Optional<String> refusal(LiveStack live, Change change) {
    if (!change.refusals().isEmpty()) {
      return Optional.of("Cannot " + change.action().word() + " " + change.address() + ": "
          + String.join("; ", change.refusals()));
    }
    LiveStack.Entry<?> entry = live.entry(change.address());
    if (change.action() == Action.ADOPT && !overrides.adopt() && !entry.desired.adopt()) {
      return Optional.of("Cannot adopt " + change.address() + ": it already exists without this stack's ownership "
          + "tags (" + Ownership.describe(live.stack().ownershipTags()) + "); to take it over, pass --adopt "
          + "or set adopt: true on it in the config");
    }
    boolean removes = change.action() == Action.DELETE || change.action() == Action.REPLACE;
    if (removes && live.stack().deletionProtection()) {
      return Optional.of("Cannot " + change.action().word() + " " + change.address() + ": " + deletionProtected(live));
    }
    return Optional.empty();
  }

  /** Carries out the plan's changes; stops starting new ones when cancelled. */
  public ApplyResult apply(LiveStack live, Plan plan, ApplyListener listener, Cancellation cancellation) {
    checkAllowed(live, plan);
    Map<Address, Change> pending = new LinkedHashMap<>();
    plan.changes().stream().filter(c -> !c.isNoOp()).forEach(c -> pending.put(c.address(), c));
    Map<Address, Set<Address>> waitsFor = waitsFor(live, pending);
    prepare(live, pending.values());
    List<Change> done = new ArrayList<>();
    Map<Address, RuntimeException> failed = new LinkedHashMap<>();
    Map<Address, String> skipped = new LinkedHashMap<>();
    Set<Address> running = new HashSet<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemonThreads("lakehouse-apply"));
    CompletionService<Address> completions = new ExecutorCompletionService<>(pool);
    try {
      while (!pending.isEmpty() || !running.isEmpty()) {
        boolean progressed = true;
        while (progressed) {
          progressed = false;
          for (Change change : List.copyOf(pending.values())) {
            Address address = change.address();
            Optional<Address> blocker = waitsFor.get(address).stream()
                .filter(d -> failed.containsKey(d) || skipped.containsKey(d)).findFirst();
            if (blocker.isPresent()) {
              String outcome = failed.containsKey(blocker.get()) ? "failed" : "was not applied";
              boolean deletion = change.action() == Action.DELETE;
              boolean dependentFirst = deletion && live.entry(blocker.get()).dependsOn.contains(address);
              String reason = dependentFirst
                  ? "not applied: it goes only after " + blocker.get() + ", which depends on it, and which " + outcome
                  : deletion ? "not applied: deletions come last, and " + blocker.get() + " " + outcome
                  : "not applied: it depends on " + blocker.get() + ", which " + outcome;
              pending.remove(address);
              skipped.put(address, reason);
              listener.skipped(change, reason);
              progressed = true;
            } else if (cancellation.isCancelled()) {
              pending.remove(address);
              skipped.put(address, "not applied: interrupted");
              listener.skipped(change, "not applied: interrupted");
              progressed = true;
            } else if (done.stream().map(Change::address).toList().containsAll(waitsFor.get(address))
                && running.size() < parallelism) {
              pending.remove(address);
              running.add(address);
              completions.submit(() -> execute(live, change, listener));
              progressed = true;
            }
          }
        }
        if (running.isEmpty()) {
          break;
        }
        Future<Address> next = completions.take();
        Address finished = outcome(next, failed);
        running.remove(finished);
        if (!failed.containsKey(finished)) {
          done.add(plan.change(finished));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancellation.cancel();
    } finally {
      pool.shutdown();
    }
    return new ApplyResult(done, failed, skipped, cancellation.isCancelled());
  }

  /**
   * Lets each resource the apply creates or updates begin what its write needs and no dependency
   * changes ({@link ResourceType#prepare}), so that it is under way while its dependencies are made.
   * A spec that still refers to a value known only once a dependency is applied is left to the
   * write, and so is one whose preparing fails.
   */
  private static void prepare(LiveStack live, Collection<Change> changes) {
    for (Change change : changes) {
      if (change.action() != Action.DELETE) {
        prepare(live, live.entry(change.address()), change.action());
      }
    }
  }

  private static <S> void prepare(LiveStack live, LiveStack.Entry<S> entry, Action action) {
    S spec = entry.desiredSpec(live.outputs());
    if (spec == null || Outputs.refersToUnknown(entry.json(spec))) {
      return;
    }
    try {
      entry.type.prepare(action == Action.REPLACE ? Optional.empty() : entry.observed(),
          marked(entry, spec, entry.json(spec)));
    } catch (RuntimeException e) {
      // The write does it all itself.
    }
  }

  /**
   * The spec as apply writes it, and prepares it: with the mark of the config applied ({@link
   * AppliedMark}) for a kind that carries one, else as it is.
   */
  private static <S> S marked(LiveStack.Entry<S> entry, S spec, JsonNode wanted) {
    return entry.type.withTag(spec, Stack.APPLIED_TAG, AppliedMark.of(wanted)).orElse(spec);
  }

  private static Address outcome(Future<Address> future, Map<Address, RuntimeException> failed)
      throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      ChangeFailed failure = (ChangeFailed) e.getCause();
      failed.put(failure.address, failure.error);
      return failure.address;
    }
  }

  /** Thrown inside the pool to carry the address of the failed change. */
  private static final class ChangeFailed extends RuntimeException {
    final Address address;
    final RuntimeException error;

    ChangeFailed(Address address, RuntimeException error) {
      super(error);
      this.address = address;
      this.error = error;
    }
  }

  /** Which changes each change must wait for. */
  private static Map<Address, Set<Address>> waitsFor(LiveStack live, Map<Address, Change> pending) {
    Map<Address, Set<Address>> waits = new LinkedHashMap<>();
    for (Change change : pending.values()) {
      Set<Address> set = new LinkedHashSet<>();
      if (change.action() == Action.DELETE) {
        // Deletions last, as the plan lists them: what the config no longer names may still hold
        // what another change reads (a renamed bucket the files of a table being updated).
        for (Change other : pending.values()) {
          if (live.entry(other.address()).dependsOn.contains(change.address()) || other.action() != Action.DELETE) {
            set.add(other.address());
          }
        }
      } else {
        for (Address dependency : live.entry(change.address()).dependsOn) {
          Change other = pending.get(dependency);
          if (other != null && other.action() != Action.DELETE) {
            set.add(dependency);
          }
        }
      }
      waits.put(change.address(), set);
    }
    return waits;
  }

  private Address execute(LiveStack live, Change change, ApplyListener listener) {
    long start = System.nanoTime();
    listener.started(change);
    try {
      boolean madeMeanwhile = carryOut(live, live.entry(change.address()), change.action());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      if (madeMeanwhile) {
        listener.finishedMadeMeanwhile(change, elapsed);
      } else {
        listener.finished(change, elapsed);
      }
      return change.address();
    } catch (RuntimeException e) {
      RuntimeException error = e instanceof SdkException sdk
          ? new AwsFailure(change.action().word(), change.address().toString(), null, sdk) : e;
      listener.failed(change, Duration.ofNanos(System.nanoTime() - start), error);
      throw new ChangeFailed(change.address(), error);
    }
  }

  /** Carries out the change; true when a create found the resource made meanwhile by another run of the stack. */
  private <S> boolean carryOut(LiveStack live, LiveStack.Entry<S> entry, Action action) {
    Optional<S> observed = entry.observed();
    if (action == Action.DELETE || action == Action.REPLACE) {
      delete(entry, observed.orElseThrow());
      ReadBack.untilGone(entry.address, entry.type, observed.get(), readBackDelays);
      entry.observed(Optional.empty());
      if (action == Action.DELETE) {
        return false;
      }
    }
    S spec = entry.desiredSpec(live.outputs());
    JsonNode wanted = entry.json(spec);
    if (Outputs.refersToUnknown(wanted)) {
      throw new IllegalStateException(entry.address + " still refers to a value not known after its dependencies were applied");
    }
    S marked = marked(entry, spec, wanted);
    boolean madeMeanwhile = false;
    if (entry.observed().isEmpty()) {
      Created<S> created = create(live, entry, marked);
      if (created.meanwhile().isEmpty()) {
        entry.observed(Optional.of(readBack(entry, marked, created.deferred())));
        return false;
      }
      entry.observed(created.meanwhile());
      madeMeanwhile = !created.retried();
    }
    JsonNode held = Specs.toJson(entry.observed().get());
    Set<String> changed = AttributeDiff.changedAttributes(AppliedMark.without(held), wanted);
    if (changed.isEmpty()) {
      return madeMeanwhile;
    }
    if (marked != spec) {
      JsonNode markedJson = Specs.toJson(marked);
      if (!AppliedMark.in(held).equals(AppliedMark.in(markedJson))) {
        AppliedMark.field(markedJson).ifPresent(changed::add);
      }
    }
    entry.type.update(entry.observed().get(), marked, changed);
    entry.observed(Optional.of(ReadBack.untilConverged(entry.address, entry.type, marked, readBackDelays)));
    return madeMeanwhile;
  }

  /**
   * Deletes the resource. AWS's "not found" to a delete of a resource that is gone is the delete
   * done: the SDK sent the call again after an attempt that deleted it and whose answer was lost,
   * or another destroy of the stack deleted it meanwhile.
   */
  private static <S> void delete(LiveStack.Entry<S> entry, S observed) {
    try {
      entry.type.delete(observed);
    } catch (SdkException e) {
      if (!AwsErrors.isNotFound(e) || entry.type.read(observed).isPresent()) {
        throw e;
      }
    }
  }

  /**
   * Reads a new resource back, and meanwhile does what its create deferred (its ownership record),
   * which is always done to its end: the read-back's failure is thrown first, then the deferred work's.
   */
  private <S> S readBack(LiveStack.Entry<S> entry, S spec, Optional<Runnable> deferred) {
    Runnable finished = deferred.map(AttributeWrites::start).orElse(() -> { });
    S observed;
    try {
      observed = ReadBack.untilConverged(entry.address, entry.type, spec, readBackDelays);
    } catch (RuntimeException e) {
      try {
        finished.run();
      } catch (RuntimeException also) {
        e.addSuppressed(also);
      }
      throw e;
    }
    finished.run();
    return observed;
  }

  /**
   * What creating a resource came to: made by this run, with work it deferred, or found made
   * meanwhile; {@code retried} when AWS answered that it exists to a create the SDK sent again,
   * after an attempt whose answer was lost and which made it.
   */
  private record Created<S>(Optional<S> meanwhile, Optional<Runnable> deferred, boolean retried) {}

  /**
   * Creates the resource. When AWS answers that it already exists, another run of this stack
   * made it after this one read the account (two applies at once), or, to a create the SDK sent
   * again, the attempt whose answer was lost made it: the resource is read and,
   * when it carries the stack's ownership tags (or is what the other run's create leaves before it
   * tags it), returned to be brought to the config like any other; a resource someone else made
   * meanwhile is left alone.
   */
  private static <S> Created<S> create(LiveStack live, LiveStack.Entry<S> entry, S spec) {
    try {
      return new Created<>(Optional.empty(), entry.type.createDeferring(spec), false);
    } catch (SdkException e) {
      if (!alreadyExists(e)) {
        throw e;
      }
      Optional<S> now = entry.type.read(spec);
      if (now.isEmpty()) {
        throw e;
      }
      if (Ownership.of(entry.type.tags(now.get()), live.stack()) == Ownership.FOREIGN
          && !entry.type.unfinished(now.get(), spec)) {
        throw new AwsFailure("create", entry.address.toString(), null, "it was created outside this apply after "
            + "the account was read, without this stack's ownership tags; plan again to see it");
      }
      return new Created<>(now, Optional.empty(), e.numAttempts() != null && e.numAttempts() > 1);
    }
  }

  /** AWS's ways of saying so: typed codes, and Athena's InvalidRequestException "WorkGroup is already created". */
  private static boolean alreadyExists(SdkException e) {
    String code = AwsErrors.code(e);
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return code != null && (code.contains("AlreadyExists") || code.equals("BucketAlreadyOwnedByYou")
        || code.equals("EntityAlreadyExists")
        || (code.equals("InvalidRequestException")
            && (message.contains("already exist") || message.contains("already created"))));
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the stack", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
