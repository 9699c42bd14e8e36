package dev.lakehouse.aws;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust manager, made when a TLS connection first needs it, or ahead of that on
 * a thread of its own ({@link #startLoading}). Making it parses the JDK's trust store (some 150
 * certificates: tens of milliseconds of CPU in a fresh process), which the SDK's HTTP client would
 * otherwise do as it is built, whether or not any endpoint of the run speaks TLS: an emulator on
 * {@code http://} never does. Every check is the default trust manager's own, hostname
 * verification included.
 */
final class DeferredTrustStore extends X509ExtendedTrustManager {
  static final DeferredTrustStore INSTANCE = new DeferredTrustStore();

  private final MadeAhead<X509ExtendedTrustManager> jdkDefault =
      new MadeAhead<>("lakehouse-trust-store", DeferredTrustStore::load);

  DeferredTrustStore() {}

  /** Whether loading the trust store has begun. */
  boolean loading() {
    return jdkDefault.started();
  }

  /** Starts loading the trust store on a daemon thread, unless that has begun already. */
  void startLoading() {
    jdkDefault.start();
  }

  private X509ExtendedTrustManager delegate() {
    return jdkDefault.get();
  }

  private static X509ExtendedTrustManager load() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK has no default X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot load the JDK's trust store: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate().checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate().checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    delegate().checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    delegate().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    delegate().checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    delegate().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate().getAcceptedIssuers();
  }
}
