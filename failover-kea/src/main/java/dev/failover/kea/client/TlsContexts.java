package dev.failover.kea.client;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the JDK's {@link SSLContext} from Kea-style PEM files. */
final class TlsContexts {

  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";

  private TlsContexts() {}

  /**
   * {@return a TLS context for a client that only speaks plain HTTP: every use of it fails, and
   * making it neither reads the JDK's default trust store nor looks up the security providers and
   * their cipher suites (together a sizeable share of a short CLI run's CPU)}
   */
  static SSLContext plainHttp() {
    return new PlainHttpOnly();
  }

  /** A TLS context that refuses to make any connection (a plain-HTTP client never asks it to). */
  private static final class PlainHttpOnly extends SSLContext {
    PlainHttpOnly() {
      super(new NoTls(), null, "none");
    }
  }

  private static final class NoTls extends SSLContextSpi {
    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("a plain-HTTP Kea client makes no TLS connection; configure tls "
          + "for an https endpoint");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }

  static SSLContext of(KeaTls tls) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      List<Certificate> anchors = certificates(tls.trustAnchor(), "trustAnchor");
      for (int i = 0; i < anchors.size(); i++) {
        trust.setCertificateEntry("ca-" + i, anchors.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
        List<Certificate> chain = certificates(tls.certFile().get(), "certFile");
        PrivateKey key = privateKey(tls.keyFile().get());
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw invalid("tls", tls.trustAnchor().toString(), "could not be turned into a TLS context: " + e);
    }
  }

  private static List<Certificate> certificates(Path file, String field) {
    byte[] bytes = read(file, field);
    try {
      Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes));
      if (found.isEmpty()) {
        throw invalid(field, file.toString(), "must hold at least one PEM certificate");
      }
      return new ArrayList<>(found);
    } catch (GeneralSecurityException e) {
      throw invalid(field, file.toString(), "must hold PEM certificates (" + e.getMessage() + ")");
    }
  }

  private static PrivateKey privateKey(Path file) {
    String pem = new String(read(file, "keyFile"), StandardCharsets.US_ASCII);
    int begin = pem.indexOf(KEY_BEGIN);
    int end = pem.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      // never echo the file's content: it is a key
      throw invalid("keyFile", file.toString(), "must be an unencrypted PKCS #8 PEM key (-----BEGIN PRIVATE KEY-----; "
          + "convert with openssl pkcs8 -topk8 -nocrypt)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + KEY_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw invalid("keyFile", file.toString(), "must hold base64 between the PEM lines");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException wrongAlgorithm) {
        // try the next algorithm
      }
    }
    throw invalid("keyFile", file.toString(), "must be an RSA, EC or EdDSA PKCS #8 key");
  }

  private static byte[] read(Path file, String field) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw invalid(field, file.toString(), "must be a readable file (" + dev.failover.spi.Texts.failure(e) + ")");
    }
  }

  private static ValidationException invalid(String field, String value, String rule) {
    return new ValidationException("Kea TLS settings", List.of(new Violation(field, value, rule)));
  }
}
