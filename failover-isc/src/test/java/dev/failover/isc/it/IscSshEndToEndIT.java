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
 * next; the pair is then normal, read over OMAPI with the key both dhcpd require ({@code omapi-key}).
 * Partner-down over OMAPI on the remote host last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IscSshEndToEndIT {

  static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final Duration NORMAL_TIMEOUT = Duration.ofSeconds(60);
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
  @DisplayName("create the relationship over SSH: both files written and checked remotely, each server restarted by the SDK in turn, the pair normal")
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
  }

  @Test
  @Order(2)
  @DisplayName("add a scope over SSH: replicated to the partner, both restarted, the pair normal again")
  void addScope() throws Exception {
    failover.apply(failover.plan(AddScope.of(RealSshDhcpdPair.PEER, OFFICE.toString())), ADMIN);
    assertThat(pair.readFile(Side.SECONDARY, RealSshDhcpdPair.CONF)).contains("subnet 198.51.100.0 netmask 255.255.255.0");
    awaitBothNormal();
    assertThat(failover.relationship(RealSshDhcpdPair.PEER).scopes()).containsExactlyInAnyOrder(PAIR_NET, OFFICE);
    assertThat(failover.drift(RealSshDhcpdPair.PEER).isEmpty()).isTrue();
  }

  @Test
  @Order(3)
  @DisplayName("replicate over SSH: an option edited by hand on dhcp-a is drift, replication writes it to dhcp-b, which is restarted; the pair normal again and no drift")
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
  }

  @Test
  @Order(4)
  @DisplayName("remove the scope with dhcp-a surviving and dhcp-b's copy disabled, over SSH; the pair normal again")
  void removeScope() throws Exception {
    failover.apply(failover.plan(RemoveScope.of(RealSshDhcpdPair.PEER, OFFICE.toString(), "dhcp-a",
        ScopeFate.DISABLE)), ADMIN);
    awaitBothNormal();
    assertThat(failover.relationship(RealSshDhcpdPair.PEER).scopes()).containsExactly(PAIR_NET);
    assertThat(failover.state("dhcp-a").scopes()).anyMatch(s -> s.subnet().equals(OFFICE));
  }

  @Test
  @Order(5)
  @DisplayName("edit the peer over SSH: mclt, max-response-delay and split modified, each server restarted by the SDK in turn, the pair normal, the new values in both files and read back over OMAPI")
  void editPeer() throws Exception {
    Server a = failover.inventory().require("dhcp-a");
    Server b = failover.inventory().require("dhcp-b");
    IscBackend backend = new IscBackend();
    String hbaBefore = backend.failoverState(a, RealSshDhcpdPair.PEER).loadBalanceHba().orElseThrow();
    assertThat(backend.failoverState(a, RealSshDhcpdPair.PEER).mclt()).isNotEqualTo(Duration.ofSeconds(1800));
    Relationship current = failover.relationship(RealSshDhcpdPair.PEER);
    IscFailoverSettings edited = IscFailoverSettings.builder().from((IscFailoverSettings) current.settings())
        .mclt(Duration.ofSeconds(1800)).maxResponseDelay(Duration.ofSeconds(30)).split(120).build();
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
  }

  @Test
  @Order(6)
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
  @Order(7)
  @DisplayName("with dhcp-b's dhcpd stopped, partner-down on dhcp-a over OMAPI on its own address takes effect")
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
  }
}
