package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.errors.BackendException;
import dev.failover.isc.it.RealDhcpdPair.Side;
import dev.failover.isc.omapi.OmapiClient;
import dev.failover.isc.omapi.OmapiFailoverState;
import dev.failover.state.IscFailoverState;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
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
 * The OMAPI client against a real dhcpd 4.4.3 failover pair in two network namespaces
 * ({@link RealDhcpdPair}), without a key. The tests share one pair and run in order; the last
 * two change its state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealDhcpdPairIT {

  private static final Duration NORMAL_TIMEOUT = Duration.ofSeconds(60);
  private RealDhcpdPair pair;

  @BeforeAll
  void createPair() throws Exception {
    pair = RealDhcpdPair.create(Optional.empty());
  }

  @AfterAll
  void removePair() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  private OmapiFailoverState read(Side side) {
    try (OmapiClient client = OmapiClient.connect(pair.omapi(side).build())) {
      return client.failoverState(RealDhcpdPair.PEER);
    }
  }

  @Test
  @Order(1)
  @DisplayName("both configurations pass dhcpd -t")
  void configurationsPass() throws Exception {
    for (Side side : Side.values()) {
      RealDhcpdPair.CommandResult r = pair.checkConfig(side);
      assertThat(r.exitCode()).as("dhcpd -t of the %s:%n%s", side, r.output()).isZero();
      assertThat(r.output()).contains("Config file: " + pair.config(side));
    }
  }

  @Test
  @Order(2)
  @DisplayName("the pair reaches \"Both servers normal\" (real-servers.md)")
  void reachesNormal() throws Exception {
    pair.start();
    Duration took = pair.awaitBothNormal(0, 0, NORMAL_TIMEOUT);
    System.out.println("[RealDhcpdPairIT] both servers normal " + took.toMillis() + " ms after start");
    for (Side side : Side.values()) {
      assertThat(pair.log(side)).contains(RealDhcpdPair.BOTH_NORMAL);
      // ip netns exec replaced itself with dhcpd: the PID the harness stops is dhcpd's own
      assertThat(Files.readString(pair.pidFile(side)).strip()).isEqualTo(String.valueOf(pair.pid(side)));
    }
  }

  @Test
  @Order(3)
  @DisplayName("OMAPI reads normal (2) local and partner state on both servers, each with its role and the primary's settings")
  void omapiReadsNormal() {
    for (Side side : Side.values()) {
      OmapiFailoverState s = read(side);
      assertThat(s.peerName()).isEqualTo(RealDhcpdPair.PEER);
      assertThat(s.localState()).isEqualTo(IscFailoverState.NORMAL);
      assertThat(s.localState().code()).isEqualTo(2);
      assertThat(s.partnerState()).isEqualTo(IscFailoverState.NORMAL);
      assertThat(s.role()).isEqualTo(side == Side.PRIMARY ? OmapiFailoverState.Role.PRIMARY
          : OmapiFailoverState.Role.SECONDARY);
      // the secondary's configuration has no mclt or split: it reports what it learned from the primary
      assertThat(s.mclt()).isEqualTo(Duration.ofHours(1));
      assertThat(s.loadBalanceHba()).contains(
          "ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00");
      assertThat(s.maxResponseDelay()).isEqualTo(Duration.ofSeconds(60));
      assertThat(s.maxOutstandingUpdates()).isEqualTo(10);
      assertThat(s.loadBalanceMaxSeconds()).contains(Duration.ofSeconds(3));
      assertThat(s.localPort()).isEqualTo(647);
      assertThat(s.partnerPort()).isEqualTo(647);
    }
  }

  @Test
  @Order(4)
  @DisplayName("a peer the server does not have is REJECTED with dhcpd's message")
  void unknownPeer() {
    try (OmapiClient client = OmapiClient.connect(pair.omapi(Side.PRIMARY).build())) {
      BackendException e = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo2"));
      assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
      assertThat(e.server()).isEqualTo("dhcpd-primary");
      assertThat(e.serverMessage()).isEqualTo("no object matches specification");
      assertThat(e.serverCode()).contains("ISC_R_NOTFOUND");
      assertThat(client.failoverState(RealDhcpdPair.PEER).localState()).isEqualTo(IscFailoverState.NORMAL);
    }
  }

  @Test
  @Order(5)
  @DisplayName("partner-down forced on the primary while the secondary is up is accepted, logged, and walked back to normal (omapi-4.4.3/README.md)")
  void partnerDownWithPartnerUp() throws Exception {
    int primaryMark = pair.mark(Side.PRIMARY);
    int secondaryMark = pair.mark(Side.SECONDARY);
    List<String> seen = new ArrayList<>();
    try (OmapiClient primary = OmapiClient.connect(pair.omapi(Side.PRIMARY).build())) {
      OmapiFailoverState before = primary.forcePartnerDown(RealDhcpdPair.PEER);
      assertThat(before.localState()).isEqualTo(IscFailoverState.NORMAL);
      // what OMAPI shows right after, for the record: the window before the walk back is a few 100 ms
      for (int i = 0; i < 5; i++) {
        seen.add(primary.failoverState(RealDhcpdPair.PEER).localState().token());
      }
    }
    pair.awaitLog(Side.PRIMARY, primaryMark, l -> l.contains("I move from normal to partner-down"),
        Duration.ofSeconds(10));
    pair.awaitLog(Side.SECONDARY, secondaryMark, l -> l.contains("peer moves from normal to partner-down"),
        Duration.ofSeconds(10));
    pair.awaitLog(Side.PRIMARY, primaryMark, l -> l.contains("I move from conflict-done to normal"),
        Duration.ofSeconds(30));
    Duration back = pair.awaitBothNormal(primaryMark, secondaryMark, NORMAL_TIMEOUT);
    System.out.println("[RealDhcpdPairIT] OMAPI right after the forced partner-down: " + seen
        + "; both normal again (" + back.toMillis() + " ms after start)");
    assertThat(seen).hasSize(5);
    for (Side side : Side.values()) {
      OmapiFailoverState s = read(side);
      assertThat(s.localState()).as("%s after the walk back", side).isEqualTo(IscFailoverState.NORMAL);
      assertThat(s.partnerState()).as("%s after the walk back", side).isEqualTo(IscFailoverState.NORMAL);
    }
  }

  @Test
  @Order(6)
  @DisplayName("with the secondary stopped, partner-down forced on the primary holds: read over OMAPI and in the log")
  void partnerDownWithPartnerGone() throws Exception {
    int mark = pair.mark(Side.PRIMARY);
    pair.stop(Side.SECONDARY);
    pair.awaitLog(Side.PRIMARY, mark, l -> l.contains("I move from normal to communications-interrupted"),
        Duration.ofSeconds(30));
    try (OmapiClient primary = OmapiClient.connect(pair.omapi(Side.PRIMARY).build())) {
      assertThat(primary.failoverState(RealDhcpdPair.PEER).localState())
          .isEqualTo(IscFailoverState.COMMUNICATIONS_INTERRUPTED);
      OmapiFailoverState before = primary.forcePartnerDown(RealDhcpdPair.PEER);
      assertThat(before.localState()).isEqualTo(IscFailoverState.COMMUNICATIONS_INTERRUPTED);
      pair.awaitLog(Side.PRIMARY, mark, l -> l.contains("I move from communications-interrupted to partner-down"),
          Duration.ofSeconds(10));
      OmapiFailoverState after = primary.failoverState(RealDhcpdPair.PEER);
      assertThat(after.localState()).isEqualTo(IscFailoverState.PARTNER_DOWN);
      assertThat(after.localState().code()).isEqualTo(4);
      assertThat(after.localStateSince()).isAfterOrEqualTo(before.localStateSince());
    }
    // read again on a new connection: the state holds
    assertThat(read(Side.PRIMARY).localState()).isEqualTo(IscFailoverState.PARTNER_DOWN);
  }
}
