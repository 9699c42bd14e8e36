package dev.lakehouse.aws;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Catalog;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place AWS clients are made. Each is created on first use only, or ahead of it when
 * the command names the services it will call ({@link #make}), so a command pays for the clients
 * it needs; all share the process's one HTTP client ({@link SharedHttpClient}), credentials,
 * region, endpoint, retry policy (the SDK's standard retries with backoff for throttling and 5xx)
 * and the {@link CallRecorder}.
 */
public final class AwsClients implements AutoCloseable {
  /** Attempts per call, the first included, before a throttled or failing call is given up. */
  static final int MAX_ATTEMPTS = 8;

  private final AwsSettings settings;
  private final CallRecorder recorder;
  private final Map<String, String> environment;
  private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService timers;
  private volatile AwsCredentialsProvider credentials;
  private volatile Catalog iceberg;

  public AwsClients(AwsSettings settings, CallRecorder recorder) {
    this(settings, recorder, System.getenv());
  }

  /**
   * With the process environment given, which decides whether S3 needs path-style addressing.
   * Unless every call goes to a plain {@code http://} endpoint (an emulator), the JDK's trust store
   * starts loading now, on a thread of its own, for the first TLS connection to find it ready.
   */
  public AwsClients(AwsSettings settings, CallRecorder recorder, Map<String, String> environment) {
    this.settings = settings;
    this.recorder = recorder;
    this.environment = environment;
    if (settings.endpoint() != null) {
      EndpointUrls.given(settings.endpoint().toString());
    }
    environment.forEach((name, value) -> {
      if (name.startsWith("AWS_ENDPOINT_URL")) {
        EndpointUrls.given(value);
      }
    });
    if (mayUseTls(settings.endpoint())) {
      DeferredTrustStore.INSTANCE.startLoading();
    }
  }

  /**
   * Whether calls made with this endpoint override may go over TLS: always, but to a plain
   * {@code http://} endpoint. Without an override the SDK finds each service's endpoint itself
   * (AWS's own, or one the environment or the profile names), which may.
   */
  static boolean mayUseTls(URI endpoint) {
    return endpoint == null || !"http".equalsIgnoreCase(endpoint.getScheme());
  }

  /**
   * The variables the SDK takes an endpoint from for the clients made here, Iceberg's (Glue, S3,
   * STS) among them: {@code AWS_ENDPOINT_URL}, and {@code AWS_ENDPOINT_URL_} with each service's id.
   */
  public static final Set<String> ENDPOINT_VARIABLES = Set.of("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS",
      "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL_GLUE", "AWS_ENDPOINT_URL_ATHENA",
      "AWS_ENDPOINT_URL_LAKEFORMATION", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_CLOUDWATCH", "AWS_ENDPOINT_URL_SNS");

  /** The services whose clients a command can have made ahead of their first use ({@link #make}). */
  public enum Service { STS, S3, KMS, GLUE, ATHENA, LAKE_FORMATION, IAM, CLOUDWATCH, SNS, ICEBERG }

  /**
   * Makes the clients of these services now, in this order, rather than on first use: a command
   * that knows what it will call has them made on a thread of its own while it does other work
   * (the first client alone takes a tenth of a second, initialising the SDK). Making a client
   * calls nothing.
   */
  public void make(Collection<Service> services) {
    for (Service service : services) {
      switch (service) {
        case STS -> sts();
        case S3 -> s3();
        case KMS -> kms();
        case GLUE -> glue();
        case ATHENA -> athena();
        case LAKE_FORMATION -> lakeFormation();
        case IAM -> iam();
        case CLOUDWATCH -> cloudWatch();
        case SNS -> sns();
        case ICEBERG -> iceberg();
      }
    }
  }

  /**
   * Starts making the HTTP client every client shares, on a thread of its own, for a command that
   * will call AWS: its TLS context and the JDK's security providers take tens of milliseconds in a
   * fresh JVM, spent while the command reads its options and its config.
   */
  public static void startEarly() {
    SharedHttpClient.startMaking();
  }

  public AwsSettings settings() {
    return settings;
  }

  public CallRecorder recorder() {
    return recorder;
  }

  public S3Client s3() {
    return client(S3Client.class, () -> configure(S3Client.builder())
        .forcePathStyle(usesCustomEndpoint("S3"))
        .build());
  }

  public KmsClient kms() {
    return client(KmsClient.class, () -> configure(KmsClient.builder()).build());
  }

  public GlueClient glue() {
    return client(GlueClient.class, () -> configure(GlueClient.builder()).build());
  }

  public AthenaClient athena() {
    return client(AthenaClient.class, () -> configure(AthenaClient.builder()).build());
  }

  public LakeFormationClient lakeFormation() {
    return client(LakeFormationClient.class, () -> configure(LakeFormationClient.builder()).build());
  }

  public IamClient iam() {
    return client(IamClient.class, () -> configure(IamClient.builder()).build());
  }

  public CloudWatchClient cloudWatch() {
    return client(CloudWatchClient.class, () -> configure(CloudWatchClient.builder()).build());
  }

  public SnsClient sns() {
    return client(SnsClient.class, () -> configure(SnsClient.builder()).build());
  }

  public StsClient sts() {
    return client(StsClient.class, () -> configure(StsClient.builder()).build());
  }

  /**
   * Apache Iceberg's Glue catalog on these settings ({@link IcebergCatalogs#glue}), made on first
   * use and closed with the clients. Iceberg makes its own SDK clients, so its calls are not
   * counted by the {@link CallRecorder}.
   */
  public Catalog iceberg() {
    if (iceberg == null) {
      synchronized (this) {
        if (iceberg == null) {
          iceberg = IcebergCatalogs.glue(settings);
        }
      }
    }
    return iceberg;
  }

  /** The credentials every client uses: the named profile, else the SDK's default chain. */
  public AwsCredentialsProvider credentials() {
    if (credentials == null) {
      synchronized (this) {
        if (credentials == null) {
          credentials = ProfileCredentials.of(settings.profile(), settings.region(), settings.endpoint());
        }
      }
    }
    return credentials;
  }

  /** True when requests to that service go to a custom endpoint (LocalStack, moto), which wants path-style S3. */
  private boolean usesCustomEndpoint(String service) {
    return settings.endpoint() != null
        || environment.get("AWS_ENDPOINT_URL") != null
        || environment.get("AWS_ENDPOINT_URL_" + service) != null;
  }

  @SuppressWarnings("unchecked")
  private <T extends SdkClient> T client(Class<T> type, Supplier<T> create) {
    return (T) clients.computeIfAbsent(type, t -> create.get());
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    builder.region(Region.of(settings.region()))
        .credentialsProvider(credentials())
        .overrideConfiguration(overrides());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(httpClient());
    }
    return builder;
  }

  private ClientOverrideConfiguration overrides() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(MAX_ATTEMPTS)
            .circuitBreakerEnabled(false)
            .build())
        .apiCallAttemptTimeout(Duration.ofSeconds(60))
        .apiCallTimeout(Duration.ofMinutes(5))
        .scheduledExecutorService(timers())
        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "lakehouse/" + Versions.LAKEHOUSE)
        .addExecutionInterceptor(recorder)
        .build();
  }

  /**
   * The threads that time calls out, one small pool for every client: left to itself, each client
   * starts a pool of its own.
   */
  private ScheduledExecutorService timers() {
    if (timers == null) {
      synchronized (this) {
        if (timers == null) {
          AtomicInteger count = new AtomicInteger();
          ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "lakehouse-aws-timeouts-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
          pool.setRemoveOnCancelPolicy(true);
          timers = pool;
        }
      }
    }
    return timers;
  }

  private SdkHttpClient httpClient() {
    return SharedHttpClient.get();
  }

  /** The endpoint in use for messages, without the user-info it may carry, or the AWS default. */
  public String endpointDescription() {
    URI endpoint = settings.endpoint();
    if (endpoint != null) {
      return EndpointUrls.shown(endpoint);
    }
    String fromEnvironment = environment.get("AWS_ENDPOINT_URL");
    return fromEnvironment != null && !fromEnvironment.isBlank()
        ? EndpointUrls.redact(fromEnvironment) + " (AWS_ENDPOINT_URL)" : "AWS (" + settings.region() + ")";
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
    clients.clear();
    if (iceberg instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing the Iceberg catalog", e);
      }
    }
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
    if (timers != null) {
      timers.shutdownNow();
    }
  }
}
