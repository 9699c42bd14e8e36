package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The trust manager the SDK's HTTP client is made with: the JDK's default one, loaded when first
 * needed. It must trust exactly what the JDK trusts, and TLS through the shared client must still
 * refuse a certificate no authority signed.
 */
class DeferredTrustStoreTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  static Path folder;
  private static KeyStore selfSigned;

  /** A key and a certificate for 127.0.0.1 that no authority signed, made by the JDK's keytool. */
  @BeforeAll
  static void makeSelfSignedCertificate() throws Exception {
    Path store = folder.resolve("self-signed.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output;
    try (InputStream in = keytool.getInputStream()) {
      output = new String(in.readAllBytes());
    }
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    selfSigned = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      selfSigned.load(in, PASSWORD);
    }
  }

  @Test
  void loadsNothingUntilAsked() {
    DeferredTrustStore trust = new DeferredTrustStore();

    assertThat(trust.loading()).isFalse();
    assertThat(trust.getAcceptedIssuers()).isNotEmpty();
    assertThat(trust.loading()).isTrue();
  }

  @Test
  void trustsTheAuthoritiesTheJdkTrusts() throws Exception {
    DeferredTrustStore trust = new DeferredTrustStore();
    trust.startLoading();

    assertThat(subjects(trust.getAcceptedIssuers())).isEqualTo(subjects(jdkDefault().getAcceptedIssuers()));
  }

  @Test
  void refusesWhatTheJdkRefuses() throws Exception {
    X509Certificate[] chain = {(X509Certificate) selfSigned.getCertificate("server")};

    assertThatThrownBy(() -> jdkDefault().checkServerTrusted(chain, "EC")).isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> new DeferredTrustStore().checkServerTrusted(chain, "EC"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void theSharedHttpClientStillRefusesAServerNoAuthoritySigned() throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(selfSigned, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(keys.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(server));
    https.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    https.start();
    try {
      SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
          .uri(URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/")).build();

      assertThatThrownBy(() -> SharedHttpClient.get()
          .prepareRequest(HttpExecuteRequest.builder().request(request).build()).call())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("PKIX path building failed");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void onlyAPlainHttpEndpointNeedsNoTrustStore() {
    assertThat(AwsClients.mayUseTls(null)).isTrue();
    assertThat(AwsClients.mayUseTls(URI.create("https://s3.eu-west-1.amazonaws.com"))).isTrue();
    assertThat(AwsClients.mayUseTls(URI.create("http://127.0.0.1:4566"))).isFalse();
    assertThat(AwsClients.mayUseTls(URI.create("HTTP://localhost:5000"))).isFalse();
  }

  private static X509TrustManager jdkDefault() throws Exception {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no default X.509 trust manager");
  }

  private static List<String> subjects(X509Certificate[] certificates) {
    return Arrays.stream(certificates).map(c -> c.getSubjectX500Principal().getName()).sorted().toList();
  }
}
