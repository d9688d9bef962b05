package dev.failover.isc.omapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.state.IscFailoverState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client against byte-for-byte replays of sessions with a real dhcpd 4.4.3 ({@link RecordedSessions}). */
class OmapiClientReplayTest {

  private static final String HBA_SPLIT_128 =
      "ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00";

  private static OmapiEndpoint endpoint(ReplayServer server) {
    return OmapiEndpoint.builder().host("127.0.0.1").port(server.port()).readTimeout(Duration.ofSeconds(5)).build();
  }

  private static OmapiEndpoint endpoint(ReplayServer server, String secret) {
    return OmapiEndpoint.builder().from(endpoint(server))
        .key(OmapiKey.hmacMd5(RecordedSessions.KEY_NAME, Secret.of(secret))).build();
  }

  /** The object of omshell-open.txt, typed. */
  private static OmapiFailoverState recordedFo1(long stos) {
    return OmapiFailoverState.builder()
        .peerName("fo1")
        .localState(IscFailoverState.NORMAL)
        .partnerState(IscFailoverState.NORMAL)
        .role(OmapiFailoverState.Role.PRIMARY)
        .localStateSince(Instant.ofEpochSecond(stos))
        .partnerStateSince(Instant.ofEpochSecond(stos))
        .mclt(Duration.ofSeconds(3600))
        .maxResponseDelay(Duration.ofSeconds(60))
        .loadBalanceMaxSeconds(Duration.ofSeconds(3))
        .loadBalanceHba(HBA_SPLIT_128)
        .maxOutstandingUpdates(10)
        .currentUnackedUpdates(0)
        .localPort(647)
        .partnerPort(647)
        .skew(Duration.ZERO)
        .build();
  }

  @Test
  @DisplayName("opening failover-state \"fo1\" sends omshell's bytes and reads every value of dhcpd's answer")
  void opensFailoverState() throws Exception {
    try (ReplayServer server = ReplayServer.start(RecordedSessions.OPEN_FO1)) {
      OmapiFailoverState state;
      try (OmapiClient client = OmapiClient.connect(endpoint(server), RecordedSessions.FIRST_ID)) {
        state = client.failoverState("fo1");
      }
      assertThat(server.outcome()).isEqualTo("played");
      assertThat(state).isEqualTo(recordedFo1(0x6b05e922L));
      assertThat(state.localStateSince()).isEqualTo(Instant.parse("2026-11-24T19:44:34Z"));
      assertThat(state.lastPacketSent()).isEmpty();
      assertThat(state.lastTimestampReceived()).isEmpty();
    }
  }

  @Test
  @DisplayName("forcing partner-down opens the object, then updates local-state to 4 on its handle, as omshell did")
  void forcesPartnerDown() throws Exception {
    try (ReplayServer server = ReplayServer.start(RecordedSessions.OPEN_AND_PARTNER_DOWN)) {
      OmapiFailoverState before;
      try (OmapiClient client = OmapiClient.connect(endpoint(server), RecordedSessions.FIRST_ID)) {
        before = client.forcePartnerDown("fo1");
      }
      assertThat(server.outcome()).isEqualTo("played");
      assertThat(before.localState()).isEqualTo(IscFailoverState.NORMAL);
      assertThat(before).isEqualTo(recordedFo1(0x6b05e922L));
    }
  }

  @Test
  @DisplayName("with a key: authenticator open, then signed open and update whose HMAC-MD5 matches dhcpd's, signed answers verified")
  void signedSession() throws Exception {
    try (ReplayServer server = ReplayServer.start(RecordedSessions.SIGNED_OPEN_AND_PARTNER_DOWN)) {
      OmapiFailoverState before;
      try (OmapiClient client = OmapiClient.connect(endpoint(server, RecordedSessions.KEY_SECRET),
          RecordedSessions.FIRST_ID)) {
        before = client.forcePartnerDown("fo1");
      }
      assertThat(server.outcome()).isEqualTo("played");
      assertThat(before.peerName()).isEqualTo("fo1");
      assertThat(before.role()).isEqualTo(OmapiFailoverState.Role.PRIMARY);
      assertThat(before.mclt()).isEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  @DisplayName("an unknown peer is REJECTED with dhcpd's own message and ISC_R_NOTFOUND")
  void unknownPeer() throws Exception {
    try (ReplayServer server = ReplayServer.start(RecordedSessions.SIGNED_OPEN_UNKNOWN_PEER)) {
      BackendException e;
      try (OmapiClient client = OmapiClient.connect(endpoint(server, RecordedSessions.KEY_SECRET),
          RecordedSessions.FIRST_ID)) {
        e = catchThrowableOfType(BackendException.class, () -> client.failoverState("nope"));
      }
      assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
      assertThat(e.serverMessage()).isEqualTo("no object matches specification");
      assertThat(e.serverCode()).contains("ISC_R_NOTFOUND");
      assertThat(e.server()).isEqualTo("127.0.0.1:" + server.port());
      assertThat(server.outcome()).isEqualTo("played");
    }
  }

  @Test
  @DisplayName("without a key, a server with omapi-key answers \"No authenticator on message\" (DHCP_R_NOKEYS): a credential error")
  void missingKey() throws Exception {
    try (ReplayServer server = ReplayServer.start(RecordedSessions.UNSIGNED_OPEN_ON_KEYED_SERVER)) {
      BackendException e;
      try (OmapiClient client = OmapiClient.connect(endpoint(server), RecordedSessions.FIRST_ID)) {
        e = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo1"));
      }
      assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
      assertThat(e.serverMessage()).isEqualTo("No authenticator on message");
      assertThat(e.serverCode()).contains("DHCP_R_NOKEYS");
      assertThat(server.outcome()).isEqualTo("played");
    }
  }

  @Test
  @DisplayName("a wrong secret (DHCP_R_INVALIDKEY, answered unsigned) is a credential error and the secret appears nowhere")
  void wrongSecret() throws Exception {
    try (ReplayServer server = ReplayServer.start(RecordedSessions.WRONG_SECRET)) {
      BackendException e;
      try (OmapiClient client = OmapiClient.connect(endpoint(server, RecordedSessions.WRONG_SECRET_VALUE),
          RecordedSessions.FIRST_ID)) {
        e = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo1"));
      }
      assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
      assertThat(e.serverCode()).contains("DHCP_R_INVALIDKEY");
      assertThat(e.getMessage()).contains("did not accept the credential", "invalid key").doesNotContain(RecordedSessions.WRONG_SECRET_VALUE);
      assertThat(server.outcome()).isEqualTo("played");
    }
  }
}
