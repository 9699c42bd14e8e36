package dev.lakehouse.aws;

import java.time.Duration;
import javax.net.ssl.TrustManager;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The process's one HTTP client for the AWS SDK, on the JDK's URL connections. Making it sets up
 * a TLS context and the JDK's security providers (tens of milliseconds in a fresh JVM), so a
 * command that will call AWS starts making it first thing ({@link #startMaking}), on a thread of
 * its own, while it reads its options and its config. Its TLS context trusts what the JDK's
 * default trust manager trusts, loaded only for a run that may speak TLS ({@link DeferredTrustStore}).
 * It holds nothing of its own to release (the JDK keeps the connections, and closing it does
 * nothing), so every {@link AwsClients} of the process shares it.
 */
final class SharedHttpClient {
  private static final MadeAhead<SdkHttpClient> CLIENT = new MadeAhead<>("lakehouse-http-client", () ->
      UrlConnectionHttpClient.builder()
          .connectionTimeout(Duration.ofSeconds(10))
          .socketTimeout(Duration.ofSeconds(60))
          .tlsTrustManagersProvider(() -> new TrustManager[] {DeferredTrustStore.INSTANCE})
          .build());

  private SharedHttpClient() {}

  /**
   * Starts making the client on a daemon thread, unless that has begun already. Logging is set up
   * first, on the caller's thread: begun by the SDK on the other one, it could still be under way
   * when the command sets its log levels, which SLF4J would then not take.
   */
  static void startMaking() {
    LoggerFactory.getILoggerFactory();
    CLIENT.start();
  }

  /** The client, made here if no one started making it; waits for a making under way. */
  static SdkHttpClient get() {
    return CLIENT.get();
  }
}
