package dev.failover.isc.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("editing dhcpd.conf")
class IscConfigEditTest {

  static final IscPeerStatement FO2 = IscPeerStatement.builder().name("fo2").role(IscPeerRole.PRIMARY)
      .address("192.0.2.1").port(847).peerAddress("192.0.2.3").peerPort(647).mclt(600).split(128).build();

  static Pool pool(String start, String end, String peer) {
    return ImmutablePool.builder().range(AddressRange.of(start, end)).failoverPeer(peer).build();
  }

  @Nested
  @DisplayName("failover peers")
  class Peers {

    @Test
    @DisplayName("a new peer goes after the last peer declaration, laid out like the file; nothing else changes")
    void addAfterLastPeer() {
      IscConfig c = Resources.parse("primary.conf").withPeer(FO2);
      String expected = Resources.text("primary.conf").replace("  load balance max seconds 3;\n}\n",
          "  load balance max seconds 3;\n}\n\nfailover peer \"fo2\" {\n  primary;\n  address 192.0.2.1;\n  port 847;\n"
              + "  peer address 192.0.2.3;\n  peer port 647;\n  mclt 600;\n  split 128;\n}\n");
      assertThat(c.render()).isEqualTo(expected);
      assertThat(c.peer("fo2")).contains(FO2);
    }

    @Test
    @DisplayName("the first peer of a file goes before the first subnet, so pools can refer to it")
    void addFirstPeer() {
      String text = "# site\nauthoritative;\n\nsubnet 192.0.2.0 netmask 255.255.255.0 {\n\trange 192.0.2.10 192.0.2.20;\n}\n";
      IscConfig c = IscConfig.parse(text).withPeer(FO2);
      assertThat(c.render()).isEqualTo("# site\nauthoritative;\n\nfailover peer \"fo2\" {\n\tprimary;\n\taddress 192.0.2.1;\n"
          + "\tport 847;\n\tpeer address 192.0.2.3;\n\tpeer port 647;\n\tmclt 600;\n\tsplit 128;\n}\n\n"
          + "subnet 192.0.2.0 netmask 255.255.255.0 {\n\trange 192.0.2.10 192.0.2.20;\n}\n");
      IscConfig pointed = c.withPoolPeer(AddressRange.of("192.0.2.10", "192.0.2.20"), "fo2");
      assertThat(pointed.pools().get(0).failoverPeer()).contains("fo2");
      assertThat(pointed.render()).endsWith("subnet 192.0.2.0 netmask 255.255.255.0 {\n\tpool {\n\t\tfailover peer \"fo2\";\n"
          + "\t\trange 192.0.2.10 192.0.2.20;\n\t}\n}\n");
    }

    @Test
    @DisplayName("replacing a peer changes only the statements whose values differ, in place, comments kept")
    void replacePeer() {
      String text = "failover peer \"fo1\" {\n  primary;\n  address 192.0.2.1;\n  peer address 192.0.2.2;  # partner\n"
          + "  mclt 3600;   # one hour\n  split 128;\n  max-response-delay 30;\n}\n"
          + "subnet 192.0.2.0 netmask 255.255.255.0 { pool { failover peer \"fo1\"; range 192.0.2.10; } }\n";
      IscConfig c = IscConfig.parse(text);
      IscPeerStatement changed = IscPeerStatement.builder().from(c.peer("fo1").orElseThrow()).mclt(1800)
          .maxResponseDelay(java.util.OptionalLong.empty()).loadBalanceMaxSeconds(3).build();
      IscConfig next = c.withPeer(changed);
      assertThat(next.render()).isEqualTo("failover peer \"fo1\" {\n  primary;\n  address 192.0.2.1;\n"
          + "  peer address 192.0.2.2;  # partner\n  mclt 1800;   # one hour\n  split 128;\n  load balance max seconds 3;\n}\n"
          + "subnet 192.0.2.0 netmask 255.255.255.0 { pool { failover peer \"fo1\"; range 192.0.2.10; } }\n");
      assertThat(next.peer("fo1")).contains(changed);
      assertThat(c.withPeer(c.peer("fo1").orElseThrow()).render()).isEqualTo(text);
    }

    @Test
    @DisplayName("removing a peer is refused while pools refer to it; then it goes, with its state record")
    void removePeer() {
      IscConfig c = Resources.parse("primary.conf").withPeer(FO2);
      assertThatThrownBy(() -> c.withoutPeer("fo1")).isInstanceOf(ValidationException.class)
          .hasMessageContaining("must no longer refer to failover peer \"fo1\"");
      IscConfig rewired = c.withPoolsRewired("fo1", "fo2");
      IscConfig removed = rewired.withoutPeer("fo1");
      assertThat(removed.peers()).extracting(IscPeerStatement::name).containsExactly("fo2");
      assertThat(removed.render()).startsWith("# dhcpd.conf of the primary of the failover pair (real-servers.md: two"
          + " namespaces, veth pair)\nauthoritative;\nddns-update-style none;\nomapi-port 7911;\n\nfailover peer \"fo2\" {");
      assertThatThrownBy(() -> removed.withoutPeer("fo1")).isInstanceOf(NotFoundException.class);
      String withState = "# the peer\nfailover peer \"a\" { secondary; peer address 192.0.2.1; }\n"
          + "failover peer \"a\" state { my state partner-down; }\nauthoritative;\n";
      assertThat(IscConfig.parse(withState).withoutPeer("a").render()).isEqualTo("# the peer\nauthoritative;\n");
    }

    @Test
    @DisplayName("hostile peer names stay inside their string")
    void hostileName() {
      String name = "x\"; } host evil { # ;";
      IscPeerStatement p = IscPeerStatement.builder().from(FO2).name(name).build();
      IscConfig c = Resources.parse("primary.conf").withPeer(p);
      assertThat(c.render()).contains("failover peer \"x\\\"; } host evil { # ;\" {");
      IscConfig again = IscConfig.parse(c.render());
      assertThat(again.peer(name)).contains(p);
      assertThat(again.main().nodes()).hasSize(c.main().nodes().size());
      assertThatThrownBy(() -> IscPeerStatement.builder().from(FO2).name("a\nb").build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("control characters");
    }
  }

  @Nested
  @DisplayName("pool references")
  class PoolReferences {

    @Test
    @DisplayName("rewiring changes every reference and nothing else")
    void rewire() {
      IscConfig c = Resources.parse("office.conf");
      IscPeerStatement other = IscPeerStatement.builder().name("dr-site").role(IscPeerRole.SECONDARY)
          .peerAddress("10.9.0.2").build();
      IscConfig next = c.withPeer(other).withPoolsRewired("office-pair", "dr-site");
      assertThat(next.poolsByPeer().get("dr-site")).hasSize(3);
      assertThat(next.poolsByPeer().get("office-pair")).isEmpty();
      String before = c.withPeer(other).render();
      assertThat(next.render()).isEqualTo(before.replace("\t\t\tfailover peer \"office-pair\";",
          "\t\t\tfailover peer \"dr-site\";"));
      assertThat(next.renderFiles().get("office-hosts.conf")).isEqualTo(Resources.text("office-hosts.conf"));
    }

    @Test
    @DisplayName("a shared-network's reference is rewired too")
    void sharedNetwork() {
      String text = IscConfigParseTestPeers.TWO + "shared-network s {\n  failover peer \"fo1\";\n"
          + "  subnet 192.0.2.0 netmask 255.255.255.0 { pool { range 192.0.2.9; } }\n}\n";
      IscConfig next = IscConfig.parse(text).withPoolsRewired("fo1", "fo2");
      assertThat(next.render()).isEqualTo(text.replace("  failover peer \"fo1\";", "  failover peer \"fo2\";"));
      assertThat(next.pools().get(0).inheritedPeer()).contains("fo2");
    }

    @Test
    @DisplayName("setting and removing a pool's reference touch only that statement")
    void setAndRemove() {
      String text = IscConfigParseTestPeers.TWO + "subnet 192.0.2.0 netmask 255.255.255.0 {\n    pool {\n"
          + "        range 192.0.2.10 192.0.2.20;\n    }\n    pool { range 192.0.2.30; }\n}\n";
      IscConfig c = IscConfig.parse(text);
      IscConfig set = c.withPoolPeer(AddressRange.of("192.0.2.10", "192.0.2.20"), "fo1")
          .withPoolPeer(AddressRange.of("192.0.2.30", "192.0.2.30"), "fo2");
      assertThat(set.render()).isEqualTo(text.replace("    pool {\n        range", "    pool {\n        failover peer"
          + " \"fo1\";\n        range").replace("pool { range 192.0.2.30; }", "pool { failover peer \"fo2\"; range 192.0.2.30; }"));
      IscConfig moved = set.withPoolPeer(AddressRange.of("192.0.2.30", "192.0.2.30"), "fo1");
      assertThat(moved.poolsByPeer().get("fo1")).hasSize(2);
      IscConfig cleared = moved.withoutPoolPeer(AddressRange.of("192.0.2.10", "192.0.2.20"))
          .withoutPoolPeer(AddressRange.of("192.0.2.30", "192.0.2.30"));
      assertThat(cleared.render()).isEqualTo(text);
      assertThatThrownBy(() -> c.withPoolPeer(AddressRange.of("192.0.2.10", "192.0.2.20"), "nope"))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> c.withPoolPeer(AddressRange.of("192.0.2.11", "192.0.2.20"), "fo1"))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("inserted lines use the file's line ends and indentation unit (CRLF, four spaces)")
    void layout() {
      String text = IscConfigParseTestPeers.TWO.replace("  ", "    ").replace("\n", "\r\n") + "subnet 192.0.2.0 netmask 255.255.255.0 {\r\n"
          + "    range 192.0.2.10 192.0.2.20;    # implicit pool\r\n}\r\n";
      IscConfig c = IscConfig.parse(text).withPoolPeer(AddressRange.of("192.0.2.10", "192.0.2.20"), "fo2");
      assertThat(c.render()).endsWith("subnet 192.0.2.0 netmask 255.255.255.0 {\r\n    pool {\r\n"
          + "        failover peer \"fo2\";\r\n        range 192.0.2.10 192.0.2.20;\r\n    }    # implicit pool\r\n}\r\n");
      assertThat(c.pools().get(0).implicit()).isFalse();
    }

    @Test
    @DisplayName("a range with dynamic-bootp cannot be put under a peer (dhcpd refuses it)")
    void dynamicBootp() {
      IscConfig c = Resources.parse("office.conf");
      assertThatThrownBy(() -> c.withPoolPeer(AddressRange.of("10.0.9.50", "10.0.9.60"), "office-pair"))
          .isInstanceOf(IscConfigException.class).hasMessageContaining("dynamic-bootp");
    }
  }

  @Nested
  @DisplayName("subnets")
  class Subnets {

    final Scope scope = Scope.builder().subnet(Subnet.parse("192.0.2.0/24"))
        .properties(ScopeProperties.builder().leaseTime(Duration.ofMinutes(10)).build())
        .addOption(OptionValue.builder().code(3).value("192.0.2.1").build())
        .addOption(OptionValue.builder().code(15).value("Quote\" semi; brace } hash # back\\slash").build())
        .addPool(pool("192.0.2.10", "192.0.2.99", "fo1"))
        .addExclusion(Exclusion.of("192.0.2.50", "192.0.2.59"))
        .addReservation(Reservation.builder().identifier("00:11:22:33:44:55").address(
            dev.failover.scope.Ipv4Address.parse("192.0.2.5")).name("printer.lab").hostname("printer").build())
        .addReservation(Reservation.builder().identifierType(Reservation.IdentifierType.CLIENT_ID)
            .identifier("01:aa:bb").address(dev.failover.scope.Ipv4Address.parse("192.0.2.6")).build())
        .build();

    @Test
    @DisplayName("a scope is rendered as a subnet with options, pools (gaps for exclusions) and hosts, and read back")
    void addSubnet() {
      IscConfig c = IscConfig.parse(IscConfigParseTestPeers.TWO).withSubnet(scope);
      assertThat(c.render()).isEqualTo(IscConfigParseTestPeers.TWO + "\nsubnet 192.0.2.0 netmask 255.255.255.0 {\n"
          + "  default-lease-time 600;\n"
          + "  option domain-name \"Quote\\\" semi; brace } hash # back\\\\slash\";\n  option routers 192.0.2.1;\n"
          + "  pool {\n    failover peer \"fo1\";\n    range 192.0.2.10 192.0.2.49;\n    range 192.0.2.60 192.0.2.99;\n  }\n"
          + "  host printer.lab {\n    hardware ethernet 00:11:22:33:44:55;\n    fixed-address 192.0.2.5;\n"
          + "    option host-name \"printer\";\n  }\n"
          + "  host r-01-aa-bb {\n    option dhcp-client-identifier 01:aa:bb;\n    fixed-address 192.0.2.6;\n  }\n}\n");
      Scope back = c.scope(scope.subnet()).orElseThrow();
      assertThat(back.pools()).isEqualTo(scope.pools());
      assertThat(back.exclusions()).isEqualTo(scope.exclusions());
      assertThat(back.options()).extracting(OptionValue::value).containsExactly(
          "Quote\" semi; brace } hash # back\\slash", "192.0.2.1");
      assertThat(back.reservations().get(0)).isEqualTo(scope.reservations().get(0));
    }

    @Test
    @DisplayName("replacing a subnet keeps the text around it; removing it takes its hosts declared elsewhere too")
    void replaceAndRemove() {
      IscConfig c = Resources.parse("office.conf");
      Scope printers = c.scope(Subnet.parse("10.0.9.0/24")).orElseThrow();
      Scope fewer = Scope.builder().from(printers).reservations(printers.reservations().subList(0, 1)).build();
      IscConfig replaced = c.withSubnet(fewer);
      assertThat(replaced.scope(fewer.subnet())).contains(fewer);
      assertThat(replaced.render()).contains("\n\nsubnet 10.0.9.0 netmask 255.255.255.0 {\n\toption routers 10.0.9.1;\n"
          + "\tpool {\n\t\trange dynamic-bootp 10.0.9.50 10.0.9.60;\n\t}\n\thost printer-1 {\n");
      IscConfig removed = c.withoutSubnet(Subnet.parse("10.0.4.0/23"));
      assertThat(removed.subnets()).extracting(Subnet::toString).containsExactly("10.0.3.0/24", "10.0.9.0/24");
      assertThat(removed.renderFiles().get("office-hosts.conf")).isEqualTo("# hosts maintained by the asset database"
          + " export\n");
      assertThatThrownBy(() -> c.withoutSubnet(Subnet.parse("10.99.0.0/16"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("values that would break out of the file are refused where they are written")
    void hostileValues() {
      IscConfig c = IscConfig.parse(IscConfigParseTestPeers.TWO);
      Scope badHost = Scope.builder().from(scope).reservations(List.of(Reservation.builder().identifier("00:11:22:33:44:56")
          .address(dev.failover.scope.Ipv4Address.parse("192.0.2.7")).name("evil; } host x {").build())).build();
      assertThatThrownBy(() -> c.withSubnet(badHost)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("refuses a quoted host name");
      Scope badOption = Scope.builder().from(scope).options(List.of(OptionValue.of(3, "192.0.2.1; } subnet"))).build();
      assertThatThrownBy(() -> c.withSubnet(badOption)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("dhcpd's notation");
      Scope named = Scope.builder().from(scope).properties(ScopeProperties.builder().name("x").build()).build();
      assertThatThrownBy(() -> c.withSubnet(named)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("a dhcpd subnet has no name");
      Scope unknownPeer = Scope.builder().from(scope).pools(List.of(pool("192.0.2.10", "192.0.2.99", "x\"y"))).build();
      assertThatThrownBy(() -> c.withSubnet(unknownPeer)).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("replication replaces options, pools and reservations in place and keeps this server's peer names")
    void contents() {
      IscConfig c = Resources.parse("office.conf");
      Scope floor3 = c.scope(Subnet.parse("10.0.3.0/24")).orElseThrow();
      Scope source = Scope.builder().from(floor3)
          .options(List.of(OptionValue.builder().code(3).value("10.0.3.254").build(),
              OptionValue.builder().code(42).value("10.0.0.123").build()))
          .pools(List.of(ImmutablePool.copyOf(pool("10.0.3.20", "10.0.3.199", "partner-name"))
              .withIscStatements("deny members of \"voip-phones\""), pool("10.0.3.210", "10.0.3.220", "partner-name")))
          .exclusions(List.of(Exclusion.of("10.0.3.100", "10.0.3.109")))
          .reservations(List.of(Reservation.builder().from(floor3.reservations().get(1)).hostname("tv").build(),
              Reservation.of("00:11:22:33:44:aa", "10.0.3.12")))
          .build();
      IscConfig next = c.withSubnetContents(source);
      Scope result = next.scope(Subnet.parse("10.0.3.0/24")).orElseThrow();
      assertThat(result.options()).extracting(OptionValue::value).containsExactly("10.0.3.254", "10.0.0.123");
      assertThat(result.pools()).containsExactly(ImmutablePool.copyOf(pool("10.0.3.20", "10.0.3.199", "office-pair"))
              .withIscStatements("deny members of \"voip-phones\""),
          pool("10.0.3.210", "10.0.3.220", "office-pair"));
      assertThat(result.exclusions()).isEqualTo(source.exclusions());
      assertThat(result.reservations()).hasSize(2);
      assertThat(result.reservations().get(0).hostname()).contains("tv");
      String out = next.render();
      assertThat(out).contains("\t\toption routers 10.0.3.254;\n\t\tdefault-lease-time 3600;\n"
          + "\t\toption ntp-servers 10.0.0.123;\n\t\tpool {\n");
      assertThat(out).contains("\t\t\tfailover peer \"office-pair\";\n\t\t\tdeny members of \"voip-phones\";");
      assertThat(out).doesNotContain("broadcast-address", "ceo-laptop", "partner-name");
      assertThat(out).contains("\t\tpool {\n\t\t\tfailover peer \"office-pair\";\n\t\t\trange 10.0.3.210 10.0.3.220;\n\t\t}\n");
      assertThat(next.withSubnetContents(source).render()).isEqualTo(out);
      assertThat(c.withSubnetContents(floor3).render()).isEqualTo(c.render());
      IscConfig forced = c.withPeer(IscConfigEditTest.FO2).withSubnetContents(source, "fo2");
      assertThat(forced.scope(Subnet.parse("10.0.3.0/24")).orElseThrow().pools())
          .extracting(p -> p.failoverPeer().orElseThrow()).containsOnly("fo2");
    }
  }
}
