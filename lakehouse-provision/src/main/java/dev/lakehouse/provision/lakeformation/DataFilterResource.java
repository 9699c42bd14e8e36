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

/**
 * A Lake Formation data cells filter on a table. The SELECT grants on it are grants of their
 * own ({@link GrantResource}, on the filter), applied after it.
 */
public final class DataFilterResource implements ResourceType<FilterSpec> {
  private final LakeFormationClient lakeFormation;
  private final String catalogId;
  private final OwnershipLedger ledger;
  private final CatalogTargets targets;

  public DataFilterResource(LakeFormationClient lakeFormation, String catalogId, OwnershipLedger ledger,
      CatalogTargets targets) {
    this.lakeFormation = lakeFormation;
    this.catalogId = catalogId;
    this.ledger = ledger;
    this.targets = targets;
  }

  @Override
  public String name() {
    return Addresses.LAKEFORMATION_DATA_FILTER;
  }

  /** A filter's identity in the ownership record. */
  static String identity(String catalogId, FilterSpec filter) {
    return catalogId + "|" + filter.database() + "|" + filter.table() + "|" + filter.name();
  }

  @Override
  public Optional<FilterSpec> read(FilterSpec desired) {
    try {
      return Optional.of(FilterConverters.flatten(lakeFormation.getDataCellsFilter(b -> b.tableCatalogId(catalogId)
          .databaseName(desired.database()).tableName(desired.table()).name(desired.name())).dataCellsFilter()));
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void create(FilterSpec desired) {
    createDeferring(desired).ifPresent(Runnable::run);
  }

  /**
   * Makes the filter, leaving its entry in the ownership record to be written beside its read-back.
   * A create the SDK sent again and Lake Formation then found made is this call's own (an earlier
   * attempt's answer was lost): it is recorded like one answered at once.
   */
  @Override
  public Optional<Runnable> createDeferring(FilterSpec desired) {
    OwnershipLedger.Recording recording = ledger.recording();
    CallAttempts attempts = new CallAttempts();
    targets.onTarget(desired.database(), desired.table(), "create", "data cells filter " + desired.name(),
        () -> attempts.create(AlreadyExistsException.class, () -> lakeFormation.createDataCellsFilter(b ->
            b.tableData(FilterConverters.expand(desired, catalogId))
                .overrideConfiguration(o -> o.addMetricPublisher(attempts)))));
    return Optional.of(() -> recording.record(OwnershipLedger.Kind.FILTER, List.of(identity(catalogId, desired))));
  }

  /** UpdateDataCellsFilter replaces the filter's row filter and columns as a whole. */
  @Override
  public void update(FilterSpec observed, FilterSpec desired, Set<String> changed) {
    lakeFormation.updateDataCellsFilter(b -> b.tableData(FilterConverters.expand(desired, catalogId)));
  }

  /** Deletes the filter, once it has left the ownership record (see {@link OwnershipLedger#forgetWhile}). */
  @Override
  public void delete(FilterSpec observed) {
    ledger.forgetWhile(OwnershipLedger.Kind.FILTER, List.of(identity(catalogId, observed)),
        () -> lakeFormation.deleteDataCellsFilter(b -> b.tableCatalogId(catalogId).databaseName(observed.database())
            .tableName(observed.table()).name(observed.name())));
  }

  @Override
  public Set<String> replacedWhenChanged() {
    return Set.of("name", "database", "table");
  }
}
