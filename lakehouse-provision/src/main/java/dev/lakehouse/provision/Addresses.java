package dev.lakehouse.provision;

import dev.lakehouse.provision.engine.Address;

/**
 * The address of every kind of resource, in one place, so that a resource can name what it
 * depends on without knowing the class that manages it. Types are those of the contract:
 * {@code s3_bucket.raw}, {@code kms_key.lakehouse}, {@code glue_database.processed},
 * {@code iceberg_table.processed.customer_events}, {@code athena_workgroup.acme-dev},
 * {@code lakeformation_grant.<stable-id>}, {@code cloudwatch_alarm.slowQueries}.
 */
public final class Addresses {
  public static final String KMS_KEY = "kms_key";
  public static final String S3_BUCKET = "s3_bucket";
  public static final String GLUE_DATABASE = "glue_database";
  public static final String ICEBERG_TABLE = "iceberg_table";
  /** A Glue table that is not an Iceberg table; plans only ever list one as unmanaged. */
  public static final String GLUE_TABLE = "glue_table";
  public static final String ATHENA_WORKGROUP = "athena_workgroup";
  public static final String IAM_ROLE = "iam_role";
  public static final String LAKEFORMATION_SETTINGS = "lakeformation_settings";
  public static final String LAKEFORMATION_LOCATION = "lakeformation_location";
  public static final String LAKEFORMATION_GRANT = "lakeformation_grant";
  public static final String LAKEFORMATION_DATA_FILTER = "lakeformation_data_filter";
  public static final String LAKEFORMATION_IAM_ALLOWED_PRINCIPALS = "lakeformation_iam_allowed_principals";
  public static final String SNS_TOPIC = "sns_topic";
  public static final String SNS_SUBSCRIPTION = "sns_subscription";
  public static final String CLOUDWATCH_ALARM = "cloudwatch_alarm";
  public static final String CLOUDWATCH_DASHBOARD = "cloudwatch_dashboard";

  /** The address name of the Athena query results bucket. */
  public static final String RESULTS_BUCKET = "athena_results";

  private Addresses() {}

  public static Address kmsKey() {
    return new Address(KMS_KEY, "lakehouse");
  }

  public static Address zoneBucket(String zone) {
    return new Address(S3_BUCKET, zone);
  }

  public static Address resultsBucket() {
    return new Address(S3_BUCKET, RESULTS_BUCKET);
  }

  public static Address database(String zone) {
    return new Address(GLUE_DATABASE, zone);
  }

  /** An Iceberg table by its config name, {@code <zone>.<table>}. */
  public static Address table(String zoneAndTable) {
    return new Address(ICEBERG_TABLE, zoneAndTable);
  }

  /** A Glue table that is not an Iceberg table, by {@code <zone>.<table>}. */
  public static Address glueTable(String zoneAndTable) {
    return new Address(GLUE_TABLE, zoneAndTable);
  }

  public static Address workgroup(String name) {
    return new Address(ATHENA_WORKGROUP, name);
  }

  public static Address role(String name) {
    return new Address(IAM_ROLE, name);
  }

  /** The account's Lake Formation data lake settings (one per account and region). */
  public static Address lakeFormationSettings() {
    return new Address(LAKEFORMATION_SETTINGS, "account");
  }

  /** A zone bucket registered with Lake Formation. */
  public static Address lakeFormationLocation(String zone) {
    return new Address(LAKEFORMATION_LOCATION, zone);
  }

  /** What {@code IAM_ALLOWED_PRINCIPALS} holds on a zone's database and tables, which the stack takes back. */
  public static Address iamAllowedPrincipals(String zone) {
    return new Address(LAKEFORMATION_IAM_ALLOWED_PRINCIPALS, zone);
  }

  /**
   * What {@code IAM_ALLOWED_PRINCIPALS} holds on one table of a zone that the config does not
   * declare and its grants name, taken back after those grants.
   */
  public static Address iamAllowedPrincipals(String zone, String table) {
    return new Address(LAKEFORMATION_IAM_ALLOWED_PRINCIPALS, zone + "." + table);
  }

  public static Address grant(String stableId) {
    return new Address(LAKEFORMATION_GRANT, stableId);
  }

  public static Address dataFilter(String name) {
    return new Address(LAKEFORMATION_DATA_FILTER, name);
  }

  public static Address alertTopic() {
    return new Address(SNS_TOPIC, "alerts");
  }

  public static Address subscription(String email) {
    return new Address(SNS_SUBSCRIPTION, email);
  }

  /** An alarm by its key under monitoring.alarms: slowQueries, dataScanned, snapshotCount. */
  public static Address alarm(String key) {
    return new Address(CLOUDWATCH_ALARM, key);
  }

  public static Address dashboard(String name) {
    return new Address(CLOUDWATCH_DASHBOARD, name);
  }
}
