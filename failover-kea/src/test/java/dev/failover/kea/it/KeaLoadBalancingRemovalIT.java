package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Subnet;
import dev.failover.testkit.contract.FailoverBackendContract;
import dev.failover.testkit.probe.DhcpClient;
import dev.failover.testkit.probe.DhcpProbe;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A scope that leaves load balancing on a real Kea 2.2 pair must still be served: Kea's HA hook
 * puts each client into {@code HA_<peer>} and the load-balancing pools are split between those
 * classes; once the hook (or the relationship) no longer covers the scope, a pool still limited
 * to such a class serves nobody (Kea logs {@code ALLOC_ENGINE_V4_ALLOC_FAIL_CLASSES}). Judged on
 * what the servers' own {@code config-get} says after the SDK's change.
 */
@DisplayName("a scope that leaves load balancing on a real Kea 2.2 pair keeps pools that serve")
class KeaLoadBalancingRemovalIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  /** How many clients wait for an offer at once: fewer than Kea's multi-threaded packet queue holds (16 in RealKeaPair). */
  private static final int WINDOW = 8;

  private RealKeaFixture fx;
  private Failover failover;

  @BeforeEach
  void start() {
    fx = new RealKeaFixture(FailoverMode.LOAD_BALANCING, true);
    failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).build();
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  /** A load-balancing relationship whose scopes (seeded on kea-a, pool .100-.200) are split on both servers. */
  private Relationship loadBalanced(String name, String... subnets) {
    List<Subnet> list = new ArrayList<>();
    for (String s : subnets) {
      fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope(s, 2));
      list.add(Subnet.parse(s));
    }
    Relationship r = fx.relationship(name, FailoverMode.LOAD_BALANCING, list, Duration.ofMillis(5000));
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    for (Subnet s : list) {
      assertThat(pools(RealKeaFixture.A, s)).as("the pools of %s are split for load balancing", s)
          .extracting(p -> p.path("client-class").asText()).containsExactly("HA_kea-a", "HA_kea-b");
    }
    return r;
  }

  private List<JsonNode> pools(dev.failover.server.ServerId server, Subnet subnet) {
    List<JsonNode> out = new ArrayList<>();
    fx.client(server).configGet().subnet(subnet).orElseThrow().json().path("pools").forEach(out::add);
    return out;
  }

  /**
   * What the server's configuration does to the subnet's pools: no pool may be limited to an
   * {@code HA_} class of a peer that no HA entry of the server has, and every address of
   * {@code .100-.200} must be in a pool limited to no class at all.
   */
  private void assertServes(dev.failover.server.ServerId server, Subnet subnet) {
    Dhcp4Config config = fx.client(server).configGet();
    Set<String> haClasses = new TreeSet<>();
    config.highAvailability().forEach(entry -> entry.path("peers")
        .forEach(p -> haClasses.add("HA_" + p.path("name").asText())));
    JsonNode pools = config.subnet(subnet).orElseThrow().json().path("pools");
    List<long[]> open = new ArrayList<>();
    for (JsonNode p : pools) {
      String cls = p.path("client-class").asText("");
      if (cls.startsWith("HA_")) {
        assertThat(haClasses).as("%s on %s: pool %s is limited to %s, which no HA peer of the server assigns",
            subnet, server, p.path("pool").asText(), cls).contains(cls);
      }
      if (cls.isEmpty() && !p.has("client-classes")) {
        String[] ends = p.path("pool").asText().split("-");
        open.add(new long[] {bits(ends[0]), bits(ends[1])});
      }
    }
    long first = bits(subnet.network().toString()) + 100;
    for (long a = first; a <= first + 100; a++) {
      long at = a;
      assertThat(open.stream().anyMatch(r -> r[0] <= at && at <= r[1]))
          .as("%s on %s: address %s is in a pool open to every client (pools: %s)", subnet, server,
              Ipv4Address.ofBits((int) at), pools).isTrue();
    }
  }

  /**
   * The address server {@code n} offers the client in the subnet of {@code subnetAddress}, asked
   * through the testkit's probe as a relay agent on a random 127/8 address (option 118 picks the
   * subnet); empty when no offer came within {@code wait}.
   */
  private Optional<String> offer(int n, String subnetAddress, String mac, Duration wait) {
    return offer(fx.pair(), n, subnetAddress, mac, wait);
  }

  /** The address server {@code n} of {@code pair} offers the client, as {@link #offer(int, String, String, Duration)}. */
  private static Optional<String> offer(RealKeaPair pair, int n, String subnetAddress, String mac, Duration wait) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String relay = "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + "." + random.nextInt(2, 255);
    try (DhcpProbe probe = DhcpProbe.builder().relayAgent(relay)
        .server(new InetSocketAddress("127.0.0.1", pair.dhcpPort(n))).subnetSelection(subnetAddress)
        .answerWait(wait).lateWait(Duration.ZERO).build()) {
      return probe.discover(DhcpClient.of(mac)).firstOffer().map(o -> o.offeredAddress().toString());
    }
  }

  /**
   * The addresses server {@code n} of {@code pair} offers each client, asked as
   * {@link #offer(RealKeaPair, int, String, String, Duration)} asks one, but
   * {@value #WINDOW} clients at a time ({@link DhcpProbe#discoverConcurrently}), each with its own
   * {@code wait}; empty for a client no offer came to within it.
   */
  private static List<Optional<String>> offers(RealKeaPair pair, int n, String subnetAddress, List<String> macs,
      Duration wait) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String relay = "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + "." + random.nextInt(2, 255);
    try (DhcpProbe probe = DhcpProbe.builder().relayAgent(relay)
        .server(new InetSocketAddress("127.0.0.1", pair.dhcpPort(n))).subnetSelection(subnetAddress)
        .answerWait(wait).lateWait(Duration.ZERO).build()) {
      return probe.discoverConcurrently(macs.stream().map(DhcpClient::of).toList(), WINDOW).stream()
          .map(r -> r.firstOffer().map(o -> o.offeredAddress().toString())).toList();
    }
  }

  private static String randomMac() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("02:00:%02x:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt(256));
  }

  private static long bits(String address) {
    return Integer.toUnsignedLong(Ipv4Address.parse(address.trim()).bits());
  }

  @Test
  @DisplayName("after RemoveRelationship the survivor's pools are whole and open to every client, and no HA_ class is left")
  void removeRelationship() {
    Relationship r = loadBalanced("lb-remove", "10.76.0.0/24", "10.77.0.0/24");
    Plan plan = failover.plan(RemoveRelationship.of(r.name().value()).keepScopesOn("kea-a", ScopeFate.DISABLE));
    failover.apply(plan, ADMIN);
    for (String s : List.of("10.76.0.0/24", "10.77.0.0/24")) {
      assertServes(RealKeaFixture.A, Subnet.parse(s));
      // the disabled copy serves nobody, but enabling it again by hand must give a working scope
      assertThat(pools(RealKeaFixture.B, Subnet.parse(s))).extracting(p -> p.path("client-class").asText(""))
          .containsOnly("");
    }
    assertThat(fx.client(RealKeaFixture.A).configGet().highAvailability()).isEmpty();
    assertThat(plan.warnings()).extracting(Warning::code).contains(WarningCode.POOLS_MERGED);
  }

  @Test
  @DisplayName("after RemoveRelationship the survivor answers a relayed DHCPDISCOVER with an offer from the scope")
  void survivorServesAfterRemoval() {
    Relationship r = loadBalanced("lb-served", "10.80.0.0/24");
    failover.apply(failover.plan(RemoveRelationship.of(r.name().value()).keepScopesOn("kea-a", ScopeFate.DISABLE)),
        ADMIN);
    for (int client = 0; client < 3; client++) {
      assertThat(offer(1, "10.80.0.1", randomMac(), Duration.ofSeconds(5)))
          .as("client %d: kea-a offers an address of the scope's pool", client)
          .hasValueSatisfying(a -> assertThat(a).startsWith("10.80.0."));
    }
    // the disabled copy on kea-b serves nobody
    assertThat(offer(2, "10.80.0.1", randomMac(), Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  @DisplayName("RemoveScope of one of two scopes is refused while planning, whatever becomes of the other copy, and the pair keeps serving every client of the scope (real Kea 2.2)")
  void removeScope() {
    refusedAndEveryClientServed(fx, failover, "lb-scope");
    // what the refusal prevents, done by hand: the hook still load-balances a subnet its relationship no longer lists
    assertHalfServedWhenTakenOutByHand(fx, "10.78.0.0/24", "10.79.0.0/24");
  }

  @Test
  @DisplayName("on real Kea 2.6 and 3.0 too, a subnet taken out of the only load-balancing relationship is answered for only some of its clients, so RemoveScope is refused there as well")
  void removeScopeOnNewerKea() throws Exception {
    for (RealKeaPair.Install install : List.of(RealKeaPair.Install.ROOT_2_6, RealKeaPair.Install.ROOT_3_0)) {
      try (RealKeaFixture newer = new RealKeaFixture(FailoverMode.LOAD_BALANCING, true, install)) {
        Failover f = Failover.builder().inventory(newer.inventory()).backends(newer.backend()).build();
        refusedAndEveryClientServed(newer, f, "lb-scope");
        assertHalfServedWhenTakenOutByHand(newer, "10.78.0.0/24", "10.79.0.0/24");
      }
    }
  }

  /** The MAC address of test client {@code c}. */
  private static String mac(int c) {
    return String.format("02:00:5e:10:%02x:%02x", (c * 37) & 0xff, (c * 11 + 1) & 0xff);
  }

  /**
   * A load-balancing relationship over 10.78.0.0/24 and 10.79.0.0/24: RemoveScope of 10.78.0.0/24
   * is refused for every survivor and fate, naming the next step; nothing changes on the servers,
   * and every one of 16 clients of the scope gets an offer from one server of the pair.
   */
  private static void refusedAndEveryClientServed(RealKeaFixture f, Failover failover, String name) {
    List<Subnet> list = new ArrayList<>();
    for (String s : List.of("10.78.0.0/24", "10.79.0.0/24")) {
      f.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope(s, 2));
      list.add(Subnet.parse(s));
    }
    Relationship r = f.relationship(name, FailoverMode.LOAD_BALANCING, list, Duration.ofMillis(5000));
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    String before = f.client(RealKeaFixture.A).configGet().fingerprint() + f.client(RealKeaFixture.B).configGet()
        .fingerprint();
    for (String survivor : List.of("kea-a", "kea-b")) {
      for (ScopeFate fate : ScopeFate.values()) {
        assertThatThrownBy(() -> failover.plan(RemoveScope.of(name, "10.78.0.0/24", survivor, fate)))
            .as("RemoveScope keeping the scope on %s, the other copy's fate %s", survivor, fate)
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
                .contains("load-balancing relationship " + name, "about half", "--mode hot-standby",
                    "relationships remove " + name));
      }
    }
    assertThat(f.client(RealKeaFixture.A).configGet().fingerprint() + f.client(RealKeaFixture.B).configGet()
        .fingerprint()).as("nothing was written").isEqualTo(before);
    f.pair().awaitState(1, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    f.pair().awaitState(2, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    List<String> macs = java.util.stream.IntStream.range(0, 16).mapToObj(KeaLoadBalancingRemovalIT::mac).toList();
    List<Optional<String>> fromFirst = offers(f.pair(), 1, "10.78.0.1", macs, Duration.ofMillis(1500));
    List<Integer> unanswered = java.util.stream.IntStream.range(0, 16).filter(c -> fromFirst.get(c).isEmpty())
        .boxed().toList();
    List<Optional<String>> fromSecond = offers(f.pair(), 2, "10.78.0.1",
        unanswered.stream().map(macs::get).toList(), Duration.ofMillis(1500));
    for (int c = 0; c < 16; c++) {
      int i = unanswered.indexOf(c);
      boolean offered = fromFirst.get(c).isPresent() || fromSecond.get(i).isPresent();
      assertThat(offered).as("client %d of 10.78.0.0/24 gets an offer from the pair (%s)", c, f.pair().install())
          .isTrue();
    }
  }

  /**
   * What the refusal prevents, done by hand on the real servers: {@code gone} leaves the
   * relationship (its {@code ha-server-name} cleared, its pools whole) on kea-b and is removed from
   * kea-a, while {@code stays} remains; kea-b then answers only some of 16 clients of {@code gone}.
   */
  private static void assertHalfServedWhenTakenOutByHand(RealKeaFixture f, String gone, String stays) {
    Subnet out = Subnet.parse(gone);
    Dhcp4Config b = f.client(RealKeaFixture.B).configGet();
    String tag = b.haServerNames().get(Subnet.parse(stays));
    dev.failover.scope.Scope onB = b.scope(out).orElseThrow();
    dev.failover.scope.Scope whole = dev.failover.scope.Scope.builder().from(onB)
        .pools(FailoverBackendContract.sampleScope(gone, 2).pools()).build();
    f.client(RealKeaFixture.B).configSet(b.withScope(whole).withHaServerNames(java.util.Map.of(Subnet.parse(stays),
        tag), List.of(tag)));
    f.client(RealKeaFixture.A).configSet(f.client(RealKeaFixture.A).configGet().withoutScope(out));
    assertThat(f.client(RealKeaFixture.B).configGet().haServerNames()).doesNotContainKey(out);
    f.pair().awaitState(1, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    f.pair().awaitState(2, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    int clients = 16;
    List<String> macs = java.util.stream.IntStream.range(0, clients).mapToObj(KeaLoadBalancingRemovalIT::mac).toList();
    long offered = offers(f.pair(), 2, "10.78.0.1", macs, Duration.ofMillis(1500)).stream()
        .filter(Optional::isPresent).count();
    assertThat(offered).as("clients of %s kea-b answers once the scope left the relationship by hand (%s), of %d",
        gone, f.pair().install(), clients).isBetween(1L, clients - 1L);
  }
}
