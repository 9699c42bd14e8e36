package dev.lakehouse.provision.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.config.Stack;
import dev.lakehouse.errors.Refused;
import dev.lakehouse.provision.engine.Action;
import dev.lakehouse.provision.engine.Address;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.AttributeChange;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Change;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.engine.Specs;
import dev.lakehouse.provision.resource.Unmanaged;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.EmulatorTest;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import dev.lakehouse.testkit.proxy.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Iceberg tables made and evolved by apply on moto's Glue and S3, read back with Iceberg's
 * library (a catalog of the test's own) and Glue's API.
 */
class IcebergTableIT {
  private static final String PROCESSED = "acme_dev_processed";
  private static final String CURATED = "acme_dev_curated";
  private static final Address EVENTS = Address.parse("iceberg_table.processed.customer_events");
  private static final Address AGGREGATES = Address.parse("iceberg_table.curated.monthly_aggregates");

  @TempDir
  Path dir;

  @EmulatorTest
  void createsTheTablesAsAthenaExpectsThem(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      Plan plan = lake.plan(stack);
      assertThat(plan.change(EVENTS).action()).isEqualTo(Action.CREATE);
      assertThat(plan.change(AGGREGATES).action()).isEqualTo(Action.CREATE);
      assertThat(lake.apply(stack).succeeded()).isTrue();

      String location = "s3://acme-dev-processed-" + emulator.accountId() + "/customer_events";
      Table table = lake.table(PROCESSED, "customer_events");
      assertThat(formatVersion(table)).isEqualTo(2);
      assertThat(table.location()).isEqualTo(location);
      assertThat(table.schema().asStruct()).isEqualTo(new Schema(
          Types.NestedField.required(1, "event_id", Types.StringType.get(), "The event's unique id"),
          Types.NestedField.optional(2, "customer", Types.StringType.get()),
          Types.NestedField.optional(3, "event_type", Types.StringType.get()),
          Types.NestedField.optional(4, "amount", Types.IntegerType.get()),
          Types.NestedField.optional(5, "price", Types.DecimalType.of(10, 2)),
          Types.NestedField.optional(6, "score", Types.FloatType.get()),
          Types.NestedField.required(7, "event_timestamp", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(8, "event_data", Types.MapType.ofOptional(13, 14, Types.StringType.get(),
              Types.StringType.get())),
          Types.NestedField.optional(9, "tags", Types.ListType.ofOptional(15, Types.StringType.get())),
          Types.NestedField.optional(10, "device", Types.StructType.of(
              Types.NestedField.optional(16, "os", Types.StringType.get()),
              Types.NestedField.optional(17, "version", Types.IntegerType.get()))),
          Types.NestedField.optional(11, "event_date", Types.DateType.get()),
          Types.NestedField.optional(12, "region", Types.StringType.get())).asStruct());
      assertThat(table.spec().fields()).extracting(PartitionField::name, f -> f.transform().toString())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("event_date_day", "day"),
              org.assertj.core.groups.Tuple.tuple("customer_bucket", "bucket[16]"));
      assertThat(table.properties()).containsEntry("write.parquet.compression-codec", "zstd")
          .containsEntry("write.metadata.delete-after-commit.enabled", "true")
          .containsEntry("comment", "Customer events")
          .containsEntry("lakehouse.managed-properties",
              "comment,write.metadata.delete-after-commit.enabled,write.parquet.compression-codec");

      var glue = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      assertThat(glue.tableType()).isEqualTo("EXTERNAL_TABLE");
      assertThat(glue.description()).isEqualTo("Customer events");
      assertThat(glue.parameters()).containsEntry("table_type", "ICEBERG")
          .containsEntry("lakehouse:project", "acme").containsEntry("lakehouse:env", "dev");
      assertThat(glue.parameters().get("metadata_location")).startsWith(location + "/metadata/")
          .endsWith(".metadata.json").isEqualTo(metadataLocation(table));
      assertThat(glue.storageDescriptor().location()).isEqualTo(location);
      assertThat(glue.storageDescriptor().columns()).extracting(Column::name, Column::type).containsExactly(
          org.assertj.core.groups.Tuple.tuple("event_id", "string"),
          org.assertj.core.groups.Tuple.tuple("customer", "string"),
          org.assertj.core.groups.Tuple.tuple("event_type", "string"),
          org.assertj.core.groups.Tuple.tuple("amount", "int"),
          org.assertj.core.groups.Tuple.tuple("price", "decimal(10,2)"),
          org.assertj.core.groups.Tuple.tuple("score", "float"),
          org.assertj.core.groups.Tuple.tuple("event_timestamp", "timestamp"),
          org.assertj.core.groups.Tuple.tuple("event_data", "map<string,string>"),
          org.assertj.core.groups.Tuple.tuple("tags", "array<string>"),
          org.assertj.core.groups.Tuple.tuple("device", "struct<os:string,version:int>"),
          org.assertj.core.groups.Tuple.tuple("event_date", "date"),
          org.assertj.core.groups.Tuple.tuple("region", "string"));
      assertThat(glue.storageDescriptor().columns().get(0).comment()).isEqualTo("The event's unique id");
      assertThat(lake.clients.s3().listObjectsV2(b -> b.bucket("acme-dev-processed-" + emulator.accountId())
          .prefix("customer_events/metadata/")).contents()).isNotEmpty();

      Table aggregates = lake.table(CURATED, "monthly_aggregates");
      assertThat(aggregates.spec().fields()).extracting(f -> f.transform().toString()).containsExactly("month");
    }
  }

  @EmulatorTest
  void aNewTableIsWhatIcebergsCatalogMakesMarkedInTheCallThatMakesIt(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      lake.proxy.clearRecording();
      assertThat(lake.apply(stack).succeeded()).isTrue();

      // Each table: its metadata file and one CreateTable that carries the marks; no search for
      // it beyond the plan's read (absent from its database's listing, it is asked for alone),
      // no UpdateTable to mark it afterwards.
      assertThat(calls(lake, "glue", "CreateTable")).hasSize(2);
      assertThat(calls(lake, "glue", "UpdateTable")).isEmpty();
      assertThat(calls(lake, "glue", "GetTable")).filteredOn(r -> r.status() == 400).hasSize(2);
      // The read-back takes the metadata file it just wrote from memory: Glue is asked, S3 is not.
      assertThat(calls(lake, "glue", "GetTable")).filteredOn(r -> r.status() == 200).hasSize(2);
      assertThat(calls(lake, "s3", "GetObject")).isEmpty();
      // One look per new table for a first metadata file an interrupted apply left, begun as the
      // apply began, whose answer the create takes though it adds the mark of the config to the spec.
      assertThat(calls(lake, "s3", "ListObjectsV2")).hasSize(2);

      Table made = lake.table(PROCESSED, "customer_events");
      lake.catalog().buildTable(TableIdentifier.of(PROCESSED, "by_iceberg"), made.schema())
          .withPartitionSpec(made.spec()).withLocation(made.location()).withProperties(made.properties()).create();
      var ours = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      var iceberg = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("by_iceberg")).table();
      assertThat(ours.tableType()).isEqualTo(iceberg.tableType());
      assertThat(ours.description()).isEqualTo(iceberg.description());
      assertThat(ours.storageDescriptor()).isEqualTo(iceberg.storageDescriptor());
      assertThat(ours.parameters().keySet()).containsExactlyInAnyOrder("table_type", "metadata_location",
          "lakehouse:project", "lakehouse:env", "lakehouse:applied");
      assertThat(iceberg.parameters()).containsOnlyKeys("table_type", "metadata_location");
      assertThat(ours.parameters().get("table_type")).isEqualTo(iceberg.parameters().get("table_type"));
    }
  }

  @EmulatorTest
  void aNewTableIsMadeFromTheMetadataPreparedForItsOwnSpecOnly(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      assertThat(lake.apply(stack).succeeded()).isTrue();
      IcebergTableResource tables = new IcebergTableResource(lake.clients.glue(), lake.clients.s3(), lake::catalog,
          false);
      TableSpec events = TableConverters.desired(stack, stack.config().tables().stream()
          .filter(table -> table.name().equals("processed.customer_events")).findFirst().orElseThrow());
      Map<String, String> snappy = new java.util.HashMap<>(events.properties());
      snappy.put("write.parquet.compression-codec", "snappy");
      TableSpec prepared = renamed(events, "prepared_events", events.properties());
      TableSpec changed = renamed(events, "changed_events", snappy);
      TableSpec preparedForNothing = renamed(events, "changed_events", events.properties());

      tables.prepare(Optional.empty(), prepared);
      tables.prepare(Optional.empty(), preparedForNothing);
      tables.create(prepared);
      tables.create(changed);

      String bucket = "acme-dev-processed-" + emulator.accountId();
      for (TableSpec made : List.of(prepared, changed)) {
        assertThat(Specs.toJson(tables.read(made).orElseThrow())).isEqualTo(Specs.toJson(made));
        assertThat(keys(lake, bucket)).as("one metadata file for " + made.table())
            .filteredOn(key -> key.startsWith(made.table() + "/metadata/")).hasSize(1);
      }
      assertThat(lake.table(PROCESSED, "changed_events").properties())
          .containsEntry("write.parquet.compression-codec", "snappy");
      assertThat(lake.table(PROCESSED, "prepared_events").properties())
          .containsEntry("write.parquet.compression-codec", "zstd");
    }
  }

  /** The spec with another table name and location, and these properties. */
  private static TableSpec renamed(TableSpec spec, String name, Map<String, String> properties) {
    return new TableSpec(spec.database(), name, spec.location().replace("customer_events", name),
        spec.formatVersion(), spec.columns(), spec.partitionBy(), properties, spec.glueParameters(),
        spec.managedProperties(), spec.partitionFieldNames(), spec.createdEmpty());
  }

  @EmulatorTest
  void aCreateWhoseAnswerWasLostIsTakenAsMade(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();
      // The first CreateTable reaches Glue, but its answer does not come back: the SDK's retry
      // meets the table it made.
      lake.proxy.serve(request -> request.service().equals("glue") && request.operation().equals("CreateTable"),
          (request, upstream) -> {
            var reply = upstream.send(request, request.body());
            return lost.compareAndSet(false, true) ? Reply.jsonError(500, "InternalFailure", "lost") : reply;
          });

      ApplyResult result = lake.apply(stack);
      assertThat(result.failed()).isEmpty();
      assertThat(lost).isTrue();
      assertThat(lake.plan(stack).hasChanges()).isFalse();
      for (String table : List.of("customer_events", "monthly_aggregates")) {
        String database = table.equals("customer_events") ? PROCESSED : CURATED;
        String bucket = (table.equals("customer_events") ? "acme-dev-processed-" : "acme-dev-curated-")
            + emulator.accountId();
        assertThat(keys(lake, bucket)).filteredOn(k -> k.startsWith(table + "/metadata/"))
            .containsExactly(metadataLocation(lake.table(database, table)).substring(("s3://" + bucket + "/").length()));
      }
    }
  }

  @EmulatorTest
  void aFirstMetadataFileAnApplyCutShortLeftIsNamedRatherThanASecondWritten(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      assertThat(lake.apply(stack).succeeded()).isTrue();
      String bucket = "acme-dev-processed-" + emulator.accountId();
      String first = metadataLocation(lake.table(PROCESSED, "customer_events"));
      // What an apply killed between writing the table's first metadata and Glue's CreateTable leaves.
      lake.clients.glue().deleteTable(b -> b.databaseName(PROCESSED).name("customer_events"));

      assertThat(lake.plan(stack).change(EVENTS).action()).isEqualTo(Action.CREATE);
      lake.proxy.clearRecording();
      assertThat(lake.apply(stack).succeeded()).isTrue();

      assertThat(metadataLocation(lake.table(PROCESSED, "customer_events"))).isEqualTo(first);
      assertThat(keys(lake, bucket)).filteredOn(k -> k.startsWith("customer_events/metadata/"))
          .containsExactly(first.substring(("s3://" + bucket + "/").length()));
      assertThat(calls(lake, "s3", "PutObject")).isEmpty();
      assertThat(lake.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void aCreateGlueRefusesLeavesNoVersionOfItsMetadataFileInAVersionedBucket(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG.replace("processed-${account}\n",
          "processed-${account}\n    versioning: true\n"));
      lake.proxy.rule().service("glue").operation("CreateTable").respondError(400, "AccessDeniedException", "denied");

      ApplyResult result = lake.apply(stack);

      assertThat(result.failed()).containsKey(EVENTS);
      String bucket = "acme-dev-processed-" + emulator.accountId();
      assertThat(lake.clients.s3().getBucketVersioning(b -> b.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
      var versions = lake.clients.s3().listObjectVersions(b -> b.bucket(bucket).prefix("customer_events/"));
      assertThat(versions.versions()).isEmpty();
      assertThat(versions.deleteMarkers()).isEmpty();
    }
  }

  @EmulatorTest
  void aTableWhoseGlueEntryWasDeletedIsNotMadeAgainOverItsFiles(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      String latest = appliedAppendedAndDroppedFromGlue(lake, stack);
      String bucket = "acme-dev-processed-" + emulator.accountId();
      List<String> files = keys(lake, bucket);

      assertThat(lake.plan(stack).change(EVENTS).action()).as("a plan that did not look (a saved one)")
          .isEqualTo(Action.CREATE);
      ApplyResult result = lake.apply(stack);

      assertThat(result.failed()).containsOnlyKeys(EVENTS);
      assertThat(result.failed().get(EVENTS)).hasMessage("Cannot create Iceberg table (" + PROCESSED
          + ".customer_events): its location holds the metadata of an earlier table (" + latest + " among others), "
          + "whose data files a new, empty table there would orphan, and maintenance (VACUUM) would then delete them. "
          + "To get that table back, register its latest metadata file (the highest-numbered in s3://" + bucket
          + "/customer_events/metadata/) in Glue (Spark: CALL system.register_table) and apply with --adopt; to "
          + "start afresh, delete the files under s3://" + bucket + "/customer_events/ first");
      assertThat(keys(lake, bucket)).isEqualTo(files);
      assertThatThrownBy(() -> lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")))
          .isInstanceOf(EntityNotFoundException.class);
    }
  }

  @EmulatorTest
  void aTableWhoseGlueEntryWasDeletedIsRefusedInThePlanAndApplyWritesNothing(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      String latest = appliedAppendedAndDroppedFromGlue(lake, stack);
      lake.clients.glue().deleteDatabase(b -> b.name(PROCESSED));
      String bucket = "acme-dev-processed-" + emulator.accountId();
      List<String> files = keys(lake, bucket);
      lake.proxy.clearRecording();

      try (AwsClients aws = lake.aws()) {
        Engine engine = lake.engine(aws);
        LiveStack live = engine.read(stack);
        Plan plan = engine.plan(live, Set.of());

        assertThat(plan.change(EVENTS).action()).isEqualTo(Action.CREATE);
        assertThat(plan.change(EVENTS).refusals()).singleElement().asString()
            .startsWith("its location holds the metadata of an earlier table (" + latest + " among others)");
        assertThat(plan.change(Address.parse("glue_database.processed")).action()).isEqualTo(Action.CREATE);
        assertThatThrownBy(() -> engine.apply(live, plan, ApplyListener.NONE, new Cancellation()))
            .isInstanceOf(Refused.class)
            .hasMessageStartingWith("Cannot create " + EVENTS + ": its location holds the metadata of an earlier table");
      }
      assertThat(lake.proxy.requests()).as("no write before the refusal").noneMatch(RecordedRequest::isMutating);
      assertThat(calls(lake, "s3", "ListObjectsV2")).as("one look into the new table's metadata folder")
          .hasSize(1);
      assertThat(keys(lake, bucket)).isEqualTo(files);
      assertThatThrownBy(() -> lake.clients.glue().getDatabase(b -> b.name(PROCESSED)))
          .isInstanceOf(EntityNotFoundException.class);
    }
  }

  @EmulatorTest
  void aTableMadeWithItsDataInItsFirstCommitIsNotMadeAgainOverItsFiles(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      lake.apply(lake.stack(IcebergStack.CONFIG.substring(0,
          IcebergStack.CONFIG.indexOf("  - name: curated.monthly_aggregates"))));
      String location = "s3://acme-dev-curated-" + emulator.accountId() + "/monthly_aggregates";
      Schema schema = new Schema(
          Types.NestedField.required(1, "metric_name", Types.StringType.get()),
          Types.NestedField.optional(2, "metric_value", Types.DoubleType.get()),
          Types.NestedField.optional(3, "aggregation_date", Types.DateType.get()));
      // As a CREATE TABLE ... AS SELECT commits: the new table's first metadata already holds its data.
      Transaction createAsSelect = lake.catalog().buildTable(TableIdentifier.of(CURATED, "monthly_aggregates"), schema)
          .withPartitionSpec(PartitionSpec.builderFor(schema).month("aggregation_date").build())
          .withLocation(location).createTransaction();
      createAsSelect.newAppend().appendFile(DataFiles.builder(createAsSelect.table().spec())
          .withPath(location + "/data/aggregation_date_month=652/part-0.parquet").withFormat(FileFormat.PARQUET)
          .withPartitionPath("aggregation_date_month=652").withFileSizeInBytes(4096).withRecordCount(100).build())
          .commit();
      createAsSelect.commitTransaction();
      String first = metadataLocation(lake.table(CURATED, "monthly_aggregates"));
      assertThat(first).contains("/metadata/00000-");
      lake.clients.glue().deleteTable(b -> b.databaseName(CURATED).name("monthly_aggregates"));
      Stack stack = lake.stack(IcebergStack.CONFIG);

      try (AwsClients aws = lake.aws()) {
        Engine engine = lake.engine(aws);
        Plan plan = engine.plan(engine.read(stack), Set.of());
        assertThat(plan.change(AGGREGATES).refusals()).singleElement().asString()
            .startsWith("its location holds the metadata of an earlier table (" + first + " among others)");
      }
      assertThat(lake.apply(stack).failed().get(AGGREGATES))
          .hasMessageContaining("its location holds the metadata of an earlier table (" + first + " among others)");
      assertThatThrownBy(() -> lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")))
          .isInstanceOf(EntityNotFoundException.class);
    }
  }

  /**
   * Applies the stack, appends to customer_events and deletes its Glue entry, leaving its files;
   * the location of its latest metadata file.
   */
  private static String appliedAppendedAndDroppedFromGlue(IcebergStack lake, Stack stack) {
    lake.apply(stack);
    IcebergStack.append(lake.table(PROCESSED, "customer_events"), "event_date_day=2024-05-01/customer_bucket=3");
    String latest = metadataLocation(lake.table(PROCESSED, "customer_events"));
    lake.clients.glue().deleteTable(b -> b.databaseName(PROCESSED).name("customer_events"));
    return latest;
  }

  /**
   * A Glue entry whose metadata_location was set back to an earlier file of the table: a commit on it
   * would drop the later file's snapshot, so the plan refuses the change, naming both files, and apply
   * writes nothing; pointed at the latest again, the change is made on it, the snapshot kept.
   */
  @EmulatorTest
  void aChangeIsNotCommittedOnMetadataThatALaterFileOfTheTableFollows(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      lake.apply(stack);
      String made = metadataLocation(lake.table(PROCESSED, "customer_events"));
      IcebergStack.append(lake.table(PROCESSED, "customer_events"), "event_date_day=2024-05-01/customer_bucket=3");
      Table appended = lake.table(PROCESSED, "customer_events");
      String latest = metadataLocation(appended);
      long snapshot = appended.currentSnapshot().snapshotId();
      pointGlueAt(lake, made);
      Stack added = lake.stack(IcebergStack.CONFIG.replace("      - { name: region, type: string }\n",
          "      - { name: region, type: string }\n      - { name: note, type: string }\n"));

      String location = made.substring(0, made.indexOf("/metadata/"));
      assertThat(lake.plan(added).change(EVENTS).refusals()).containsExactly("the Glue table names the metadata file "
          + made + ", but a later one follows from it, " + latest + " (the Glue table's metadata_location was set "
          + "back outside lakehouse, or a commit never reached Glue): a commit on the older file would drop the later "
          + "one's snapshots from the table, and VACUUM would then delete the data files only they hold. Point the "
          + "Glue table's metadata_location at the latest metadata file (the highest-numbered in " + location
          + "/metadata/; `lakehouse rollback` then goes back to an older snapshot, if that was meant), then plan "
          + "again");
      lake.proxy.clearRecording();
      assertThatThrownBy(() -> lake.apply(added)).isInstanceOf(Refused.class);
      assertThat(lake.proxy.mutatingCount()).isZero();

      pointGlueAt(lake, latest);
      assertThat(lake.plan(added).change(EVENTS).refusals()).isEmpty();
      assertThat(lake.apply(added).failed()).isEmpty();
      assertThat(lake.table(PROCESSED, "customer_events").snapshot(snapshot)).isNotNull();
      assertThat(lake.plan(added).hasChanges()).isFalse();
    }
  }

  private static void pointGlueAt(IcebergStack lake, String metadataLocation) {
    var table = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
    lake.clients.glue().updateTable(b -> b.databaseName(PROCESSED)
        .tableInput(GlueTables.withParameters(table, Map.of("metadata_location", metadataLocation))));
  }

  @EmulatorTest
  void aPlanOfNewTablesInNewBucketsLooksIntoNoMetadataFolder(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);

      try (AwsClients aws = lake.aws()) {
        Engine engine = lake.engine(aws);
        Plan plan = engine.plan(engine.read(stack), Set.of());
        assertThat(plan.change(EVENTS).action()).isEqualTo(Action.CREATE);
        assertThat(plan.change(EVENTS).refusals()).isEmpty();
      }
      assertThat(calls(lake, "s3", "ListObjectsV2")).isEmpty();
    }
  }

  @EmulatorTest
  void theStacksReadFindsItsTablesInTheListingOfTheirDatabases(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      assertThat(lake.apply(stack).succeeded()).isTrue();

      lake.proxy.clearRecording();
      assertThat(lake.plan(stack).hasChanges()).isFalse();

      long databases = stack.config().zones().values().stream().filter(zone -> zone.database() != null).count();
      assertThat(calls(lake, "glue", "GetTables")).as("one listing per zone database, for the searches and the read")
          .hasSize((int) databases);
      assertThat(calls(lake, "glue", "GetTable")).as("no table read alone").isEmpty();
      assertThat(calls(lake, "s3", "GetObject")).as("each table's metadata file").hasSize(2);
    }
  }

  @EmulatorTest
  void aSecondApplyOfTheSameConfigMakesNoMutatingCall(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      lake.apply(stack);
      IcebergStack.append(lake.table(PROCESSED, "customer_events"), "event_date_day=2024-05-01/customer_bucket=3");

      lake.proxy.clearRecording();
      ApplyResult again = lake.apply(stack);
      assertThat(again.done()).isEmpty();
      assertThat(lake.proxy.mutatingCount()).isZero();
      assertThat(lake.proxy.requests()).isNotEmpty();
    }
  }

  @EmulatorTest
  void evolvesSchemaPartitioningAndPropertiesInPlace(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack v1 = lake.stack(IcebergStack.CONFIG);
      lake.apply(v1);
      Table before = lake.table(PROCESSED, "customer_events");
      long snapshot = IcebergStack.append(before, "event_date_day=2024-05-01/customer_bucket=3",
          "event_date_day=2024-05-02/customer_bucket=7");
      int customerId = before.schema().findField("customer").fieldId();
      int amountId = before.schema().findField("amount").fieldId();

      Stack v2 = lake.stack(IcebergStack.CONFIG
          .replace("{ name: customer, type: string }", "{ name: customer_id, type: string, renamedFrom: customer }")
          .replace("{ name: event_type, type: string }",
              "{ name: region, type: string }\n      - { name: event_type, type: string }\n"
                  + "      - { name: channel, type: string, comment: Where it came from }")
          .replace("      - { name: region, type: string }\n    partitionBy", "    partitionBy")
          .replace("{ name: amount, type: int }", "{ name: amount, type: long }")
          .replace("decimal(10,2)", "decimal(12,2)")
          .replace("{ name: score, type: float }", "{ name: score, type: double }")
          .replace("{ name: event_timestamp, type: timestamp, required: true }", "{ name: event_timestamp, type: timestamp }")
          .replace("struct<os:string,version:int>", "struct<os:string,version:long,model:string>")
          .replace("[\"days(event_date)\", \"bucket(16, customer)\"]",
              "[\"months(event_date)\", \"bucket(16, customer_id)\", \"region\"]")
          .replace("write.parquet.compression-codec: zstd", "write.parquet.compression-codec: snappy\n"
              + "      write.target-file-size-bytes: \"268435456\"")
          .replace("      write.metadata.delete-after-commit.enabled: \"true\"\n", ""));

      Plan plan = lake.plan(v2);
      Change change = plan.change(EVENTS);
      assertThat(change.action()).isEqualTo(Action.UPDATE);
      assertThat(change.refusals()).isEmpty();
      assertThat(change.notes()).containsExactly(
          "rename column customer to customer_id (field id " + customerId + " kept)",
          "add column channel string",
          "widen column amount from int to long",
          "widen column price from decimal(10,2) to decimal(12,2)",
          "widen column score from float to double",
          "make column event_timestamp optional",
          "widen column device.version from int to long",
          "add column device.model string",
          "move column region after customer_id",
          "move column channel after event_type",
          "remove partition field day(event_date) (existing files keep their partitioning)",
          "add partition field month(event_date) (new writes use it; existing files keep their partitioning)",
          "add partition field identity(region) (new writes use it; existing files keep their partitioning)",
          "set property write.parquet.compression-codec",
          "set property write.target-file-size-bytes",
          "unset property write.metadata.delete-after-commit.enabled (set by this stack before)",
          "as one Iceberg metadata commit: no data file is rewritten");
      assertThat(change.attributes()).extracting(AttributeChange::path).contains("columns[customer_id].name",
          "columns[amount].type", "columns[event_timestamp].required", "partitionBy",
          "properties.write.metadata.delete-after-commit.enabled")
          .doesNotContain("columns[customer]", "columns[customer_id]");

      String metadataBefore = metadataLocation(lake.table(PROCESSED, "customer_events"));
      ApplyResult result = lake.apply(v2);
      assertThat(result.failed()).isEmpty();
      assertThat(result.done()).extracting(Change::address).containsExactly(EVENTS);

      Table after = lake.table(PROCESSED, "customer_events");
      Schema schema = after.schema();
      assertThat(schema.columns()).extracting(Types.NestedField::name).containsExactly("event_id", "customer_id",
          "region", "event_type", "channel", "amount", "price", "score", "event_timestamp", "event_data", "tags",
          "device", "event_date");
      assertThat(schema.findField("customer_id").fieldId()).isEqualTo(customerId);
      assertThat(schema.findField("amount").fieldId()).isEqualTo(amountId);
      assertThat(schema.findField("amount").type()).isEqualTo(Types.LongType.get());
      assertThat(schema.findField("price").type()).isEqualTo(Types.DecimalType.of(12, 2));
      assertThat(schema.findField("score").type()).isEqualTo(Types.DoubleType.get());
      assertThat(schema.findField("event_timestamp").isOptional()).isTrue();
      assertThat(schema.findField("channel").doc()).isEqualTo("Where it came from");
      assertThat(schema.findField("device.version").type()).isEqualTo(Types.LongType.get());
      assertThat(schema.findField("device.model")).isNotNull();
      assertThat(schema.schemaId()).isEqualTo(before.schema().schemaId() + 1);
      assertThat(after.spec().specId()).isEqualTo(before.spec().specId() + 1);
      assertThat(after.spec().fields()).extracting(f -> f.transform() + "(" + schema.findColumnName(f.sourceId()) + ")")
          .containsExactly("bucket[16](customer_id)", "month(event_date)", "identity(region)");
      assertThat(after.properties()).containsEntry("write.parquet.compression-codec", "snappy")
          .containsEntry("write.target-file-size-bytes", "268435456")
          .doesNotContainKey("write.metadata.delete-after-commit.enabled");
      // Metadata only: the data stays as written, in the same snapshot.
      assertThat(after.currentSnapshot().snapshotId()).isEqualTo(snapshot);
      assertThat(StreamSupport.stream(after.newScan().planFiles().spliterator(), false).count()).isEqualTo(2);
      assertThat(((HasTableOperations) after).operations().current().previousFiles())
          .extracting(e -> e.file()).contains(metadataBefore);

      var glue = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      assertThat(glue.parameters()).containsEntry("metadata_location", metadataLocation(after))
          .containsEntry("previous_metadata_location", metadataBefore)
          .containsEntry("lakehouse:project", "acme");
      assertThat(glue.storageDescriptor().columns()).filteredOn(c -> "true".equals(c.parameters().get("iceberg.field.current")))
          .extracting(Column::name).containsExactly("event_id", "customer_id", "region", "event_type", "channel", "amount",
              "price", "score", "event_timestamp", "event_data", "tags", "device", "event_date");

      lake.proxy.clearRecording();
      assertThat(lake.apply(v2).done()).isEmpty();
      assertThat(lake.proxy.mutatingCount()).isZero();
    }
  }

  @EmulatorTest
  void refusesWhatIcebergCannotDoInPlaceAtPlanTime(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack v1 = lake.stack(IcebergStack.CONFIG);
      lake.apply(v1);
      Stack narrowed = lake.stack(IcebergStack.CONFIG
          .replace("{ name: amount, type: int }", "{ name: amount, type: string }")
          .replace("{ name: region, type: string }", "{ name: region, type: string, required: true }"));

      String file = dir.resolve("lakehouse.yaml").toString();
      Change change = lake.plan(narrowed).change(EVENTS);
      assertThat(change.refusals()).containsExactly(
          file + ":30:31: tables[0].columns[3].type: column amount cannot change from int to string: Iceberg can "
              + "only widen a type in place (int -> long, float -> double, a larger decimal precision); add a column "
              + "of the new type instead",
          file + ":38:49: tables[0].columns[11].required: column region cannot become required: Iceberg cannot "
              + "make an optional column required, because existing rows may hold nulls");
      String metadata = metadataLocation(lake.table(PROCESSED, "customer_events"));
      lake.proxy.clearRecording();
      assertThatThrownBy(() -> lake.apply(narrowed)).isInstanceOf(Refused.class).hasMessage(
          "Cannot update iceberg_table.processed.customer_events: " + file + ":30:31: tables[0].columns[3].type: "
              + "column amount cannot change from int to string: Iceberg can only widen a type in place (int -> long, "
              + "float -> double, a larger decimal precision); add a column of the new type instead; " + file
              + ":38:49: tables[0].columns[11].required: column region cannot become required: Iceberg cannot make an "
              + "optional column required, because existing rows may hold nulls");
      assertThat(lake.proxy.mutatingCount()).isZero();
      assertThat(metadataLocation(lake.table(PROCESSED, "customer_events"))).isEqualTo(metadata);
    }
  }

  @EmulatorTest
  void refusesAtPlanTimeWhatTheTablesIdentifierFieldsAndSortOrderSetOutsideLakehouseForbid(Emulator emulator)
      throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      lake.apply(lake.stack(IcebergStack.CONFIG));
      Table table = lake.table(PROCESSED, "customer_events");
      table.updateSchema().setIdentifierFields("event_id").commit();
      table.replaceSortOrder().asc("device.os").asc("region").commit();
      Stack edited = lake.stack(IcebergStack.CONFIG
          .replace("{ name: event_id, type: string, required: true,", "{ name: event_id, type: string,")
          .replace("{ name: device, type: \"struct<os:string,version:int>\" }",
              "{ name: device, type: \"struct<version:int>\" }")
          .replace("      - { name: region, type: string }\n", ""));

      String file = dir.resolve("lakehouse.yaml").toString();
      Change change = lake.plan(edited, "dropped-columns").change(EVENTS);
      assertThat(change.refusals()).containsExactly(
          file + ":27:9: tables[0].columns[0].required: column event_id cannot become optional: it is an identifier "
              + "field of the table, and Iceberg keeps identifier fields required; take it out of the table's "
              + "identifier fields first (Spark: ALTER TABLE acme_dev_processed.customer_events DROP IDENTIFIER "
              + "FIELDS event_id)",
          "column device.os cannot be dropped: the table's sort order sorts by it, and Iceberg does not drop a column "
              + "its sort order uses; set a sort order without it first (Spark: ALTER TABLE "
              + "acme_dev_processed.customer_events WRITE ORDERED BY other columns, or WRITE UNORDERED)",
          "column region cannot be dropped: the table's sort order sorts by it, and Iceberg does not drop a column "
              + "its sort order uses; set a sort order without it first (Spark: ALTER TABLE "
              + "acme_dev_processed.customer_events WRITE ORDERED BY other columns, or WRITE UNORDERED)");
      String metadata = metadataLocation(lake.table(PROCESSED, "customer_events"));
      lake.proxy.clearRecording();
      assertThatThrownBy(() -> lake.apply(edited, "dropped-columns")).isInstanceOf(Refused.class)
          .hasMessageContaining("column event_id cannot become optional");
      assertThat(lake.proxy.mutatingCount()).isZero();
      assertThat(metadataLocation(lake.table(PROCESSED, "customer_events"))).isEqualTo(metadata);
    }
  }

  @EmulatorTest
  void refusesAtPlanTimeAColumnNamedLikeAFieldOfAnEarlierPartitionSpec(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      lake.apply(lake.stack(IcebergStack.CONFIG));
      String unpartitionedByDay = IcebergStack.CONFIG.replace("[\"days(event_date)\", ", "[");
      assertThat(lake.apply(lake.stack(unpartitionedByDay)).failed()).isEmpty();
      Stack withColumn = lake.stack(unpartitionedByDay.replace("      - { name: region, type: string }\n",
          "      - { name: region, type: string }\n      - { name: event_date_day, type: int }\n"));

      String file = dir.resolve("lakehouse.yaml").toString();
      assertThat(lake.plan(withColumn).change(EVENTS).refusals()).containsExactly(
          file + ":39:17: tables[0].columns[12].name: column event_date_day cannot be added: the table has a "
              + "partition field of that name (in its partition spec now or an earlier one), made from column "
              + "event_date, and Iceberg refuses a column named like a partition field of another column; give the "
              + "column another name");
      String metadata = metadataLocation(lake.table(PROCESSED, "customer_events"));
      lake.proxy.clearRecording();
      assertThatThrownBy(() -> lake.apply(withColumn)).isInstanceOf(Refused.class)
          .hasMessageContaining("column event_date_day cannot be added");
      assertThat(lake.proxy.mutatingCount()).isZero();
      assertThat(metadataLocation(lake.table(PROCESSED, "customer_events"))).isEqualTo(metadata);
    }
  }

  @EmulatorTest
  void dropsAColumnOnlyWhenAllowed(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack v1 = lake.stack(IcebergStack.CONFIG);
      lake.apply(v1);
      int regionId = lake.table(PROCESSED, "customer_events").schema().findField("region").fieldId();
      Stack withoutRegion = lake.stack(IcebergStack.CONFIG.replace("      - { name: region, type: string }\n", ""));

      assertThat(lake.plan(withoutRegion).change(EVENTS).notes()).contains("drop column region");
      assertThatThrownBy(() -> lake.apply(withoutRegion)).isInstanceOf(Refused.class).hasMessage(
          "Cannot update iceberg_table.processed.customer_events: table acme_dev_processed.customer_events would "
              + "drop column region; to allow it, pass --allow-data-loss dropped-columns");
      assertThat(lake.table(PROCESSED, "customer_events").schema().findField("region")).isNotNull();

      assertThat(lake.apply(withoutRegion, "dropped-columns").failed()).isEmpty();
      Table table = lake.table(PROCESSED, "customer_events");
      assertThat(table.schema().findField("region")).isNull();
      assertThat(table.schemas().values()).anyMatch(s -> s.findField(regionId) != null);
    }
  }

  @EmulatorTest
  void dropsATableOnlyWhenAllowedAndKeepsItsFilesUnlessTold(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack v1 = lake.stack(IcebergStack.CONFIG);
      lake.apply(v1);
      IcebergStack.append(lake.table(CURATED, "monthly_aggregates"), "aggregation_date_month=652");
      String config = IcebergStack.CONFIG.substring(0, IcebergStack.CONFIG.indexOf("  - name: curated.monthly_aggregates"));
      Stack without = lake.stack(config);
      String bucket = "acme-dev-curated-" + emulator.accountId();

      Change change = lake.plan(without).change(AGGREGATES);
      assertThat(change.action()).isEqualTo(Action.DELETE);
      assertThatThrownBy(() -> lake.apply(without)).isInstanceOf(Refused.class).hasMessage(
          "Cannot delete iceberg_table.curated.monthly_aggregates: table acme_dev_curated.monthly_aggregates would "
              + "be dropped from the Glue catalog (the drop leaves its files in s3://" + bucket
              + "/monthly_aggregates, unless their bucket is deleted too; --allow-data-loss table-data deletes them "
              + "with the table); to allow it, pass --allow-data-loss dropped-tables");
      assertThatThrownBy(() -> lake.apply(without, "table-data")).isInstanceOf(Refused.class)
          .hasMessageEndingWith("to allow it, pass --allow-data-loss dropped-tables");

      List<String> files = keys(lake, bucket);
      assertThat(lake.apply(without, "dropped-tables").succeeded()).isTrue();
      assertThat(lake.catalog().tableExists(TableIdentifier.of(CURATED, "monthly_aggregates"))).isFalse();
      assertThatThrownBy(() -> lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")))
          .isInstanceOf(EntityNotFoundException.class);
      assertThat(keys(lake, bucket)).containsAll(files);

      // The processed table, dropped with its data.
      String processedBucket = "acme-dev-processed-" + emulator.accountId();
      assertThat(keys(lake, processedBucket)).isNotEmpty();
      Stack none = lake.stack(config.substring(0, config.indexOf("tables:")));
      String dropped = "table " + PROCESSED + ".customer_events would be dropped from the Glue catalog";
      String filesDeleted = "the data and metadata files of table " + PROCESSED + ".customer_events in s3://"
          + processedBucket + "/customer_events would be deleted";
      assertThat(risks(lake, none, EVENTS, "table-data")).containsExactly(
          "dropped-tables not allowed: " + dropped, "table-data allowed: " + filesDeleted);
      assertThatThrownBy(() -> lake.apply(none, "table-data")).isInstanceOf(Refused.class)
          .hasMessageStartingWith("Cannot delete " + EVENTS + ": " + dropped
              + "; to allow it, pass --allow-data-loss dropped-tables");
      assertThat(risks(lake, none, EVENTS, "dropped-tables", "table-data")).containsExactly(
          "dropped-tables allowed: " + dropped, "table-data allowed: " + filesDeleted);
      assertThat(lake.apply(none, "dropped-tables", "table-data").succeeded()).isTrue();
      assertThat(lake.catalog().tableExists(TableIdentifier.of(PROCESSED, "customer_events"))).isFalse();
      assertThat(keys(lake, processedBucket)).isEmpty();
    }
  }

  /** The data risks the plan shows for the resource, each "KIND allowed: WHAT" or "KIND not allowed: WHAT". */
  private static List<String> risks(IcebergStack lake, Stack stack, Address address, String... allowedDataLoss) {
    try (AwsClients aws = lake.aws()) {
      Engine engine = lake.engine(aws, allowedDataLoss);
      return engine.plan(engine.read(stack), Set.of()).risks().stream().filter(risk -> risk.address().equals(address))
          .map(risk -> risk.risk().kind() + (risk.allowed() ? " allowed: " : " not allowed: ") + risk.risk().what())
          .toList();
    }
  }

  @EmulatorTest
  void leavesTablesItDidNotMakeAloneAndShowsThemAsUnmanaged(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      lake.apply(stack);
      Table pipeline = lake.catalog().buildTable(TableIdentifier.of(PROCESSED, "pipeline_events"),
              new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())))
          .withLocation("s3://acme-dev-processed-" + emulator.accountId() + "/pipeline_events").create();
      lake.clients.glue().createTable(b -> b.databaseName(CURATED).tableInput(t -> t.name("legacy_csv")
          .tableType("EXTERNAL_TABLE").parameters(Map.of("classification", "csv"))
          .storageDescriptor(s -> s.location("s3://elsewhere/legacy/"))));
      String metadata = metadataLocation(pipeline);

      Plan plan = lake.plan(stack);
      assertThat(plan.hasChanges()).isFalse();
      assertThat(plan.unmanaged()).extracting(Unmanaged::address, Unmanaged::reason).containsExactly(
          org.assertj.core.groups.Tuple.tuple(Address.parse("glue_table.curated.legacy_csv"),
              "Glue table acme_dev_curated.legacy_csv, not an Iceberg table, not in the config"),
          org.assertj.core.groups.Tuple.tuple(Address.parse("iceberg_table.processed.pipeline_events"),
              "Iceberg table acme_dev_processed.pipeline_events, made outside the stack, not in the config"));

      lake.proxy.clearRecording();
      ApplyResult result = lake.apply(stack, "dropped-tables", "table-data");
      assertThat(result.done()).isEmpty();
      assertThat(lake.proxy.mutatingCount()).isZero();
      assertThat(metadataLocation(lake.table(PROCESSED, "pipeline_events"))).isEqualTo(metadata);
      assertThat(lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("legacy_csv")).table()).isNotNull();
    }
  }

  @EmulatorTest
  void aDescriptionOrCommentTakenOutOfTheConfigLeavesTheGlueTableToo(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      lake.apply(lake.stack(IcebergStack.CONFIG));
      var made = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      assertThat(made.description()).isEqualTo("Customer events");
      assertThat(made.storageDescriptor().columns()).filteredOn(c -> c.name().equals("event_id"))
          .extracting(Column::comment).containsExactly("The event's unique id");

      Stack without = lake.stack(IcebergStack.CONFIG.replace("    description: Customer events\n", "")
          .replace(", comment: \"The event's unique id\"", ""));
      assertThat(lake.plan(without).change(EVENTS).notes()).containsExactly(
          "remove the comment of column event_id", "unset property comment (set by this stack before)",
          "as one Iceberg metadata commit: no data file is rewritten");
      assertThat(lake.apply(without).failed()).isEmpty();

      Table table = lake.table(PROCESSED, "customer_events");
      assertThat(table.properties()).doesNotContainKey("comment");
      assertThat(table.schema().findField("event_id").doc()).isNull();
      var glue = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      assertThat(glue.description()).isNull();
      assertThat(glue.storageDescriptor().columns()).filteredOn(c -> c.name().equals("event_id"))
          .extracting(Column::comment).containsOnlyNulls();
      assertThat(glue.parameters()).containsEntry("metadata_location", metadataLocation(table))
          .containsEntry("lakehouse:project", "acme");
      assertThat(lake.plan(without).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void repairsDriftMadeBehindItsBack(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      lake.apply(stack);
      lake.table(PROCESSED, "customer_events").updateProperties()
          .set("write.parquet.compression-codec", "gzip")
          .set("write.distribution-mode", "hash")
          .commit();
      lake.table(CURATED, "monthly_aggregates").updateSchema().renameColumn("metric_value", "value").commit();

      Plan plan = lake.plan(stack);
      assertThat(plan.change(EVENTS).attributes()).extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("properties.write.parquet.compression-codec: \"gzip\" -> \"zstd\"");
      assertThat(plan.drift()).as("the config is as applied: changed outside lakehouse")
          .extracting(d -> d.address() + " " + d.cause()).containsExactly(EVENTS + " OUTSIDE", AGGREGATES + " OUTSIDE");
      assertThat(plan.change(AGGREGATES).notes()).containsExactly("add column metric_value double",
          "move column metric_value after metric_name", "drop column value",
          "as one Iceberg metadata commit: no data file is rewritten");

      assertThat(lake.apply(stack, "dropped-columns").failed()).isEmpty();
      assertThat(lake.table(PROCESSED, "customer_events").properties())
          .containsEntry("write.parquet.compression-codec", "zstd")
          .containsEntry("write.distribution-mode", "hash");
      assertThat(lake.plan(stack).hasChanges()).isFalse();
    }
  }

  /**
   * The Glue entry's column list edited by hand (as a crawler or {@code aws glue update-table}
   * does), with no Iceberg commit: drift that apply writes back as the Iceberg schema gives it,
   * with Glue's UpdateTable alone, the metadata location and other parameters left as they are.
   */
  @EmulatorTest
  void aGlueColumnListEditedOutsideLakehouseIsDriftThatApplyWritesBack(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      assertThat(lake.apply(stack).failed()).isEmpty();
      var made = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      editGlueColumns(lake, made);

      Plan plan = lake.plan(stack);
      assertThat(plan.drift()).extracting(d -> d.address() + " " + d.cause()).containsExactly(EVENTS + " OUTSIDE");
      assertThat(plan.change(EVENTS).action()).isEqualTo(Action.UPDATE);
      assertThat(plan.change(EVENTS).attributes()).extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("glueColumns: [\"event_id string\",\"customer_id string\",\"event_type string\","
              + "\"price decimal(10,2)\",\"score double\",\"event_timestamp timestamp\","
              + "\"event_data map<string,string>\",\"tags array<string>\",\"device struct<os:string,version:int>\","
              + "\"event_date date\",\"region string\",\"bogus string\"] -> null");
      assertThat(plan.change(EVENTS).notes())
          .containsExactly("write the Glue table's column list back as the table's Iceberg schema gives it");

      lake.proxy.clearRecording();
      assertThat(lake.apply(stack).failed()).isEmpty();
      assertThat(calls(lake, "glue", "UpdateTable")).hasSize(1);
      assertThat(calls(lake, "s3", "PutObject")).as("no Iceberg commit").isEmpty();

      var now = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      assertThat(now.storageDescriptor().columns()).isEqualTo(made.storageDescriptor().columns());
      assertThat(now.storageDescriptor().location()).isEqualTo(made.storageDescriptor().location());
      assertThat(now.parameters()).isEqualTo(made.parameters());
      assertThat(now.description()).isEqualTo(made.description());
      assertThat(lake.plan(stack).hasChanges()).isFalse();

      lake.proxy.clearRecording();
      assertThat(lake.apply(stack).done()).isEmpty();
      assertThat(lake.proxy.mutatingCount()).isZero();
    }
  }

  /** With an Iceberg commit in the same apply, the commit writes the column list, and nothing more is needed. */
  @EmulatorTest
  void aGlueColumnListEditedOutsideLakehouseIsWrittenBackByTheSameApplysIcebergCommit(Emulator emulator)
      throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      lake.apply(lake.stack(IcebergStack.CONFIG));
      editGlueColumns(lake, lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events"))
          .table());
      Stack widened = lake.stack(IcebergStack.CONFIG.replace("{ name: amount, type: int }",
          "{ name: amount, type: long }"));

      assertThat(lake.plan(widened).change(EVENTS).notes()).containsExactly("widen column amount from int to long",
          "write the Glue table's column list back as the table's Iceberg schema gives it",
          "as one Iceberg metadata commit: no data file is rewritten");
      assertThat(lake.apply(widened).failed()).isEmpty();

      assertThat(lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table()
          .storageDescriptor().columns()).extracting(Column::name, Column::type).startsWith(
              org.assertj.core.groups.Tuple.tuple("event_id", "string"),
              org.assertj.core.groups.Tuple.tuple("customer", "string"),
              org.assertj.core.groups.Tuple.tuple("event_type", "string"),
              org.assertj.core.groups.Tuple.tuple("amount", "bigint"))
          .noneMatch(c -> c.toList().contains("bogus"));
      assertThat(lake.plan(widened).hasChanges()).isFalse();
    }
  }

  /**
   * The Glue entry's table type, location and description edited by hand: drift that apply writes back
   * as Iceberg's catalog writes them, with Glue's UpdateTable alone, the metadata location and the rest
   * left as they are.
   */
  @EmulatorTest
  void aGlueTableTypeLocationAndDescriptionEditedOutsideLakehouseAreDriftThatApplyWritesBack(Emulator emulator)
      throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      assertThat(lake.apply(stack).failed()).isEmpty();
      var made = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      var input = GlueTables.withParameters(made, Map.of());
      lake.clients.glue().updateTable(b -> b.databaseName(PROCESSED).tableInput(input.toBuilder()
          .tableType("VIRTUAL_VIEW").description("by hand").storageDescriptor(input.storageDescriptor().toBuilder()
              .location("s3://elsewhere/events").build()).build()));

      Plan plan = lake.plan(stack);
      assertThat(plan.drift()).extracting(d -> d.address() + " " + d.cause()).containsExactly(EVENTS + " OUTSIDE");
      assertThat(plan.change(EVENTS).attributes()).extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("glueEntry: {\"description\":\"by hand\",\"location\":\"s3://elsewhere/events\","
              + "\"tableType\":\"VIRTUAL_VIEW\"} -> null");
      assertThat(plan.change(EVENTS).notes()).containsExactly("write the Glue table's description, location and table "
          + "type back as Iceberg's catalog writes them for the table's metadata");

      lake.proxy.clearRecording();
      assertThat(lake.apply(stack).failed()).isEmpty();
      assertThat(calls(lake, "glue", "UpdateTable")).hasSize(1);
      assertThat(calls(lake, "s3", "PutObject")).as("no Iceberg commit").isEmpty();

      var now = lake.clients.glue().getTable(b -> b.databaseName(PROCESSED).name("customer_events")).table();
      assertThat(now.tableType()).isEqualTo(made.tableType());
      assertThat(now.description()).isEqualTo(made.description());
      assertThat(now.storageDescriptor()).isEqualTo(made.storageDescriptor());
      assertThat(now.parameters()).isEqualTo(made.parameters());
      assertThat(lake.plan(stack).hasChanges()).isFalse();
    }
  }

  /**
   * Edits the table's Glue column list with Glue's own UpdateTable, as a crawler would: renames
   * customer, drops amount, retypes score, adds a column.
   */
  private static void editGlueColumns(IcebergStack lake,
      software.amazon.awssdk.services.glue.model.Table table) {
    List<Column> columns = new java.util.ArrayList<>(table.storageDescriptor().columns().stream()
        .filter(c -> !c.name().equals("amount"))
        .map(c -> c.name().equals("customer") ? c.toBuilder().name("customer_id").build()
            : c.name().equals("score") ? c.toBuilder().type("double").build() : c)
        .toList());
    columns.add(Column.builder().name("bogus").type("string").build());
    var input = GlueTables.withParameters(table, Map.of());
    lake.clients.glue().updateTable(b -> b.databaseName(PROCESSED).tableInput(input.toBuilder()
        .storageDescriptor(input.storageDescriptor().toBuilder().columns(columns).build()).build()));
  }

  /**
   * A table carries the mark of the config applied among its Glue parameters, like its ownership
   * marks: an edit of the config is a planned change, not drift, and the update marks the table
   * again after its Iceberg commit.
   */
  @EmulatorTest
  void aTableCarriesTheMarkOfTheConfigAppliedInItsGlueParameters(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      lake.apply(lake.stack(IcebergStack.CONFIG));
      String before = glueParameters(lake, PROCESSED, "customer_events").get("lakehouse:applied");
      assertThat(before).matches("[0-9a-f]{16}");

      Stack edited = lake.stack(IcebergStack.CONFIG.replace("write.parquet.compression-codec: zstd",
          "write.parquet.compression-codec: snappy"));
      Plan plan = lake.plan(edited);
      assertThat(plan.change(EVENTS).action()).isEqualTo(Action.UPDATE);
      assertThat(plan.change(EVENTS).attributes()).extracting(AttributeChange::path)
          .containsExactly("properties.write.parquet.compression-codec");
      assertThat(plan.drift()).extracting(d -> d.address() + " " + d.cause()).containsExactly(EVENTS + " CONFIG");

      assertThat(lake.apply(edited).failed()).isEmpty();
      assertThat(lake.table(PROCESSED, "customer_events").properties())
          .containsEntry("write.parquet.compression-codec", "snappy");
      assertThat(glueParameters(lake, PROCESSED, "customer_events").get("lakehouse:applied"))
          .matches("[0-9a-f]{16}").isNotEqualTo(before);
      assertThat(glueParameters(lake, CURATED, "monthly_aggregates")).containsKey("lakehouse:applied");
      assertThat(lake.plan(edited).hasChanges()).isFalse();
      assertThat(lake.plan(edited).drift()).isEmpty();
    }
  }

  private static Map<String, String> glueParameters(IcebergStack lake, String database, String table) {
    return lake.clients.glue().getTable(b -> b.databaseName(database).name(table)).table().parameters();
  }

  @EmulatorTest
  void adoptsADeclaredTableAPipelineMadeFirstOnlyWhenAllowed(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      String withoutAggregates = IcebergStack.CONFIG.substring(0,
          IcebergStack.CONFIG.indexOf("  - name: curated.monthly_aggregates"));
      lake.apply(lake.stack(withoutAggregates));
      lake.catalog().buildTable(TableIdentifier.of(CURATED, "monthly_aggregates"), new Schema(
              Types.NestedField.required(1, "metric_name", Types.StringType.get()),
              Types.NestedField.optional(2, "metric_value", Types.DoubleType.get()),
              Types.NestedField.optional(3, "aggregation_date", Types.DateType.get())))
          .withLocation("s3://acme-dev-curated-" + emulator.accountId() + "/monthly_aggregates").create();
      Stack stack = lake.stack(IcebergStack.CONFIG);

      Change change = lake.plan(stack).change(AGGREGATES);
      assertThat(change.action()).isEqualTo(Action.ADOPT);
      assertThat(change.notes()).containsExactly(
          "mark the Glue table as this stack's (parameters lakehouse:env, lakehouse:project)",
          "add partition field month(aggregation_date) (new writes use it; existing files keep their partitioning)",
          "as one Iceberg metadata commit: no data file is rewritten",
          "exists, but without this stack's ownership tags: apply --adopt (or adopt: true in the config) takes it "
              + "over");
      assertThatThrownBy(() -> lake.apply(stack)).isInstanceOf(Refused.class).hasMessage(
          "Cannot adopt iceberg_table.curated.monthly_aggregates: it already exists without this stack's ownership "
              + "tags (lakehouse:env=dev, lakehouse:project=acme); to take it over, pass --adopt or set adopt: true "
              + "on it in the config");

      Stack adopting = lake.stack(IcebergStack.CONFIG.replace("  - name: curated.monthly_aggregates\n",
          "  - name: curated.monthly_aggregates\n    adopt: true\n"));
      assertThat(lake.apply(adopting).failed()).isEmpty();
      assertThat(lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")).table()
          .parameters()).containsEntry("lakehouse:project", "acme").containsEntry("table_type", "ICEBERG");
      assertThat(lake.table(CURATED, "monthly_aggregates").spec().fields()).hasSize(1);
      assertThat(lake.plan(stack).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void finishesATableAnInterruptedApplyLeftUnmarked(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      lake.apply(stack);
      // As an apply cut short between Iceberg's create and the marking leaves it.
      var glue = lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")).table();
      var parameters = new java.util.HashMap<>(glue.parameters());
      parameters.remove("lakehouse:project");
      parameters.remove("lakehouse:env");
      parameters.remove("lakehouse:applied");
      lake.clients.glue().updateTable(b -> b.databaseName(CURATED)
          .tableInput(GlueTables.withParameters(glue, Map.of()).toBuilder().parameters(parameters).build()));

      Change change = lake.plan(stack).change(AGGREGATES);
      assertThat(change.action()).isEqualTo(Action.UPDATE);
      assertThat(change.notes()).containsExactly(
          "mark the Glue table as this stack's (parameters lakehouse:env, lakehouse:project)",
          "an apply of this stack was cut short while creating it (it is untagged and empty): this apply "
              + "finishes it");
      assertThat(lake.apply(stack).failed()).isEmpty();
      assertThat(lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")).table()
          .parameters()).containsEntry("lakehouse:project", "acme").containsEntry("lakehouse:env", "dev");
    }
  }

  @EmulatorTest
  void refusesATableOfAnotherStack(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      lake.apply(stack);
      var glue = lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")).table();
      lake.clients.glue().updateTable(b -> b.databaseName(CURATED)
          .tableInput(GlueTables.withParameters(glue, Map.of("lakehouse:env", "prod"))));

      assertThat(lake.plan(stack).change(AGGREGATES).refusals()).containsExactly(
          "it belongs to the lakehouse stack acme/prod (by its ownership tags); lakehouse never takes over another "
              + "stack's resources");
      assertThatThrownBy(() -> lake.apply(stack)).isInstanceOf(Refused.class)
          .hasMessageStartingWith("Cannot adopt iceberg_table.curated.monthly_aggregates: it belongs to the lakehouse "
              + "stack acme/prod");
    }
  }

  /**
   * The stack's own table whose table_type parameter was changed in Glue is not taken for a stranger's
   * non-Iceberg table: the change is drift, which apply puts back, before the Iceberg commit of a change
   * of the config in the same apply (Iceberg's catalog loads no table without it).
   */
  @EmulatorTest
  void aTableTypeParameterChangedOutsideLakehouseIsDriftThatApplyPutsBack(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir)) {
      Stack stack = lake.stack(IcebergStack.CONFIG);
      lake.apply(stack);
      var made = lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")).table();
      lake.clients.glue().updateTable(b -> b.databaseName(CURATED)
          .tableInput(GlueTables.withParameters(made, Map.of("table_type", "HIVE"))));

      Plan plan = lake.plan(stack);
      assertThat(plan.drift()).extracting(d -> d.address() + " " + d.cause()).containsExactly(AGGREGATES + " OUTSIDE");
      assertThat(plan.change(AGGREGATES).attributes())
          .extracting(a -> a.path() + ": " + a.before() + " -> " + a.after())
          .containsExactly("glueEntry: {\"table_type\":\"HIVE\"} -> null");
      assertThat(plan.change(AGGREGATES).notes()).containsExactly("write the Glue table's table_type parameter back "
          + "as Iceberg's catalog writes it for the table's metadata");

      lake.proxy.clearRecording();
      assertThat(lake.apply(stack).failed()).isEmpty();
      assertThat(calls(lake, "glue", "UpdateTable")).hasSize(1);
      assertThat(calls(lake, "s3", "PutObject")).as("no Iceberg commit").isEmpty();
      var now = lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")).table();
      assertThat(now.parameters()).isEqualTo(made.parameters());
      assertThat(lake.plan(stack).hasChanges()).isFalse();

      var restored = lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")).table();
      lake.clients.glue().updateTable(b -> b.databaseName(CURATED)
          .tableInput(GlueTables.withParameters(restored, Map.of("table_type", "HIVE"))));
      Stack added = lake.stack(IcebergStack.CONFIG.replace("      - { name: metric_value, type: double }\n",
          "      - { name: metric_value, type: double }\n      - { name: note, type: string }\n"));
      assertThat(lake.plan(added).change(AGGREGATES).notes()).contains("add column note string");
      assertThat(lake.apply(added).failed()).isEmpty();
      assertThat(lake.table(CURATED, "monthly_aggregates").schema().findField("note")).isNotNull();
      assertThat(lake.clients.glue().getTable(b -> b.databaseName(CURATED).name("monthly_aggregates")).table()
          .parameters()).containsEntry("table_type", "ICEBERG");
      assertThat(lake.plan(added).hasChanges()).isFalse();
    }
  }

  @EmulatorTest
  void aTableMadeMeanwhileIsTakenOnlyWhenItIsTheStacks(Emulator emulator) throws Exception {
    try (IcebergStack lake = new IcebergStack(emulator, dir); AwsClients aws = lake.aws()) {
      Stack stack = lake.stack(IcebergStack.CONFIG.replace("encryption:\n  kmsKey:\n    alias: ${project}-lakehouse-${env}\n",
          ""));
      Engine engine = lake.engine(aws);
      LiveStack before = engine.read(stack);
      assertThat(lake.apply(stack).succeeded()).isTrue();

      // This run read the account before the other made everything: its creates meet the other's tables.
      List<String> metadataFiles = keys(lake, "acme-dev-curated-" + emulator.accountId());
      ApplyResult late = engine.apply(before, before.plan(), ApplyListener.NONE, new Cancellation());
      assertThat(late.failed()).isEmpty();
      assertThat(late.succeeded()).isTrue();
      assertThat(keys(lake, "acme-dev-curated-" + emulator.accountId())).as("the loser's metadata file is removed")
          .isEqualTo(metadataFiles);

      lake.catalog().dropTable(TableIdentifier.of(CURATED, "monthly_aggregates"), false);
      LiveStack read = engine.read(stack);
      lake.catalog().buildTable(TableIdentifier.of(CURATED, "monthly_aggregates"),
              new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())))
          .withLocation("s3://acme-dev-curated-" + emulator.accountId() + "/pipeline").create();
      ApplyResult refused = engine.apply(read, read.plan(), ApplyListener.NONE, new Cancellation());
      assertThat(refused.failed()).containsOnlyKeys(AGGREGATES);
      assertThat(refused.failed().get(AGGREGATES)).hasMessage("Cannot create iceberg_table.curated.monthly_aggregates: "
          + "it was created outside this apply after the account was read, without this stack's ownership tags; plan "
          + "again to see it");
      assertThat(lake.table(CURATED, "monthly_aggregates").location()).endsWith("/pipeline");
    }
  }

  private static List<RecordedRequest> calls(IcebergStack lake, String service, String operation) {
    return lake.proxy.requests().stream()
        .filter(r -> r.service().equals(service) && r.operation().equals(operation)).toList();
  }

  private static int formatVersion(Table table) {
    return ((HasTableOperations) table).operations().current().formatVersion();
  }

  private static String metadataLocation(Table table) {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }

  private static List<String> keys(IcebergStack lake, String bucket) {
    return lake.clients.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
  }
}
