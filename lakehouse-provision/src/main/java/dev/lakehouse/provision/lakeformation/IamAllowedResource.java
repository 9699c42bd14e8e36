package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.provision.Addresses;
import dev.lakehouse.provision.glue.DatabaseConverters;
import dev.lakehouse.provision.resource.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;

/**
 * The permissions of {@code IAM_ALLOWED_PRINCIPALS} on the database and tables of a zone in
 * {@code lakeFormation.enforceZones}, which the stack revokes so that Lake Formation's grants and
 * data filters decide who reads the zone. AWS gives the group ALL on every new database, and on
 * every new table of a database that keeps Lake Formation's default ("use only IAM access
 * control"); the zone's database gives its new tables nothing ({@code iamAccessForNewTables}),
 * and this takes back what the group held before, or was given outside lakehouse since.
 *
 * <p>It stands for the zone while its database exists, and is read from the listing of the
 * catalog's permissions the grants read. A table the config does not declare that the zone's
 * grants or filters name (a pipeline's) stands apart, on its own: its revocation waits for its
 * grants alone, which fail while the pipeline has not made it, and the rest of the zone's for
 * the others. Nothing is given back when the zone leaves
 * {@code enforceZones}: the stack then leaves the group's permissions as they are.
 */
public final class IamAllowedResource implements ResourceType<IamAllowedSpec> {
  private final LakeFormationClient lakeFormation;
  private final GlueClient glue;
  private final String account;
  private final Supplier<List<PrincipalResourcePermissions>> catalogPermissions;

  /**
   * @param catalogPermissions every permission in the account's catalog, as listed for the read of
   *     the stack this resource belongs to
   */
  IamAllowedResource(LakeFormationClient lakeFormation, GlueClient glue, String account,
      Supplier<List<PrincipalResourcePermissions>> catalogPermissions) {
    this.lakeFormation = lakeFormation;
    this.glue = glue;
    this.account = account;
    this.catalogPermissions = catalogPermissions;
  }

  @Override
  public String name() {
    return Addresses.LAKEFORMATION_IAM_ALLOWED_PRINCIPALS;
  }

  /** Read with a listing of its own, as after a revocation. */
  @Override
  public Optional<IamAllowedSpec> read(IamAllowedSpec desired) {
    if (!databaseExists(desired.database())) {
      return Optional.empty();
    }
    return Optional.of(flatten(desired, held(desired, LakeFormationProvider.listPermissions(lakeFormation, account))));
  }

  @Override
  public boolean readsTogether() {
    return true;
  }

  @Override
  public List<Optional<IamAllowedSpec>> readAll(List<IamAllowedSpec> desired) {
    return desired.stream().map(zone -> databaseExists(zone.database())
        ? Optional.of(flatten(zone, held(zone, catalogPermissions.get())))
        : Optional.<IamAllowedSpec>empty()).toList();
  }

  /** Revokes what the group holds on the zone's database and tables now: the database is new, or newly enforced. */
  @Override
  public void create(IamAllowedSpec desired) {
    revokeHeld(desired);
  }

  @Override
  public void update(IamAllowedSpec observed, IamAllowedSpec desired, Set<String> changed) {
    revokeHeld(desired);
  }

  /** Gives nothing back: the zone's access stays with Lake Formation's grants. */
  @Override
  public void delete(IamAllowedSpec observed) {
    // Nothing to undo: the stack stops managing the group's permissions on the zone.
  }

  /** Nothing of its own for destroy to delete: what the group held goes with the zone's database and tables. */
  @Override
  public boolean deletionUnderway(IamAllowedSpec observed) {
    return true;
  }

  @Override
  public List<String> changeNotes(IamAllowedSpec observed, IamAllowedSpec desired) {
    return List.of("revoked after the zone's grants are made: principals that only IAM policies let in lose "
        + "access, those its grants name keep theirs");
  }

  private void revokeHeld(IamAllowedSpec part) {
    List<PrincipalResourcePermissions> listed = LakeFormationProvider.listPermissions(lakeFormation, account);
    for (PrincipalResourcePermissions entry : held(part, listed)) {
      lakeFormation.revokePermissions(b -> b.catalogId(account)
          .principal(entry.principal())
          .resource(entry.resource())
          .permissions(entry.permissions())
          .permissionsWithGrantOption(entry.permissionsWithGrantOption()));
    }
  }

  private boolean databaseExists(String database) {
    try {
      glue.getDatabase(b -> b.name(database));
      return true;
    } catch (EntityNotFoundException e) {
      return false;
    }
  }

  /**
   * The group's entries that hold any permission on the part of the zone: its one table, or the
   * database and its tables but those apart.
   */
  List<PrincipalResourcePermissions> held(IamAllowedSpec part, List<PrincipalResourcePermissions> entries) {
    String database = part.database();
    return entries.stream()
        .filter(entry -> entry.principal() != null
            && DatabaseConverters.IAM_ALLOWED_PRINCIPALS.equals(entry.principal().dataLakePrincipalIdentifier()))
        .filter(entry -> !entry.permissions().isEmpty() || !entry.permissionsWithGrantOption().isEmpty())
        .filter(entry -> on(entry.resource(), database).filter(on -> covers(part, on)).isPresent())
        .toList();
  }

  /** Whether the part of the zone covers {@code on} (the database, or {@code <database>.<table>}). */
  private static boolean covers(IamAllowedSpec part, String on) {
    String database = part.database();
    return part.table() != null ? on.equals(database + "." + part.table())
        : part.apart().stream().noneMatch(table -> on.equals(database + "." + table));
  }

  IamAllowedSpec flatten(IamAllowedSpec part, List<PrincipalResourcePermissions> held) {
    Set<String> on = new TreeSet<>();
    held.forEach(entry -> on(entry.resource(), part.database()).ifPresent(on::add));
    return part.holding(List.copyOf(on));
  }

  /** The database's name, or a table's {@code <database>.<table>}, for the resource if one of them in this catalog. */
  private Optional<String> on(Resource resource, String database) {
    if (resource == null) {
      return Optional.empty();
    }
    if (resource.database() != null) {
      return inCatalog(resource.database().catalogId()) && database.equals(resource.database().name())
          ? Optional.of(database) : Optional.empty();
    }
    if (resource.table() != null) {
      if (!inCatalog(resource.table().catalogId()) || !database.equals(resource.table().databaseName())) {
        return Optional.empty();
      }
      return Optional.of(database + "." + (resource.table().tableWildcard() != null ? "*" : resource.table().name()));
    }
    if (resource.tableWithColumns() != null) {
      return inCatalog(resource.tableWithColumns().catalogId())
          && database.equals(resource.tableWithColumns().databaseName())
          ? Optional.of(database + "." + resource.tableWithColumns().name()) : Optional.empty();
    }
    return Optional.empty();
  }

  private boolean inCatalog(String catalogId) {
    return catalogId == null || catalogId.isEmpty() || catalogId.equals(account);
  }
}
