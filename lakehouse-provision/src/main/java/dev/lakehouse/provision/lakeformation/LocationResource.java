package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.CallAttempts;
import dev.lakehouse.provision.resource.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.lakeformation.model.EntityNotFoundException;
import software.amazon.awssdk.services.lakeformation.model.ResourceInfo;

/**
 * A zone bucket registered as a Lake Formation data location with the service-linked role
 * ({@code UseServiceLinkedRole}); deregistered when the config stops registering it, if the
 * stack registered it.
 */
public final class LocationResource implements ResourceType<LocationSpec> {
  private final LakeFormationClient lakeFormation;
  private final OwnershipLedger ledger;

  public LocationResource(LakeFormationClient lakeFormation, OwnershipLedger ledger) {
    this.lakeFormation = lakeFormation;
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return Addresses.LAKEFORMATION_LOCATION;
  }

  @Override
  public Optional<LocationSpec> read(LocationSpec desired) {
    try {
      ResourceInfo info = lakeFormation.describeResource(b -> b.resourceArn(desired.resourceArn())).resourceInfo();
      return Optional.of(new LocationSpec(info.resourceArn(), info.roleArn()));
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void create(LocationSpec desired) {
    createDeferring(desired).ifPresent(Runnable::run);
  }

  /**
   * Registers the location, leaving its entry in the ownership record to be written beside its
   * read-back. A registration the SDK sent again and Lake Formation then found made is this call's
   * own (an earlier attempt's answer was lost): it is recorded like one answered at once.
   */
  @Override
  public Optional<Runnable> createDeferring(LocationSpec desired) {
    OwnershipLedger.Recording recording = ledger.recording();
    CallAttempts attempts = new CallAttempts();
    attempts.create(AlreadyExistsException.class, () -> lakeFormation.registerResource(b ->
        b.resourceArn(desired.resourceArn()).useServiceLinkedRole(true)
            .overrideConfiguration(o -> o.addMetricPublisher(attempts))));
    return Optional.of(() -> recording.record(OwnershipLedger.Kind.LOCATION, List.of(desired.resourceArn())));
  }

  /** A registration has nothing to change in place: its only attribute says which bucket it is. */
  @Override
  public void update(LocationSpec observed, LocationSpec desired, Set<String> changed) {
    // Nothing: a different bucket is a different registration (see replacedWhenChanged).
  }

  @Override
  public Set<String> replacedWhenChanged() {
    return Set.of("resourceArn");
  }

  /** Deregisters the location, once it has left the ownership record (see {@link OwnershipLedger#forgetWhile}). */
  @Override
  public void delete(LocationSpec observed) {
    ledger.forgetWhile(OwnershipLedger.Kind.LOCATION, List.of(observed.resourceArn()),
        () -> lakeFormation.deregisterResource(b -> b.resourceArn(observed.resourceArn())));
  }
}
