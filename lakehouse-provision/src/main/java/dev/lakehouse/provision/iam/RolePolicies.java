package dev.lakehouse.provision.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy documents of the stack's roles, built from the config alone: the trust policy and
 * the least-privilege inline policy that a role's {@code access} stands for.
 */
public final class RolePolicies {
  /** S3 actions that read a zone: listing its bucket, and its objects. */
  static final List<String> BUCKET_READ = List.of("s3:GetBucketLocation", "s3:ListBucket");
  static final List<String> OBJECT_READ = List.of("s3:GetObject");
  /** Writers upload in parts (Iceberg does), so they may also abort an upload they started. */
  static final List<String> OBJECT_WRITE = List.of("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject");
  static final List<String> CATALOG_READ = List.of("glue:BatchGetPartition", "glue:GetDatabase", "glue:GetDatabases",
      "glue:GetPartition", "glue:GetPartitions", "glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions",
      "glue:GetTables");
  static final List<String> CATALOG_WRITE = List.of("glue:BatchCreatePartition", "glue:BatchDeletePartition",
      "glue:BatchUpdatePartition", "glue:CreatePartition", "glue:CreateTable", "glue:DeletePartition",
      "glue:DeleteTable", "glue:UpdatePartition", "glue:UpdateTable");
  /**
   * Running queries and reading their results, and the workgroup's saved queries and prepared
   * statements (the console's saved queries, SQL's {@code PREPARE} and {@code EXECUTE}), as Athena's
   * own policy for running queries in a workgroup has them; {@code GetQueryResultsStream} is no API
   * call but how Athena's JDBC and ODBC drivers (and the BI tools built on them) fetch results.
   */
  static final List<String> ATHENA_QUERY = List.of("athena:BatchGetNamedQuery", "athena:BatchGetQueryExecution",
      "athena:CreateNamedQuery", "athena:CreatePreparedStatement", "athena:DeleteNamedQuery",
      "athena:DeletePreparedStatement", "athena:GetNamedQuery", "athena:GetPreparedStatement",
      "athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetQueryResultsStream", "athena:GetWorkGroup",
      "athena:ListNamedQueries", "athena:ListPreparedStatements", "athena:ListQueryExecutions",
      "athena:StartQueryExecution", "athena:StopQueryExecution", "athena:UpdatePreparedStatement");
  /**
   * What Athena's console and its JDBC and ODBC drivers ask before a query, none of it of a
   * workgroup: the workgroups to choose one from (the console runs queries in {@code primary} until
   * one is chosen), the engine versions, and the catalogs, databases and tables, which Athena reads
   * from Glue as the caller, so that the role's Glue access and Lake Formation's grants still decide
   * what it sees.
   */
  static final List<String> ATHENA_BROWSE = List.of("athena:GetDatabase", "athena:GetTableMetadata",
      "athena:ListDataCatalogs", "athena:ListDatabases", "athena:ListEngineVersions", "athena:ListTableMetadata",
      "athena:ListWorkGroups");
  /**
   * Athena looks up the catalog's {@code default} database, and creates it where it is missing,
   * whatever database a query names: without these two actions on it, every query of a role
   * whose Glue access is limited to its own databases fails.
   */
  static final List<String> ATHENA_DEFAULT_DATABASE = List.of("glue:CreateDatabase", "glue:GetDatabase");
  static final List<String> RESULTS_BUCKET = List.of("s3:GetBucketLocation", "s3:ListBucket",
      "s3:ListBucketMultipartUploads");
  static final List<String> RESULTS_OBJECTS = List.of("s3:AbortMultipartUpload", "s3:GetObject",
      "s3:ListMultipartUploadParts", "s3:PutObject");

  /** The encryption context key in which S3 names the bucket, or the object, it asks KMS to encrypt for. */
  static final String S3_ENCRYPTION_CONTEXT = "kms:EncryptionContext:aws:s3:arn";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RolePolicies() {}

  /**
   * One zone a role may use: its bucket, its Glue database (null when the zone has none), whether
   * the role may write to it, and whether its bucket is registered with Lake Formation (then data
   * is reached through Lake Formation's credential vending, which needs {@code GetDataAccess}).
   */
  public record ZoneAccess(String bucket, String database, boolean write, boolean registered) {}

  /**
   * What a role's {@code access} resolves to.
   *
   * @param zones the zones read or written
   * @param keyArn the stack's KMS key, or null when the stack has none
   * @param workgroups the Athena workgroups the role may query through
   * @param resultsBucket the Athena results bucket, whose {@code <workgroup>/} prefixes hold their results
   */
  public record Access(List<ZoneAccess> zones, String keyArn, List<String> workgroups, String resultsBucket) {
    public Access {
      zones = List.copyOf(zones);
      workgroups = List.copyOf(workgroups);
    }
  }

  /** The trust policy: each service and each account (its root principal) may assume the role. */
  public static JsonNode trust(String partition, List<String> services, List<String> accounts) {
    ObjectNode policy = document();
    ArrayNode statements = (ArrayNode) policy.get("Statement");
    if (!services.isEmpty()) {
      ObjectNode statement = statement(statements, "TrustedServices", List.of("sts:AssumeRole"), null);
      strings(statement.putObject("Principal").putArray("Service"), services);
    }
    if (!accounts.isEmpty()) {
      ObjectNode statement = statement(statements, "TrustedAccounts", List.of("sts:AssumeRole"), null);
      strings(statement.putObject("Principal").putArray("AWS"),
          accounts.stream().map(account -> "arn:" + partition + ":iam::" + account + ":root").toList());
    }
    return PolicyDocuments.canonical(policy);
  }

  /**
   * The least-privilege inline policy for an access: list and read the buckets of the zones not
   * registered with Lake Formation (write where allowed), read the zones' Glue databases and
   * tables (change tables and partitions where writing is allowed), get the registered zones' data
   * from Lake Formation, decrypt with the stack key (and make data keys where the role writes to
   * an unregistered zone or queries, since Athena encrypts query results with the key too) the
   * objects of those zones' buckets and of the results bucket only, run
   * queries in the named workgroups and use their prefixes of the results bucket, list what Athena's
   * console and drivers list (workgroups, catalogs, databases and tables, as Glue allows), and get (or
   * create) the catalog's {@code default} database, which Athena requires of every principal that
   * queries. A registered zone's bucket and data keys are left out: Lake Formation reads and
   * writes it for the role, with the grants and data filters it holds for the role, which the
   * role's own S3 access would bypass. Null when the access grants nothing.
   */
  public static JsonNode access(String partition, String region, String account, Access access) {
    ObjectNode policy = document();
    ArrayNode statements = (ArrayNode) policy.get("Statement");
    List<ZoneAccess> zones = access.zones();
    List<ZoneAccess> writable = zones.stream().filter(ZoneAccess::write).toList();
    // A registered zone's data is reached only through Lake Formation: S3 access of the role's own would bypass
    // its grants and data filters.
    List<ZoneAccess> direct = zones.stream().filter(z -> !z.registered()).toList();
    List<ZoneAccess> directWrites = direct.stream().filter(ZoneAccess::write).toList();
    if (!direct.isEmpty()) {
      statement(statements, "ListZoneBuckets", BUCKET_READ,
          direct.stream().map(z -> bucketArn(partition, z.bucket())).toList());
      statement(statements, "ReadZoneObjects", OBJECT_READ,
          direct.stream().map(z -> objectsArn(partition, z.bucket())).toList());
    }
    if (!directWrites.isEmpty()) {
      statement(statements, "WriteZoneObjects", OBJECT_WRITE,
          directWrites.stream().map(z -> objectsArn(partition, z.bucket())).toList());
    }
    List<String> readCatalog = catalogArns(partition, region, account, zones);
    if (!readCatalog.isEmpty()) {
      statement(statements, "ReadZoneCatalog", CATALOG_READ, readCatalog);
    }
    List<String> writeCatalog = catalogArns(partition, region, account, writable);
    if (!writeCatalog.isEmpty()) {
      statement(statements, "WriteZoneCatalog", CATALOG_WRITE, writeCatalog);
    }
    if (zones.stream().anyMatch(ZoneAccess::registered)) {
      // GetDataAccess has no resource-level permissions: Lake Formation's own grants decide what it vends.
      statement(statements, "UseLakeFormationData", List.of("lakeformation:GetDataAccess"), List.of("*"));
    }
    boolean queries = !access.workgroups().isEmpty();
    // Lake Formation decrypts a registered zone's data as its own service-linked role, which the key policy names.
    if (access.keyArn() != null && (!direct.isEmpty() || queries)) {
      List<String> actions = !directWrites.isEmpty() || queries
          ? List.of("kms:Decrypt", "kms:GenerateDataKey") : List.of("kms:Decrypt");
      List<String> buckets = new ArrayList<>(direct.stream().map(ZoneAccess::bucket).toList());
      if (queries) {
        buckets.add(access.resultsBucket());
      }
      ObjectNode key = statement(statements, "UseStackKey", actions, List.of(access.keyArn()));
      // S3 names the bucket (with the S3 Bucket Key) or the object in the encryption context it gives KMS: the
      // role's use of the key reaches no other bucket's data, a registered zone's among them, whatever S3 access
      // it holds besides.
      ArrayNode contexts = key.putObject("Condition").putObject("StringLike").putArray(S3_ENCRYPTION_CONTEXT);
      buckets.forEach(bucket -> contexts.add(bucketArn(partition, bucket)).add(objectsArn(partition, bucket)));
    }
    if (queries) {
      statement(statements, "RunAthenaQueries", ATHENA_QUERY, access.workgroups().stream()
          .map(w -> "arn:" + partition + ":athena:" + region + ":" + account + ":workgroup/" + w).toList());
      statement(statements, "BrowseAthenaCatalog", ATHENA_BROWSE, List.of("*"));
      String catalog = "arn:" + partition + ":glue:" + region + ":" + account + ":";
      statement(statements, "AthenaDefaultDatabase", ATHENA_DEFAULT_DATABASE,
          List.of(catalog + "catalog", catalog + "database/default"));
      statement(statements, "ListAthenaResults", RESULTS_BUCKET, List.of(bucketArn(partition, access.resultsBucket())));
      statement(statements, "UseAthenaResults", RESULTS_OBJECTS, access.workgroups().stream()
          .map(w -> bucketArn(partition, access.resultsBucket()) + "/" + w + "/*").toList());
    }
    return statements.isEmpty() ? null : PolicyDocuments.canonical(policy);
  }

  private static List<String> catalogArns(String partition, String region, String account, List<ZoneAccess> zones) {
    String prefix = "arn:" + partition + ":glue:" + region + ":" + account + ":";
    List<String> arns = new ArrayList<>();
    for (ZoneAccess zone : zones) {
      if (zone.database() != null) {
        arns.add(prefix + "database/" + zone.database());
        arns.add(prefix + "table/" + zone.database() + "/*");
      }
    }
    if (!arns.isEmpty()) {
      arns.add(0, prefix + "catalog");
    }
    return arns;
  }

  private static String bucketArn(String partition, String bucket) {
    return "arn:" + partition + ":s3:::" + bucket;
  }

  private static String objectsArn(String partition, String bucket) {
    return bucketArn(partition, bucket) + "/*";
  }

  private static ObjectNode document() {
    ObjectNode policy = NODES.objectNode();
    policy.put("Version", "2012-10-17");
    policy.putArray("Statement");
    return policy;
  }

  private static ObjectNode statement(ArrayNode statements, String sid, List<String> actions, List<String> resources) {
    ObjectNode statement = statements.addObject();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    strings(statement.putArray("Action"), actions);
    if (resources != null) {
      strings(statement.putArray("Resource"), resources);
    }
    return statement;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
