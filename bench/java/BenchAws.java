import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lakehouse.aws.AwsSettings;
import dev.lakehouse.aws.IcebergCatalogs;
import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The benchmark's AWS: a moto server on a free loopback port with the testkit's proxy in front of
 * it (the gap fillers, CloudWatch's CBOR translation, and a recording of every request), plus a
 * small control server for bench/run:
 *
 * <ul>
 *   <li>{@code POST /latency?ms=N} holds every later request N ms before passing it on (0: none);
 *   <li>{@code POST /reset} empties the account (moto's reset, through the proxy so the gap fillers
 *       follow), primes moto's IAM (below) and forgets the recording;
 *   <li>{@code GET /requests} the recorded requests themselves, for checking what a run asked;
 *   <li>{@code GET /counts} the requests recorded since the last {@code /clear}: total, mutating, S3
 *       reads, per service, and the processor time moto used meanwhile; {@code POST /clear} forgets
 *       them;
 *   <li>{@code POST /iceberg?database=D&count=N&prefix=P} makes N Iceberg tables in Glue database D,
 *       each with two snapshots (two appends, so two manifests), through the Iceberg API.
 * </ul>
 *
 * Prints {@code endpoint=<url> control=<url>} once ready; runs until its standard input closes.
 */
public final class BenchAws {
  private final AwsProxy proxy;
  private final MotoServer moto;
  private final TestClients clients;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The emulator's processor time when the recording was last cleared. */
  private volatile Duration motoCpuAtClear = Duration.ZERO;

  private BenchAws(AwsProxy proxy, MotoServer moto, TestClients clients) {
    this.proxy = proxy;
    this.moto = moto;
    this.clients = clients;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (MotoServer moto = MotoServer.start(); AwsProxy proxy = AwsProxy.start(moto);
        TestClients clients = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials())) {
      MotoGaps.install(proxy);
      BenchAws bench = new BenchAws(proxy, moto, clients);
      HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      control.createContext("/", bench::handle);
      control.start();
      out.println("endpoint=" + proxy.endpoint() + " control=http://127.0.0.1:" + control.getAddress().getPort());
      InputStream in = System.in;
      while (in.read() >= 0) {
        // Runs until bench/run closes its input.
      }
      control.stop(0);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String answer;
    int status = 200;
    try {
      Map<String, String> query = query(exchange.getRequestURI());
      answer = switch (exchange.getRequestURI().getPath()) {
        case "/latency" -> latency(Integer.parseInt(query.getOrDefault("ms", "0")));
        case "/reset" -> reset();
        case "/counts" -> counts();
        case "/requests" -> requests();
        case "/clear" -> {
          proxy.clearRecording();
          motoCpuAtClear = moto.cpuTime();
          yield "{}";
        }
        case "/iceberg" -> iceberg(query.get("database"), Integer.parseInt(query.getOrDefault("count", "200")),
            query.getOrDefault("prefix", "bench_t"));
        default -> {
          status = 404;
          yield "{\"error\":\"no such path\"}";
        }
      };
    } catch (RuntimeException | InterruptedException e) {
      status = 500;
      answer = "{\"error\":\"" + String.valueOf(e).replace("\"", "'") + "\"}";
    }
    byte[] body = (answer + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream response = exchange.getResponseBody()) {
      response.write(body);
    }
  }

  private String latency(int millis) {
    proxy.clearRules();
    if (millis > 0) {
      proxy.rule().latency(Duration.ofMillis(millis));
    }
    return "{\"latency_ms\":" + millis + "}";
  }

  private String reset() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/moto-api/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto's reset answered " + response.statusCode() + " " + response.body());
    }
    prime();
    proxy.clearRecording();
    return "{\"reset\":true}";
  }

  /**
   * After a reset moto builds its IAM backends again, each with AWS's managed policies
   * (MOTO_IAM_LOAD_MANAGED_POLICIES), while it answers the first requests that come (every request
   * looks its access key up in them): the second one stalls most of a second. That is the
   * emulator's set-up, not either side's work, so it is done here, untimed: IAM requests until one
   * answers at once.
   */
  private void prime() {
    for (int attempt = 0; attempt < 5; attempt++) {
      long start = System.nanoTime();
      clients.iam().listRoles(b -> b.maxItems(1));
      if (attempt > 0 && System.nanoTime() - start < Duration.ofMillis(50).toNanos()) {
        return;
      }
    }
  }

  private String counts() {
    List<RecordedRequest> requests = proxy.requests();
    Map<String, Integer> byService = new TreeMap<>();
    long mutating = 0;
    long s3Reads = 0;
    for (RecordedRequest request : requests) {
      byService.merge(request.service(), 1, Integer::sum);
      if (request.isMutating()) {
        mutating++;
      } else if (request.service().equals("s3")) {
        s3Reads++;
      }
    }
    long window = requests.isEmpty() ? 0 : Duration.between(requests.get(0).timestamp(),
        requests.get(requests.size() - 1).timestamp()).toMillis();
    StringBuilder json = new StringBuilder("{\"total\":" + requests.size() + ",\"mutating\":" + mutating
        + ",\"s3_reads\":" + s3Reads + ",\"window_ms\":" + window
        + ",\"moto_cpu_ms\":" + moto.cpuTime().minus(motoCpuAtClear).toMillis() + ",\"by_service\":{");
    String separator = "";
    for (Map.Entry<String, Integer> entry : byService.entrySet()) {
      json.append(separator).append('"').append(entry.getKey()).append("\":").append(entry.getValue());
      separator = ",";
    }
    return json.append("}}").toString();
  }

  /** The recorded requests, one JSON array of {@code "service method operation status"} strings, oldest first. */
  private String requests() {
    StringBuilder json = new StringBuilder("[");
    String separator = "";
    for (RecordedRequest request : proxy.requests()) {
      json.append(separator).append("\n\"").append(request.timestamp().toEpochMilli()).append(' ').append(request.service()).append(' ').append(request.method()).append(' ')
          .append(request.operation().replace("\"", "'")).append(' ').append(request.status()).append('"');
      separator = ",";
    }
    return json.append("]").toString();
  }

  /** N Iceberg tables in the database, each with two appends (two snapshots, two manifests), four at a time. */
  private String iceberg(String database, int count, String prefix) throws InterruptedException {
    if (database == null) {
      throw new IllegalArgumentException("database is required");
    }
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.StringType.get()),
        Types.NestedField.optional(2, "value", Types.DoubleType.get()),
        Types.NestedField.optional(3, "day", Types.DateType.get()));
    PartitionSpec spec = PartitionSpec.builderFor(schema).day("day").build();
    Catalog catalog = IcebergCatalogs.glue(new AwsSettings(null, "us-east-1", proxy.endpoint()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> made = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        TableIdentifier name = TableIdentifier.of(database, String.format("%s%03d", prefix, i));
        made.add(pool.submit(() -> {
          Table table = catalog.createTable(name, schema, spec, Map.of("format-version", "2"));
          for (String day : List.of("2024-05-01", "2024-05-02")) {
            table.newAppend().appendFile(DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/day_day=" + day + "/" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET).withPartitionPath("day_day=" + day)
                .withFileSizeInBytes(4096).withRecordCount(100).build()).commit();
          }
        }));
      }
      for (Future<?> table : made) {
        table.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      if (catalog instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return "{\"tables\":" + count + "}";
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }
}
