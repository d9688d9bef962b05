package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.Secret;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.isc.IscBackend;
import dev.failover.isc.it.RealSshDhcpdPair.Side;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.server.Credential;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.serving.Client;
import dev.failover.serving.ServerChoice;
import dev.failover.state.FailoverStatus;
import dev.failover.state.IscFailoverState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ISC path as deployed, end to end: two servers ({@link RealSshDhcpdPair}: sshd and dhcpd in
 * two namespaces, each with its own /etc/dhcp), the SDK outside both with an inventory of
 * {@code ssh://} endpoints (pinned host key, password credential, {@code restart=command}). Through
 * the facade it creates the relationship, adds a scope, replicates a hand edit, and removes the
 * scope with a survivor; each apply
 * writes over SFTP, checks with the server's dhcpd -t, restarts that server and waits before the
 * next; the pair is then normal, read over OMAPI with the key both dhcpd require ({@code omapi-key}),
 * and serving: after each change, real DHCPDISCOVERs relayed from the client namespace are offered by
 * the server the change predicts (a few clients, each check bounded by {@link #PROBE_TIMEOUT}).
 * Partner-down over OMAPI on the remote host last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IscSshEndToEndIT {

  static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final Duration NORMAL_TIMEOUT = Duration.ofSeconds(60);
  /** The bound on each real-DHCP check after a change. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  static final Subnet PAIR_NET = Subnet.parse("192.0.2.0/24");
  static final Subnet OFFICE = Subnet.parse("198.51.100.0/24");
  static final String PRIMARY_BEFORE = "# dhcp-a before failover (IscSshEndToEndIT)\nomapi-port 7911;\nauthoritative;\n\n"
      + "subnet 192.0.2.0 netmask 255.255.255.0 {\n  pool {\n    range 192.0.2.100 192.0.2.200;\n  }\n}\n\n"
      + "subnet 198.51.100.0 netmask 255.255.255.0 {\n  option routers 198.51.100.1;\n  pool {\n"
      + "    range 198.51.100.50 198.51.100.99;\n  }\n}\n";
  static final String SECONDARY_BEFORE = "# dhcp-b before failover (IscSshEndToEndIT)\nomapi-port 7911;\n"
      + "authoritative;\n\nsubnet 192.0.2.0 netmask 255.255.255.0 {\n  pool {\n    range 192.0.2.100 192.0.2.200;\n"
      + "  }\n}\n";

  private RealSshDhcpdPair pair;
  private Failover failover;

  @BeforeAll
  void startPair() throws Exception {
    Map<Side, String> configs = new EnumMap<>(Side.class);
    configs.put(Side.PRIMARY, PRIMARY_BEFORE);
    configs.put(Side.SECONDARY, SECONDARY_BEFORE);
    pair = RealSshDhcpdPair.start(configs, true);
    failover = Failover.builder().inventory(Inventory.of(server(Side.PRIMARY), server(Side.SECONDARY)))
        .backends(new IscBackend()).build();
  }

  @AfterAll
  void stopPair() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  private Server server(Side side) {
    return Server.builder().id(ServerId.of(side == Side.PRIMARY ? "dhcp-a" : "dhcp-b")).vendor(Vendor.ISC)
        .address(pair.peerLinkAddress(side)).endpoint(pair.endpoint(side))
        .credential(Credential.of("root", Secret.of(pair.password())))
        .putCredential("omapi", Credential.of(pair.omapiKeyName(), Secret.of(pair.omapiSecret())))
        .putOption("host-fingerprint", pair.hostFingerprint(side)).putOption("restart", "command")
        .putOption("restart-command", RealSshDhcpdPair.RESTART).putOption("restart-timeout", "30").build();
  }

  /** Polls Failover.status (every 250 ms, bounded) until both servers read normal with a normal partner. */
  private List<FailoverStatus> awaitBothNormal() throws Exception {
    long deadline = System.nanoTime() + NORMAL_TIMEOUT.toNanos();
    String last = "";
    while (true) {
      try {
        List<FailoverStatus> status = failover.status(RealSshDhcpdPair.PEER);
        if (status.stream().allMatch(s -> s.local() == IscFailoverState.NORMAL
            && s.partner().equals(java.util.Optional.of(IscFailoverState.NORMAL)))) {
          return status;
        }
        last = status.toString();
      } catch (RuntimeException e) {
        last = e.getMessage();
      }
      assertThat(System.nanoTime() - deadline).as("both normal within %s (last: %s)", NORMAL_TIMEOUT, last).isNegative();
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  private long[] pids() throws Exception {
    return new long[] {pair.dhcpdPid(Side.PRIMARY).orElse(-1L), pair.dhcpdPid(Side.SECONDARY).orElse(-1L)};
  }

  @Test
  @Order(1)
  @DisplayName("create the relationship over SSH: both files written and checked remotely, each server restarted by the SDK in turn, the pair normal, and a relayed DHCPDISCOVER of a client of each server offered an address of the pool by the server the split predicts")
  void create() throws Exception {
    long[] before = pids();
    Relationship r = Relationship.builder().name(RealSshDhcpdPair.PEER).mode(FailoverMode.LOAD_BALANCING)
        .primary("dhcp-a").secondary("dhcp-b").settings(IscFailoverSettings.defaults(
            pair.peerLinkAddress(Side.PRIMARY), pair.peerLinkAddress(Side.SECONDARY))).addScope(PAIR_NET).build();
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    long[] after = pids();
    assertThat(after[0]).isNotEqualTo(before[0]).isPositive();
    assertThat(after[1]).isNotEqualTo(before[1]).isPositive();
    assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).contains("failover peer \"fo1\" {\n  primary;");
    assertThat(pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF)).contains("failover peer \"fo1\" {\n  secondary;");
    awaitBothNormal();
    assertThat(failover.relationship(RealSshDhcpdPair.PEER).scopes()).containsExactly(PAIR_NET);
    // serving: a client of each server, by Failover.whoServes, is offered an address of the pool by that server
    Map<Client, String> expected = new java.util.LinkedHashMap<>();
    for (Client c : oneClientPerServer().values()) {
      expected.put(c, failover.whoServes(RealSshDhcpdPair.PEER, c).server().orElseThrow().value());
    }
    awaitOffers(PAIR_NET, expected, 100, 200);
  }

  @Test
  @Order(2)
  @DisplayName("add a scope over SSH: replicated to the partner, both restarted, the pair normal again (before it, dhcp-a alone offered from the range, also to a client the split gives dhcp-b)")
  void addScope() throws Exception {
    // before: only dhcp-a has 198.51.100.0/24, a pool outside failover, so it alone offers, also to dhcp-b's client
    Client bClient = oneClientPerServer().get("dhcp-b");
    List<NamespaceProbe.Offered> before = pair.discover(OFFICE.network().toString(), List.of(bClient),
        Duration.ofSeconds(2)).get(bClient.hardwareAddressText());
    assertThat(before).as("offers to %s before the scope is added", bClient).hasSize(1);
    assertThat(serverOf(before.get(0).server())).isEqualTo("dhcp-a");
    failover.apply(failover.plan(AddScope.of(RealSshDhcpdPair.PEER, OFFICE.toString())), ADMIN);
    assertThat(pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF)).contains("subnet 198.51.100.0 netmask 255.255.255.0");
    awaitBothNormal();
    assertThat(failover.relationship(RealSshDhcpdPair.PEER).scopes()).containsExactlyInAnyOrder(PAIR_NET, OFFICE);
    assertThat(failover.drift(RealSshDhcpdPair.PEER).isEmpty()).isTrue();
  }

  /** A client of each server: the first of some generated clients whose bucket the split gives it. */
  private Map<String, Client> oneClientPerServer() {
    Map<String, Client> chosen = new java.util.TreeMap<>();
    for (int i = 1; i <= 64 && chosen.size() < 2; i++) {
      Client c = Client.hardwareAddress(String.format("02:00:5e:17:%02x:%02x", i / 256, i % 256));
      ServerChoice who = failover.whoServes(RealSshDhcpdPair.PEER, c);
      who.server().ifPresent(id -> chosen.putIfAbsent(id.value(), c));
    }
    assertThat(chosen).as("a client for each server among 64").containsOnlyKeys("dhcp-a", "dhcp-b");
    return chosen;
  }

  private static String serverOf(String identifier) {
    return identifier.equals(Side.PRIMARY.peerLinkAddress) ? "dhcp-a"
        : identifier.equals(Side.SECONDARY.peerLinkAddress) ? "dhcp-b" : identifier;
  }

  /**
   * Relays DHCPDISCOVERs for the clients not yet answered (every 2 s answer wait, bounded by
   * {@link #PROBE_TIMEOUT}) until each got an offer; each client's offers must be exactly one, from
   * the server expected for it, of an address in {@code subnet} between {@code low} and {@code high}
   * (the pool's last octets). A client no server answers keeps being asked (the secondary offers
   * once pool balancing has given it free leases); an offer from the other server fails at once.
   *
   * @return each client to the address it was offered
   */
  private Map<Client, String> awaitOffers(Subnet subnet, Map<Client, String> expected, int low, int high)
      throws Exception {
    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
    Map<Client, String> answered = new java.util.LinkedHashMap<>();
    String prefix = subnet.network().toString().substring(0, subnet.network().toString().lastIndexOf('.') + 1);
    String last = "";
    while (answered.size() < expected.size()) {
      List<Client> asking = expected.keySet().stream().filter(c -> !answered.containsKey(c)).toList();
      Map<String, List<NamespaceProbe.Offered>> offers = pair.discover(subnet.network().toString(), asking,
          Duration.ofSeconds(2));
      last = offers.toString();
      for (Client c : asking) {
        List<NamespaceProbe.Offered> got = offers.getOrDefault(c.hardwareAddressText(), List.of());
        if (!got.isEmpty()) {
          assertThat(got).as("offers to %s, expected from %s alone", c, expected.get(c)).hasSize(1);
          assertThat(serverOf(got.get(0).server())).as("who offered to %s (%s)", c, got).isEqualTo(expected.get(c));
          String address = got.get(0).address();
          assertThat(address).as("the address offered to %s", c).startsWith(prefix);
          assertThat(Integer.parseInt(address.substring(prefix.length()))).as("the address %s in the pool %s%d-%d",
              address, prefix, low, high).isBetween(low, high);
          answered.put(c, address);
        }
      }
      assertThat(System.nanoTime() - deadline).as("every client offered by its expected server within %s "
          + "(expected %s, answered %s, last probe: %s)", PROBE_TIMEOUT, expected, answered, last).isNegative();
    }
    return answered;
  }

  /** The first of some generated clients (hardware addresses 02:00:5e:{@code tag}:..) the test accepts, by bucket. */
  private static Client firstClient(int tag, java.util.function.Predicate<Client> wanted) {
    for (int i = 1; i <= 2048; i++) {
      Client c = Client.hardwareAddress(String.format("02:00:5e:%02x:%02x:%02x", tag, i / 256, i % 256));
      if (wanted.test(c)) {
        return c;
      }
    }
    throw new AssertionError("no client among 2048 generated ones (tag " + tag + ") fits");
  }

  /** The server the relationship's configuration gives the client, both servers normal (no state read). */
  private static String configured(Relationship r, Client c) {
    return ServerChoice.predict(r, c).server().orElseThrow().value();
  }

  @Test
  @Order(3)
  @DisplayName("after the scope was added over SSH and both servers restarted, a relayed DHCPDISCOVER from the client namespace is offered an address of the new range, by exactly the server the split predicts, for a client of each server")
  void newScopeServes() throws Exception {
    Map<String, Client> clients = oneClientPerServer();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Map<String, String> answered = new java.util.TreeMap<>();
    String last = "";
    // the secondary offers once the primary has given it its share of the new pool's free leases (pool balancing)
    while (answered.size() < 2) {
      List<Client> asking = clients.entrySet().stream().filter(e -> !answered.containsKey(e.getKey()))
          .map(Map.Entry::getValue).toList();
      Map<String, List<NamespaceProbe.Offered>> offers = pair.discover(OFFICE.network().toString(), asking,
          Duration.ofSeconds(2));
      last = offers.toString();
      for (Map.Entry<String, Client> e : clients.entrySet()) {
        List<NamespaceProbe.Offered> got = offers.getOrDefault(e.getValue().hardwareAddressText(), List.of());
        if (!got.isEmpty()) {
          assertThat(got).as("offers to %s, predicted %s", e.getValue(), e.getKey()).hasSize(1);
          assertThat(serverOf(got.get(0).server())).as("who offered to %s", e.getValue()).isEqualTo(e.getKey());
          int last8 = Integer.parseInt(got.get(0).address().substring(got.get(0).address().lastIndexOf('.') + 1));
          assertThat(got.get(0).address()).as("the offered address").startsWith("198.51.100.");
          assertThat(last8).as("the offered address %s in the new pool 198.51.100.50-99", got.get(0).address())
              .isBetween(50, 99);
          answered.put(e.getKey(), got.get(0).address());
        }
      }
      assertThat(System.nanoTime() - deadline).as("a client of each server offered within 30 s (last: %s)", last)
          .isNegative();
    }
  }

  @Test
  @Order(4)
  @DisplayName("replicate over SSH: an option edited by hand on dhcp-a is drift, replication writes it to dhcp-b, which is restarted; the pair normal again, no drift, and a client of each server offered from the scope by the server the split predicts")
  void replicate() throws Exception {
    String a = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    String edited = a.replace("  option routers 198.51.100.1;\n",
        "  option routers 198.51.100.1;\n  option domain-name \"office.example\";\n");
    assertThat(edited).isNotEqualTo(a);
    pair.writeFile(Side.PRIMARY, RealSshDhcpdPair.CONF, edited);
    assertThat(failover.drift(RealSshDhcpdPair.PEER).isEmpty()).isFalse();
    long b = pair.dhcpdPid(Side.SECONDARY).orElseThrow();
    failover.apply(failover.plan(dev.failover.plan.Replicate.scope(OFFICE.toString()).from("dhcp-a")), ADMIN);
    assertThat(pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF)).contains("option domain-name \"office.example\";");
    assertThat(pair.dhcpdPid(Side.SECONDARY)).isPresent().get().isNotEqualTo(b);
    awaitBothNormal();
    assertThat(failover.drift(RealSshDhcpdPair.PEER).isEmpty()).isTrue();
    // serving after dhcp-b's restart: a client of each server still offered from the scope by the predicted server
    Map<Client, String> expected = new java.util.LinkedHashMap<>();
    oneClientPerServer().forEach((server, c) -> expected.put(c, server));
    awaitOffers(OFFICE, expected, 50, 99);
  }

  @Test
  @Order(5)
  @DisplayName("remove the scope with dhcp-a surviving and dhcp-b's copy disabled, over SSH; the pair normal again, and dhcp-a alone offers from the scope, to the client the split gave dhcp-b too")
  void removeScope() throws Exception {
    Map<String, Client> byServer = oneClientPerServer();
    failover.apply(failover.plan(RemoveScope.of(RealSshDhcpdPair.PEER, OFFICE.toString(), "dhcp-a",
        ScopeFate.DISABLE)), ADMIN);
    awaitBothNormal();
    assertThat(failover.relationship(RealSshDhcpdPair.PEER).scopes()).containsExactly(PAIR_NET);
    assertThat(failover.state("dhcp-a").scopes()).anyMatch(s -> s.subnet().equals(OFFICE));
    // the survivor keeps the scope outside failover and dhcp-b's copy answers no one: dhcp-a alone offers
    // from the pool, also to the client whose bucket the split gave dhcp-b
    Map<Client, String> expected = new java.util.LinkedHashMap<>();
    byServer.values().forEach(c -> expected.put(c, "dhcp-a"));
    awaitOffers(OFFICE, expected, 50, 99);
  }

  @Test
  @Order(6)
  @DisplayName("edit the peer over SSH: mclt, max-response-delay and split modified, each server restarted by the SDK in turn, the pair normal, the new values in both files and read back over OMAPI, and a client whose bucket moved to dhcp-b offered by dhcp-b, one left with dhcp-a by dhcp-a")
  void editPeer() throws Exception {
    Server a = failover.inventory().require("dhcp-a");
    Server b = failover.inventory().require("dhcp-b");
    IscBackend backend = new IscBackend();
    String hbaBefore = backend.failoverState(a, RealSshDhcpdPair.PEER).loadBalanceHba().orElseThrow();
    assertThat(backend.failoverState(a, RealSshDhcpdPair.PEER).mclt()).isNotEqualTo(Duration.ofSeconds(1800));
    Relationship current = failover.relationship(RealSshDhcpdPair.PEER);
    IscFailoverSettings edited = IscFailoverSettings.builder().from((IscFailoverSettings) current.settings())
        .mclt(Duration.ofSeconds(1800)).maxResponseDelay(Duration.ofSeconds(30)).split(120).build();
    // a client whose bucket the new split moves from dhcp-a to dhcp-b, and one it leaves with dhcp-a
    Relationship withSplit120 = dev.failover.relationship.ImmutableRelationship.copyOf(current).withSettings(edited);
    Client moved = firstClient(0x18, c -> configured(current, c).equals("dhcp-a")
        && configured(withSplit120, c).equals("dhcp-b"));
    Client stays = firstClient(0x18, c -> configured(withSplit120, c).equals("dhcp-a"));
    long[] before = pids();
    failover.apply(failover.plan(dev.failover.plan.ModifyRelationship.of(
        dev.failover.relationship.ImmutableRelationship.copyOf(current).withSettings(edited))), ADMIN);
    long[] after = pids();
    assertThat(after[0]).isNotEqualTo(before[0]).isPositive();
    assertThat(after[1]).isNotEqualTo(before[1]).isPositive();
    String fileA = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    String fileB = pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF);
    assertThat(fileA).contains("  mclt 1800;\n", "  split 120;\n", "  max-response-delay 30;\n");
    assertThat(fileB).contains("  max-response-delay 30;\n").doesNotContain("mclt", "split");
    awaitBothNormal();
    IscFailoverSettings read = (IscFailoverSettings) failover.relationship(RealSshDhcpdPair.PEER).settings();
    assertThat(read.mclt()).isEqualTo(Duration.ofSeconds(1800));
    assertThat(read.maxResponseDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(read.split()).hasValue(120);
    for (Server s : List.of(a, b)) {
      dev.failover.isc.omapi.OmapiFailoverState omapi = backend.failoverState(s, RealSshDhcpdPair.PEER);
      assertThat(omapi.mclt()).as("mclt over OMAPI on %s", s.id()).isEqualTo(Duration.ofSeconds(1800));
      assertThat(omapi.maxResponseDelay()).as("max-response-delay over OMAPI on %s", s.id())
          .isEqualTo(Duration.ofSeconds(30));
      assertThat(omapi.loadBalanceHba()).as("the hash buckets over OMAPI on %s", s.id()).isPresent().get()
          .isNotEqualTo(hbaBefore);
    }
    assertThat(failover.drift(RealSshDhcpdPair.PEER).isEmpty()).isTrue();
    // serving with the new split: the moved client is answered by dhcp-b alone, the other by dhcp-a
    Map<Client, String> expected = new java.util.LinkedHashMap<>();
    expected.put(moved, failover.whoServes(RealSshDhcpdPair.PEER, moved).server().orElseThrow().value());
    expected.put(stays, failover.whoServes(RealSshDhcpdPair.PEER, stays).server().orElseThrow().value());
    assertThat(expected).as("Failover.whoServes after the edit").containsValues("dhcp-b", "dhcp-a");
    assertThat(expected.get(moved)).as("whoServes for the moved client %s", moved).isEqualTo("dhcp-b");
    awaitOffers(PAIR_NET, expected, 100, 200);
  }

  @Test
  @Order(7)
  @DisplayName("OMAPI is keyed: both dhcpd files carry omapi-key, status reads with the inventory's key, a wrong secret and no key are credential errors, the secret in no message or toString")
  void omapiKey() throws Exception {
    for (Side side : Side.values()) {
      assertThat(pair.readFile(side, RealSshDhcpdPair.CONF)).contains("omapi-key " + pair.omapiKeyName() + ";");
    }
    assertThat(awaitBothNormal()).hasSize(2);
    Server a = failover.inventory().require("dhcp-a");
    assertThat(a.toString()).doesNotContain(pair.omapiSecret()).doesNotContain(pair.password());
    String wrong = java.util.Base64.getEncoder().encodeToString(
        "not-the-omapi-key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Server wrongKey = dev.failover.server.ImmutableServer.copyOf(a).withCredentials(
        Map.of("omapi", Credential.of(pair.omapiKeyName(), Secret.of(wrong))));
    Server noKey = dev.failover.server.ImmutableServer.copyOf(a).withCredentials(Map.of());
    IscBackend backend = new IscBackend();
    for (Server s : List.of(wrongKey, noKey)) {
      dev.failover.errors.BackendException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          dev.failover.errors.BackendException.class, () -> backend.failoverState(s, RealSshDhcpdPair.PEER));
      assertThat(e).as("OMAPI with %s", s.credentials().isEmpty() ? "no key" : "a wrong secret").isNotNull();
      assertThat(e.kind()).isEqualTo(dev.failover.errors.BackendException.Kind.CREDENTIALS);
      assertThat(e.getMessage()).contains("did not accept the credential").doesNotContain(wrong)
          .doesNotContain(pair.omapiSecret()).doesNotContain(pair.password());
    }
    assertThat(backend.failoverState(a, RealSshDhcpdPair.PEER).localState()).isEqualTo(IscFailoverState.NORMAL);
  }

  @Test
  @Order(8)
  @DisplayName("with dhcp-b's dhcpd stopped, partner-down on dhcp-a over OMAPI on its own address takes effect, and dhcp-a offers to a client whose bucket the split gives dhcp-b")
  void partnerDown() throws Exception {
    long secondary = pair.dhcpdPid(Side.SECONDARY).orElseThrow();
    ProcessHandle.of(secondary).ifPresent(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Server a = failover.inventory().require("dhcp-a");
    IscBackend backend = new IscBackend();
    while (backend.failoverState(a, RealSshDhcpdPair.PEER).localState() != IscFailoverState.COMMUNICATIONS_INTERRUPTED) {
      assertThat(System.nanoTime() - deadline).as("dhcp-a sees its partner gone").isNegative();
      TimeUnit.MILLISECONDS.sleep(250);
    }
    failover.partnerDown(RealSshDhcpdPair.PEER, "dhcp-a", ADMIN);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (backend.failoverState(a, RealSshDhcpdPair.PEER).localState() != IscFailoverState.PARTNER_DOWN) {
      assertThat(System.nanoTime() - deadline).as("dhcp-a in partner-down").isNegative();
      TimeUnit.MILLISECONDS.sleep(250);
    }
    // serving in partner-down: a client whose bucket the split gives dhcp-b is offered by dhcp-a (from its own free leases)
    Relationship r = failover.relationship(RealSshDhcpdPair.PEER);
    Client ofB = firstClient(0x19, c -> configured(r, c).equals("dhcp-b"));
    assertThat(failover.whoServes(RealSshDhcpdPair.PEER, ofB).server()).as("whoServes in partner-down for %s", ofB)
        .hasValue(ServerId.of("dhcp-a"));
    awaitOffers(PAIR_NET, Map.of(ofB, "dhcp-a"), 100, 200);
  }

  @Test
  @Order(9)
  @DisplayName("a peer edit through the facade whose restart on dhcp-b does not bring dhcpd back (its inventory's restart command only stops it): dhcp-b's file is written back byte for byte and restarted again, which cannot bring it back either, dhcp-a (changed first) is undone by the facade, the error and the one audit record name both facts, no secret in either")
  void failedRestartRolledBackAndAudited() throws Exception {
    // dhcp-b runs again (partner-down stopped it); its inventory entry here restarts with a command that only stops dhcpd
    pair.restartDhcpd(Side.SECONDARY);
    String stop = "/etc/dhcp/stop-dhcpd";
    pair.writeFile(Side.SECONDARY, stop, "#!/bin/sh\n# stops the dhcpd the restart script started, starts nothing\n"
        + "pid=$(cat " + RealSshDhcpdPair.PID_FILE + ")\nkill \"$pid\" 2>/dev/null\n"
        + "i=0\nwhile kill -0 \"$pid\" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done\nexit 0\n");
    assertThat(pair.inside(Side.SECONDARY, "chmod", "0755", stop).exitCode()).isZero();
    long bBefore = pair.dhcpdPid(Side.SECONDARY).orElseThrow();
    Server b = dev.failover.server.ImmutableServer.copyOf(server(Side.SECONDARY))
        .withOptions(Map.of("host-fingerprint", pair.hostFingerprint(Side.SECONDARY), "restart", "command",
            "restart-command", stop, "restart-timeout", "5"));
    List<dev.failover.audit.AuditEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Failover stopping = Failover.builder().inventory(Inventory.of(server(Side.PRIMARY), b))
        .backends(new IscBackend()).audit(events::add).build()) {
      rollBackAndAudit(stopping, events, bBefore);
    }
    // the harness brings dhcp-b back, with its own restart script
    pair.restartDhcpd(Side.SECONDARY);
    assertThat(pair.dhcpdPid(Side.SECONDARY)).as("dhcp-b's dhcpd restarted by the harness").isPresent();
  }

  private void rollBackAndAudit(Failover stopping, List<dev.failover.audit.AuditEvent> events, long bBefore)
      throws Exception {
    String fileA = pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF);
    String fileB = pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF);
    long aBefore = pair.dhcpdPid(Side.PRIMARY).orElseThrow();
    Relationship current = stopping.relationship(RealSshDhcpdPair.PEER);
    IscFailoverSettings edited = IscFailoverSettings.builder().from((IscFailoverSettings) current.settings())
        .maxResponseDelay(Duration.ofSeconds(40)).build();
    assertThat(edited).isNotEqualTo(current.settings());
    dev.failover.plan.Plan plan = stopping.plan(dev.failover.plan.ModifyRelationship.of(
        dev.failover.relationship.ImmutableRelationship.copyOf(current).withSettings(edited)));
    assertThat(plan.servers()).extracting(p -> p.server().value()).containsExactly("dhcp-a", "dhcp-b");

    dev.failover.errors.BackendException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        dev.failover.errors.BackendException.class, () -> stopping.apply(plan, ADMIN));

    // the error: dhcp-b's restart failed, its previous file was written back and restarted again, which failed too
    assertThat(e).as("the apply's failure").isNotNull();
    assertThat(e.kind()).isEqualTo(dev.failover.errors.BackendException.Kind.TRANSPORT);
    assertThat(e.server()).isEqualTo("dhcp-b");
    assertThat(e.getMessage()).contains("the new configuration was written but dhcpd did not answer OMAPI within 5 s"
            + " after the restart")
        .contains("; the previous configuration was written back and dhcpd restarted again with it: it does not come"
            + " back either (dhcpd did not answer OMAPI within 5 s after the restart")
        .doesNotContain(pair.password()).doesNotContain(pair.omapiSecret())
        .doesNotContainPattern("\\b(java|javax|dev)\\.[a-z]+\\.");
    // dhcp-b: the previous file, byte for byte, and no dhcpd (the restart command stops it and starts nothing)
    assertThat(pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF)).isEqualTo(fileB);
    assertThat(ProcessHandle.of(bBefore).filter(ProcessHandle::isAlive)).as("dhcp-b's dhcpd after the stop").isEmpty();
    // dhcp-a, changed first and restarted by its own command, undone by the facade: its file as before, restarted again
    assertThat(pair.readFile(Side.PRIMARY, RealSshDhcpdPair.CONF)).isEqualTo(fileA);
    assertThat(pair.dhcpdPid(Side.PRIMARY)).as("dhcp-a's dhcpd after the change and its undo").isPresent().get()
        .isNotEqualTo(aBefore);
    // the one audit record: rolled back, each server's outcome, the failure's facts, no secret
    assertThat(events).hasSize(1);
    dev.failover.audit.AuditEvent event = events.get(0);
    assertThat(event.outcome()).isEqualTo(dev.failover.audit.AuditEvent.Outcome.ROLLED_BACK);
    assertThat(event.principal()).isEqualTo("it-admin");
    assertThat(event.planDigest()).isEqualTo(plan.digest());
    assertThat(event.servers()).extracting(ServerId::value).containsExactly("dhcp-a", "dhcp-b");
    assertThat(event.serverOutcomes()).containsEntry(ServerId.of("dhcp-a"), dev.failover.ServerOutcome.RESTORED)
        .containsEntry(ServerId.of("dhcp-b"), dev.failover.ServerOutcome.UNCHANGED);
    assertThat(event.detail()).startsWith("failed on dhcp-b: ").contains(e.getMessage()).endsWith("; dhcp-a restored")
        .doesNotContain(pair.password()).doesNotContain(pair.omapiSecret());
    assertThat(event.toString()).doesNotContain(pair.password()).doesNotContain(pair.omapiSecret());
  }
}
