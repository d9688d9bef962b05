package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.failover.errors.ValidationException;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscPeerRole;
import dev.failover.isc.conf.IscPeerStatement;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.IscPeerDeclaration;
import dev.failover.relationship.ServerRole;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** IscPeerStatement (what dhcpd.conf writes) and IscPeerDeclaration (what the server does), both ways. */
class IscPeerMappingTest {

  static final String OWN = "192.0.2.1";
  static final String HBA = "ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:0f";

  /** Every statement written, on the primary. */
  static IscPeerStatement fullPrimary() {
    return IscPeerStatement.builder().name("fo1").role(IscPeerRole.PRIMARY).address("192.0.2.1").port(847)
        .peerAddress("dhcp-b.example.net").peerPort(848).maxResponseDelay(61).maxUnackedUpdates(11).mclt(1801)
        .split(200).loadBalanceMaxSeconds(5).autoPartnerDown(7200).maxLeaseMisbalance(20).maxLeaseOwnership(12)
        .minBalance(90).maxBalance(7000).build();
  }

  @Test
  @DisplayName("every parameter of a primary's statement is read as written")
  void primaryEveryParameter() {
    IscPeerDeclaration d = IscPeerMapping.toDeclaration(fullPrimary(), "203.0.113.9");
    assertThat(d).isEqualTo(IscPeerDeclaration.builder().role(ServerRole.PRIMARY).address("192.0.2.1").port(847)
        .peerAddress("dhcp-b.example.net").peerPort(848).maxResponseDelay(Duration.ofSeconds(61))
        .maxUnackedUpdates(11).mclt(Duration.ofSeconds(1801)).split(200).loadBalanceMaxSeconds(5)
        .autoPartnerDown(Duration.ofSeconds(7200)).maxLeaseMisbalance(20).maxLeaseOwnership(12)
        .minBalance(Duration.ofSeconds(90)).maxBalance(Duration.ofSeconds(7000)).build());
    assertThat(IscPeerMapping.toPeer(fullPrimary(), OWN).name()).isEqualTo("fo1");
  }

  @Test
  @DisplayName("every parameter of a secondary's statement is read as written; its mclt, which dhcpd ignores, is not")
  void secondaryEveryParameter() {
    IscPeerStatement s = IscPeerStatement.builder().name("fo1").role(IscPeerRole.SECONDARY).address("192.0.2.2")
        .port(848).peerAddress("192.0.2.1").peerPort(847).maxResponseDelay(61).maxUnackedUpdates(11).mclt(1801)
        .loadBalanceMaxSeconds(5).autoPartnerDown(7200).maxLeaseMisbalance(20).maxLeaseOwnership(12).minBalance(90)
        .maxBalance(7000).build();
    IscPeerDeclaration d = IscPeerMapping.toDeclaration(s, "192.0.2.2");
    assertThat(d.role()).isEqualTo(ServerRole.SECONDARY);
    assertThat(d.mclt()).isEmpty();
    assertThat(d.split()).isEmpty();
    assertThat(d.hba()).isEmpty();
    assertThat(d.address()).isEqualTo("192.0.2.2");
    assertThat(d.port()).isEqualTo(848);
    assertThat(d.peerAddress()).isEqualTo("192.0.2.1");
    assertThat(d.peerPort()).isEqualTo(847);
    assertThat(d.maxResponseDelay()).isEqualTo(Duration.ofSeconds(61));
    assertThat(d.maxUnackedUpdates()).isEqualTo(11);
    assertThat(d.loadBalanceMaxSeconds()).isEqualTo(5);
    assertThat(d.autoPartnerDown()).isEqualTo(Duration.ofSeconds(7200));
    assertThat(d.maxLeaseMisbalance()).isEqualTo(20);
    assertThat(d.maxLeaseOwnership()).isEqualTo(12);
    assertThat(d.minBalance()).isEqualTo(Duration.ofSeconds(90));
    assertThat(d.maxBalance()).isEqualTo(Duration.ofSeconds(7000));
  }

  @Test
  @DisplayName("left-out statements read as dhcpd's values: no role is a primary, no address is the server's own")
  void leftOut() {
    IscPeerStatement s = IscPeerStatement.builder().name("fo1").peerAddress("192.0.2.2").mclt(3600).hba(HBA).build();
    IscPeerDeclaration d = IscPeerMapping.toDeclaration(s, OWN);
    assertThat(d.role()).isEqualTo(ServerRole.PRIMARY);
    assertThat(d.address()).isEqualTo(OWN);
    assertThat(d.port()).isEqualTo(647);
    assertThat(d.peerPort()).isEqualTo(647);
    assertThat(d.maxResponseDelay()).isEqualTo(IscFailoverSettings.DHCPD_DEFAULT_MAX_RESPONSE_DELAY);
    assertThat(d.maxUnackedUpdates()).isEqualTo(IscFailoverSettings.DHCPD_DEFAULT_MAX_UNACKED_UPDATES);
    assertThat(d.loadBalanceMaxSeconds()).isZero();
    assertThat(d.autoPartnerDown()).isZero();
    assertThat(d.maxLeaseMisbalance()).isEqualTo(15);
    assertThat(d.maxLeaseOwnership()).isEqualTo(10);
    assertThat(d.minBalance()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.maxBalance()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(d.hba()).contains(HBA);
    assertThat(d.split()).isEmpty();
  }

  @Test
  @DisplayName("a 0 that dhcpd replaces with its default reads as that default")
  void zeros() {
    IscPeerStatement s = IscPeerStatement.builder().name("fo1").role(IscPeerRole.SECONDARY).address("192.0.2.2")
        .peerAddress("192.0.2.1").maxResponseDelay(0).maxUnackedUpdates(0).maxLeaseMisbalance(0).maxLeaseOwnership(0)
        .minBalance(0).maxBalance(0).loadBalanceMaxSeconds(0).autoPartnerDown(0).build();
    IscPeerDeclaration d = IscPeerMapping.toDeclaration(s, "192.0.2.2");
    assertThat(d.maxResponseDelay()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.maxUnackedUpdates()).isEqualTo(100);
    assertThat(d.maxLeaseMisbalance()).isEqualTo(15);
    assertThat(d.maxLeaseOwnership()).isEqualTo(10);
    assertThat(d.minBalance()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.maxBalance()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(d.loadBalanceMaxSeconds()).isZero();
    assertThat(d.autoPartnerDown()).isZero();
  }

  @Test
  @DisplayName("what the API cannot hold is a ValidationException naming the peer and every problem")
  void cannotHold() {
    IscPeerStatement both = IscPeerStatement.builder().name("fo \"x\"").role(IscPeerRole.PRIMARY).address(OWN)
        .peerAddress("192.0.2.2").mclt(3600).split(128).hba(HBA).maxBalance(4_000_000_000L).build();
    assertThatThrownBy(() -> IscPeerMapping.toPeer(both, OWN)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("failover peer \"fo \\\"x\\\"\"")
        .hasMessageContaining("max-balance").hasMessageContaining("atoi");
    IscPeerStatement splitAndHba = IscPeerStatement.builder().from(both).maxBalance(3600).build();
    assertThatThrownBy(() -> IscPeerMapping.toPeer(splitAndHba, OWN)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("never both");
    IscPeerStatement noMclt = IscPeerStatement.builder().name("fo1").peerAddress("192.0.2.2").mclt(0).split(128).build();
    assertThatThrownBy(() -> IscPeerMapping.toDeclaration(noMclt, OWN)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("mclt");
  }

  @Test
  @DisplayName("a new declaration writes role, addresses, ports, timers, load balance max seconds and the primary's mclt and split")
  void writesNew() {
    IscFailoverSettings settings = IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2");
    IscPeerStatement p = IscPeerMapping.toStatement("fo1", settings.declarationFor(ServerRole.PRIMARY),
        Optional.empty(), OWN);
    assertThat(p).isEqualTo(IscPeerStatement.builder().name("fo1").role(IscPeerRole.PRIMARY).address("192.0.2.1")
        .port(647).peerAddress("192.0.2.2").peerPort(647).maxResponseDelay(60).maxUnackedUpdates(10).mclt(3600)
        .split(128).loadBalanceMaxSeconds(3).build());
    IscPeerStatement s = IscPeerMapping.toStatement("fo1", settings.declarationFor(ServerRole.SECONDARY),
        Optional.empty(), "192.0.2.2");
    assertThat(s).isEqualTo(IscPeerStatement.builder().name("fo1").role(IscPeerRole.SECONDARY).address("192.0.2.2")
        .port(647).peerAddress("192.0.2.1").peerPort(647).maxResponseDelay(60).maxUnackedUpdates(10)
        .loadBalanceMaxSeconds(3).build());
    IscPeerStatement all = IscPeerMapping.toStatement("fo1", IscPeerMapping.toDeclaration(fullPrimary(), OWN),
        Optional.empty(), OWN);
    assertThat(all).isEqualTo(fullPrimary());
  }

  @Test
  @DisplayName("changing a declaration keeps what it leaves out when the value stays dhcpd's, writes the rest")
  void writesOverExisting() {
    IscPeerStatement sparse = IscPeerStatement.builder().name("fo1").peerAddress("192.0.2.2").mclt(3600).split(128)
        .build();
    IscPeerDeclaration read = IscPeerMapping.toDeclaration(sparse, OWN);
    assertThat(IscPeerMapping.toStatement("fo1", read, Optional.of(sparse), OWN)).isEqualTo(sparse);
    IscPeerDeclaration changed = IscPeerDeclaration.builder().from(read).mclt(Duration.ofSeconds(600))
        .loadBalanceMaxSeconds(3).port(700).build();
    assertThat(IscPeerMapping.toStatement("fo1", changed, Optional.of(sparse), OWN)).isEqualTo(IscPeerStatement
        .builder().from(sparse).mclt(600).loadBalanceMaxSeconds(3).port(700).build());
    IscPeerDeclaration secondary = IscPeerMapping.mirror(read);
    IscPeerStatement asSecondary = IscPeerMapping.toStatement("fo1", secondary, Optional.of(sparse), "192.0.2.2");
    assertThat(asSecondary.role()).contains(IscPeerRole.SECONDARY);
    assertThat(asSecondary.mclt()).isEmpty();
    assertThat(asSecondary.split()).isEmpty();
    // the existing declaration leaves address out, and the server's own address is still what it should be
    assertThat(asSecondary.address()).isEmpty();
    assertThat(IscPeerMapping.toDeclaration(asSecondary, "192.0.2.2")).isEqualTo(secondary);
  }

  @Test
  @DisplayName("an hba that would not read back equal is refused with the spelling that would")
  void hbaSpelling() {
    IscFailoverSettings upper = IscFailoverSettings.builder().primaryAddress("192.0.2.1").secondaryAddress("192.0.2.2")
        .hba(HBA.toUpperCase()).build();
    assertThatThrownBy(() -> IscPeerMapping.toStatement("fo1", upper.declarationFor(ServerRole.PRIMARY), Optional.empty(),
        OWN)).isInstanceOf(ValidationException.class).hasMessageContaining("lower-case").hasMessageContaining(HBA);
  }

  @Test
  @DisplayName("property: any valid pair of declarations, written, rendered and parsed, reads back equal on both sides")
  void roundTripProperty() {
    long seed = Long.getLong("failover.seed", 20261125L);
    qt().withFixedSeed(seed).withExamples(Integer.getInteger("failover.property.cases", 1000))
        .forAll(integers().all())
        .checkAssert(n -> {
          IscFailoverSettings settings = randomSettings(new Random(n));
          for (ServerRole role : new ServerRole[] {ServerRole.PRIMARY, ServerRole.SECONDARY}) {
            String own = role == ServerRole.PRIMARY ? settings.primaryAddress() : settings.secondaryAddress();
            IscPeerDeclaration d = settings.declarationFor(role);
            IscPeerStatement st = IscPeerMapping.toStatement("p\"" + n, d, Optional.empty(), own);
            IscConfig written = IscConfig.parse("authoritative;\n").withPeer(st);
            IscPeerStatement parsed = IscConfig.parse(written.render()).peer("p\"" + n).orElseThrow();
            assertThat(IscPeerMapping.toDeclaration(parsed, own)).as("seed %s, case %s, %s", seed, n, role)
                .isEqualTo(d);
            // and over a sparse existing declaration of the same server
            IscPeerStatement sparse = IscPeerStatement.builder().name("q").peerAddress(d.peerAddress()).build();
            IscPeerStatement over = IscPeerMapping.toStatement("q", d, Optional.of(sparse), own);
            assertThat(IscPeerMapping.toDeclaration(over, own)).as("seed %s, case %s, %s over sparse", seed, n, role)
                .isEqualTo(d);
          }
          assertThat(IscFailoverSettings.fromDeclarations(settings.declarationFor(ServerRole.PRIMARY),
              settings.declarationFor(ServerRole.SECONDARY))).isEqualTo(settings);
        });
  }

  static IscFailoverSettings randomSettings(Random r) {
    var b = IscFailoverSettings.builder()
        .primaryAddress("192.0.2." + (1 + r.nextInt(100))).secondaryAddress(r.nextBoolean() ? "dhcp-b.example.net"
            : "198.51.100." + (1 + r.nextInt(100)))
        .primaryPort(1 + r.nextInt(65535)).secondaryPort(1 + r.nextInt(65535))
        .maxResponseDelay(Duration.ofSeconds(1 + r.nextInt(Integer.MAX_VALUE)))
        .maxUnackedUpdates(1 + r.nextInt(Integer.MAX_VALUE))
        .mclt(Duration.ofSeconds(1 + r.nextInt(Integer.MAX_VALUE)))
        .loadBalanceMaxSeconds(r.nextInt(Integer.MAX_VALUE))
        .autoPartnerDown(Duration.ofSeconds(r.nextBoolean() ? 0 : r.nextInt(Integer.MAX_VALUE)))
        .maxLeaseMisbalance(1 + r.nextInt(100)).maxLeaseOwnership(1 + r.nextInt(100))
        .minBalance(Duration.ofSeconds(1 + r.nextInt(Integer.MAX_VALUE)))
        .maxBalance(Duration.ofSeconds(1 + r.nextInt(Integer.MAX_VALUE)));
    if (r.nextBoolean()) {
      b.split(r.nextInt(257));
    } else {
      StringBuilder hba = new StringBuilder();
      for (int i = 0; i < 32; i++) {
        hba.append(i == 0 ? "" : ":").append(String.format("%02x", r.nextInt(256)));
      }
      b.hba(hba.toString());
    }
    return b.build();
  }
}
