package dev.lakehouse.provision.resource;

import java.util.List;

/**
 * Data a change would lose, and the kind of data it is. A change that puts data at risk is
 * refused unless the user names that kind with {@code --allow-data-loss KIND}.
 *
 * @param kind one of {@link #KINDS}
 * @param what what would be lost, for the message: "bucket acme-dev-raw holds objects"
 */
public record DataRisk(String kind, String what) {
  /** The objects, noncurrent versions and unfinished uploads of a bucket that is deleted. */
  public static final String BUCKET_OBJECTS = "bucket-objects";
  /** The objects or noncurrent versions a bucket's lifecycle rules are changed (or adopted) to expire sooner. */
  public static final String EXPIRING_OBJECTS = "expiring-objects";
  /** The tables of a Glue database that is deleted. */
  public static final String DATABASE_TABLES = "database-tables";
  /** Everything encrypted with a KMS key that is scheduled for deletion. */
  public static final String KMS_KEY = "kms-key";
  /** An Iceberg table dropped from the catalog (its files are kept). */
  public static final String DROPPED_TABLES = "dropped-tables";
  /** The data and metadata files of a dropped Iceberg table. */
  public static final String TABLE_DATA = "table-data";
  /** A column dropped from an Iceberg table. */
  public static final String DROPPED_COLUMNS = "dropped-columns";
  /** The saved (named) queries and prepared statements of an Athena workgroup that is deleted. */
  public static final String SAVED_QUERIES = "saved-queries";

  public static final List<String> KINDS =
      List.of(BUCKET_OBJECTS, DATABASE_TABLES, KMS_KEY, DROPPED_TABLES, TABLE_DATA, DROPPED_COLUMNS, SAVED_QUERIES,
          EXPIRING_OBJECTS);

  public DataRisk {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("Unknown kind of data: " + kind + "; known: " + KINDS);
    }
  }

  /** The message of a refusal: what would be lost and how to allow it. */
  public String refusal() {
    return what + "; to allow it, pass --allow-data-loss " + kind;
  }
}
