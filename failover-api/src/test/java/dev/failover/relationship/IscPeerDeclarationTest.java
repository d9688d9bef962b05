package dev.failover.relationship;

import static dev.failover.relationship.Expect.fields;
import static dev.failover.relationship.Expect.violations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.errors.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ISC failover peer declaration (vendor-facts §2.1, §2.2)")
class IscPeerDeclarationTest {

  static ImmutableIscPeerDeclaration.Builder primary() {
    return IscPeerDeclaration.builder().role(ServerRole.PRIMARY).address("192.0.2.1").peerAddress("192.0.2.2")
        .mclt(Duration.ofHours(1)).split(128);
  }

  static ImmutableIscPeerDeclaration.Builder secondary() {
    return IscPeerDeclaration.builder().role(ServerRole.SECONDARY).address("192.0.2.2").peerAddress("192.0.2.1");
  }

  @Test
  @DisplayName("§2.1: port and peer port default to 647")
  void defaults() {
    IscPeerDeclaration d = secondary().build();
    assertThat(d.port()).isEqualTo(647);
    assertThat(d.peerPort()).isEqualTo(647);
    assertThat(d.maxResponseDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.maxUnackedUpdates()).isEqualTo(10);
  }

  @Test
  @DisplayName("§2.1 real dhcpd 4.4.3: a secondary with split is refused (\"secondary may not define load balance settings\")")
  void secondaryWithSplit() {
    List<Violation> v = violations(() -> secondary().split(128).build());
    assertThat(v).extracting(Violation::field).containsExactly("split");
    assertThat(v.get(0).rule()).contains("secondary may not define load balance settings");
  }

  @Test
  @DisplayName("§2.2: a secondary with hba is refused the same way")
  void secondaryWithHba() {
    assertThat(fields(() -> secondary().hba(IscFailoverSettingsTest.HALF_HBA).build())).containsExactly("hba");
  }

  @Test
  @DisplayName("§2.2: mclt may not be specified on the secondary")
  void secondaryWithMclt() {
    assertThat(fields(() -> secondary().mclt(Duration.ofHours(1)).build())).containsExactly("mclt");
  }

  @Test
  @DisplayName("§2.2: the primary must have mclt (\"primary failover server must have mclt\")")
  void primaryWithoutMclt() {
    assertThat(fields(() -> IscPeerDeclaration.builder().from(primary().build()).mclt(java.util.Optional.empty())
        .build())).containsExactly("mclt");
  }

  @Test
  @DisplayName("§2.2: the primary must have split or hba (\"primary failover server must have hba or split\")")
  void primaryWithoutSplit() {
    assertThat(fields(() -> IscPeerDeclaration.builder().role(ServerRole.PRIMARY).address("192.0.2.1")
        .peerAddress("192.0.2.2").mclt(Duration.ofHours(1)).build())).containsExactly("split");
  }

  @Test
  @DisplayName("§2.2: split and hba never both, and the ranges of the settings apply")
  void rangesApply() {
    assertThat(fields(() -> primary().hba(IscFailoverSettingsTest.HALF_HBA).build())).containsExactly("hba");
    assertThat(fields(() -> primary().split(257).build())).containsExactly("split");
    assertThat(fields(() -> primary().peerPort(70000).build())).containsExactly("peerPort");
    assertThat(fields(() -> primary().peerAddress("dhcp b").build())).containsExactly("peerAddress");
  }

  @Test
  @DisplayName("dhcpd knows only primary and secondary roles")
  void roles() {
    assertThat(fields(() -> secondary().role(ServerRole.STANDBY).build())).containsExactly("role");
  }

  @Test
  @DisplayName("a secondary with every primary-only statement reports all of them at once")
  void allAtOnce() {
    assertThat(fields(() -> secondary().mclt(Duration.ofHours(1)).split(128).port(0).build()))
        .containsExactlyInAnyOrder("port", "mclt", "split");
  }
}
