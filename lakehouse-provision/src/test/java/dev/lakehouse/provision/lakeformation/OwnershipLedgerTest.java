package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.CreateLfTagRequest;
import software.amazon.awssdk.services.lakeformation.model.UpdateLfTagRequest;

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
  void manyEntriesGoFiftyACall() {
    ledger.recording().record(OwnershipLedger.Kind.GRANT, IntStream.range(0, 120).mapToObj(i -> "grant " + i).toList());
    assertThat(lakeFormation.requests(CreateLfTagRequest.class).get(0).tagValues()).hasSize(50);
    assertThat(lakeFormation.requests(UpdateLfTagRequest.class)).extracting(u -> u.tagValuesToAdd().size())
        .containsExactly(50, 20);
    assertThat(ledger.entries()).hasSize(120);
  }
}
