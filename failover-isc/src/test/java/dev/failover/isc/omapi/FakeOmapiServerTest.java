package dev.failover.isc.omapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.state.IscFailoverState;
import dev.failover.testkit.isc.FakeOmapiServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The testkit's ISC OMAPI face, held to the client and to the recorded dhcpd answers. */
class FakeOmapiServerTest {

  private static final Instant T0 = Instant.parse("2026-11-24T19:44:34Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final Secret SECRET = Secret.of(RecordedSessions.KEY_SECRET);

  private static OmapiEndpoint endpoint(FakeOmapiServer fake) {
    return OmapiEndpoint.builder().host(fake.host()).port(fake.port()).readTimeout(Duration.ofSeconds(5)).build();
  }

  private static OmapiEndpoint endpoint(FakeOmapiServer fake, String keyName, Secret secret) {
    return OmapiEndpoint.builder().from(endpoint(fake)).key(OmapiKey.hmacMd5(keyName, secret)).build();
  }

  @Test
  @DisplayName("the fake listens on 127.0.0.1 with an ephemeral port and reads like the recorded primary")
  void readsLikeDhcpd() {
    try (FakeOmapiServer fake = FakeOmapiServer.builder().peer("fo1", FakeOmapiServer.Role.PRIMARY).clock(CLOCK)
        .start(); OmapiClient client = OmapiClient.connect(endpoint(fake))) {
      assertThat(fake.host()).isEqualTo("127.0.0.1");
      assertThat(fake.port()).isPositive().isNotEqualTo(7911);
      OmapiFailoverState s = client.failoverState("fo1");
      assertThat(s.localState()).isEqualTo(IscFailoverState.NORMAL);
      assertThat(s.partnerState()).isEqualTo(IscFailoverState.NORMAL);
      assertThat(s.role()).isEqualTo(OmapiFailoverState.Role.PRIMARY);
      assertThat(s.localStateSince()).isEqualTo(T0);
      assertThat(s.mclt()).isEqualTo(Duration.ofHours(1));
      assertThat(s.loadBalanceHba()).contains(
          "ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00");
    }
  }

  @Test
  @DisplayName("the fake's answer has dhcpd 4.4.3's value names, order and sizes")
  void sameShapeAsDhcpd() throws IOException {
    OmapiMessage recorded = decode(ReplayServer.parse(RecordedSessions.OPEN_FO1).get(3).bytes());
    try (FakeOmapiServer fake = FakeOmapiServer.builder().peer("fo1", FakeOmapiServer.Role.PRIMARY).start();
        Socket s = new Socket(fake.host(), fake.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] startup = new byte[8];
      in.readFully(startup);
      assertThat(startup).isEqualTo(OmapiWire.startup());
      out.write(OmapiWire.startup());
      out.write(ReplayServer.parse(RecordedSessions.OPEN_FO1).get(2).bytes()); // omshell's open, verbatim
      out.flush();
      OmapiMessage answer = OmapiWire.decode(in, OmapiWire.HEADER_SIZE);
      assertThat(answer.op).isEqualTo(recorded.op);
      assertThat(answer.rid).isEqualTo(recorded.rid);
      assertThat(answer.handle).isEqualTo(recorded.handle);
      assertThat(shape(answer.objectValues)).isEqualTo(shape(recorded.objectValues));
    }
  }

  private static OmapiMessage decode(byte[] bytes) throws IOException {
    return OmapiWire.decode(new DataInputStream(new java.io.ByteArrayInputStream(bytes)), OmapiWire.HEADER_SIZE);
  }

  private static List<String> shape(List<OmapiMessage.Value> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.name() + "/" + v.length()));
    return out;
  }

  @Test
  @DisplayName("setState is what the client reads; forcing partner-down changes the fake's state and is recorded")
  void controlsAndPartnerDown() {
    try (FakeOmapiServer fake = FakeOmapiServer.builder().peer("fo1", FakeOmapiServer.Role.SECONDARY).start();
        OmapiClient client = OmapiClient.connect(endpoint(fake))) {
      fake.setState("fo1", IscFailoverState.COMMUNICATIONS_INTERRUPTED, IscFailoverState.UNKNOWN_STATE);
      OmapiFailoverState read = client.failoverState("fo1");
      assertThat(read.localState()).isEqualTo(IscFailoverState.COMMUNICATIONS_INTERRUPTED);
      assertThat(read.partnerState()).isEqualTo(IscFailoverState.UNKNOWN_STATE);
      assertThat(read.role()).isEqualTo(OmapiFailoverState.Role.SECONDARY);

      OmapiFailoverState before = client.forcePartnerDown("fo1");
      assertThat(before.localState()).isEqualTo(IscFailoverState.COMMUNICATIONS_INTERRUPTED);
      assertThat(fake.state("fo1").local()).isEqualTo(IscFailoverState.PARTNER_DOWN);
      assertThat(client.failoverState("fo1").localState()).isEqualTo(IscFailoverState.PARTNER_DOWN);
      assertThat(fake.updates()).containsExactly(new FakeOmapiServer.LocalStateUpdate("fo1", 4, true));
    }
  }

  @Test
  @DisplayName("an unknown peer is REJECTED with dhcpd's text \"no object matches specification\"")
  void unknownPeer() {
    try (FakeOmapiServer fake = FakeOmapiServer.builder().peer("fo1", FakeOmapiServer.Role.PRIMARY).start();
        OmapiClient client = OmapiClient.connect(endpoint(fake))) {
      BackendException e = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo2"));
      assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
      assertThat(e.serverMessage()).isEqualTo("no object matches specification");
      assertThat(e.serverCode()).contains("ISC_R_NOTFOUND");
      assertThat(client.failoverState("fo1").peerName()).isEqualTo("fo1");
    }
  }

  @Test
  @DisplayName("hostile peer names travel as bytes and come back unchanged")
  void hostileNames() {
    List<String> names = List.of("fo\"1", "a;b", "x\ny", "{ }", "$(reboot)", "`id`", "pär-ünïcødé", "' OR 1=1");
    FakeOmapiServer.Builder b = FakeOmapiServer.builder();
    names.forEach(n -> b.peer(n, FakeOmapiServer.Role.PRIMARY));
    try (FakeOmapiServer fake = b.start(); OmapiClient client = OmapiClient.connect(endpoint(fake))) {
      for (String name : names) {
        assertThat(client.failoverState(name).peerName()).isEqualTo(name);
      }
      client.forcePartnerDown("$(reboot)");
      assertThat(fake.state("$(reboot)").local()).isEqualTo(IscFailoverState.PARTNER_DOWN);
      assertThat(fake.state("`id`").local()).isEqualTo(IscFailoverState.NORMAL);
    }
  }

  @Test
  @DisplayName("with a key: the right key reads and forces partner-down, signed both ways")
  void keyed() {
    try (FakeOmapiServer fake = FakeOmapiServer.builder().peer("fo1", FakeOmapiServer.Role.PRIMARY)
        .key("omkey", SECRET).start();
        OmapiClient client = OmapiClient.connect(endpoint(fake, "omkey", SECRET))) {
      assertThat(client.failoverState("fo1").localState()).isEqualTo(IscFailoverState.NORMAL);
      client.forcePartnerDown("fo1");
      assertThat(fake.state("fo1").local()).isEqualTo(IscFailoverState.PARTNER_DOWN);
    }
  }

  @Test
  @DisplayName("with a key: no key, a wrong secret and an unknown key name are answered as dhcpd does, each a credential error")
  void keyRefusals() {
    try (FakeOmapiServer fake = FakeOmapiServer.builder().peer("fo1", FakeOmapiServer.Role.PRIMARY)
        .key("omkey", SECRET).start()) {
      try (OmapiClient client = OmapiClient.connect(endpoint(fake))) {
        BackendException e = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo1"));
        assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
        assertThat(e.serverCode()).contains("DHCP_R_NOKEYS");
        assertThat(e.serverMessage()).isEqualTo("No authenticator on message");
      }
      try (OmapiClient client = OmapiClient.connect(endpoint(fake, "omkey",
          Secret.of(RecordedSessions.WRONG_SECRET_VALUE)))) {
        BackendException e = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo1"));
        assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
        assertThat(e.serverCode()).contains("DHCP_R_INVALIDKEY");
        BackendException again = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo1"));
        assertThat(again.serverCode()).contains("DHCP_R_INVALIDKEY");
      }
      BackendException e = catchThrowableOfType(BackendException.class,
          () -> OmapiClient.connect(endpoint(fake, "other", SECRET)));
      assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
      assertThat(e.serverMessage()).endsWith("no object matches specification");
      assertThat(fake.state("fo1").local()).isEqualTo(IscFailoverState.NORMAL);
    }
  }

  @Test
  @DisplayName("several clients at once each get their answers")
  void concurrentClients() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (FakeOmapiServer fake = FakeOmapiServer.builder().peer("fo1", FakeOmapiServer.Role.PRIMARY).start()) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          int normal = 0;
          try (OmapiClient client = OmapiClient.connect(endpoint(fake))) {
            for (int i = 0; i < 25; i++) {
              if (client.failoverState("fo1").localState() == IscFailoverState.NORMAL) {
                normal++;
              }
            }
          }
          return normal;
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(25);
      }
      assertThat(fake.connectionsAccepted()).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("after close the port no longer accepts connections")
  void closes() {
    FakeOmapiServer fake = FakeOmapiServer.builder().peer("fo1", FakeOmapiServer.Role.PRIMARY).start();
    OmapiEndpoint endpoint = endpoint(fake);
    fake.close();
    BackendException e = catchThrowableOfType(BackendException.class, () -> OmapiClient.connect(endpoint));
    assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
  }
}
