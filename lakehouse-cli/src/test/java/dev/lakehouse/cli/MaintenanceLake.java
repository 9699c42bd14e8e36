package dev.lakehouse.cli;

import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.IcebergCatalogs;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import software.amazon.awssdk.services.athena.model.QueryExecution;

/**
 * The emulator as the maintain tests need it: the zones' buckets and databases, the Athena
 * workgroup and its results bucket, and real Iceberg tables made with Iceberg's API in moto's Glue
 * and S3 (a catalog of the test's own), with the config of {@code /maintain/lakehouse.yaml}.
 *
 * <ul>
 *   <li>processed.events: 12 small files over 6 commits, no retention properties, 7 metadata
 *       files (its entry keeps 4): properties, OPTIMIZE and VACUUM are due.</li>
 *   <li>processed.clicks: by region, six small files in EU, three in US and in ASIA, two big ones
 *       in APAC, retention set: OPTIMIZE of EU is due (more than 5 small files).</li>
 *   <li>processed._staging: one big file, no retention properties: properties are due.</li>
 *   <li>curated.monthly_aggregates: healthy.</li>
 *   <li>curated.daily_totals: many small files, but matched by no entry.</li>
 *   <li>processed.raw_csv: not an Iceberg table.</li>
 * </ul>
 */
public final class MaintenanceLake implements Closeable {
  public static final String ACCOUNT = "123456789012";
  public static final String PROCESSED = "acme_dev_processed";
  public static final String CURATED = "acme_dev_curated";
  public static final String WORKGROUP = "acme-dev";
  public static final String RESULTS_BUCKET = "acme-dev-athena-results-" + ACCOUNT;
  public static final long MB = 1L << 20;

  public static final String EVENTS_PROPERTIES = "ALTER TABLE acme_dev_processed.events SET TBLPROPERTIES ("
      + "'vacuum_max_snapshot_age_seconds'='604800', 'vacuum_min_snapshots_to_keep'='2', "
      + "'vacuum_max_metadata_files_to_keep'='4')";
  public static final String EVENTS_OPTIMIZE = "OPTIMIZE acme_dev_processed.events REWRITE DATA USING BIN_PACK";
  public static final String EVENTS_VACUUM = "VACUUM acme_dev_processed.events";
  public static final String CLICKS_OPTIMIZE =
      "OPTIMIZE acme_dev_processed.clicks REWRITE DATA USING BIN_PACK WHERE region IN ('EU')";
  public static final String STAGING_PROPERTIES = "ALTER TABLE acme_dev_processed.`_staging` SET TBLPROPERTIES ("
      + "'vacuum_max_snapshot_age_seconds'='604800', 'vacuum_min_snapshots_to_keep'='2', "
      + "'vacuum_max_metadata_files_to_keep'='100')";

  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()));

  static {
    // The test's own Iceberg catalog makes its tables before the first command runs: the SDK's
    // default chain reads these first, and moto takes any value (Cli sets the same).
    System.setProperty("aws.accessKeyId", "lakehouse-test");
    System.setProperty("aws.secretAccessKey", "lakehouse-test-secret");
  }

  public final AwsProxy proxy;
  public final TestClients clients;
  public final Path config;
  private final Catalog catalog;

  public MaintenanceLake(Emulator emulator, Path dir) throws IOException {
    proxy = MotoGaps.proxy(emulator);
    clients = TestClients.of(emulator);
    config = dir.resolve("lakehouse.yaml");
    try (InputStream in = MaintenanceLake.class.getResourceAsStream("/maintain/lakehouse.yaml")) {
      Files.write(config, in.readAllBytes());
    }
    for (String bucket : List.of("processed", "curated", "athena-results")) {
      clients.s3().createBucket(b -> b.bucket("acme-dev-" + bucket + "-" + ACCOUNT));
    }
    for (String database : List.of(PROCESSED, CURATED)) {
      clients.glue().createDatabase(d -> d.databaseInput(i -> i.name(database)));
    }
    clients.athena().createWorkGroup(w -> w.name(WORKGROUP).configuration(c -> c.resultConfiguration(
        r -> r.outputLocation("s3://" + RESULTS_BUCKET + "/" + WORKGROUP + "/"))));
    catalog = IcebergCatalogs.glue(new AwsSettings(null, emulator.region(), emulator.endpoint()));
    tables();
  }

  private void tables() {
    Table events = create(PROCESSED, "events", PartitionSpec.unpartitioned(), Map.of());
    for (int commit = 0; commit < 6; commit++) {
      append(events, null, MB, MB);
    }
    Map<String, String> clicksProperties = new HashMap<>(retention(604800, 2, 100));
    clicksProperties.put("write_target_data_file_size_bytes", Long.toString(64 * MB));
    Table clicks = create(PROCESSED, "clicks", PartitionSpec.builderFor(SCHEMA).identity("region").build(),
        clicksProperties);
    append(clicks, "APAC", 100 * MB, 100 * MB);
    for (int commit = 0; commit < 3; commit++) {
      append(clicks, "EU", MB, MB);
      append(clicks, "US", MB);
      append(clicks, "ASIA", MB);
    }
    append(create(PROCESSED, "_staging", PartitionSpec.unpartitioned(), Map.of()), null, 100 * MB);
    // Athena would write and rewrite this table's files to 256MB, where the config's target is 64MB.
    Map<String, String> monthlyProperties = new HashMap<>(retention(7776000, 2, 100));
    monthlyProperties.put("write_target_data_file_size_bytes", Long.toString(256 * MB));
    append(create(CURATED, "monthly_aggregates", PartitionSpec.unpartitioned(), monthlyProperties), null,
        100 * MB, 100 * MB);
    append(create(CURATED, "daily_totals", PartitionSpec.unpartitioned(), Map.of()), null, MB, MB, MB, MB, MB, MB);
    clients.glue().createTable(t -> t.databaseName(PROCESSED).tableInput(i -> i.name("raw_csv")
        .parameters(Map.of("classification", "csv"))));
  }

  private Table create(String database, String name, PartitionSpec spec, Map<String, String> properties) {
    String bucket = database.equals(PROCESSED) ? "processed" : "curated";
    return catalog.buildTable(TableIdentifier.of(database, name), SCHEMA).withPartitionSpec(spec)
        .withLocation("s3://acme-dev-" + bucket + "-" + ACCOUNT + "/" + name).withProperties(properties).create();
  }

  /**
   * A pipeline's unpartitioned table stored at the root of the processed bucket ({@code
   * s3://acme-dev-processed-<account>}), with that many commits of one 1 MB file each.
   */
  public Table tableAtBucketRoot(String name, int commits) {
    return tableAt("s3://acme-dev-processed-" + ACCOUNT, name, commits);
  }

  /** A pipeline's unpartitioned table of the processed database stored at {@code location}, as above. */
  public Table tableAt(String location, String name, int commits) {
    Table table = catalog.buildTable(TableIdentifier.of(PROCESSED, name), SCHEMA).withLocation(location).create();
    for (int commit = 0; commit < commits; commit++) {
      append(table, null, MB);
    }
    return table;
  }

  /** One of the lake's tables, read now. */
  public Table table(String database, String name) {
    return catalog.loadTable(TableIdentifier.of(database, name));
  }

  /** One commit of data files of those sizes (metadata only: inspection reads manifests, never data). */
  private static void append(Table table, String region, long... sizes) {
    AppendFiles append = table.newAppend();
    for (long size : sizes) {
      DataFiles.Builder file = DataFiles.builder(table.spec()).withFormat(FileFormat.PARQUET)
          .withPath(table.location() + "/data/" + (region == null ? "" : "region=" + region + "/") + UUID.randomUUID()
              + ".parquet")
          .withFileSizeInBytes(size).withRecordCount(10);
      if (region != null) {
        file.withPartitionPath("region=" + region);
      }
      append.appendFile(file.build());
    }
    append.commit();
  }

  private static Map<String, String> retention(long seconds, int snapshots, int metadataFiles) {
    return Map.of("vacuum_max_snapshot_age_seconds", Long.toString(seconds),
        "vacuum_min_snapshots_to_keep", Integer.toString(snapshots),
        "vacuum_max_metadata_files_to_keep", Integer.toString(metadataFiles));
  }

  /** {@code maintain} with these options and the common ones: the config, env dev, the proxy's endpoint. */
  public String[] args(String... options) {
    List<String> all = new ArrayList<>(List.of("maintain"));
    all.addAll(List.of(options));
    all.addAll(List.of("-f", config.toString(), "--env", "dev", "--endpoint-url", proxy.endpoint().toString()));
    return all.toArray(String[]::new);
  }

  /** {@code maintain} run in-process. */
  public Cli.Result maintain(String... options) {
    return Cli.exec(args(options));
  }

  /** The text of every query execution that reached Athena in the workgroup. */
  public List<String> statements() {
    return executions().stream().map(QueryExecution::query).toList();
  }

  public List<QueryExecution> executions() {
    return clients.athena().listQueryExecutions(r -> r.workGroup(WORKGROUP)).queryExecutionIds().stream()
        .map(id -> clients.athena().getQueryExecution(r -> r.queryExecutionId(id)).queryExecution()).toList();
  }

  @Override
  public void close() throws IOException {
    ((Closeable) catalog).close();
    clients.close();
    proxy.close();
  }
}
