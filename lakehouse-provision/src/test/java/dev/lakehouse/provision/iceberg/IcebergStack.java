package dev.lakehouse.provision.iceberg;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.CallRecorder;
import dev.lakehouse.aws.IcebergCatalogs;
import dev.lakehouse.config.ConfigLoader;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.ApplyListener;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Cancellation;
import dev.lakehouse.provision.engine.Engine;
import dev.lakehouse.provision.engine.LiveStack;
import dev.lakehouse.provision.engine.Plan;
import dev.lakehouse.provision.glue.GlueProvider;
import dev.lakehouse.provision.kms.KmsProvider;
import dev.lakehouse.provision.resource.Overrides;
import dev.lakehouse.provision.s3.S3Provider;
import dev.lakehouse.testkit.Emulator;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The test stack ({@code iceberg/stack.yaml}, edited per test) on an emulator behind a
 * recording proxy: the tool's engine with the providers a table needs (key, buckets, Glue
 * databases, tables), and an Iceberg catalog of its own to read the tables back with.
 */
final class IcebergStack implements AutoCloseable {
  static final String CONFIG = read("/iceberg/stack.yaml");

  final Emulator emulator;
  final AwsProxy proxy;
  final TestClients clients;
  private final Path dir;
  private Catalog catalog;

  IcebergStack(Emulator emulator, Path dir) {
    this.emulator = emulator;
    this.proxy = AwsProxy.start(emulator);
    this.clients = TestClients.of(emulator);
    this.dir = dir;
  }

  /** The stack of that config for env dev, in the emulator's account. */
  Stack stack(String yaml) {
    Path file = dir.resolve("lakehouse.yaml");
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ConfigLoader(Map.of()).load(ConfigLoader.Request.of(file, "dev").withAccount(emulator.accountId()));
  }

  /** The tool's clients, through the proxy. */
  AwsClients aws() {
    return new AwsClients(new AwsSettings(null, emulator.region(), proxy.endpoint()), new CallRecorder(), Map.of());
  }

  Engine engine(AwsClients aws, String... allowedDataLoss) {
    return new Engine(aws, List.of(new KmsProvider(), new S3Provider(), new GlueProvider(), new IcebergProvider()), 4,
        new Overrides(Set.of(allowedDataLoss)));
  }

  Plan plan(Stack stack, String... allowedDataLoss) {
    try (AwsClients aws = aws()) {
      return engine(aws, allowedDataLoss).read(stack).plan();
    }
  }

  /** Plans and applies the config, as {@code apply --auto-approve} does. */
  ApplyResult apply(Stack stack, String... allowedDataLoss) {
    try (AwsClients aws = aws()) {
      Engine engine = engine(aws, allowedDataLoss);
      LiveStack live = engine.read(stack);
      return engine.apply(live, live.plan(), ApplyListener.NONE, new Cancellation());
    }
  }

  /** A Glue catalog of the test's own, straight to the emulator. */
  Catalog catalog() {
    if (catalog == null) {
      catalog = IcebergCatalogs.glue(new AwsSettings(null, emulator.region(), emulator.endpoint()));
    }
    return catalog;
  }

  Table table(String database, String name) {
    return catalog().loadTable(TableIdentifier.of(database, name));
  }

  /** Appends made-up data files (a snapshot) to a table partitioned by day(event_date) and a bucket. */
  static long append(Table table, String... partitionPaths) {
    var append = table.newAppend();
    for (String partition : partitionPaths) {
      DataFile file = DataFiles.builder(table.spec())
          .withPath(table.location() + "/data/" + partition + "/" + java.util.UUID.randomUUID() + ".parquet")
          .withFormat(FileFormat.PARQUET)
          .withPartitionPath(partition)
          .withFileSizeInBytes(4096)
          .withRecordCount(100)
          .build();
      append.appendFile(file);
    }
    append.commit();
    return table.currentSnapshot().snapshotId();
  }

  static String read(String resource) {
    try (InputStream in = IcebergStack.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (catalog instanceof java.io.Closeable closeable) {
      closeable.close();
    }
    clients.close();
    proxy.close();
  }
}
