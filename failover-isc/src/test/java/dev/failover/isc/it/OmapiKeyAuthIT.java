package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.isc.IscBackend;
import dev.failover.isc.it.RealDhcpdPair.Side;
import dev.failover.isc.omapi.OmapiClient;
import dev.failover.isc.omapi.OmapiEndpoint;
import dev.failover.isc.omapi.OmapiFailoverState;
import dev.failover.isc.omapi.OmapiKey;
import dev.failover.server.Credential;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.IscFailoverState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * HMAC-MD5 OMAPI keys against a real dhcpd 4.4.3 pair whose servers both have a {@code key}
 * statement and {@code omapi-key}: the primary spells the algorithm {@code hmac-md5}, the
 * secondary {@code HMAC-MD5.SIG-ALG.REG.INT}; the secret is new for every run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OmapiKeyAuthIT {

  private static final String KEY_NAME = "omapi-it";
  private RealDhcpdPair pair;
  private Secret secret;

  @BeforeAll
  void startPair() throws Exception {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String base64 = Base64.getEncoder().encodeToString(random);
    secret = Secret.of(base64);
    pair = RealDhcpdPair.create(Optional.of(new RealDhcpdPair.Key(KEY_NAME, base64, "hmac-md5",
        "HMAC-MD5.SIG-ALG.REG.INT")));
  }

  @AfterAll
  void removePair() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  private OmapiEndpoint keyed(Side side, String name, Secret s) {
    return pair.omapi(side).key(OmapiKey.hmacMd5(name, s)).build();
  }

  @Test
  @Order(1)
  @DisplayName("configurations with a key statement and omapi-key pass dhcpd -t, and the pair reaches normal")
  void startsWithKeys() throws Exception {
    for (Side side : Side.values()) {
      RealDhcpdPair.CommandResult r = pair.checkConfig(side);
      assertThat(r.exitCode()).as("dhcpd -t of the %s:%n%s", side, r.output()).isZero();
    }
    pair.start();
    pair.awaitBothNormal(0, 0, Duration.ofSeconds(60));
  }

  @Test
  @Order(2)
  @DisplayName("with the key, the client reads failover-state from both servers (both spellings of the algorithm)")
  void readsWithKey() {
    for (Side side : Side.values()) {
      try (OmapiClient client = OmapiClient.connect(keyed(side, KEY_NAME, secret))) {
        OmapiFailoverState s = client.failoverState(RealDhcpdPair.PEER);
        assertThat(s.localState()).isEqualTo(IscFailoverState.NORMAL);
        assertThat(s.partnerState()).isEqualTo(IscFailoverState.NORMAL);
        // a second request on the same connection: the server still accepts our signatures
        assertThat(client.failoverState(RealDhcpdPair.PEER).peerName()).isEqualTo(RealDhcpdPair.PEER);
      }
    }
  }

  @Test
  @Order(3)
  @DisplayName("without a key the server answers \"No authenticator on message\" (DHCP_R_NOKEYS): a credential error")
  void refusesUnsigned() {
    try (OmapiClient client = OmapiClient.connect(pair.omapi(Side.PRIMARY).build())) {
      BackendException e = catchThrowableOfType(BackendException.class, () -> client.failoverState(RealDhcpdPair.PEER));
      assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
      assertThat(e.serverMessage()).isEqualTo("No authenticator on message");
      assertThat(e.serverCode()).contains("DHCP_R_NOKEYS");
      assertThat(e.getMessage()).contains("did not accept the credential");
    }
  }

  @Test
  @Order(4)
  @DisplayName("a wrong secret (DHCP_R_INVALIDKEY, answered unsigned) is a credential error on every request; the secret is in no message")
  void refusesWrongSecret() {
    byte[] other = new byte[16];
    new SecureRandom().nextBytes(other);
    String wrong = Base64.getEncoder().encodeToString(other);
    try (OmapiClient client = OmapiClient.connect(keyed(Side.PRIMARY, KEY_NAME, Secret.of(wrong)))) {
      BackendException e = catchThrowableOfType(BackendException.class, () -> client.failoverState(RealDhcpdPair.PEER));
      assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
      assertThat(e.serverCode()).contains("DHCP_R_INVALIDKEY");
      assertThat(e.getMessage()).contains("did not accept the credential").doesNotContain(wrong)
          .doesNotContain(secret.reveal());
      // dhcpd keeps the connection open and refuses again
      BackendException again = catchThrowableOfType(BackendException.class,
          () -> client.failoverState(RealDhcpdPair.PEER));
      assertThat(again.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
      assertThat(again.serverCode()).contains("DHCP_R_INVALIDKEY");
    }
  }

  @Test
  @Order(5)
  @DisplayName("a key name the server does not know is a credential error when the client connects, with dhcpd's text")
  void refusesUnknownKeyName() {
    BackendException e = catchThrowableOfType(BackendException.class,
        () -> OmapiClient.connect(keyed(Side.SECONDARY, "other-key", secret)));
    assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
    assertThat(e.serverMessage()).contains("no object matches specification");
    assertThat(e.getMessage()).contains("did not accept the credential").doesNotContain(secret.reveal());
  }

  @Test
  @Order(5)
  @DisplayName("through the ISC backend, a wrong secret and an unknown key name read as 'did not accept the credential', secret in no message")
  void backendCredentialErrors() {
    String wrong = Base64.getEncoder().encodeToString("not-the-omapi-key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    IscBackend backend = new IscBackend();
    for (Credential credential : List.of(Credential.of(KEY_NAME, Secret.of(wrong)), Credential.of("other-key", secret))) {
      BackendException e = catchThrowableOfType(BackendException.class,
          () -> backend.failoverState(server(Side.PRIMARY, credential), RealDhcpdPair.PEER));
      assertThat(e.kind()).as(credential.user()).isEqualTo(BackendException.Kind.CREDENTIALS);
      assertThat(e.server()).isEqualTo("isc-a");
      assertThat(e.getMessage()).as(credential.user()).startsWith("server isc-a did not accept the credential")
          .doesNotContain(wrong).doesNotContain(secret.reveal());
    }
    assertThat(backend.failoverState(server(Side.PRIMARY, Credential.of(KEY_NAME, secret)), RealDhcpdPair.PEER)
        .peerName()).isEqualTo(RealDhcpdPair.PEER);
  }

  /** An inventory server for a side: its configuration file, and OMAPI through the pair's bridge, with that credential. */
  private Server server(Side side, Credential credential) {
    OmapiEndpoint omapi = pair.omapi(side).build();
    return Server.builder().id(ServerId.of("isc-a")).vendor(Vendor.ISC).address("192.0.2.1")
        .endpoint(pair.config(side).toUri()).putOption("omapi-host", omapi.host())
        .putOption("omapi-port", String.valueOf(omapi.port())).credential(credential).build();
  }

  @Test
  @Order(6)
  @DisplayName("a signed update forces partner-down on the secondary: dhcpd logs it and the pair walks back to normal")
  void signedPartnerDown() throws Exception {
    int primaryMark = pair.mark(Side.PRIMARY);
    int secondaryMark = pair.mark(Side.SECONDARY);
    try (OmapiClient client = OmapiClient.connect(keyed(Side.SECONDARY, KEY_NAME, secret))) {
      assertThat(client.forcePartnerDown(RealDhcpdPair.PEER).role()).isEqualTo(OmapiFailoverState.Role.SECONDARY);
    }
    pair.awaitLog(Side.SECONDARY, secondaryMark, l -> l.contains("I move from normal to partner-down"),
        Duration.ofSeconds(10));
    pair.awaitBothNormal(primaryMark, secondaryMark, Duration.ofSeconds(60));
    try (OmapiClient client = OmapiClient.connect(keyed(Side.SECONDARY, KEY_NAME, secret))) {
      assertThat(client.failoverState(RealDhcpdPair.PEER).localState()).isEqualTo(IscFailoverState.NORMAL);
    }
  }
}
