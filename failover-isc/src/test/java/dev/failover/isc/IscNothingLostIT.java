package dev.failover.isc;

import static dev.failover.isc.IscFilePair.DHCPD;
import static dev.failover.isc.IscFilePair.dhcpdT;
import static dev.failover.isc.IscFilePair.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.diff.DriftReport;
import dev.failover.diff.ItemDifference;
import dev.failover.isc.conf.IscConfig;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 7, with the real {@code dhcpd -t} (the store runs it before every write, and the
 * test runs it on the files written): what a pool or a host's group holds beyond ranges and peer
 * is compared by drift and copied by replication, never dropped.
 */
@DisplayName("ISC replication loses nothing inside a scope (real dhcpd -t)")
class IscNothingLostIT {

  static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final Subnet NET = Subnet.parse("10.1.0.0/24");

  static final String PEER_A = "failover peer \"fo1\" { primary; address 192.0.2.1; port 647; peer address 192.0.2.2;"
      + " peer port 647; max-response-delay 60; max-unacked-updates 10; mclt 3600; split 128;"
      + " load balance max seconds 3; }\n";
  static final String PEER_B = "failover peer \"fo1\" { secondary; address 192.0.2.2; port 647; peer address"
      + " 192.0.2.1; peer port 647; max-response-delay 60; max-unacked-updates 10; load balance max seconds 3; }\n";
  static final String CLASS = "class \"voip\" { match if substring (option vendor-class-identifier, 0, 4) = \"voip\"; }\n";

  static final String A_TEXT = "omapi-port 7911;\nauthoritative;\n" + PEER_A + CLASS
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n"
      + "  option routers 10.1.0.1;\n"
      + "  pool {\n"
      + "    failover peer \"fo1\";\n"
      + "    allow members of \"voip\";\n"
      + "    deny dynamic bootp clients;\n"
      + "    range 10.1.0.100 10.1.0.150;\n"
      + "  }\n"
      + "  pool {\n"
      + "    range dynamic-bootp 10.1.0.200 10.1.0.220;\n"
      + "  }\n"
      + "  group {\n"
      + "    option domain-name-servers 10.1.0.53;\n"
      + "    host phone1 { hardware ethernet 00:16:3e:00:00:01; fixed-address 10.1.0.5; }\n"
      + "  }\n"
      + "}\n";
  /** What the partner holds: the same ranges and host, without the permits, the BOOTP flag and the group's option. */
  static final String B_TEXT = "omapi-port 7911;\nauthoritative;\n" + PEER_B + CLASS
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n"
      + "  option routers 10.1.0.1;\n"
      + "  pool {\n"
      + "    failover peer \"fo1\";\n"
      + "    range 10.1.0.100 10.1.0.150;\n"
      + "  }\n"
      + "  range 10.1.0.200 10.1.0.220;\n"
      + "  host phone1 { hardware ethernet 00:16:3e:00:00:01; fixed-address 10.1.0.5; }\n"
      + "}\n";

  @TempDir
  Path dir;
  Path a;
  Path b;
  Failover failover;

  @BeforeEach
  void files() throws Exception {
    a = IscFilePair.conf(dir, "a", A_TEXT);
    b = IscFilePair.conf(dir, "b", B_TEXT);
    assertThat(dhcpdT(a)).as("dhcpd -t accepts the source").isZero();
    assertThat(dhcpdT(b)).as("dhcpd -t accepts the partner").isZero();
    failover = IscFilePair.failover(a, b);
  }

  @Test
  @DisplayName("drift names the pool permits, the dynamic-bootp range and the group's option that the partner lacks")
  void driftSeesWhatThePartnerLacks() {
    DriftReport drift = failover.drift("fo1");
    assertThat(drift.isEmpty()).as("drift of servers that serve different clients").isFalse();
    List<ItemDifference> items = drift.scopes().get(0).items();
    assertThat(items).extracting(ItemDifference::kind, ItemDifference::key).contains(
        org.assertj.core.groups.Tuple.tuple(ItemKind.POOL, "10.1.0.100-10.1.0.150"),
        org.assertj.core.groups.Tuple.tuple(ItemKind.POOL, "10.1.0.200-10.1.0.220"),
        org.assertj.core.groups.Tuple.tuple(ItemKind.RESERVATION, "hw-address:00:16:3e:00:00:01"));
  }

  @Test
  @DisplayName("replicating the scope copies permits, dynamic-bootp and the group's option; dhcpd -t accepts it; drift is then empty")
  void replicationCopiesEverything() throws Exception {
    Plan plan = failover.plan(Replicate.scope(NET.toString()).from("dhcp-a"));
    failover.apply(plan, ADMIN);
    assertThat(dhcpdT(b)).as("dhcpd -t on the partner's file:\n%s", Files.readString(b)).isZero();
    Scope copied = IscConfig.read(b).scope(NET).orElseThrow();
    Pool governed = copied.pools().get(0);
    assertThat(governed.iscStatements()).containsExactly("allow members of \"voip\"", "deny dynamic bootp clients");
    assertThat(governed.failoverPeer()).contains("fo1");
    assertThat(copied.pools().get(1).dynamicBootp()).isTrue();
    Reservation phone = copied.reservations().get(0);
    assertThat(phone.options()).extracting(o -> o.code()).contains(6);
    String text = Files.readString(b);
    assertThat(text).contains("allow members of \"voip\";").contains("deny dynamic bootp clients;")
        .contains("range dynamic-bootp 10.1.0.200 10.1.0.220;").contains("option domain-name-servers 10.1.0.53;");
    assertThat(failover.drift("fo1").isEmpty()).as("drift after replication").isTrue();
    assertThat(Files.readString(a)).as("the source is not touched").isEqualTo(A_TEXT);
  }

  @Test
  @DisplayName("replicating back from the partner removes the permits there too, and dhcpd -t accepts the result")
  void replicationRemovesPermits() throws Exception {
    failover.apply(failover.plan(Replicate.scope(NET.toString()).from("dhcp-b")), ADMIN);
    assertThat(dhcpdT(a)).as("dhcpd -t on the source's file:\n%s", Files.readString(a)).isZero();
    Scope now = IscConfig.read(a).scope(NET).orElseThrow();
    assertThat(now.pools()).allSatisfy(p -> assertThat(p.iscStatements()).isEmpty());
    assertThat(now.pools()).noneMatch(Pool::dynamicBootp);
    assertThat(failover.drift("fo1").isEmpty()).isTrue();
  }
}
