package dev.lakehouse.provision.lakeformation;

import java.util.List;

/**
 * What the group {@code IAM_ALLOWED_PRINCIPALS} holds on a zone's database and its tables: while
 * it holds anything on a table, every IAM principal whose IAM policy allows it reads the whole
 * table, whatever Lake Formation's grants and data filters say.
 *
 * @param database the zone's Glue database
 * @param grantedOn where the group holds permissions, sorted: the database by its name, a table as
 *     {@code <database>.<table>}; empty in the spec the config wants
 */
public record IamAllowedSpec(String database, List<String> grantedOn) {
  public IamAllowedSpec {
    grantedOn = List.copyOf(grantedOn);
  }

  /** The zone as the config wants it: the group holds nothing there. */
  static IamAllowedSpec none(String database) {
    return new IamAllowedSpec(database, List.of());
  }
}
