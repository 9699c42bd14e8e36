package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.resource.CallAttempts;
import dev.lakehouse.provision.resource.ResourceType;
import java.util.ArrayList;
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
 * stack registered it. A registration made otherwise (with another role, in hybrid access mode, or
 * federated), by someone else or changed by hand, is refused by the plan: apply neither
 * changes it in place nor deregisters it, as the grants of the zone may depend on it either way.
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
      return Optional.of(LocationSpec.of(info));
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

  /** Nothing changes in place: a different bucket is another registration, and any other change is refused. */
  @Override
  public void update(LocationSpec observed, LocationSpec desired, Set<String> changed) {
    // Nothing: see replacedWhenChanged and impossibleChanges.
  }

  /**
   * A registration made otherwise than lakehouse makes it, under which the zone's grants may not
   * decide who reads its data: what it is, and what to do.
   */
  @Override
  public List<String> impossibleChanges(LocationSpec observed, LocationSpec desired) {
    List<String> unlike = new ArrayList<>();
    if (!observed.role().equals(desired.role())) {
      unlike.add("with the role " + observed.role() + " (which Lake Formation reads and writes the data as)");
    }
    if (observed.hybridAccessEnabled() && !desired.hybridAccessEnabled()) {
      unlike.add("in hybrid access mode (where principals not opted in to Lake Formation's permissions read the data "
          + "with their IAM permissions, past the zone's grants and data filters)");
    }
    if (observed.withFederation() && !desired.withFederation()) {
      unlike.add("as a federated resource");
    }
    if (unlike.isEmpty() || !observed.resourceArn().equals(desired.resourceArn())) {
      return List.of();
    }
    // Taking the zone out of registerZones deregisters a registration the stack made, and leaves any other.
    boolean made = ledger.owns(ledger.entries(), OwnershipLedger.Kind.LOCATION, observed.resourceArn());
    return List.of(observed.resourceArn() + " is registered with Lake Formation " + String.join(", ", unlike)
        + ", not as lakehouse registers a zone (with Lake Formation's service-linked role, not in hybrid access "
        + "mode, not federated), so the zone's grants may not decide who reads it as the config says; apply "
        + (made ? "changes no registration in place" : "neither changes a registration in place nor deregisters "
        + "one it did not make") + ": deregister it (`aws lakeformation deregister-resource --resource-arn "
        + observed.resourceArn() + "`) and apply again, which registers it as the config says"
        + (made ? "" : ", or take the zone out of lakeFormation.registerZones to leave the registration as it is"));
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
