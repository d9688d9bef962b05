package dev.failover.isc.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.scope.AddressRange;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Dormant failover peers and disabled subnets: written, read back, undone, and nothing else touched. */
class IscConfigDormantDisabledTest {

  static final String BASE = "# site config\n"
      + "authoritative;\n"
      + "\n"
      + "# the pair\n"
      + "failover peer \"fo1\" {\n"
      + "  primary;  # we are the primary\n"
      + "  address 192.0.2.1;\n"
      + "  peer address 192.0.2.2;\n"
      + "  mclt 3600;\n"
      + "  split 128;\n"
      + "}\n"
      + "\n"
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n"
      + "  option routers 10.1.0.1;\n"
      + "  pool {\n"
      + "    range 10.1.0.100 10.1.0.200;\n"
      + "  }\n"
      + "}\n";

  @Nested
  @DisplayName("dormant peers")
  class Dormancy {

    @Test
    @DisplayName("a peer without pools turns into marked comment lines in place, reads back, and wakes up byte for byte")
    void roundTrip() {
      IscConfig c = IscConfig.parse(BASE);
      IscPeerStatement fo1 = c.peer("fo1").orElseThrow();
      IscConfig dormant = c.withPeerDormant("fo1");
      String text = dormant.render();
      assertThat(dormant.peers()).isEmpty();
      assertThat(dormant.dormantPeers()).containsExactly(fo1);
      assertThat(text).startsWith("# site config\nauthoritative;\n\n# the pair\n#dormant# # Kept by the failover SDK");
      assertThat(text).contains("#dormant# failover peer \"fo1\" {\n#dormant#   primary;  # we are the primary\n")
          .contains("#dormant# }\n\nsubnet 10.1.0.0");
      assertThat(String.join("\n", text.lines().filter(l -> !l.startsWith("#dormant#")).toList()) + "\n")
          .isEqualTo("# site config\nauthoritative;\n\n# the pair\n\n" + BASE.substring(BASE.indexOf("subnet")));
      // read from the text, as from a file
      IscConfig reread = IscConfig.parse(text);
      assertThat(reread.dormantPeers()).containsExactly(fo1);
      IscConfig awake = reread.withPeerAwake("fo1");
      assertThat(awake.render()).isEqualTo(BASE);
      assertThat(awake.peer("fo1")).contains(fo1);
      assertThat(awake.dormantPeers()).isEmpty();
    }

    @Test
    @DisplayName("a dormant peer is removed with its explanation and nothing else")
    void remove() {
      IscConfig c = IscConfig.parse(IscConfig.parse(BASE).withPeerDormant("fo1").render());
      assertThat(c.withoutDormantPeer("fo1").render()).isEqualTo("# site config\nauthoritative;\n\n# the pair\n\n"
          + BASE.substring(BASE.indexOf("subnet")));
    }

    @Test
    @DisplayName("dormant peers at the end of a file, in a shared-network and two in a row are found and woken where they stand")
    void places() {
      String text = "authoritative;\n"
          + "shared-network \"n\" {\n"
          + "  failover peer \"in-net\" { secondary; address 192.0.2.2; peer address 192.0.2.1; }\n"
          + "  subnet 10.2.0.0 netmask 255.255.255.0 { }\n"
          + "}\n"
          + "failover peer \"a\" { primary; address 192.0.2.1; peer address 192.0.2.3; mclt 60; split 0; }\n"
          + "failover peer \"b\" { primary; address 192.0.2.1; peer address 192.0.2.4; mclt 60; split 0; }\n";
      IscConfig c = IscConfig.parse(text);
      IscConfig all = c.withPeerDormant("in-net").withPeerDormant("a").withPeerDormant("b");
      IscConfig reread = IscConfig.parse(all.render());
      assertThat(reread.dormantPeers()).extracting(IscPeerStatement::name).containsExactly("in-net", "a", "b");
      assertThat(reread.peers()).isEmpty();
      IscConfig b = reread.withPeerAwake("b");
      assertThat(b.peers()).extracting(IscPeerStatement::name).containsExactly("b");
      assertThat(b.dormantPeers()).extracting(IscPeerStatement::name).containsExactly("in-net", "a");
      IscConfig back = b.withPeerAwake("a").withPeerAwake("in-net");
      assertThat(back.render()).isEqualTo(text);
    }

    @Test
    @DisplayName("a peer a pool or a shared-network still refers to cannot sleep; an unknown one cannot wake")
    void refused() {
      IscConfig c = IscConfig.parse(BASE).withPoolPeer(AddressRange.of("10.1.0.100", "10.1.0.200"), "fo1");
      assertThatThrownBy(() -> c.withPeerDormant("fo1")).isInstanceOf(ValidationException.class)
          .hasMessageContaining("pool 10.1.0.100-10.1.0.200").hasMessageContaining("before the peer is made dormant");
      assertThatThrownBy(() -> c.withPeerAwake("fo1")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> c.withPeerDormant("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("marked lines that are not a peer declaration are a located error")
    void tampered() {
      IscConfig c = IscConfig.parse("authoritative;\n#dormant# subnet 10.0.0.0 netmask 255.0.0.0 { }\nddns-updates off;\n");
      assertThatThrownBy(c::dormantPeers).isInstanceOf(IscConfigException.class)
          .hasMessageContaining("dhcpd.conf:3:0").hasMessageContaining("only failover peer declarations");
      IscConfig broken = IscConfig.parse("#dormant# failover peer \"x\" {\n");
      assertThatThrownBy(broken::dormantPeers).isInstanceOf(IscConfigException.class)
          .hasMessageContaining("a dormant failover peer declaration that parses");
    }

    @Test
    @DisplayName("a hostile peer name stays inside its string when dormant and when woken")
    void hostileName() {
      String name = "x\" { } subnet 10.9.0.0 netmask 255.255.0.0 { } #\\";
      IscPeerStatement p = IscPeerStatement.builder().name(name).role(IscPeerRole.SECONDARY).address("192.0.2.2")
          .peerAddress("192.0.2.1").build();
      IscConfig c = IscConfig.parse(BASE).withPeer(p).withPeerDormant(name);
      IscConfig reread = IscConfig.parse(c.render());
      assertThat(reread.dormantPeers()).extracting(IscPeerStatement::name).containsExactly(name);
      assertThat(reread.subnets()).containsExactly(Subnet.parse("10.1.0.0/24"));
      IscConfig awake = IscConfig.parse(reread.withPeerAwake(name).render());
      assertThat(awake.peer(name)).contains(p);
      assertThat(awake.subnets()).containsExactly(Subnet.parse("10.1.0.0/24"));
    }
  }

  @Nested
  @DisplayName("disabled subnets")
  class Disabled {

    static final Subnet NET = Subnet.parse("10.1.0.0/24");

    @Test
    @DisplayName("disabling writes ignore booting before the pools; enabling removes it; everything else stays")
    void roundTrip() {
      IscConfig c = IscConfig.parse(BASE);
      Scope scope = c.scope(NET).orElseThrow();
      assertThat(scope.enabled()).isTrue();
      Scope off = Scope.builder().from(scope).properties(ScopeProperties.builder().from(scope.properties())
          .enabled(false).build()).build();
      IscConfig disabled = c.withSubnetContents(off);
      assertThat(disabled.render()).isEqualTo(BASE.replace("  option routers 10.1.0.1;\n",
          "  option routers 10.1.0.1;\n  " + ScopeWriter.DISABLED + "\n"));
      assertThat(IscConfig.parse(disabled.render()).scope(NET)).contains(off);
      assertThat(disabled.withSubnetContents(scope).render()).isEqualTo(BASE);
    }

    @Test
    @DisplayName("deny booting and ignore booting written by hand read as disabled and are kept when disabling again")
    void byHand() {
      IscConfig c = IscConfig.parse("subnet 10.1.0.0 netmask 255.255.255.0 { deny booting; range 10.1.0.5 10.1.0.9; }\n");
      Scope s = c.scope(NET).orElseThrow();
      assertThat(s.enabled()).isFalse();
      assertThat(c.withSubnetContents(s).render()).isEqualTo(c.render());
      Scope on = Scope.builder().from(s).properties(ScopeProperties.defaults()).build();
      assertThat(c.withSubnetContents(on).render())
          .isEqualTo("subnet 10.1.0.0 netmask 255.255.255.0 { range 10.1.0.5 10.1.0.9; }\n");
      assertThat(IscConfig.parse("subnet 10.1.0.0 netmask 255.255.255.0 { allow booting; }\n").scope(NET)
          .orElseThrow().enabled()).isTrue();
    }

    @Test
    @DisplayName("on a one-line subnet the marker comment ends its line, so it cannot swallow what follows")
    void oneLine() {
      IscConfig c = IscConfig.parse("subnet 10.1.0.0 netmask 255.255.255.0 { range 10.1.0.5 10.1.0.9; }\n");
      Scope s = c.scope(NET).orElseThrow();
      Scope off = Scope.builder().from(s).properties(ScopeProperties.builder().enabled(false).build()).build();
      IscConfig disabled = IscConfig.parse(c.withSubnetContents(off).render());
      assertThat(disabled.scope(NET)).contains(off);
      assertThat(disabled.pools()).hasSize(1);
    }

    @Test
    @DisplayName("a new disabled scope is written with ignore booting and its failover pools")
    void newScope() {
      IscConfig c = IscConfig.parse(BASE);
      Scope off = Scope.builder().subnet(Subnet.parse("10.3.0.0/24"))
          .properties(ScopeProperties.builder().enabled(false).build())
          .addPool(ImmutablePool.builder().range(AddressRange.of("10.3.0.10", "10.3.0.20")).failoverPeer("fo1").build())
          .build();
      IscConfig added = c.withSubnet(off);
      assertThat(added.render()).startsWith(BASE).endsWith("\nsubnet 10.3.0.0 netmask 255.255.255.0 {\n  "
          + ScopeWriter.DISABLED + "\n  pool {\n    failover peer \"fo1\";\n    range 10.3.0.10 10.3.0.20;\n  }\n}\n");
      assertThat(IscConfig.parse(added.render()).scope(off.subnet())).contains(off);
    }
  }

  @Nested
  @DisplayName("batch edits")
  class Batch {

    @Test
    @DisplayName("withScopes adds, replaces contents and removes in one pass; withPoolPeers sets and clears references")
    void batch() {
      IscConfig c = IscConfig.parse(BASE + "subnet 10.4.0.0 netmask 255.255.255.0 { }\n");
      Scope s1 = c.scope(Subnet.parse("10.1.0.0/24")).orElseThrow();
      Scope changed = Scope.builder().from(s1).addPool(Pool.of("10.1.0.20", "10.1.0.30")).build();
      Scope added = Scope.builder().subnet(Subnet.parse("10.5.0.0/24")).addPool(Pool.of("10.5.0.5", "10.5.0.6")).build();
      IscConfig next = c.withScopes(java.util.List.of(changed, added), java.util.List.of(Subnet.parse("10.4.0.0/24")));
      assertThat(next.subnets()).containsExactly(Subnet.parse("10.1.0.0/24"), Subnet.parse("10.5.0.0/24"));
      assertThat(next.scope(changed.subnet())).contains(changed);
      assertThat(next.scope(added.subnet())).contains(added);
      Map<AddressRange, Optional<String>> refs = new LinkedHashMap<>();
      refs.put(AddressRange.of("10.1.0.100", "10.1.0.200"), Optional.of("fo1"));
      refs.put(AddressRange.of("10.5.0.5", "10.5.0.6"), Optional.of("fo1"));
      IscConfig wired = next.withPoolPeers(refs);
      assertThat(wired.poolsByPeer().get("fo1")).hasSize(2);
      refs.replaceAll((k, v) -> Optional.empty());
      assertThat(wired.withPoolPeers(refs).render()).isEqualTo(next.withPoolPeers(Map.of()).render());
      assertThatThrownBy(() -> c.withScopes(java.util.List.of(s1), java.util.List.of(s1.subnet())))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be edited once in one pass");
    }
  }
}
