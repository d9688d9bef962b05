package dev.failover.isc.conf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.scope.AddressRange;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why dormant peers and how disabled subnets are written, shown with the real dhcpd 4.4.3: a peer
 * no pool refers to fails {@code dhcpd -t}, the same peer dormant passes; a subnet with
 * {@code ignore booting;} passes, also with failover pools.
 */
@DisplayName("dhcpd -t on dormant peers, disabled subnets and the defaults the peer mapping reads")
class IscDormantDisabledDhcpdIT {

  static final String PEER = "failover peer \"fo1\" {\n  primary;\n  address 192.0.2.1;\n  peer address 192.0.2.2;\n"
      + "  mclt 3600;\n  split 128;\n  load balance max seconds 3;\n}\n";

  @TempDir
  Path dir;

  @Test
  @DisplayName("a peer without referring pools is fatal for dhcpd; the same peer dormant is only a comment")
  void dormantPeer() throws Exception {
    IscConfig c = IscConfig.parse(PEER + "subnet 10.1.0.0 netmask 255.255.255.0 {\n  pool {\n"
        + "    range 10.1.0.100 10.1.0.200;\n  }\n}\n");
    Dhcpd.Verdict active = Dhcpd.check(dir, c.render());
    assertThat(active.accepted()).isFalse();
    assertThat(active.output()).contains("Failover peer, fo1, has no referring pools")
        .contains("Failover configuration sanity check failed");
    IscConfig dormant = c.withPeerDormant("fo1");
    Dhcpd.Verdict verdict = Dhcpd.check(dir, dormant.render());
    assertThat(verdict.accepted()).as(verdict.output()).isTrue();
    // woken and referred to by the pool, it is a valid failover configuration again
    IscConfig awake = IscConfig.parse(dormant.render()).withPeerAwake("fo1")
        .withPoolPeer(AddressRange.of("10.1.0.100", "10.1.0.200"), "fo1");
    assertThat(Dhcpd.check(dir, awake.render()).accepted()).isTrue();
  }

  @Test
  @DisplayName("ignore booting and deny booting in a subnet with failover pools pass dhcpd -t, as the SDK writes them")
  void disabledSubnets() throws Exception {
    Scope off = Scope.builder().subnet(Subnet.parse("10.3.0.0/24"))
        .properties(ScopeProperties.builder().enabled(false).build())
        .addPool(ImmutablePool.builder().range(AddressRange.of("10.3.0.10", "10.3.0.20")).failoverPeer("fo1").build())
        .build();
    IscConfig written = IscConfig.parse(PEER).withSubnet(off);
    assertThat(written.render()).contains("ignore booting;");
    Dhcpd.Verdict verdict = Dhcpd.check(dir, written.render());
    assertThat(verdict.accepted()).as(verdict.output()).isTrue();
    assertThat(IscConfig.parse(written.render()).scope(off.subnet())).contains(off);
    String byHand = PEER + "subnet 10.4.0.0 netmask 255.255.255.0 { deny booting; pool { failover peer \"fo1\"; "
        + "range 10.4.0.10 10.4.0.20; } }\n";
    assertThat(Dhcpd.check(dir, byHand).accepted()).isTrue();
    // on a one-line subnet the marker comment ends its line: dhcpd still sees the pool after it
    IscConfig oneLine = IscConfig.parse(PEER + "subnet 10.5.0.0 netmask 255.255.255.0 { pool { failover peer \"fo1\"; "
        + "range 10.5.0.10 10.5.0.20; } }\n");
    Scope s = oneLine.scope(Subnet.parse("10.5.0.0/24")).orElseThrow();
    IscConfig disabled = oneLine.withSubnetContents(Scope.builder().from(s)
        .properties(ScopeProperties.builder().enabled(false).build()).build());
    assertThat(Dhcpd.check(dir, disabled.render()).accepted()).isTrue();
    // the pool is still there for dhcpd: without it, fo1 would have no referring pool
    assertThat(Dhcpd.check(dir, disabled.withPoolPeers(java.util.Map.of(AddressRange.of("10.5.0.10", "10.5.0.20"),
        java.util.Optional.empty())).render()).output()).contains("has no referring pools");
  }

  @Test
  @DisplayName("a declaration without a role is a primary (dhcpd asks for its split); without load balance max seconds, load balancing is off")
  void mappingDefaults() throws Exception {
    String pool = "subnet 10.1.0.0 netmask 255.255.255.0 {\n  pool {\n    failover peer \"fo1\";\n"
        + "    range 10.1.0.100 10.1.0.200;\n  }\n}\n";
    Dhcpd.Verdict noRole = Dhcpd.check(dir, "failover peer \"fo1\" {\n  address 192.0.2.1;\n"
        + "  peer address 192.0.2.2;\n}\n" + pool);
    assertThat(noRole.accepted()).isFalse();
    assertThat(noRole.output()).contains("primary failover server must have hba or split");
    Dhcpd.Verdict noLbms = Dhcpd.check(dir, PEER.replace("  load balance max seconds 3;\n", "") + pool);
    assertThat(noLbms.accepted()).isTrue();
    assertThat(noLbms.output()).contains("load balancing will be disabled for failover peer, fo1, because its load"
        + " balance max secs is 0");
    assertThat(Dhcpd.check(dir, PEER + pool).output()).doesNotContain("load balancing will be disabled");
  }
}
