package dev.lakehouse.provision.lakeformation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What the group {@code IAM_ALLOWED_PRINCIPALS} holds on a zone's database and its tables: while
 * it holds anything on a table, every IAM principal whose IAM policy allows it reads the whole
 * table, whatever Lake Formation's grants and data filters say.
 *
 * @param database the zone's Glue database
 * @param grantedOn where the group holds permissions, sorted: the database by its name, a table as
 *     {@code <database>.<table>}; empty in the spec the config wants
 * @param table the one table this is about (a pipeline's, which the zone's grants name); null for
 *     the database and every other table of the zone
 * @param apart the tables that are not this one's to read or revoke from, each about on its own;
 *     empty for one table's
 */
public record IamAllowedSpec(String database, List<String> grantedOn, @JsonIgnore String table,
    @JsonIgnore List<String> apart) {
  public IamAllowedSpec {
    grantedOn = List.copyOf(grantedOn);
    apart = List.copyOf(apart);
  }

  public IamAllowedSpec(String database, List<String> grantedOn) {
    this(database, grantedOn, null, List.of());
  }

  /** The zone as the config wants it: the group holds nothing there. */
  static IamAllowedSpec none(String database) {
    return new IamAllowedSpec(database, List.of());
  }

  /** The zone but some of its tables, or one table alone, as the config wants it: the group holds nothing there. */
  static IamAllowedSpec none(String database, String table, List<String> apart) {
    return new IamAllowedSpec(database, List.of(), table, apart);
  }

  /** The same part of the zone, where the group holds {@code grantedOn}. */
  IamAllowedSpec holding(List<String> grantedOn) {
    return new IamAllowedSpec(database, grantedOn, table, apart);
  }
}
