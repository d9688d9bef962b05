package dev.failover.isc.conf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("realistic dhcpd.conf files")
class IscConfigGoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"primary.conf", "secondary.conf", "office.conf", "office-hosts.conf"})
  @DisplayName("render(parse(file)) gives back every byte of the file")
  void roundTrip(String name) {
    String text = Resources.text(name);
    IscConfig config = Resources.parse(name);
    assertThat(config.render()).isEqualTo(text);
  }

  @Test
  @DisplayName("an included file is parsed as its own tree and written back to its own file")
  void includes() {
    IscConfig config = Resources.parse("office.conf");
    assertThat(config.files()).extracting(IscConfigFile::name).containsExactly("office.conf", "office-hosts.conf");
    assertThat(config.renderFiles()).containsEntry("office-hosts.conf", Resources.text("office-hosts.conf"))
        .containsEntry("office.conf", Resources.text("office.conf"));
    IscNode lab1 = config.file("office-hosts.conf").orElseThrow().nodes().get(0);
    assertThat(lab1.file()).isEqualTo("office-hosts.conf");
    assertThat(lab1.line()).isEqualTo(2);
    assertThat(lab1.leadingTrivia()).isEqualTo("# hosts maintained by the asset database export\n");
  }

  @Test
  @DisplayName("the primary of the real pair reads as its peer declaration, one scope and one pool referring to it")
  void primaryPair() {
    IscConfig config = Resources.parse("primary.conf");
    assertThat(config.peers()).containsExactly(IscPeerStatement.builder().name("fo1").role(IscPeerRole.PRIMARY)
        .address("192.0.2.1").port(647).peerAddress("192.0.2.2").peerPort(647).maxResponseDelay(30)
        .maxUnackedUpdates(10).mclt(3600).split(128).loadBalanceMaxSeconds(3).build());
    Scope scope = config.scope(Subnet.parse("192.0.2.0/24")).orElseThrow();
    assertThat(scope.pools()).containsExactly(
        dev.failover.scope.ImmutablePool.builder().range(AddressRange.of("192.0.2.100", "192.0.2.200"))
            .failoverPeer("fo1").build());
    assertThat(scope.options()).containsExactlyInAnyOrder(
        OptionValue.builder().code(3).name("routers").value("192.0.2.254").build(),
        OptionValue.builder().code(6).name("domain-name-servers").value("192.0.2.53, 192.0.2.54").build());
    assertThat(config.poolsByPeer().get("fo1")).hasSize(1);
    assertThat(config.problems()).isEmpty();
  }

  @Test
  @DisplayName("the secondary of the real pair has no mclt or split")
  void secondaryPair() {
    IscPeerStatement peer = Resources.parse("secondary.conf").peer("fo1").orElseThrow();
    assertThat(peer.role()).contains(IscPeerRole.SECONDARY);
    assertThat(peer.mclt()).isEmpty();
    assertThat(peer.split()).isEmpty();
    assertThat(peer.peerAddress()).isEqualTo("192.0.2.1");
  }

  @Test
  @DisplayName("the office file maps subnets, pools with gaps, hosts anywhere and every peer parameter")
  void office() {
    IscConfig config = Resources.parse("office.conf");
    assertThat(config.subnets()).extracting(Subnet::toString)
        .containsExactly("10.0.3.0/24", "10.0.4.0/23", "10.0.9.0/24");
    IscPeerStatement peer = config.peer("office-pair").orElseThrow();
    assertThat(peer.hba()).contains("ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:"
        + "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00");
    assertThat(peer.port()).hasValue(847);
    assertThat(peer.autoPartnerDown()).hasValue(0);
    assertThat(peer.maxLeaseMisbalance()).hasValue(15);
    assertThat(peer.maxLeaseOwnership()).hasValue(10);
    assertThat(peer.minBalance()).hasValue(60);
    assertThat(peer.maxBalance()).hasValue(3600);

    Scope floor3 = config.scope(Subnet.parse("10.0.3.0/24")).orElseThrow();
    assertThat(floor3.properties().leaseTime()).contains(Duration.ofHours(1));
    assertThat(floor3.pools()).extracting(Pool::range).extracting(AddressRange::toString)
        .containsExactly("10.0.3.20-10.0.3.199", "10.0.3.200-10.0.3.249");
    assertThat(floor3.exclusions()).containsExactly(Exclusion.of("10.0.3.100", "10.0.3.109"));
    assertThat(floor3.reservations()).extracting(Reservation::name).extracting(o -> o.orElseThrow())
        .containsExactly("ceo-laptop", "boardroom.tv");
    Reservation ceo = floor3.reservations().get(0);
    assertThat(ceo.identifierType()).isEqualTo(Reservation.IdentifierType.CLIENT_ID);
    assertThat(ceo.identifier()).isEqualTo("01:a4:5e:60:00:00:01");
    assertThat(ceo.hostname()).contains("ceo");

    Scope lab = config.scope(Subnet.parse("10.0.4.0/23")).orElseThrow();
    assertThat(lab.reservations()).extracting(Reservation::name).extracting(o -> o.orElseThrow())
        .containsExactly("lab-1", "lab-2");

    Scope printers = config.scope(Subnet.parse("10.0.9.0/24")).orElseThrow();
    assertThat(printers.pools()).containsExactly(dev.failover.scope.ImmutablePool.builder()
        .range(dev.failover.scope.AddressRange.of("10.0.9.50", "10.0.9.60")).dynamicBootp(true).build());
    assertThat(printers.reservations()).allSatisfy(r -> assertThat(r.options()).extracting(o -> o.value())
        .as("the option of the group the printers are declared in").contains("printers.office.example"));
    Scope floor3pools = config.scope(Subnet.parse("10.0.3.0/24")).orElseThrow();
    assertThat(floor3pools.pools()).extracting(Pool::iscStatements).containsExactly(
        java.util.List.of("deny members of \"voip-phones\""), java.util.List.of("allow members of \"voip-phones\""));
    assertThat(printers.reservations()).extracting(Reservation::identifier)
        .containsExactly("00:1b:a9:00:00:01", "00:1b:a9:00:00:02");

    List<IscPoolReference> pools = config.poolsByPeer().get("office-pair");
    assertThat(pools).hasSize(3);
    assertThat(pools.get(0).ranges()).hasSize(2);
    assertThat(pools.get(0).line()).isEqualTo(70);
    assertThat(config.pools()).filteredOn(IscPoolReference::implicit).hasSize(1);
  }
}
