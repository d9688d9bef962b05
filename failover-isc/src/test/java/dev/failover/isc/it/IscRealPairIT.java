package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.isc.IscBackend;
import dev.failover.isc.IscOmapi;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.it.RealDhcpdPair.Side;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverStatus;
import dev.failover.state.IscFailoverState;
import java.nio.file.Files;
import java.time.Duration;
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
 * The whole ISC path against a real dhcpd 4.4.3 pair ({@link RealDhcpdPair}): the servers start
 * from configurations without failover; through the facade, the SDK creates the relationship and
 * adds a second scope, writing both servers' files (each checked by {@code dhcpd -t} before it
 * is written); dhcpd, started on those files, reaches "Both servers normal"; the facade reads
 * normal on both over OMAPI, and its partner-down is seen over OMAPI. The tests run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IscRealPairIT {

  static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final Duration NORMAL_TIMEOUT = Duration.ofSeconds(60);
  static final Subnet PAIR_NET = Subnet.parse("192.0.2.0/24");
  static final Subnet OFFICE = Subnet.parse("198.51.100.0/24");

  static final String PRIMARY_BEFORE = "# dhcpd.conf of dhcp-a before failover (IscRealPairIT)\n"
      + "omapi-port 7911;\n"
      + "authoritative;\n"
      + "\n"
      + "subnet 192.0.2.0 netmask 255.255.255.0 {\n"
      + "  pool {\n"
      + "    range 192.0.2.100 192.0.2.200;\n"
      + "  }\n"
      + "}\n"
      + "\n"
      + "# the office, served by dhcp-a alone so far\n"
      + "subnet 198.51.100.0 netmask 255.255.255.0 {\n"
      + "  option routers 198.51.100.1;\n"
      + "  option domain-name \"office.example\";\n"
      + "  pool {\n"
      + "    range 198.51.100.50 198.51.100.99;\n"
      + "  }\n"
      + "  host printer { hardware ethernet 00:16:3e:00:00:01; fixed-address 198.51.100.5; }\n"
      + "}\n";
  static final String SECONDARY_BEFORE = "# dhcpd.conf of dhcp-b before failover (IscRealPairIT)\n"
      + "omapi-port 7911;\n"
      + "authoritative;\n"
      + "\n"
      + "subnet 192.0.2.0 netmask 255.255.255.0 {\n"
      + "  pool {\n"
      + "    range 192.0.2.100 192.0.2.200;\n"
      + "  }\n"
      + "}\n";

  private RealDhcpdPair pair;
  private long startedAt;

  @BeforeAll
  void createPair() throws Exception {
    pair = RealDhcpdPair.create(Optional.empty());
    Files.writeString(pair.config(Side.PRIMARY), PRIMARY_BEFORE);
    Files.writeString(pair.config(Side.SECONDARY), SECONDARY_BEFORE);
  }

  @AfterAll
  void removePair() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  private Server server(Side side, int omapiPort) {
    return Server.builder().id(ServerId.of(side == Side.PRIMARY ? "dhcp-a" : "dhcp-b")).vendor(Vendor.ISC)
        .address(side.address).endpoint(pair.config(side).toUri()).putOption("dhcpd", "/usr/sbin/dhcpd")
        .putOption("omapi-host", "127.0.0.1").putOption("omapi-port", String.valueOf(omapiPort)).build();
  }

  /** The facade; OMAPI ports are the bridges' once the pair runs. */
  private Failover failover(boolean running) {
    int a = running ? pair.omapi(Side.PRIMARY).build().port() : RealDhcpdPair.OMAPI_PORT;
    int b = running ? pair.omapi(Side.SECONDARY).build().port() : RealDhcpdPair.OMAPI_PORT;
    return Failover.builder().inventory(Inventory.of(server(Side.PRIMARY, a), server(Side.SECONDARY, b)))
        .backends(new IscBackend()).build();
  }

  @Test
  @Order(1)
  @DisplayName("the SDK creates the relationship and adds a scope on both servers' files, which pass dhcpd -t")
  void writeConfigurations() throws Exception {
    Failover f = failover(false);
    Relationship r = Relationship.builder().name(RealDhcpdPair.PEER).mode(FailoverMode.LOAD_BALANCING)
        .primary("dhcp-a").secondary("dhcp-b").settings(IscFailoverSettings.defaults(Side.PRIMARY.address,
            Side.SECONDARY.address)).addScope(PAIR_NET).build();
    long t0 = System.nanoTime();
    f.apply(f.plan(CreateRelationship.of(r)), ADMIN);
    f.apply(f.plan(AddScope.of(RealDhcpdPair.PEER, OFFICE.toString())), ADMIN);
    System.out.println("[IscRealPairIT] create + add scope, both planned and applied with dhcpd -t: "
        + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
    for (Side side : Side.values()) {
      RealDhcpdPair.CommandResult check = pair.checkConfig(side);
      assertThat(check.exitCode()).as("dhcpd -t of the %s:%n%s", side, check.output()).isZero();
      IscConfig c = IscConfig.read(pair.config(side));
      assertThat(c.subnets()).containsExactlyInAnyOrder(PAIR_NET, OFFICE);
      assertThat(c.poolsByPeer().get(RealDhcpdPair.PEER)).hasSize(2);
    }
    String primary = Files.readString(pair.config(Side.PRIMARY));
    assertThat(primary).startsWith("# dhcpd.conf of dhcp-a before failover (IscRealPairIT)\nomapi-port 7911;\n"
        + "authoritative;\n\nfailover peer \"fo1\" {\n  primary;\n");
    assertThat(primary).contains("  host printer { hardware ethernet 00:16:3e:00:00:01; fixed-address 198.51.100.5; }\n");
    Relationship expected = r.plusScopes(List.of(OFFICE));
    assertThat(f.state("dhcp-a").relationship(r.name())).contains(expected);
    assertThat(f.state("dhcp-b").relationship(r.name())).contains(expected);
    assertThat(f.drift(RealDhcpdPair.PEER).isEmpty()).isTrue();
  }

  @Test
  @Order(2)
  @DisplayName("dhcpd started on the written files reaches \"Both servers normal\"")
  void reachesNormal() throws Exception {
    pair.start();
    startedAt = System.nanoTime();
    Duration took = pair.awaitBothNormal(0, 0, NORMAL_TIMEOUT);
    System.out.println("[IscRealPairIT] both servers normal " + took.toMillis() + " ms after start");
    for (Side side : Side.values()) {
      assertThat(pair.log(side)).contains(RealDhcpdPair.BOTH_NORMAL);
    }
  }

  @Test
  @Order(3)
  @DisplayName("Failover.status reads normal on both servers over OMAPI")
  void statusNormal() {
    List<FailoverStatus> status = failover(true).status(RealDhcpdPair.PEER);
    assertThat(status).extracting(s -> s.server().value()).containsExactly("dhcp-a", "dhcp-b");
    for (FailoverStatus s : status) {
      assertThat(s.local()).as("%s", s.server()).isEqualTo(IscFailoverState.NORMAL);
      assertThat(s.partner()).as("%s", s.server()).contains(IscFailoverState.NORMAL);
      assertThat(s.details()).containsEntry("mclt", "3600").containsEntry("max-response-delay", "60")
          .containsEntry("load-balance-max-secs", "3");
    }
    assertThat(status.get(0).details()).containsEntry("hierarchy", "primary");
    assertThat(status.get(1).details()).containsEntry("hierarchy", "secondary");
  }

  @Test
  @Order(4)
  @DisplayName("with the secondary stopped, Failover.partnerDown on the primary is seen over OMAPI")
  void partnerDown() throws Exception {
    int mark = pair.mark(Side.PRIMARY);
    pair.stop(Side.SECONDARY);
    pair.awaitLog(Side.PRIMARY, mark, l -> l.contains("I move from normal to communications-interrupted"),
        Duration.ofSeconds(30));
    Failover f = failover(true);
    Server a = f.inventory().require("dhcp-a");
    IscOmapi omapi = f.extension("dhcp-a", IscOmapi.class).orElseThrow();
    assertThat(omapi.failoverState(a, RealDhcpdPair.PEER).localState())
        .isEqualTo(IscFailoverState.COMMUNICATIONS_INTERRUPTED);
    f.partnerDown(RealDhcpdPair.PEER, "dhcp-a", ADMIN);
    pair.awaitLog(Side.PRIMARY, mark, l -> l.contains("I move from communications-interrupted to partner-down"),
        Duration.ofSeconds(10));
    assertThat(omapi.failoverState(a, RealDhcpdPair.PEER).localState()).isEqualTo(IscFailoverState.PARTNER_DOWN);
    FailoverStatus status = new IscBackend().status(a, f.relationship(RealDhcpdPair.PEER));
    assertThat(status.local()).isEqualTo(IscFailoverState.PARTNER_DOWN);
    System.out.println("[IscRealPairIT] partner-down seen " + Duration.ofNanos(System.nanoTime() - startedAt).toMillis()
        + " ms after start");
  }
}
