package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.AddressRange;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.serving.Client;
import dev.failover.serving.ServerChoice;
import dev.failover.state.ServerStatus;
import dev.failover.testkit.probe.DhcpClient;
import dev.failover.testkit.probe.DhcpProbe;
import dev.failover.testkit.probe.ProbeResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * "Who serves this client" held to a real Kea pair (2.2 here; {@link KeaWhoServes26IT} and
 * {@link KeaWhoServes30IT} run the same on 2.6 and 3.0): for 200 generated clients per mode (a
 * quarter of them sending a client identifier), {@link Failover#whoServes} names the server that
 * answered the client's relayed DHCPDISCOVER, sent to both servers by the testkit's probe; after
 * the secondary stops, the survivor in partner-down answers the clients of both, as predicted.
 */
@DisplayName("who serves a client, predicted, equals who answers on a real Kea pair (2.2)")
class KeaWhoServesIT {

  static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final int CLIENTS = 200;
  /** How many clients wait for answers at once: fewer than Kea's multi-threaded packet queue holds (16 in RealKeaPair). */
  static final int WINDOW = 8;
  /** Every how many clients {@link Failover#whoServes} itself is asked. */
  static final int SAMPLE = 10;

  private RealKeaFixture fx;

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  /** The Kea that runs the pair. */
  RealKeaPair.Install install() {
    return RealKeaPair.Install.HOST_2_2;
  }

  /** Starts the pair, creates the relationship over 10.81.0.0/24 (pool .10-.250) and waits for the healthy state. */
  private Failover start(FailoverMode mode, String name) {
    return start(mode, name, false);
  }

  /** As {@link #start(FailoverMode, String)}; with {@code downAtOnce}, max-unacked-clients 0 (partner-down as soon as heartbeats fail). */
  private Failover start(FailoverMode mode, String name, boolean downAtOnce) {
    fx = new RealKeaFixture(mode, true, install());
    Failover failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).build();
    Subnet subnet = Subnet.parse("10.81.0.0/24");
    fx.seed(RealKeaFixture.A, Scope.builder().subnet(subnet).addPool(Pool.of(AddressRange.of(
        Ipv4Address.parse("10.81.0.10"), Ipv4Address.parse("10.81.0.250")))).build());
    Relationship r = fx.relationship(name, mode, List.of(subnet), Duration.ofMillis(5000));
    if (downAtOnce) {
      r = ImmutableRelationship.copyOf(r).withSettings(ImmutableKeaHaSettings.copyOf((KeaHaSettings) r.settings())
          .withMaxUnackedClients(0));
    }
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    String healthy = mode == FailoverMode.LOAD_BALANCING ? "load-balancing" : "hot-standby";
    fx.pair().awaitState(1, healthy, RealKeaPair.STATE_TIMEOUT);
    fx.pair().awaitState(2, healthy, RealKeaPair.STATE_TIMEOUT);
    return failover;
  }

  /** {@code CLIENTS} clients from the seed: random locally administered hardware addresses, every fourth with a client identifier. */
  static List<Client> clients(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Client> out = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      byte[] mac = new byte[6];
      random.nextBytes(mac);
      mac[0] = 0x02;
      String hw = java.util.HexFormat.ofDelimiter(":").formatHex(mac);
      Client c = Client.hardwareAddress(hw);
      out.add(i % 4 == 3 ? c.withClientIdentifier("ff:" + Integer.toHexString(0x10 + random.nextInt(0xef)) + ":" + hw)
          : c);
    }
    return out;
  }

  /** Probes each client against both servers and compares with the prediction; returns how many each server answered. */
  private int[] compare(Failover failover, String relationship, long seed) {
    return compare(failover, relationship, clients(seed), seed);
  }

  private int[] compare(Failover failover, String relationship, List<Client> clients, long seed) {
    return compare(failover, relationship, clients, seed, "10.81.0.0", Map.of());
  }

  /**
   * As {@link #compare(Failover, String, long)} in the subnet of {@code subnet}; a client in
   * {@code reserved} must be offered its reserved address, every other one an address of the subnet.
   * The servers' states are read once: every client is predicted from that one reading, as
   * {@link Failover#whoServes} predicts from the states it reads, which every {@value #SAMPLE}th
   * client's {@code whoServes} is held to; the states read again after the probe must give every
   * client the same prediction. The clients are probed {@value #WINDOW} at a time
   * ({@link DhcpProbe#discoverConcurrently}), each with its own 2 s answer and 150 ms late wait.
   */
  private int[] compare(Failover failover, String relationship, List<Client> clients, long seed, String subnet,
      Map<Client, String> reserved) {
    int[] answered = new int[2];
    int port1 = fx.pair().dhcpPort(1);
    int port2 = fx.pair().dhcpPort(2);
    SplittableRandom r = new SplittableRandom(seed);
    String relay = "127." + (1 + r.nextInt(254)) + "." + (1 + r.nextInt(254)) + "." + (2 + r.nextInt(253));
    List<String> mismatches = new ArrayList<>();
    List<ServerChoice> predictions = predict(failover, relationship, clients);
    for (int i = 0; i < clients.size(); i += SAMPLE) {
      assertThat(failover.whoServes(relationship, clients.get(i))).as("seed %d: whoServes of client %d", seed, i)
          .isEqualTo(predictions.get(i));
    }
    List<ProbeResult> results;
    try (DhcpProbe probe = DhcpProbe.builder().relayAgent(relay).server(new InetSocketAddress("127.0.0.1", port1))
        .server(new InetSocketAddress("127.0.0.1", port2)).subnetSelection(subnet)
        .answerWait(Duration.ofSeconds(2)).lateWait(Duration.ofMillis(150)).build()) {
      results = probe.discoverConcurrently(clients.stream().map(DhcpClient::of).toList(), WINDOW);
    }
    assertThat(predict(failover, relationship, clients))
        .as("seed %d: the predictions from the states read after the probe", seed).isEqualTo(predictions);
    for (int i = 0; i < clients.size(); i++) {
      Client c = clients.get(i);
      ServerChoice predicted = predictions.get(i);
      ProbeResult result = results.get(i);
      Optional<ServerId> actual = result.answeredBy()
          .map(a -> a.getPort() == port1 ? RealKeaFixture.A : a.getPort() == port2 ? RealKeaFixture.B : null);
      actual.ifPresent(s -> answered[s.equals(RealKeaFixture.A) ? 0 : 1]++);
      String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
      boolean rightAddress = result.firstOffer().map(o -> reserved.containsKey(c)
          ? o.offeredAddress().toString().equals(reserved.get(c))
          : o.offeredAddress().toString().startsWith(prefix)).orElse(false);
      if (!predicted.server().equals(actual) || result.offers().size() != 1 || !rightAddress) {
        mismatches.add(c + ": predicted " + predicted.server().map(ServerId::value).orElse("none") + " ("
            + predicted.reason() + "), answered: " + result);
      }
    }
    assertThat(mismatches).as("seed %d: clients whose prediction differs from the server that answered", seed)
        .isEmpty();
    return answered;
  }

  /** Every client's prediction from one reading of the servers' states. */
  private static List<ServerChoice> predict(Failover failover, String relationship, List<Client> clients) {
    Relationship r = failover.relationship(relationship);
    List<ServerStatus> statuses = failover.statuses(relationship);
    return clients.stream().map(c -> ServerChoice.predict(r, c, statuses)).toList();
  }

  @Test
  @DisplayName("load balancing: each of 200 clients is answered by exactly the server the RFC 3074 bucket gives it")
  void loadBalancing() {
    Failover failover = start(FailoverMode.LOAD_BALANCING, "lb-who");
    long seed = System.nanoTime();
    int[] answered = compare(failover, "lb-who", seed);
    // the hash splits the clients: both servers answer a real share
    assertThat(answered[0]).as("seed %d: clients kea-a answered", seed).isBetween(60, 140);
    assertThat(answered[0] + answered[1]).isEqualTo(CLIENTS);
  }

  @Test
  @DisplayName("a scope added to the relationship is served by the predicted server, and each server honours the reservation it got")
  void scopeAdded() {
    Failover failover = start(FailoverMode.LOAD_BALANCING, "lb-add");
    long seed = System.nanoTime();
    List<Client> clients = clients(seed).subList(0, 50);
    // one reserved client for each server: its reservation reached the partner only by the SDK's copy
    Map<Client, String> reserved = new LinkedHashMap<>();
    for (ServerId owner : List.of(RealKeaFixture.A, RealKeaFixture.B)) {
      Client c = clients.stream().filter(x -> x.clientIdentifierText().isEmpty() && !reserved.containsKey(x)
          && failover.whoServes("lb-add", x).configured().equals(owner)).findFirst().orElseThrow();
      reserved.put(c, "10.83.0." + (5 + reserved.size()));
    }
    ImmutableScope.Builder scope = Scope.builder().subnet(Subnet.parse("10.83.0.0/24")).addPool(Pool.of(AddressRange.of(
        Ipv4Address.parse("10.83.0.10"), Ipv4Address.parse("10.83.0.250"))));
    reserved.forEach((c, address) -> scope.addReservation(Reservation.of(c.hardwareAddressText(), address)));
    fx.seed(RealKeaFixture.A, scope.build());
    failover.apply(failover.plan(AddScope.of("lb-add", "10.83.0.0/24")), ADMIN);
    fx.pair().awaitState(1, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    fx.pair().awaitState(2, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    int[] answered = compare(failover, "lb-add", clients, seed, "10.83.0.0", reserved);
    assertThat(answered[0]).as("seed %d", seed).isPositive();
    assertThat(answered[1]).as("seed %d", seed).isPositive();
  }

  @Test
  @DisplayName("partner-down (max-unacked-clients 0): with the secondary stopped, the survivor answers 50 clients of both buckets, as predicted")
  void partnerDown() {
    Failover failover = start(FailoverMode.LOAD_BALANCING, "lb-down", true);
    fx.pair().stopServer(2);
    fx.pair().awaitState(1, "partner-down", Duration.ofSeconds(30));
    long seed = System.nanoTime();
    List<Client> clients = clients(seed).subList(0, 50);
    // from one reading of the states, as whoServes predicts (compare holds every 10th whoServes to it)
    List<ServerChoice> predicted = predict(failover, "lb-down", clients);
    assertThat(predicted).extracting(ServerChoice::configured)
        .as("seed %d: the clients belong to both servers while normal", seed)
        .contains(RealKeaFixture.A, RealKeaFixture.B);
    assertThat(predicted).extracting(ServerChoice::basis).containsOnly(ServerChoice.Basis.PARTNER_DOWN);
    int[] answered = compare(failover, "lb-down", clients, seed);
    assertThat(answered[0]).isEqualTo(clients.size());
  }

  @Test
  @DisplayName("hot standby: each of 200 clients is answered by the primary and by it alone")
  void hotStandby() {
    Failover failover = start(FailoverMode.HOT_STANDBY, "hs-who");
    long seed = System.nanoTime();
    int[] answered = compare(failover, "hs-who", seed);
    assertThat(answered[0]).isEqualTo(CLIENTS);
  }
}
