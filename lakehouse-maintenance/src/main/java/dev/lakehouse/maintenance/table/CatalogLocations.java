package dev.lakehouse.maintenance.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * The S3 locations of the Glue catalog's tables that a run can see, in every database, Iceberg
 * or not: Athena's {@code VACUUM} deletes the files under a table's location that its metadata
 * does not reference, so it would delete the files of any other table stored at or under it.
 *
 * @param tables every table seen, with each location it names
 * @param unknown why the catalog could not be listed whole, else null (then no table is known to
 *     be clear of others)
 */
public record CatalogLocations(List<Located> tables, String unknown) {
  /** A catalog that holds no table but the one maintained. */
  public static final CatalogLocations NONE = new CatalogLocations(List.of(), null);

  public CatalogLocations {
    tables = List.copyOf(tables);
  }

  /**
   * A table's location as Glue gives it.
   *
   * @param glueName {@code database.table}
   * @param location as Glue names it ({@code s3://bucket/prefix/})
   */
  public record Located(String glueName, String location) {}

  /** The other tables stored at or under {@code location}: the files VACUUM of {@code glueName} would delete. */
  public List<Located> nestedUnder(String location, String glueName) {
    Optional<String> parent = prefix(location);
    if (parent.isEmpty()) {
      return List.of();
    }
    Map<String, Located> nested = new LinkedHashMap<>();
    tables.stream().filter(other -> !other.glueName().equalsIgnoreCase(glueName))
        .filter(other -> prefix(other.location()).filter(child -> child.startsWith(parent.get())).isPresent())
        .forEach(other -> nested.putIfAbsent(other.glueName(), other));
    return List.copyOf(nested.values());
  }

  /**
   * The location as a prefix to compare: scheme {@code s3} for {@code s3}, {@code s3a} and
   * {@code s3n}, ending in one slash; empty when it is not an S3 location.
   */
  static Optional<String> prefix(String location) {
    if (location == null) {
      return Optional.empty();
    }
    String trimmed = location.trim();
    int scheme = trimmed.indexOf("://");
    if (scheme < 0) {
      return Optional.empty();
    }
    String name = trimmed.substring(0, scheme).toLowerCase(Locale.ROOT);
    if (!name.equals("s3") && !name.equals("s3a") && !name.equals("s3n")) {
      return Optional.empty();
    }
    String path = trimmed.substring(scheme + 3);
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    path = path.substring(0, end);
    return path.isEmpty() ? Optional.empty() : Optional.of("s3://" + path + "/");
  }
}
