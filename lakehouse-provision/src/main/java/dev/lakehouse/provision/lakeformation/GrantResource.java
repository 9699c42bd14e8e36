package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.iam.IamWaiters;
import dev.lakehouse.provision.resource.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.EntityNotFoundException;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;

/**
 * The Lake Formation permissions of one principal on a database, a table (or some of its
 * columns) or a data cells filter. Read with ListPermissions asked about the principal and the
 * database, table or filter, as Lake Formation documents it: asked about a table, it lists the
 * table's column permissions too. Permissions the config no longer wants are revoked, new ones
 * granted; a whole grant is revoked only when the stack made it ({@link OwnershipLedger}).
 *
 * <p>The engine's read of a whole stack reads its grants together, from one listing of every
 * permission in the catalog (ListPermissions asked about no principal and no resource, which Lake
 * Formation allows only with neither), shared with the search for grants the stack made: one
 * paged listing instead of one call per grant. A grant is read alone only after a write.
 */
public final class GrantResource implements ResourceType<GrantSpec> {
  private final LakeFormationClient lakeFormation;
  private final String catalogId;
  private final OwnershipLedger ledger;
  private final CatalogTargets targets;
  private final IamWaiters waiters;
  private final Supplier<List<PrincipalResourcePermissions>> catalogPermissions;
  private final Principals principals;

  /**
   * @param catalogPermissions every permission in the catalog, as listed for the read of the stack
   *     this resource belongs to
   * @param principals tells a principal Lake Formation cannot find
   */
  GrantResource(LakeFormationClient lakeFormation, String catalogId, OwnershipLedger ledger, CatalogTargets targets,
      IamWaiters waiters, Supplier<List<PrincipalResourcePermissions>> catalogPermissions, Principals principals) {
    this.lakeFormation = lakeFormation;
    this.catalogId = catalogId;
    this.ledger = ledger;
    this.targets = targets;
    this.waiters = waiters;
    this.catalogPermissions = catalogPermissions;
    this.principals = principals;
  }

  @Override
  public String name() {
    return Addresses.LAKEFORMATION_GRANT;
  }

  @Override
  public Optional<GrantSpec> read(GrantSpec desired) {
    List<PrincipalResourcePermissions> listed;
    try {
      listed = lakeFormation.listPermissionsPaginator(b -> b.catalogId(catalogId)
          .principal(principal(desired.principal()))
          .resource(Grants.listed(desired, catalogId)))
          .stream().flatMap(page -> page.principalResourcePermissions().stream()).toList();
    } catch (EntityNotFoundException e) {
      // The database, table or filter does not exist (yet), so neither do permissions on it.
      return Optional.empty();
    }
    return Grants.flatten(desired, listed, catalogId);
  }

  @Override
  public boolean readsTogether() {
    return true;
  }

  /** The grants, each from the catalog's permissions listed once; one missing there does not exist. */
  @Override
  public List<Optional<GrantSpec>> readAll(List<GrantSpec> desired) {
    List<PrincipalResourcePermissions> listed = catalogPermissions.get();
    return desired.stream().map(grant -> Grants.flatten(grant, listed, catalogId)).toList();
  }

  @Override
  public void create(GrantSpec desired) {
    createDeferring(desired).ifPresent(Runnable::run);
  }

  /** Grants the permissions, leaving the grant's entry in the ownership record to be written beside its read-back. */
  @Override
  public Optional<Runnable> createDeferring(GrantSpec desired) {
    OwnershipLedger.Recording recording = ledger.recording();
    String thing = desired.target() + " to " + desired.principal();
    carryOut(Grants.calls(List.of(), desired, catalogId), desired.principal(),
        grant -> targets.onTarget(desired.database(), desired.table(), "grant on", thing, grant));
    return Optional.of(() -> recording.record(OwnershipLedger.Kind.GRANT, List.of(Grants.identity(desired))));
  }

  @Override
  public void update(GrantSpec observed, GrantSpec desired, Set<String> changed) {
    List<Grants.Call> calls = Grants.calls(observed.listed(), desired, catalogId);
    boolean grants = calls.stream().anyMatch(Grants.Call::grant);
    OwnershipLedger.Recording recording = grants ? ledger.recording() : null;
    carryOut(calls, desired.principal(), Runnable::run);
    if (grants) {
      recording.record(OwnershipLedger.Kind.GRANT, List.of(Grants.identity(desired)));
    }
  }

  /**
   * Revokes every permission of the principal on the resource, as listed. The grant leaves the
   * ownership record first (see {@link OwnershipLedger#forgetWhile}).
   */
  @Override
  public void delete(GrantSpec observed) {
    ledger.forgetWhile(OwnershipLedger.Kind.GRANT, List.of(Grants.identity(observed)),
        () -> carryOut(Grants.calls(observed.listed(), null, catalogId), observed.principal(), Runnable::run));
  }

  /** A grant to a role of the account that does not exist, which Lake Formation refuses. */
  @Override
  public List<String> createConflicts(GrantSpec desired) {
    return principals.missing(desired.principal()).stream().toList();
  }

  @Override
  public Set<String> replacedWhenChanged() {
    return Set.of("principal", "database", "table", "filter");
  }

  @Override
  public List<String> principalsNamed(GrantSpec desired) {
    return List.of(desired.principal());
  }

  /**
   * Makes the calls in order, each grant through {@code grant} (which may say why it failed) and
   * again while IAM has not propagated the principal: a grant that failed because its target is
   * missing is not retried.
   */
  private void carryOut(List<Grants.Call> calls, String principal, Consumer<Runnable> grant) {
    for (Grants.Call call : calls) {
      if (call.grant()) {
        waiters.untilRoleUsable(principal, () -> grant.accept(() -> lakeFormation.grantPermissions(b -> b
            .catalogId(catalogId).principal(principal(principal)).resource(call.resource())
            .permissionsWithStrings(call.permissions()).permissionsWithGrantOptionWithStrings(call.grantable()))));
      } else {
        lakeFormation.revokePermissions(b -> b.catalogId(catalogId)
            .principal(principal(principal)).resource(call.resource())
            .permissionsWithStrings(call.permissions()).permissionsWithGrantOptionWithStrings(call.grantable()));
      }
    }
  }

  private static DataLakePrincipal principal(String principal) {
    return DataLakePrincipal.builder().dataLakePrincipalIdentifier(principal).build();
  }
}
