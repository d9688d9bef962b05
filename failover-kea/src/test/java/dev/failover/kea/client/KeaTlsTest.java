package dev.failover.kea.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.errors.ValidationException;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS towards a Kea HTTPS endpoint, with certificates that keytool makes for the test: a
 * self-signed server certificate for IP 127.0.0.1 (its own CA, as the trust anchor) and a client
 * certificate whose key is written as PKCS #8 PEM, the way Kea's files are.
 */
@DisplayName("KeaClient over TLS")
class KeaTlsTest {

  private static final char[] PASS = "changeit".toCharArray();

  @TempDir
  static Path dir;

  private static Path serverPem;
  private static Path clientPem;
  private static Path clientKey;

  private RecordedKea kea;

  @BeforeAll
  static void certificates() throws Exception {
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", dir.resolve("server.p12").toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=client",
        "-validity", "2", "-keystore", dir.resolve("client.p12").toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit");
    serverPem = dir.resolve("server.pem");
    clientPem = dir.resolve("client.pem");
    clientKey = dir.resolve("client.key");
    KeyStore server = load("server.p12");
    KeyStore client = load("client.p12");
    pem(serverPem, "CERTIFICATE", server.getCertificate("server").getEncoded());
    pem(clientPem, "CERTIFICATE", client.getCertificate("client").getEncoded());
    pem(clientKey, "PRIVATE KEY", client.getKey("client", PASS).getEncoded());
  }

  private static KeyStore load(String file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(dir.resolve(file).toFile())) {
      store.load(in, PASS);
    }
    return store;
  }

  private static void pem(Path file, String type, byte[] der) throws Exception {
    Files.writeString(file, "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n");
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("keytool " + args[0] + " failed: " + out);
    }
  }

  /** The server side: its key from server.p12; trusting client.pem when it asks for client certificates. */
  private static SSLContext serverContext() throws Exception {
    KeyStore keys = load("server.p12");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASS);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(clientPem)) {
      trust.setCertificateEntry("client", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  @AfterEach
  void stop() {
    if (kea != null) {
      kea.close();
    }
  }

  private KeaClient client(KeaTls tls) {
    return KeaClient.builder(kea.url()).tls(tls).requestTimeout(Duration.ofSeconds(10)).build();
  }

  @Test
  @DisplayName("a plain-HTTP client's TLS context makes no connection: creating an engine or a socket through it is refused")
  void plainHttpContextRefusesTls() {
    SSLContext plain = TlsContexts.plainHttp();
    assertThatThrownBy(() -> plain.createSSLEngine("127.0.0.1", 443))
        .hasMessageContaining("plain-HTTP Kea client makes no TLS connection");
    assertThatThrownBy(plain::getSocketFactory).hasMessageContaining("configure tls for an https endpoint");
  }

  @Test
  @DisplayName("a server certificate signed by the trust anchor is accepted")
  void trusted() throws Exception {
    kea = RecordedKea.tlsAgent(serverContext(), false).answer("ha-heartbeat", "ha-heartbeat.response.json");
    assertThat(kea.url().getScheme()).isEqualTo("https");
    assertThat(client(KeaTls.trusting(serverPem)).haHeartbeat().state()).isEqualTo("hot-standby");
  }

  @Test
  @DisplayName("a server certificate the trust anchor did not sign is a TRANSPORT failure that is not retryable")
  void untrusted() throws Exception {
    kea = RecordedKea.tlsAgent(serverContext(), false).answer("ha-heartbeat", "ha-heartbeat.response.json");
    assertThatThrownBy(() -> client(KeaTls.trusting(clientPem)).haHeartbeat())
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
          assertThat(e.retryable()).as("a certificate that is not accepted stays so").isFalse();
          assertThat(e.getMessage()).contains("certificate was not accepted");
        });
  }

  @Test
  @DisplayName("a server that requires a client certificate accepts ours and refuses a client without one")
  void clientCertificate() throws Exception {
    kea = RecordedKea.tlsAgent(serverContext(), true).answer("ha-heartbeat", "ha-heartbeat.response.json");
    assertThat(client(KeaTls.withClientCertificate(serverPem, clientPem, clientKey)).haHeartbeat().state())
        .isEqualTo("hot-standby");
    assertThatThrownBy(() -> client(KeaTls.trusting(serverPem)).haHeartbeat())
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT));
  }

  @Test
  @DisplayName("a certificate without its key (or the reverse) is refused, as Kea refuses it")
  void bothOrNeither() {
    assertThatThrownBy(() -> ImmutableKeaTls.builder().trustAnchor(serverPem).certFile(clientPem).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("both or neither");
  }

  @Test
  @DisplayName("a key that is not PKCS #8 is refused naming the file, never showing its content")
  void pkcs1Key() throws Exception {
    Path rsa = dir.resolve("rsa.key");
    Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nTOPSECRETBYTES\n-----END RSA PRIVATE KEY-----\n");
    URI https = URI.create("https://127.0.0.1:1/");
    assertThatThrownBy(() -> KeaClient.builder(https).tls(KeaTls.withClientCertificate(serverPem, clientPem, rsa)).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.getMessage()).contains(rsa.toString()).contains("PKCS #8").doesNotContain("TOPSECRET");
        });
  }

  @Test
  @DisplayName("a missing trust anchor file, and TLS on an http endpoint, are refused")
  void badSettings() {
    assertThatThrownBy(() -> KeaClient.builder(URI.create("https://127.0.0.1:1/"))
        .tls(KeaTls.trusting(dir.resolve("missing.pem"))).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("readable file");
    assertThatThrownBy(() -> KeaClient.builder(URI.create("http://127.0.0.1:1/")).tls(KeaTls.trusting(serverPem)).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("https");
  }

  @Test
  @DisplayName("KeaBackend.client follows an inventory server's TLS option: with tls-ca its CA is trusted over https; without it the same server's certificate is refused")
  void backendClientOfAnInventoryServer() throws Exception {
    kea = RecordedKea.tlsAgent(serverContext(), false).answer("ha-heartbeat", "ha-heartbeat.response.json");
    try (KeaClient withCa = dev.failover.kea.KeaBackend.client(inventoryServer(java.util.Map.of(
        dev.failover.kea.KeaBackend.OPTION_TLS_CA, serverPem.toString(),
        dev.failover.kea.KeaBackend.OPTION_REQUEST_TIMEOUT, "PT10S")))) {
      assertThat(withCa.server()).isEqualTo("kea-tls");
      assertThat(withCa.haHeartbeat().state()).isEqualTo("hot-standby");
    }
    assertThatThrownBy(() -> {
      try (KeaClient withoutCa = dev.failover.kea.KeaBackend.client(inventoryServer(java.util.Map.of(
          dev.failover.kea.KeaBackend.OPTION_REQUEST_TIMEOUT, "PT10S")))) {
        withoutCa.haHeartbeat();
      }
    }).isInstanceOf(dev.failover.errors.FailoverException.class);
  }

  private dev.failover.server.Server inventoryServer(java.util.Map<String, String> options) {
    return dev.failover.server.Server.builder().id(dev.failover.server.ServerId.of("kea-tls"))
        .vendor(dev.failover.server.Vendor.KEA).address("127.0.0.1").endpoint(kea.url()).options(options).build();
  }
}
