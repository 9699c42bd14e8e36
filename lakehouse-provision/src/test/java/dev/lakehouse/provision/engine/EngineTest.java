package dev.lakehouse.provision.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.resource.DataRisk;
import dev.lakehouse.provision.resource.Desired;
import dev.lakehouse.provision.resource.Discovered;
import dev.lakehouse.provision.resource.Outputs;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.resource.ProvisionContext;
import dev.lakehouse.provision.resource.ResourceProvider;
import dev.lakehouse.provision.resource.ResourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The engine's ordering, output passing, failure handling and guards, on an in-memory resource type. */
class EngineTest {
  private static final Stack DEV = new ConfigLoader(Map.of())
      .load(ConfigLoader.Request.of(Path.of("..", "examples", "lakehouse.yaml"), "dev").withAccount("123456789012"));
  private static final Stack PROD = new ConfigLoader(Map.of())
      .load(ConfigLoader.Request.of(Path.of("..", "examples", "lakehouse.yaml"), "prod").withAccount("123456789012"));

  /** A thing with a name, a value and a reference to another thing's id. */
  record Thing(String name, String value, String ref) {}

  /** Things kept in a map; records every write in order; can be told to fail. */
  static final class Things implements ResourceType<Thing> {
    final Map<String, Thing> store = new ConcurrentHashMap<>();
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final Set<String> holdingData = ConcurrentHashMap.newKeySet();
    /** Things holding data of a second kind besides, as a dropped table's files are to its place in the catalog. */
    final Set<String> holdingFiles = ConcurrentHashMap.newKeySet();
    /** Things whose only data is the table that depends on them, as a Glue database's is its tables. */
    final Set<String> holdingTheTable = ConcurrentHashMap.newKeySet();
    /** Things that cannot be deleted alone: they go with what they depend on. */
    final Set<String> goingWithDependencies = ConcurrentHashMap.newKeySet();
    /** Things that take others with them when deleted, as a topic its subscriptions. */
    final Set<String> takingOthersAlong = ConcurrentHashMap.newKeySet();
    /** Things whose create leaves something in their place as it is, as the settings the account's other admins. */
    final Set<String> leavingNeighbours = ConcurrentHashMap.newKeySet();
    /** Things that carry the dev stack's ownership tags. */
    final Set<String> owned = ConcurrentHashMap.newKeySet();
    /** Things whose create leaves "record <name>" to be done beside the read-back. */
    final Set<String> deferring = ConcurrentHashMap.newKeySet();
    final Set<String> failingRecord = ConcurrentHashMap.newKeySet();
    /** Things whose delete answers "not found": after deleting them (the answer lost, the call sent again), or not. */
    final Set<String> deletedThenNotFound = ConcurrentHashMap.newKeySet();
    final Set<String> notFoundButKept = ConcurrentHashMap.newKeySet();
    /** Things whose create answers "already exists" after making them, in the attempt it was sent in. */
    final Map<String, Integer> madeThenAlreadyExists = new ConcurrentHashMap<>();
    /** The reads of what a delete loses and of what goes with it, as "risk|notes name", in order. */
    final List<String> deletionReads = Collections.synchronizedList(new ArrayList<>());
    /** What was prepared, as "create|update name after N writes". */
    final List<String> prepared = Collections.synchronizedList(new ArrayList<>());
    final Set<String> failingPrepare = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> readBacks = new ConcurrentHashMap<>();
    /** Whether things are read together; the names each read asked for. */
    volatile boolean together;
    final List<List<String>> readTogether = Collections.synchronizedList(new ArrayList<>());
    final List<String> readAlone = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean readsTogether() {
      return together;
    }

    @Override
    public List<Optional<Thing>> readAll(List<Thing> desired) {
      readTogether.add(desired.stream().map(Thing::name).toList());
      return desired.stream().map(thing -> Optional.ofNullable(store.get(thing.name()))).toList();
    }

    @Override
    public void prepare(Optional<Thing> observed, Thing desired) {
      prepared.add((observed.isEmpty() ? "create " : "update ") + desired.name() + " after " + writes.size()
          + " writes");
      if (failingPrepare.contains(desired.name())) {
        throw new IllegalStateException("cannot prepare " + desired.name());
      }
    }

    @Override
    public String name() {
      return "thing";
    }

    @Override
    public Optional<Thing> read(Thing desired) {
      readAlone.add(desired.name());
      CountDownLatch readBack = readBacks.remove(desired.name());
      if (readBack != null) {
        readBack.countDown();
      }
      return Optional.ofNullable(store.get(desired.name()));
    }

    /** The deferred record waits until the read-back has begun: it ends only if it runs beside it. */
    @Override
    public Optional<Runnable> createDeferring(Thing desired) {
      create(desired);
      if (!deferring.contains(desired.name())) {
        return Optional.empty();
      }
      CountDownLatch readBack = new CountDownLatch(1);
      readBacks.put(desired.name(), readBack);
      return Optional.of(() -> {
        try {
          if (!readBack.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the record of " + desired.name() + " waited in vain for its read-back");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
        if (failingRecord.contains(desired.name())) {
          throw new IllegalStateException("cannot record " + desired.name());
        }
        writes.add("record " + desired.name());
      });
    }

    @Override
    public void create(Thing desired) {
      write("create " + desired.name(), desired);
      Integer attempt = madeThenAlreadyExists.get(desired.name());
      if (attempt != null) {
        throw AwsServiceException.builder().statusCode(400).numAttempts(attempt)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AlreadyExistsException")
                .errorMessage("Thing " + desired.name() + " already exists.").build()).build();
      }
    }

    @Override
    public void update(Thing observed, Thing desired, Set<String> changed) {
      write("update " + desired.name() + " " + changed, desired);
    }

    @Override
    public void delete(Thing observed) {
      if (notFoundButKept.contains(observed.name())) {
        throw notFound(observed);
      }
      writes.add("delete " + observed.name());
      store.remove(observed.name());
      if (deletedThenNotFound.contains(observed.name())) {
        throw notFound(observed);
      }
    }

    private static AwsServiceException notFound(Thing observed) {
      return AwsServiceException.builder().statusCode(404).awsErrorDetails(AwsErrorDetails.builder()
          .errorCode("NoSuchEntity").errorMessage("The thing " + observed.name() + " cannot be found.").build())
          .build();
    }

    private void write(String what, Thing thing) {
      if (failing.contains(thing.name())) {
        throw new IllegalStateException("cannot write " + thing.name());
      }
      writes.add(what);
      store.put(thing.name(), thing);
    }

    @Override
    public Map<String, String> outputs(Thing observed) {
      return Map.of("id", "id-of-" + observed.name());
    }

    @Override
    public Optional<Map<String, String>> tags(Thing observed) {
      return owned.contains(observed.name()) ? Optional.of(DEV.ownershipTags()) : Optional.empty();
    }

    @Override
    public List<String> createNotes(Thing desired) {
      return leavingNeighbours.contains(desired.name()) ? List.of("its neighbours stay") : List.of();
    }

    @Override
    public List<String> deletionNotes(Thing observed) {
      deletionReads.add("notes " + observed.name());
      return takingOthersAlong.contains(observed.name()) ? List.of("deleting it deletes its leaves") : List.of();
    }

    @Override
    public Optional<String> removedOnlyWithDependencies(Thing observed) {
      return goingWithDependencies.contains(observed.name())
          ? Optional.of(observed.name() + " goes with what it depends on") : Optional.empty();
    }

    @Override
    public Optional<DataRisk> deletionRisk(Thing observed) {
      return deletionRisk(observed, List.of());
    }

    @Override
    public Optional<DataRisk> deletionRisk(Thing observed, List<Map<String, String>> goingFirst) {
      if (holdingData.contains(observed.name())) {
        return Optional.of(new DataRisk(DataRisk.BUCKET_OBJECTS, "thing " + observed.name() + " holds objects"));
      }
      return holdingTheTable.contains(observed.name()) && !goingFirst.contains(outputs(new Thing("table", "t", null)))
          ? Optional.of(new DataRisk(DataRisk.DATABASE_TABLES, "thing " + observed.name() + " holds the table"))
          : Optional.empty();
    }

    @Override
    public List<DataRisk> deletionRisks(Thing observed, List<Map<String, String>> goingFirst) {
      deletionReads.add("risk " + observed.name());
      List<DataRisk> risks = new ArrayList<>(deletionRisk(observed, goingFirst).stream().toList());
      if (holdingFiles.contains(observed.name())) {
        risks.add(new DataRisk(DataRisk.TABLE_DATA, "thing " + observed.name() + " holds files"));
      }
      return risks;
    }
  }

  private final Things things = new Things();

  /** key <- bucket (refers to the key's id) <- table; and an orphan to delete when present. */
  private ResourceProvider provider(String bucketValue, boolean withOrphan) {
    Address key = Address.parse("thing.key");
    Address bucket = Address.parse("thing.bucket");
    return new ResourceProvider() {
      @Override
      public List<Desired<?>> desired(ProvisionContext context) {
        return List.of(
            Desired.of(Address.parse("thing.table"), things, Set.of(bucket), o -> new Thing("table", "t", null)),
            Desired.of(bucket, things, Set.of(key), o -> new Thing("bucket", bucketValue, o.get(key, "id"))),
            Desired.of(key, things, Set.of(), o -> new Thing("key", "k", null)));
      }

      @Override
      public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
        Thing orphan = things.store.get("orphan");
        return withOrphan && orphan != null
            ? List.of(new Discovered<>(Address.parse("thing.orphan"), things, orphan, Set.of(key)))
            : List.of();
      }
    };
  }

  private Engine engine(ResourceProvider provider, Overrides overrides) {
    return new Engine(null, List.of(provider), 4, overrides, List.of(Duration.ZERO));
  }

  /** Reads the stack the provider gives and applies its whole plan. */
  private ApplyResult readAndApply(ResourceProvider provider) {
    Engine engine = engine(provider, Overrides.NONE);
    LiveStack live = engine.read(DEV);
    return engine.apply(live, live.plan(), ApplyListener.NONE, new Cancellation());
  }

  @Test
  void createsInDependencyOrderPassingOutputsAlong() {
    Engine engine = engine(provider("v1", false), Overrides.NONE);
    LiveStack live = engine.read(DEV);
    Plan plan = live.plan();

    assertThat(plan.changes()).extracting(c -> c.action().symbol() + " " + c.address())
        .containsExactly("+ thing.key", "+ thing.bucket", "+ thing.table");
    assertThat(plan.change(Address.parse("thing.bucket")).after().path("ref").asText()).isEqualTo(Outputs.UNKNOWN);

    ApplyResult result = engine.apply(live, plan, ApplyListener.NONE, new Cancellation());

    assertThat(result.succeeded()).isTrue();
    assertThat(things.writes).containsExactly("create key", "create bucket", "create table");
    assertThat(things.store.get("bucket").ref()).isEqualTo("id-of-key");
    assertThat(engine.read(DEV).plan().hasChanges()).isFalse();
  }

  @Test
  void aKindThatReadsTogetherIsReadWithOneCallForTheStackAndAloneAfterAWrite() {
    things.together = true;
    things.store.put("bucket", new Thing("bucket", "v0", "id-of-key"));
    Engine engine = engine(provider("v1", false), Overrides.NONE);

    LiveStack live = engine.read(DEV);

    assertThat(things.readTogether).containsExactly(List.of("table", "bucket", "key"));
    assertThat(things.readAlone).isEmpty();
    assertThat(live.plan().changes()).extracting(c -> c.action().symbol() + " " + c.address())
        .containsExactly("+ thing.key", "~ thing.bucket", "+ thing.table");

    assertThat(engine.apply(live, live.plan(), ApplyListener.NONE, new Cancellation()).succeeded()).isTrue();
    assertThat(things.readTogether).hasSize(1);
    assertThat(things.readAlone).as("each write is read back alone").contains("key", "bucket", "table");
  }

  @Test
  void theDeclarationsAndSearchesOfOneReadShareOneContext() {
    AtomicInteger made = new AtomicInteger();
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    ResourceProvider provider = new ResourceProvider() {
      @Override
      public List<Desired<?>> desired(ProvisionContext context) {
        seen.add(context.shared("listing", made::incrementAndGet));
        return List.of();
      }

      @Override
      public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
        seen.add(context.shared("listing", made::incrementAndGet));
        return List.of();
      }
    };
    Engine engine = engine(provider, Overrides.NONE);

    engine.read(DEV);
    engine.read(DEV);

    assertThat(seen).as("made once per read of the stack").containsExactly(1, 1, 2, 2);
  }

  @Test
  void everyCreateAndUpdateIsPreparedBeforeTheFirstWriteUnlessItWaitsForAnOutput() {
    things.store.put("orphan", new Thing("orphan", "o", null));

    assertThat(readAndApply(provider("v1", true)).succeeded()).isTrue();

    // The bucket refers to the key's id, known once the key is made: its write does it all. The
    // orphan is deleted, which prepares nothing.
    assertThat(things.prepared).containsExactly("create key after 0 writes", "create table after 0 writes");
    assertThat(things.writes).containsExactlyInAnyOrder("create key", "create bucket", "create table", "delete orphan");

    things.prepared.clear();
    assertThat(readAndApply(provider("v2", false)).succeeded()).isTrue();
    assertThat(things.prepared).containsExactly("update bucket after 4 writes");
  }

  @Test
  void aPreparationThatFailsLeavesItAllToTheWrite() {
    things.failingPrepare.add("key");

    ApplyResult result = readAndApply(provider("v1", false));

    assertThat(result.succeeded()).isTrue();
    assertThat(things.prepared).contains("create key after 0 writes");
    assertThat(things.writes).containsExactly("create key", "create bucket", "create table");
  }

  @Test
  void whatACreateDefersRunsBesideItsReadBackAndBeforeWhatDependsOnIt() {
    things.deferring.add("key");

    ApplyResult result = readAndApply(provider("v1", false));

    assertThat(result.succeeded()).isTrue();
    assertThat(things.writes).containsExactly("create key", "record key", "create bucket", "create table");
  }

  @Test
  void whenWhatACreateDeferredFailsTheChangeFailsAndWhatDependsOnItIsSkipped() {
    things.deferring.add("key");
    things.failingRecord.add("key");

    ApplyResult result = readAndApply(provider("v1", false));

    assertThat(result.failed()).containsOnlyKeys(Address.parse("thing.key"));
    assertThat(result.failed().get(Address.parse("thing.key"))).hasMessage("cannot record key");
    assertThat(result.skipped()).containsKeys(Address.parse("thing.bucket"), Address.parse("thing.table"));
    assertThat(things.writes).containsExactly("create key");
  }

  @Test
  void updatesOnlyWhatChangedAndSkipsWhatDependsOnAFailure() {
    Engine first = engine(provider("v1", false), Overrides.NONE);
    LiveStack created = first.read(DEV);
    first.apply(created, created.plan(), ApplyListener.NONE, new Cancellation());
    things.writes.clear();
    things.store.remove("table");
    things.failing.add("bucket");
    Engine engine = engine(provider("v2", false), Overrides.NONE);
    LiveStack live = engine.read(DEV);

    ApplyResult result = engine.apply(live, live.plan(), ApplyListener.NONE, new Cancellation());

    assertThat(result.failed()).containsOnlyKeys(Address.parse("thing.bucket"));
    assertThat(result.failed().get(Address.parse("thing.bucket"))).hasMessage("cannot write bucket");
    assertThat(result.skipped()).containsEntry(Address.parse("thing.table"),
        "not applied: it depends on thing.bucket, which failed");
    assertThat(things.writes).isEmpty();
  }

  @Test
  void deletionsComeAfterEveryOtherChangeAndWaitOutAFailure() {
    Engine first = engine(provider("v1", false), Overrides.NONE);
    LiveStack created = first.read(DEV);
    first.apply(created, created.plan(), ApplyListener.NONE, new Cancellation());
    things.store.put("orphan", new Thing("orphan", "o", null));
    things.writes.clear();

    Engine engine = engine(provider("v2", true), Overrides.NONE);
    LiveStack live = engine.read(DEV);
    assertThat(engine.apply(live, live.plan(), ApplyListener.NONE, new Cancellation()).succeeded()).isTrue();
    assertThat(things.writes).containsExactly("update bucket [value]", "delete orphan");

    things.store.put("orphan", new Thing("orphan", "o", null));
    things.failing.add("bucket");
    Engine failing = engine(provider("v3", true), Overrides.NONE);
    LiveStack again = failing.read(DEV);
    ApplyResult result = failing.apply(again, again.plan(), ApplyListener.NONE, new Cancellation());
    assertThat(result.skipped()).containsEntry(Address.parse("thing.orphan"),
        "not applied: deletions come last, and thing.bucket failed");
    assertThat(things.store).containsKey("orphan");
  }

  @Test
  void aDeletionLeftUndoneNamesWhatHadToGoBeforeIt() {
    ownedThings("key", "bucket", "table");
    things.notFoundButKept.add("table");
    Engine engine = engine(provider("v1", false), Overrides.NONE);
    LiveStack live = engine.read(DEV);

    ApplyResult result = engine.apply(live, engine.destroyPlan(live, Set.of()), ApplyListener.NONE,
        new Cancellation());

    assertThat(result.failed()).containsOnlyKeys(Address.parse("thing.table"));
    assertThat(result.skipped()).containsOnly(
        Map.entry(Address.parse("thing.bucket"),
            "not applied: it goes only after thing.table, which depends on it, and which failed"),
        Map.entry(Address.parse("thing.key"),
            "not applied: it goes only after thing.bucket, which depends on it, and which was not applied"));
    assertThat(things.store).containsKeys("key", "bucket", "table");
  }

  @Test
  void aCreateSentAgainAfterItsAnswerWasLostIsCreatedNotMadeMeanwhileByAnotherApply() {
    things.owned.addAll(Set.of("key", "bucket"));
    things.madeThenAlreadyExists.put("key", 2);
    things.madeThenAlreadyExists.put("bucket", 1);
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    ApplyListener listener = new ApplyListener() {
      @Override
      public void finished(Change change, Duration elapsed) {
        heard.add("created " + change.address());
      }

      @Override
      public void finishedMadeMeanwhile(Change change, Duration elapsed) {
        heard.add("made meanwhile " + change.address());
      }
    };
    Engine engine = engine(provider("v1", false), Overrides.NONE);
    LiveStack live = engine.read(DEV);

    ApplyResult result = engine.apply(live, live.plan(), listener, new Cancellation());

    assertThat(result.succeeded()).as("%s", result.failed()).isTrue();
    assertThat(heard).containsExactly("created thing.key", "made meanwhile thing.bucket", "created thing.table");
  }

  @Test
  void aDeleteAnsweredNotFoundIsDoneWhenTheThingIsGoneAndFailsWhenItIsStillThere() {
    Engine first = engine(provider("v1", false), Overrides.NONE);
    LiveStack created = first.read(DEV);
    first.apply(created, created.plan(), ApplyListener.NONE, new Cancellation());
    things.store.put("orphan", new Thing("orphan", "o", null));
    things.deletedThenNotFound.add("orphan");

    Engine engine = engine(provider("v1", true), Overrides.NONE);
    LiveStack live = engine.read(DEV);
    ApplyResult result = engine.apply(live, live.plan(), ApplyListener.NONE, new Cancellation());

    assertThat(result.succeeded()).as("%s", result.failed()).isTrue();
    assertThat(result.done()).extracting(Change::address).containsExactly(Address.parse("thing.orphan"));
    assertThat(things.store).doesNotContainKey("orphan");

    things.store.put("orphan", new Thing("orphan", "o", null));
    things.notFoundButKept.add("orphan");
    LiveStack again = engine.read(DEV);
    ApplyResult failed = engine.apply(again, again.plan(), ApplyListener.NONE, new Cancellation());

    assertThat(failed.failed()).containsOnlyKeys(Address.parse("thing.orphan"));
    assertThat(failed.failed().get(Address.parse("thing.orphan")).getMessage())
        .contains("NoSuchEntity: The thing orphan cannot be found.");
    assertThat(things.store).containsKey("orphan");
  }

  @Test
  void anInterruptedApplyStartsNothingNew() {
    Engine engine = engine(provider("v1", false), Overrides.NONE);
    LiveStack live = engine.read(DEV);
    Cancellation cancellation = new Cancellation();
    cancellation.cancel();

    ApplyResult result = engine.apply(live, live.plan(), ApplyListener.NONE, cancellation);

    assertThat(result.interrupted()).isTrue();
    assertThat(result.skipped()).hasSize(3).containsValue("not applied: interrupted");
    assertThat(things.writes).isEmpty();
  }

  @Test
  void deletingWhatHoldsDataNeedsTheNamedOverride() {
    things.store.put("orphan", new Thing("orphan", "o", null));
    things.holdingData.add("orphan");
    Engine guarded = engine(provider("v1", true), Overrides.NONE);
    LiveStack live = guarded.read(DEV);
    Plan plan = live.plan();
    assertThat(plan.change(Address.parse("thing.orphan")).action()).isEqualTo(Action.DELETE);
    assertThat(plan.changes().get(plan.changes().size() - 1).address()).isEqualTo(Address.parse("thing.orphan"));

    assertThatThrownBy(() -> guarded.apply(live, plan, ApplyListener.NONE, new Cancellation()))
        .isInstanceOf(Refused.class)
        .hasMessage("Cannot delete thing.orphan: thing orphan holds objects; to allow it, pass "
            + "--allow-data-loss bucket-objects");
    assertThat(things.writes).isEmpty();

    Engine allowed = engine(provider("v1", true), new Overrides(Set.of(DataRisk.BUCKET_OBJECTS)));
    LiveStack again = allowed.read(DEV);
    assertThat(allowed.apply(again, again.plan(), ApplyListener.NONE, new Cancellation()).succeeded()).isTrue();
    assertThat(things.writes).contains("delete orphan");
    assertThat(things.store).doesNotContainKey("orphan");
  }

  @Test
  void whatADeleteLosesIsReadBeforeWhatGoesWithItSoThatTheNoteReusesThatListing() {
    things.store.put("orphan", new Thing("orphan", "o", null));
    Engine engine = engine(provider("v1", true), Overrides.NONE);
    LiveStack live = engine.read(DEV);

    engine.plan(live, Set.of());
    assertThat(things.deletionReads).containsExactly("risk orphan", "notes orphan");

    things.deletionReads.clear();
    engine.destroyPlan(live, Set.of(Address.parse("thing.orphan")));
    assertThat(things.deletionReads).containsExactly("risk orphan", "notes orphan");
  }

  @Test
  void aDeletionThatLosesDataOfTwoKindsNeedsBothAndShowsEachWithItsOwnKind() {
    things.store.put("orphan", new Thing("orphan", "o", null));
    things.holdingData.add("orphan");
    things.holdingFiles.add("orphan");
    Engine filesOnly = engine(provider("v1", true), new Overrides(Set.of(DataRisk.TABLE_DATA)));
    LiveStack live = filesOnly.read(DEV);
    Plan plan = filesOnly.plan(live, Set.of());

    assertThat(plan.risks()).extracting(r -> r.address() + " " + r.risk().kind() + " " + r.allowed()).containsExactly(
        "thing.orphan bucket-objects false", "thing.orphan table-data true");
    assertThatThrownBy(() -> filesOnly.checkAllowedAsPlanned(live, plan)).isInstanceOf(Refused.class)
        .hasMessage("Cannot delete thing.orphan: thing orphan holds objects; to allow it, pass "
            + "--allow-data-loss bucket-objects");
    assertThat(filesOnly.destroyPlan(live, Set.of()).kept()).extracting(k -> k.address() + ": " + k.reason())
        .containsExactly("thing.orphan: thing orphan holds objects; to allow it, pass --allow-data-loss "
            + "bucket-objects");

    Engine objectsOnly = engine(provider("v1", true), new Overrides(Set.of(DataRisk.BUCKET_OBJECTS)));
    LiveStack again = objectsOnly.read(DEV);
    assertThatThrownBy(() -> objectsOnly.checkAllowedAsPlanned(again, objectsOnly.plan(again, Set.of())))
        .isInstanceOf(Refused.class).hasMessage("Cannot delete thing.orphan: thing orphan holds files; to allow it, "
            + "pass --allow-data-loss table-data");
    assertThat(things.writes).isEmpty();
  }

  /** Things the stack owns, each at v1. */
  private void ownedThings(String... names) {
    for (String name : names) {
      things.store.put(name, new Thing(name, "v1", null));
      things.owned.add(name);
    }
  }

  /** What a destroy of the target keeps, as {@code address: reason}; it destroys nothing. */
  private static List<String> keptByDestroyOf(Engine engine, LiveStack live, String target) {
    Plan plan = engine.destroyPlan(live, Set.of(Address.parse(target)));
    assertThat(plan.toDestroy()).isZero();
    return plan.kept().stream().map(k -> k.address() + ": " + k.reason()).toList();
  }

  @Test
  void aDeletionSaysWhatElseGoesWithIt() {
    ownedThings("key", "bucket", "table", "orphan");
    things.takingOthersAlong.addAll(Set.of("orphan", "key"));
    Engine engine = engine(provider("v1", true), Overrides.NONE);
    LiveStack live = engine.read(DEV);

    Plan plan = engine.plan(live, Set.of());
    assertThat(plan.change(Address.parse("thing.orphan")).notes()).containsExactly("deleting it deletes its leaves");
    assertThat(plan.change(Address.parse("thing.key")).notes()).isEmpty();

    Plan destroy = engine.destroyPlan(live, Set.of());
    assertThat(destroy.change(Address.parse("thing.key")).notes()).containsExactly("deleting it deletes its leaves");
    assertThat(destroy.change(Address.parse("thing.bucket")).notes()).isEmpty();
  }

  @Test
  void aCreateSaysWhatItLeavesInItsPlace() {
    things.leavingNeighbours.add("bucket");
    Engine engine = engine(provider("v1", false), Overrides.NONE);

    Plan plan = engine.plan(engine.read(DEV), Set.of());

    assertThat(plan.change(Address.parse("thing.bucket")).notes()).containsExactly("its neighbours stay");
    assertThat(plan.change(Address.parse("thing.key")).notes()).isEmpty();
  }

  @Test
  void aTargetedDestroyKeepsWhatDependsOnATargetItKeeps() {
    ownedThings("key", "bucket", "table");
    things.holdingData.add("bucket");
    Engine engine = engine(provider("v1", false), Overrides.NONE);
    LiveStack live = engine.read(DEV);

    assertThat(keptByDestroyOf(engine, live, "thing.bucket")).containsExactly(
        "thing.bucket: thing bucket holds objects; to allow it, pass --allow-data-loss bucket-objects",
        "thing.table: it would go only because it depends on thing.bucket, which is kept");

    assertThat(keptByDestroyOf(engine, live, "thing.key")).containsExactly(
        "thing.bucket: thing bucket holds objects; to allow it, pass --allow-data-loss bucket-objects",
        "thing.key: thing.bucket is kept and needs it",
        "thing.table: it would go only because it depends on thing.key, which is kept");

    Engine allowed = engine(provider("v1", false), new Overrides(Set.of(DataRisk.BUCKET_OBJECTS)));
    Plan all = allowed.destroyPlan(allowed.read(DEV), Set.of(Address.parse("thing.key")));
    assertThat(all.kept()).isEmpty();
    assertThat(all.changes()).extracting(c -> c.address().toString())
        .containsExactly("thing.table", "thing.bucket", "thing.key");
  }

  @Test
  void whatDependsOnAThingAndGoesBeforeItInTheSameRunIsNoDataItLoses() {
    ownedThings("key", "bucket", "table");
    things.holdingTheTable.add("bucket");
    Engine engine = engine(provider("v1", false), Overrides.NONE);

    Plan all = engine.destroyPlan(engine.read(DEV), Set.of());
    assertThat(all.kept()).isEmpty();
    assertThat(all.changes()).extracting(c -> c.address().toString())
        .containsExactly("thing.table", "thing.bucket", "thing.key");

    things.holdingData.add("table");
    Plan tableKept = engine.destroyPlan(engine.read(DEV), Set.of());
    assertThat(tableKept.kept()).extracting(k -> k.address() + ": " + k.reason()).containsExactly(
        "thing.table: thing table holds objects; to allow it, pass --allow-data-loss bucket-objects",
        "thing.bucket: thing.table is kept and needs it",
        "thing.key: thing.bucket is kept and needs it");
  }

  @Test
  void aTargetedDestroyKeepsWhatGoesOnlyWithADependencyThatStays() {
    ownedThings("key", "bucket", "table");
    things.goingWithDependencies.add("table");
    Engine engine = engine(provider("v1", false), Overrides.NONE);
    LiveStack live = engine.read(DEV);

    assertThat(keptByDestroyOf(engine, live, "thing.table")).containsExactly(
        "thing.table: it is removed only with thing.bucket: table goes with what it depends on");

    Plan all = engine.destroyPlan(live, Set.of());
    assertThat(all.kept()).isEmpty();
    assertThat(all.changes()).extracting(c -> c.address().toString()).containsExactly("thing.bucket", "thing.key");
    assertThat(all.change(Address.parse("thing.bucket")).notes())
        .containsExactly("deleting it also removes thing.table: table goes with what it depends on");
  }

  @Test
  void aTargetThatIsNoAddressOfTheStackSaysWhichAddressesItMayMean() {
    ResourceProvider grants = new ResourceProvider() {
      @Override
      public List<Desired<?>> desired(ProvisionContext context) {
        return List.of(
            Desired.of(Address.parse("thing.analyst.processed"), things, Set.of(), o -> new Thing("p", "v", null)),
            Desired.of(Address.parse("thing.analyst.curated"), things, Set.of(), o -> new Thing("c", "v", null)));
      }

      @Override
      public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
        return List.of();
      }
    };
    LiveStack live = engine(grants, Overrides.NONE).read(DEV);

    assertThatThrownBy(() -> live.targets(List.of("thing.analyst"))).isInstanceOf(Refused.class)
        .hasMessage("Cannot target thing.analyst: the stack has no resource at that address, but 2 under it "
            + "(thing.analyst.curated, thing.analyst.processed); give each one you mean as a --target of its own");
    assertThatThrownBy(() -> live.targets(List.of("thing.analyst.procesed"))).isInstanceOf(Refused.class)
        .hasMessage("Cannot target thing.analyst.procesed: the stack has no resource at that address; did you mean "
            + "'thing.analyst.processed'? (see the addresses in `lakehouse plan`)");
    assertThatThrownBy(() -> live.targets(List.of("thing.analyst.processed, thing.analyst.curated")))
        .isInstanceOf(Refused.class)
        .hasMessage("Cannot target thing.analyst.processed, thing.analyst.curated: the stack has no resource at that "
            + "address; --target takes one address: give each as a --target of its own (--target "
            + "thing.analyst.processed --target thing.analyst.curated)");
  }

  private static final String PROTECTED = "environment 'prod' has deletionProtection; the plan would remove it (to "
      + "let it go, set environments.prod.deletionProtection: false for the apply that removes it, and true again after)";

  @Test
  void deletionProtectionRefusesEveryDelete() {
    things.store.put("orphan", new Thing("orphan", "o", null));
    Engine engine = engine(provider("v1", true), Overrides.NONE);
    LiveStack live = engine.read(PROD);

    assertThatThrownBy(() -> engine.checkAllowed(live, live.plan()))
        .isInstanceOf(Refused.class)
        .hasMessage("Cannot delete thing.orphan: " + PROTECTED);

    // The plan shows it: the delete carries the refusal, and only the delete.
    Plan plan = engine.plan(live, Set.of());
    assertThat(plan.change(Address.parse("thing.orphan")).refusals())
        .containsExactly(PROTECTED);
    assertThat(plan.changes()).filteredOn(c -> c.action() != Action.DELETE).allSatisfy(c ->
        assertThat(c.refusals()).isEmpty());
    assertThatThrownBy(() -> engine.checkAllowed(live, plan)).isInstanceOf(Refused.class)
        .hasMessage("Cannot delete thing.orphan: " + PROTECTED);
    assertThat(engine.plan(engine.read(DEV), Set.of()).change(Address.parse("thing.orphan")).refusals()).isEmpty();
  }

  @Test
  void aRefusalSaysHowManyOtherChangesCannotBeMadeEither() {
    for (String name : List.of("orphan", "stray")) {
      things.store.put(name, new Thing(name, "o", null));
    }
    ResourceProvider orphans = new ResourceProvider() {
      @Override
      public List<Desired<?>> desired(ProvisionContext context) {
        return List.of();
      }

      @Override
      public List<Discovered<?>> discover(ProvisionContext context, Set<Address> declared) {
        return List.of(new Discovered<>(Address.parse("thing.orphan"), things, things.store.get("orphan"), Set.of()),
            new Discovered<>(Address.parse("thing.stray"), things, things.store.get("stray"), Set.of()));
      }
    };
    Engine engine = engine(orphans, Overrides.NONE);
    LiveStack live = engine.read(PROD);

    assertThatThrownBy(() -> engine.checkAllowed(live, live.plan()))
        .isInstanceOf(Refused.class)
        .hasMessage("Cannot delete thing.stray: " + PROTECTED + " "
            + "(and 1 other change that cannot be made as they stand: lakehouse plan shows why for each)");
  }


}
