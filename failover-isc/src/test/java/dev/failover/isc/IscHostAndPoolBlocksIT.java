package dev.failover.isc;

import static dev.failover.isc.IscFilePair.dhcpdT;
import static dev.failover.isc.IscFilePair.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.failover.Failover;
import dev.failover.diff.DriftReport;
import dev.failover.diff.ItemDifference;
import dev.failover.isc.conf.IscConfig;
import dev.failover.plan.Replicate;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 7, inside hosts and pools, with the real {@code dhcpd -t}: a host's own
 * statements besides its identifier, address and options ({@code filename}, {@code next-server},
 * {@code ddns-hostname}, an {@code if} block), the blocks nested inside a pool ({@code if},
 * {@code on commit}) and inside the subnet itself travel verbatim: drift compares them, replication copies and removes them.
 */
@DisplayName("ISC replication loses no host statement and no block inside a pool (real dhcpd -t)")
class IscHostAndPoolBlocksIT {

  static final Subnet NET = Subnet.parse("10.1.0.0/24");
  static final String HOST = "hw-address:00:16:3e:00:00:02";
  static final String POOL = "10.1.0.100-10.1.0.150";

  static final String A_TEXT = "omapi-port 7911;\nauthoritative;\n" + IscNothingLostIT.PEER_A
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n"
      + "  option routers 10.1.0.1;\n"
      + "  if exists user-class { next-server 10.1.0.8; }\n"
      + "  pool {\n"
      + "    failover peer \"fo1\";\n"
      + "    range 10.1.0.100 10.1.0.150;\n"
      + "    if exists user-class {\n"
      + "      option domain-name \"pxe.example\";\n"
      + "    }\n"
      + "    on commit { set clip = binary-to-ascii(10, 8, \".\", leased-address); }\n"
      + "  }\n"
      + "  host pxe1 {\n"
      + "    hardware ethernet 00:16:3e:00:00:02;\n"
      + "    fixed-address 10.1.0.6;\n"
      + "    filename \"pxelinux.0\";\n"
      + "    next-server 10.1.0.9;\n"
      + "    ddns-hostname \"pxe1\";\n"
      + "    if exists user-class { option domain-name \"h.example\"; }\n"
      + "  }\n"
      + "}\n";
  /** The partner: the same pool and host without the host's statements and the pool's blocks. */
  static final String B_TEXT = "omapi-port 7911;\nauthoritative;\n" + IscNothingLostIT.PEER_B
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n"
      + "  option routers 10.1.0.1;\n"
      + "  pool {\n"
      + "    failover peer \"fo1\";\n"
      + "    range 10.1.0.100 10.1.0.150;\n"
      + "  }\n"
      + "  host pxe1 {\n"
      + "    hardware ethernet 00:16:3e:00:00:02;\n"
      + "    fixed-address 10.1.0.6;\n"
      + "  }\n"
      + "}\n";

  static final String SUBNET_BLOCK = "if exists user-class { next-server 10.1.0.8; }";
  static final String[] HOST_STATEMENTS = {"filename \"pxelinux.0\"", "next-server 10.1.0.9",
      "ddns-hostname \"pxe1\"", "if exists user-class { option domain-name \"h.example\"; }"};
  static final String[] POOL_BLOCKS = {"if exists user-class { option domain-name \"pxe.example\"; }",
      "on commit { set clip = binary-to-ascii ( 10, 8, \".\", leased-address ); }"};

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

  private static Reservation host(Scope s) {
    return s.reservations().stream().filter(r -> r.key().equals(HOST)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the host's filename, next-server, ddns-hostname and if block, and the pool's blocks, are read verbatim in file order")
  void readVerbatim() throws Exception {
    Scope s = IscConfig.read(a).scope(NET).orElseThrow();
    assertThat(host(s).iscStatements()).containsExactly(HOST_STATEMENTS);
    assertThat(s.pools().get(0).iscStatements()).containsExactly(POOL_BLOCKS);
    assertThat(s.properties().iscStatements()).containsExactly(SUBNET_BLOCK);
  }

  @Test
  @DisplayName("drift names the reservation and the pool when the partner lacks the host's statements and the pool's blocks")
  void driftSeesThem() {
    DriftReport drift = failover.drift("fo1");
    assertThat(drift.isEmpty()).as("drift of servers that hand different boot files").isFalse();
    assertThat(drift.scopes().get(0).items()).extracting(ItemDifference::kind, ItemDifference::key)
        .contains(tuple(ItemKind.RESERVATION, HOST), tuple(ItemKind.POOL, POOL));
    assertThat(drift.scopes().get(0).items()).extracting(ItemDifference::kind).contains(ItemKind.PROPERTIES);
  }

  @Test
  @DisplayName("replicating the scope copies the host's statements and the pool's blocks; dhcpd -t accepts the partner; drift is then empty")
  void replicationCopiesThem() throws Exception {
    failover.apply(failover.plan(Replicate.scope(NET.toString()).from("dhcp-a")), IscNothingLostIT.ADMIN);
    String text = Files.readString(b);
    assertThat(dhcpdT(b)).as("dhcpd -t on the partner's file:\n%s", text).isZero();
    assertThat(text).contains("filename \"pxelinux.0\";").contains("next-server 10.1.0.9;")
        .contains("ddns-hostname \"pxe1\";").contains("on commit").contains("pxe.example").contains("h.example");
    Scope copied = IscConfig.read(b).scope(NET).orElseThrow();
    assertThat(host(copied).iscStatements()).containsExactly(HOST_STATEMENTS);
    assertThat(copied.pools().get(0).iscStatements()).containsExactly(POOL_BLOCKS);
    assertThat(copied.properties().iscStatements()).containsExactly(SUBNET_BLOCK);
    assertThat(failover.drift("fo1").isEmpty()).as("drift after replication").isTrue();
    assertThat(Files.readString(a)).as("the source is not touched").isEqualTo(A_TEXT);
  }

  @Test
  @DisplayName("replicating back from the partner removes the host's statements and the pool's blocks; dhcpd -t accepts the result")
  void replicationRemovesThem() throws Exception {
    failover.apply(failover.plan(Replicate.scope(NET.toString()).from("dhcp-b")), IscNothingLostIT.ADMIN);
    String text = Files.readString(a);
    assertThat(dhcpdT(a)).as("dhcpd -t on the source's file:\n%s", text).isZero();
    assertThat(text).doesNotContain("filename").doesNotContain("next-server").doesNotContain("ddns-hostname")
        .doesNotContain("on commit").doesNotContain("example");
    Scope back = IscConfig.read(a).scope(NET).orElseThrow();
    assertThat(host(back).iscStatements()).isEmpty();
    assertThat(back.pools().get(0).iscStatements()).isEmpty();
    assertThat(back.properties().iscStatements()).isEmpty();
    assertThat(failover.drift("fo1").isEmpty()).isTrue();
  }
}
