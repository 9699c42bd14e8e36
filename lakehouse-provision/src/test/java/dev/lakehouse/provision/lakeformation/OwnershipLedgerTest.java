package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.CreateLfTagRequest;
import software.amazon.awssdk.services.lakeformation.model.EntityNotFoundException;
import software.amazon.awssdk.services.lakeformation.model.UpdateLfTagRequest;
import software.amazon.awssdk.services.lakeformation.model.UpdateLfTagResponse;

/** The ownership record in its LF-Tag. */
class OwnershipLedgerTest {
  private static final String ADMIN = "arn:aws:iam::123456789012:role/acme-dev-lakehouse-admin";
  private static final String OTHER = "arn:aws:iam::123456789012:role/acme-dev-other";
  private final FakeLakeFormation lakeFormation = new FakeLakeFormation();
  private final OwnershipLedger ledger = new OwnershipLedger(lakeFormation, "123456789012", "acme", "ledgertest");

  @Test
  void entriesAreAKindAndADigestOfTheIdentity() {
    assertThat(OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, ADMIN)).matches("admin-[0-9a-f]{16}")
        .isEqualTo(OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, ADMIN))
        .isNotEqualTo(OwnershipLedger.entry(OwnershipLedger.Kind.GRANT, ADMIN))
        .isNotEqualTo(OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, OTHER));
    assertThat(OwnershipLedger.tagKey("acme", "dev")).isEqualTo("lakehouse:acme:dev");
  }

  @Test
  void aStackThatMadeNothingHasAnEmptyRecordAndNoTag() {
    assertThat(ledger.entries()).isEmpty();
    assertThat(lakeFormation.tags).isEmpty();
  }

  @Test
  void theFirstRecordMakesTheTagAndLaterOnesAddOnlyWhatIsNew() {
    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(ADMIN));
    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(ADMIN, OTHER));
    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(OTHER));
    assertThat(lakeFormation.requests(CreateLfTagRequest.class)).singleElement()
        .satisfies(create -> assertThat(create.tagKey()).isEqualTo("lakehouse:acme:ledgertest"));
    assertThat(lakeFormation.requests(UpdateLfTagRequest.class)).singleElement()
        .satisfies(update -> assertThat(update.tagValuesToAdd())
            .containsExactly(OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, OTHER)));
    assertThat(ledger.owns(ledger.entries(), OwnershipLedger.Kind.ADMIN, OTHER)).isTrue();
    assertThat(ledger.owns(ledger.entries(), OwnershipLedger.Kind.GRANT, OTHER)).isFalse();
  }

  @Test
  void recordingWhatWasMadeIsOneWriteAfterTheReadStartedBeforeIt() {
    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(ADMIN));
    lakeFormation.requests.clear();
    OwnershipLedger.Recording recording = ledger.recording();
    recording.record(OwnershipLedger.Kind.GRANT, List.of(OTHER));
    assertThat(lakeFormation.requests).extracting(r -> r.getClass().getSimpleName())
        .containsExactly("GetLfTagRequest", "UpdateLfTagRequest");
  }

  @Test
  void aTagDroppedSinceTheReadIsMadeAgain() {
    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(ADMIN));
    OwnershipLedger.Recording recording = ledger.recording();
    ledger.forget(OwnershipLedger.Kind.ADMIN, List.of(ADMIN));
    recording.record(OwnershipLedger.Kind.GRANT, List.of(OTHER));
    assertThat(ledger.entries()).containsExactly(OwnershipLedger.entry(OwnershipLedger.Kind.GRANT, OTHER));
  }

  @Test
  void aTagAnotherRunMadeSinceTheReadIsAddedTo() {
    OwnershipLedger.Recording recording = ledger.recording();
    new OwnershipLedger(lakeFormation, "123456789012", "acme", "ledgertest").recording()
        .record(OwnershipLedger.Kind.ADMIN, List.of(ADMIN));
    recording.record(OwnershipLedger.Kind.GRANT, List.of(OTHER));
    assertThat(ledger.entries()).containsExactlyInAnyOrder(OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, ADMIN),
        OwnershipLedger.entry(OwnershipLedger.Kind.GRANT, OTHER));
  }

  @Test
  void forgettingNothingAsksNothing() {
    ledger.forget(OwnershipLedger.Kind.ADMIN, List.of());
    assertThat(lakeFormation.requests).isEmpty();
  }

  @Test
  void forgettingTheLastEntryDropsTheTag() {
    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(ADMIN, OTHER));
    ledger.forget(OwnershipLedger.Kind.ADMIN, List.of(ADMIN));
    assertThat(ledger.entries()).containsExactly(OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, OTHER));
    ledger.forget(OwnershipLedger.Kind.ADMIN, List.of(OTHER, "arn:never-recorded"));
    assertThat(lakeFormation.tags).isEmpty();
    assertThat(lakeFormation.writes()).containsExactly("CreateLfTag", "UpdateLfTag", "DeleteLfTag");
  }

  @Test
  void aThingLeavesTheRecordBeforeItIsTakenAwayAndComesBackWhenTheRemovalFails() {
    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(ADMIN, OTHER));
    String admin = OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, ADMIN);
    List<Set<String>> seenByRemoval = new ArrayList<>();

    ledger.forgetWhile(OwnershipLedger.Kind.ADMIN, List.of(ADMIN), () -> seenByRemoval.add(ledger.entries()));
    assertThat(seenByRemoval).singleElement().satisfies(entries -> assertThat(entries).doesNotContain(admin));
    assertThat(ledger.entries()).doesNotContain(admin);

    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(ADMIN));
    RuntimeException denied = new IllegalStateException("AccessDenied");
    assertThatThrownBy(() -> ledger.forgetWhile(OwnershipLedger.Kind.ADMIN, List.of(ADMIN), () -> {
      throw denied;
    })).isSameAs(denied);
    assertThat(ledger.entries()).as("recorded again: the next run takes it away").contains(admin);

    assertThatThrownBy(() -> ledger.forgetWhile(OwnershipLedger.Kind.ADMIN, List.of(ADMIN), () -> {
      throw EntityNotFoundException.builder().message("not there").build();
    })).isInstanceOf(EntityNotFoundException.class);
    assertThat(ledger.entries()).as("gone: nothing to record").doesNotContain(admin);
  }

  @Test
  void aFailedRemovalOfAThingTheRecordDidNotHoldLeavesItUnrecorded() {
    ledger.recording().record(OwnershipLedger.Kind.ADMIN, List.of(OTHER));
    String admin = OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, ADMIN);
    RuntimeException denied = new IllegalStateException("AccessDenied");

    assertThatThrownBy(() -> ledger.forgetWhile(OwnershipLedger.Kind.ADMIN, List.of(ADMIN), () -> {
      throw denied;
    })).isSameAs(denied);

    assertThat(ledger.entries()).as("never the stack's: a failed removal does not make it so").doesNotContain(admin)
        .containsExactly(OwnershipLedger.entry(OwnershipLedger.Kind.ADMIN, OTHER));
  }

  @Test
  void manyEntriesGoFiftyACall() {
    ledger.recording().record(OwnershipLedger.Kind.GRANT, IntStream.range(0, 120).mapToObj(i -> "grant " + i).toList());
    assertThat(lakeFormation.requests(CreateLfTagRequest.class).get(0).tagValues()).hasSize(50);
    assertThat(lakeFormation.requests(UpdateLfTagRequest.class)).extracting(u -> u.tagValuesToAdd().size())
        .containsExactly(50, 20);
    assertThat(ledger.entries()).hasSize(120);
  }

  @Test
  void thingsRecordedWhileAWriteIsUnderWayGoInTheNextWriteTogether() throws Exception {
    HeldLakeFormation held = new HeldLakeFormation("lakehouse:acme:grouped");

    List<Throwable> failures = recordWhileTheFirstWriteIsHeld(held, "grouped", "grant a", "grant b", "grant c");

    assertThat(failures).isEmpty();
    List<UpdateLfTagRequest> writes = held.requests(UpdateLfTagRequest.class);
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0).tagValuesToAdd())
        .containsExactly(OwnershipLedger.entry(OwnershipLedger.Kind.GRANT, "grant a"));
    // The two waiting recordings reach the record in whatever order their threads run.
    assertThat(writes.get(1).tagValuesToAdd())
        .containsExactlyInAnyOrder(OwnershipLedger.entry(OwnershipLedger.Kind.GRANT, "grant b"),
            OwnershipLedger.entry(OwnershipLedger.Kind.GRANT, "grant c"));
    assertThat(new OwnershipLedger(held, "123456789012", "acme", "grouped").entries()).hasSize(4);
  }

  @Test
  void aWriteThatFailsFailsEveryThingItCarried() throws Exception {
    HeldLakeFormation held = new HeldLakeFormation("lakehouse:acme:failing");
    held.failAfterFirst = true;

    List<Throwable> failures = recordWhileTheFirstWriteIsHeld(held, "failing", "grant a", "grant b", "grant c");

    assertThat(failures).hasSize(2).allSatisfy(failure -> assertThat(failure).hasMessageContaining("throttled"));
    assertThat(held.requests(UpdateLfTagRequest.class)).hasSize(2);
  }

  /**
   * Records each identity on a thread of its own, through a ledger of its own (as providers
   * make them), the later ones once the first one's write is under way and held; releases it
   * when the others wait for the record. Returns what the recordings threw.
   */
  private static List<Throwable> recordWhileTheFirstWriteIsHeld(HeldLakeFormation held, String env,
      String... identities) throws InterruptedException {
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> recorders = new ArrayList<>();
    for (String identity : identities) {
      OwnershipLedger.Recording recording = new OwnershipLedger(held, "123456789012", "acme", env).recording();
      Thread recorder = new Thread(() -> {
        try {
          recording.record(OwnershipLedger.Kind.GRANT, List.of(identity));
        } catch (RuntimeException e) {
          failures.add(e);
        }
      });
      recorders.add(recorder);
      recorder.start();
      if (recorders.size() == 1) {
        assertThat(held.begun.await(10, TimeUnit.SECONDS)).isTrue();
      }
    }
    for (Thread waiting : recorders.subList(1, recorders.size())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!waitsForTheRecord(waiting)) {
        assertThat(System.nanoTime()).as("a recording waits for the record").isLessThan(deadline);
        Thread.sleep(1);
      }
    }
    held.release.countDown();
    for (Thread recorder : recorders) {
      recorder.join(10_000);
    }
    return failures;
  }

  private static boolean waitsForTheRecord(Thread thread) {
    ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
    return info != null && info.getThreadState() == Thread.State.BLOCKED
        && info.getLockName().startsWith(OwnershipLedger.class.getName() + "$Writer@");
  }

  /**
   * Lake Formation holding a record with one entry, whose first UpdateLFTag waits to be released;
   * the later ones fail when asked to.
   */
  private static final class HeldLakeFormation extends FakeLakeFormation {
    final CountDownLatch begun = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger updates = new AtomicInteger();
    volatile boolean failAfterFirst;

    HeldLakeFormation(String tagKey) {
      tags.put(tagKey, new LinkedHashSet<>(List.of("admin-0000000000000000")));
    }

    @Override
    public UpdateLfTagResponse updateLFTag(UpdateLfTagRequest request) {
      if (updates.getAndIncrement() == 0) {
        begun.countDown();
        try {
          assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      } else if (failAfterFirst) {
        requests.add(request);
        throw new IllegalStateException("throttled");
      }
      return super.updateLFTag(request);
    }
  }
}
