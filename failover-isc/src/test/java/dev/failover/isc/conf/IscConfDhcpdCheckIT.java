package dev.failover.isc.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failover.scope.AddressRange;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the writer produces, and the grammar cases of vendor-facts.md §2, checked by the real dhcpd 4.4.3. */
@DisplayName("dhcpd -t on what the SDK reads and writes")
class IscConfDhcpdCheckIT {

  static final String PEER = "failover peer \"fo1\" { primary; address 192.0.2.1; peer address 192.0.2.2; mclt 3600;"
      + " split 128; }\n";
  static final String POOL = "subnet 192.0.2.0 netmask 255.255.255.0 { pool { failover peer \"fo1\";"
      + " range 192.0.2.10 192.0.2.20; } }\n";

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"primary.conf", "secondary.conf", "office.conf"})
  @DisplayName("the sample configurations are valid for dhcpd")
  void samples(String name) throws Exception {
    IscConfig c = Resources.parse(name);
    assertThat(Dhcpd.check(dir, c.renderFiles()).accepted()).as(name).isTrue();
  }

  @Test
  @DisplayName("edits of the real pair's files stay valid for dhcpd")
  void edits() throws Exception {
    IscConfig primary = Resources.parse("primary.conf");
    IscPeerStatement fo2 = IscPeerStatement.builder().name("fo2 \"second\"; pair").role(IscPeerRole.PRIMARY)
        .address("192.0.2.1").port(847).peerAddress("192.0.2.3").peerPort(847).mclt(600).split(256)
        .loadBalanceMaxSeconds(5).autoPartnerDown(0).maxLeaseMisbalance(15).maxLeaseOwnership(10).minBalance(60)
        .maxBalance(3600).maxResponseDelay(20).maxUnackedUpdates(100).build();
    IscConfig withSecond = primary.withPeer(fo2).withSubnet(Scope.builder().subnet(Subnet.parse("198.51.100.0/24"))
        .addPool(ImmutablePool.builder().range(AddressRange.of("198.51.100.10", "198.51.100.90"))
            .failoverPeer(fo2.name()).build()).build());
    assertThat(Dhcpd.check(dir, withSecond.render()).accepted()).isTrue();
    IscConfig rewired = withSecond.withPoolsRewired("fo1", fo2.name()).withoutPeer("fo1");
    assertThat(Dhcpd.check(dir, rewired.render()).accepted()).isTrue();
    Scope fromSecondary = Resources.parse("secondary.conf").scope(Subnet.parse("192.0.2.0/24")).orElseThrow();
    assertThat(Dhcpd.check(dir, primary.withSubnetContents(fromSecondary).render()).accepted()).isTrue();
  }

  @Test
  @DisplayName("generated scopes and peers with hostile names and values, as written, pass dhcpd -t")
  void generated() throws Exception {
    for (long seed = 1; seed <= 25; seed++) {
      ConfigGenerator g = new ConfigGenerator(seed);
      IscPeerStatement peer = IscPeerStatement.builder().from(g.peer(seed % 2 == 0)).peerAddress("192.0.2.250").build();
      Scope scope = g.scope(peer.name());
      IscConfig c = IscConfig.parse("authoritative;\n").withPeer(peer)
          .withSubnet(Scope.builder().subnet(Subnet.parse("192.0.2.0/24"))
              .addPool(ImmutablePool.builder().range(AddressRange.of("192.0.2.10", "192.0.2.20")).failoverPeer(peer.name())
                  .build()).build())
          .withSubnet(scope);
      Dhcpd.Verdict v = Dhcpd.check(dir, c.render());
      assertThat(v.accepted()).as("seed %d:\n%s\n%s", seed, c.render(), v.output()).isTrue();
    }
  }

  static Stream<Arguments> grammar() {
    return Stream.of(
        Arguments.of("a pool with 'no failover peer;'",
            "subnet 192.0.2.0 netmask 255.255.255.0 { pool { no failover peer; range 192.0.2.10; } }", false,
            "expecting a parameter or declaration"),
        Arguments.of("a quoted host name", "host \"foo\" { fixed-address 192.0.2.5; }", false,
            "expecting a name for host declaration"),
        Arguments.of("range dynamic-bootp under a shared-network's failover peer",
            PEER + "shared-network sn { failover peer \"fo1\"; subnet 192.0.2.0 netmask 255.255.255.0 {"
                + " pool { failover peer \"fo1\"; range dynamic-bootp 192.0.2.10 192.0.2.20; } } }", false,
            "dynamic-bootp flag is not permitted"),
        Arguments.of("a secondary with split",
            "failover peer \"s\" { secondary; address 192.0.2.2; peer address 192.0.2.1; split 128; }\n"
                + POOL.replace("fo1", "s"), false, "secondary may not define load balance settings"),
        Arguments.of("a pool naming an undeclared peer", POOL, false, "failover peer fo1: not found"),
        Arguments.of("a peer declared after the pool that names it", POOL + PEER, false, "failover peer fo1: not found"),
        Arguments.of("a state record inside a pool", PEER + "subnet 192.0.2.0 netmask 255.255.255.0 { pool {"
            + " failover peer \"fo1\"; range 192.0.2.10; failover peer \"fo1\" state { my state partner-down; } } }",
            false, "semicolon expected"),
        Arguments.of("a failover peer reference in a subnet", PEER + "subnet 192.0.2.0 netmask 255.255.255.0 {"
            + " failover peer \"fo1\"; pool { failover peer \"fo1\"; range 192.0.2.10; } }", false,
            "failover peers may only be defined"),
        Arguments.of("a semicolon after a block", PEER + POOL.trim() + ";", false, "expecting a declaration"),
        Arguments.of("a host name declared twice", "host a { fixed-address 192.0.2.5; }\nhost a { fixed-address"
            + " 192.0.2.6; }", false, "already exists"),
        Arguments.of("split above 256", PEER.replace("split 128", "split 257") + POOL, false, "split must be between"),
        Arguments.of("a primary without mclt", PEER.replace(" mclt 3600;", "") + POOL, false, "must have mclt"),
        Arguments.of("split together with hba (the manual says never both)", PEER.replace("split 128;",
            "split 128; hba " + "ff:".repeat(31) + "ff;") + POOL, true, ""),
        Arguments.of("mclt on the secondary (the manual says it may not be specified)",
            "failover peer \"s\" { secondary; address 192.0.2.2; peer address 192.0.2.1; mclt 3600; }\n"
                + POOL.replace("fo1", "s"), true, ""),
        Arguments.of("a declaration without primary or secondary", PEER.replace(" primary;", "") + POOL, true, ""),
        Arguments.of("a state record at the outer scope", PEER + "failover peer \"fo1\" state { my state partner-down; }\n"
            + POOL, true, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grammar")
  @DisplayName("where vendor-facts.md §2 says dhcpd disagrees with its manual, the parser follows dhcpd")
  void grammar(String what, String text, boolean dhcpdAccepts, String dhcpdSays) throws Exception {
    Dhcpd.Verdict v = Dhcpd.check(dir, text);
    assertThat(v.accepted()).as("dhcpd on %s:\n%s", what, v.output()).isEqualTo(dhcpdAccepts);
    assertThat(v.output()).contains(dhcpdSays);
    Throwable parsed = catchThrowable(() -> IscConfig.parse(text));
    if (dhcpdAccepts) {
      assertThat(parsed).as(what).isNull();
    } else {
      assertThat(parsed).as(what).isInstanceOf(IscConfigException.class);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("dhcpd\\.conf line (\\d+):").matcher(v.output());
      if (m.find()) {
        assertThat(((IscConfigException) parsed).line()).as("%s: the line dhcpd names", what)
            .isEqualTo(Integer.parseInt(m.group(1)));
      }
    }
  }

  @Test
  @DisplayName("a peer that only a shared-network refers to fails dhcpd's sanity check; problems() says so")
  void sanity() throws Exception {
    String text = PEER + "shared-network s1 { failover peer \"fo1\"; subnet 192.0.2.0 netmask 255.255.255.0 {"
        + " pool { range 192.0.2.10 192.0.2.20; } } }\n";
    Dhcpd.Verdict v = Dhcpd.check(dir, text);
    assertThat(v.accepted()).isFalse();
    assertThat(v.output()).contains("has no referring pools");
    assertThat(IscConfig.parse(text).problems()).singleElement().asString().contains("has no referring pools");
    assertThat(Dhcpd.check(dir, PEER + POOL).accepted()).isTrue();
    assertThat(IscConfig.parse(PEER + POOL).problems()).isEmpty();
  }

  @Test
  @DisplayName("an include written back to its own file is found by dhcpd")
  void include() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("main.conf", PEER + POOL + "include \"more.conf\";\n");
    files.put("more.conf", "host a { hardware ethernet 00:11:22:33:44:55; fixed-address 192.0.2.5; }\n");
    IscConfig c = IscConfig.parse("main.conf", files.get("main.conf"), n -> java.util.Optional.ofNullable(files.get(n)));
    assertThat(Dhcpd.check(dir, c.renderFiles()).accepted()).isTrue();
    assertThat(Files.readString(dir.resolve("more.conf"))).isEqualTo(files.get("more.conf"));
  }
}
