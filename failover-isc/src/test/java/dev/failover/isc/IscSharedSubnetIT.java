package dev.failover.isc;

import static dev.failover.isc.IscFilePair.DHCPD;
import static dev.failover.isc.IscFilePair.dhcpdT;
import static dev.failover.isc.IscFilePair.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.isc.conf.IscConfig;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 8, with the real {@code dhcpd -t}: dhcp-a's subnet 10.1.0.0/24 holds a pool of
 * relationship fo1 (partner dhcp-b) and a pool of fo2 (partner dhcp-c). Drift and replication of
 * fo1 touch fo1's pools only; the subnet-wide items are named as shared in the plan.
 */
@DisplayName("a subnet shared by two ISC relationships: each one's drift and replication touch only its pools (real dhcpd -t)")
class IscSharedSubnetIT {

  static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final Subnet NET = Subnet.parse("10.1.0.0/24");
  static final AddressRange FO1_POOL = AddressRange.of("10.1.0.10", "10.1.0.50");
  static final AddressRange FO2_POOL = AddressRange.of("10.1.0.100", "10.1.0.150");

  static String peer(String name, boolean primary, String self, String partner) {
    return "failover peer \"" + name + "\" {\n  " + (primary ? "primary" : "secondary") + ";\n  address " + self
        + ";\n  port 647;\n  peer address " + partner + ";\n  peer port 647;\n  max-response-delay 60;\n"
        + "  max-unacked-updates 10;\n" + (primary ? "  mclt 3600;\n  split 128;\n" : "")
        + "  load balance max seconds 3;\n}\n";
  }

  static String pool(String peer, AddressRange r) {
    return "  pool {\n    failover peer \"" + peer + "\";\n    range " + r.start() + " " + r.end() + ";\n  }\n";
  }

  static final String A_TEXT = "omapi-port 7911;\nauthoritative;\n" + peer("fo1", true, "192.0.2.1", "192.0.2.2")
      + peer("fo2", true, "192.0.2.1", "192.0.2.3")
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n  option routers 10.1.0.1;\n" + pool("fo1", FO1_POOL)
      + pool("fo2", FO2_POOL) + "}\n";
  static final String B_TEXT = "omapi-port 7911;\nauthoritative;\n" + peer("fo1", false, "192.0.2.2", "192.0.2.1")
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n  option routers 10.1.0.1;\n" + pool("fo1", FO1_POOL) + "}\n";
  static final String C_TEXT = "omapi-port 7911;\nauthoritative;\n" + peer("fo2", false, "192.0.2.3", "192.0.2.1")
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n  option routers 10.1.0.1;\n" + pool("fo2", FO2_POOL) + "}\n";

  @TempDir
  Path dir;
  Path a;
  Path b;
  Path c;
  Failover failover;

  @BeforeEach
  void files() throws Exception {
    a = write("a", A_TEXT);
    b = write("b", B_TEXT);
    c = write("c", C_TEXT);
    failover = Failover.builder().inventory(Inventory.of(server("dhcp-a", "192.0.2.1", a),
        server("dhcp-b", "192.0.2.2", b), server("dhcp-c", "192.0.2.3", c))).backends(new IscBackend()).build();
  }

  Path write(String name, String text) throws Exception {
    Path p = IscFilePair.conf(dir, name, text);
    assertThat(dhcpdT(p)).as("dhcpd -t on %s", name).isZero();
    return p;
  }

  @Test
  @DisplayName("drift of each relationship is empty: the other relationship's pool is not its difference")
  void drift() {
    assertThat(failover.drift("fo1").isEmpty()).as("fo1: %s", failover.drift("fo1").summary()).isTrue();
    assertThat(failover.drift("fo2").isEmpty()).as("fo2: %s", failover.drift("fo2").summary()).isTrue();
  }

  @Test
  @DisplayName("replicating fo1 from dhcp-b keeps fo2's pool and peer on dhcp-a; dhcpd -t accepts the result")
  void replicateFromPartnerKeepsOtherRelationship() throws Exception {
    Files.writeString(b, B_TEXT.replace("option routers 10.1.0.1;", "option routers 10.1.0.254;"));
    Plan plan = failover.plan(Replicate.relationship("fo1").from("dhcp-b"));
    assertThat(plan.warnings()).extracting(Warning::code).contains(WarningCode.SHARED_SUBNET);
    assertThat(plan.warnings()).filteredOn(w -> w.code().equals(WarningCode.SHARED_SUBNET)).singleElement()
        .extracting(Warning::message).asString().contains("\"fo2\"").contains("options");
    failover.apply(plan, ADMIN);
    assertThat(dhcpdT(a)).as("dhcpd -t on dhcp-a:\n%s", Files.readString(a)).isZero();
    IscConfig after = IscConfig.read(a);
    Scope s = after.scope(NET).orElseThrow();
    assertThat(s.pools()).extracting(Pool::range, Pool::failoverPeer).containsExactly(
        org.assertj.core.groups.Tuple.tuple(FO1_POOL, Optional.of("fo1")),
        org.assertj.core.groups.Tuple.tuple(FO2_POOL, Optional.of("fo2")));
    assertThat(after.peers()).extracting(p -> p.name()).containsExactly("fo1", "fo2");
    assertThat(after.dormantPeers()).isEmpty();
    assertThat(s.options()).extracting(o -> o.value()).containsExactly("10.1.0.254");
    assertThat(failover.drift("fo1").isEmpty()).isTrue();
    assertThat(failover.drift("fo2").isEmpty()).as("fo2 now differs only in the subnet-wide option")
        .isFalse();
  }

  @Test
  @DisplayName("replicating fo1 from dhcp-a does not copy fo2's pool to dhcp-b")
  void replicateFromSharedSide() throws Exception {
    Files.writeString(b, B_TEXT.replace("option routers 10.1.0.1;", "option routers 10.1.0.254;"));
    failover.apply(failover.plan(Replicate.relationship("fo1").from("dhcp-a")), ADMIN);
    assertThat(dhcpdT(b)).as("dhcpd -t on dhcp-b:\n%s", Files.readString(b)).isZero();
    Scope s = IscConfig.read(b).scope(NET).orElseThrow();
    assertThat(s.pools()).extracting(Pool::range).containsExactly(FO1_POOL);
    assertThat(s.options()).extracting(o -> o.value()).containsExactly("10.1.0.1");
    assertThat(Files.readString(c)).as("dhcp-c is not touched").isEqualTo(C_TEXT);
  }
}
