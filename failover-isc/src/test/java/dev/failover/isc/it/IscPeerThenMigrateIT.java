package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.isc.IscBackend;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.it.RealDhcpdPair.Side;
import dev.failover.plan.AddPeer;
import dev.failover.plan.AddScope;
import dev.failover.plan.IscPeer;
import dev.failover.plan.Plan;
import dev.failover.plan.PeerChange;
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
 * Issue 11 item 11 on a real dhcpd 4.4.3 pair: the product's flow "add a peer from the pool
 * dialog on one server, then migrate the scope to the failover peer". The peer is added on
 * dhcp-a alone (its pool now refers to it); adding the scope to the relationship is one plan
 * that declares the mirrored peer on dhcp-b and copies the scope there; dhcpd started on the
 * files reaches "Both servers normal". The tests run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("add a peer on one server, then migrate the scope to its partner: one plan, real pair reaches normal")
class IscPeerThenMigrateIT {

  static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final Subnet NET = Subnet.parse("192.0.2.0/24");
  static final String A_BEFORE = "# dhcp-a before failover (IscPeerThenMigrateIT)\nomapi-port 7911;\nauthoritative;\n\n"
      + "subnet 192.0.2.0 netmask 255.255.255.0 {\n  option routers 192.0.2.1;\n  pool {\n"
      + "    range 192.0.2.100 192.0.2.200;\n  }\n}\n";
  static final String B_BEFORE = "# dhcp-b before failover (IscPeerThenMigrateIT)\nomapi-port 7911;\nauthoritative;\n\n"
      + "subnet 192.0.2.0 netmask 255.255.255.0 {\n}\n";

  private RealDhcpdPair pair;

  @BeforeAll
  void createPair() throws Exception {
    pair = RealDhcpdPair.create(Optional.empty());
    Files.writeString(pair.config(Side.PRIMARY), A_BEFORE);
    Files.writeString(pair.config(Side.SECONDARY), B_BEFORE);
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

  private Failover failover(boolean running) {
    int a = running ? pair.omapi(Side.PRIMARY).build().port() : RealDhcpdPair.OMAPI_PORT;
    int b = running ? pair.omapi(Side.SECONDARY).build().port() : RealDhcpdPair.OMAPI_PORT;
    return Failover.builder().inventory(Inventory.of(server(Side.PRIMARY, a), server(Side.SECONDARY, b)))
        .backends(new IscBackend()).build();
  }

  @Test
  @Order(1)
  @DisplayName("AddPeer on dhcp-a, then AddScope: one plan declares the mirrored peer on dhcp-b and copies the scope")
  void peerThenMigrate() throws Exception {
    Failover f = failover(false);
    Relationship intended = Relationship.builder().name(RealDhcpdPair.PEER).mode(FailoverMode.LOAD_BALANCING)
        .primary("dhcp-a").secondary("dhcp-b")
        .settings(IscFailoverSettings.defaults(Side.PRIMARY.address, Side.SECONDARY.address)).build();
    IscPeer onA = IscPeer.of(RealDhcpdPair.PEER, intended.iscDeclarationFor(ServerId.of("dhcp-a")));
    f.apply(f.plan(AddPeer.of("dhcp-a", onA)), ADMIN);
    assertThat(f.state("dhcp-a").relationship(intended.name()).orElseThrow().scopes()).containsExactly(NET);

    Plan migrate = f.plan(AddScope.of(RealDhcpdPair.PEER, NET.toString()));
    assertThat(migrate.part(ServerId.of("dhcp-b")).orElseThrow().changes())
        .anySatisfy(c -> assertThat(c).isInstanceOf(PeerChange.class));
    f.apply(migrate, ADMIN);
    for (Side side : Side.values()) {
      RealDhcpdPair.CommandResult check = pair.checkConfig(side);
      assertThat(check.exitCode()).as("dhcpd -t of the %s:%n%s", side, check.output()).isZero();
      assertThat(IscConfig.read(pair.config(side)).poolsByPeer().get(RealDhcpdPair.PEER)).hasSize(1);
    }
    Relationship onBoth = f.relationship(RealDhcpdPair.PEER);
    assertThat(f.state("dhcp-a").relationship(onBoth.name())).contains(onBoth);
    assertThat(f.state("dhcp-b").relationship(onBoth.name())).contains(onBoth);
    assertThat(onBoth.scopes()).containsExactly(NET);
    assertThat(f.state("dhcp-a").problems()).isEmpty();
    assertThat(f.state("dhcp-b").problems()).isEmpty();
    assertThat(f.drift(RealDhcpdPair.PEER).isEmpty()).isTrue();
  }

  @Test
  @Order(2)
  @DisplayName("dhcpd started on the written files reaches \"Both servers normal\", and status reads normal on both")
  void reachesNormal() throws Exception {
    pair.start();
    Duration took = pair.awaitBothNormal(0, 0, Duration.ofSeconds(60));
    System.out.println("[IscPeerThenMigrateIT] both servers normal " + took.toMillis() + " ms after start");
    List<FailoverStatus> status = failover(true).status(RealDhcpdPair.PEER);
    assertThat(status).allSatisfy(s -> {
      assertThat(s.local()).isEqualTo(IscFailoverState.NORMAL);
      assertThat(s.partner()).contains(IscFailoverState.NORMAL);
    });
  }
}
