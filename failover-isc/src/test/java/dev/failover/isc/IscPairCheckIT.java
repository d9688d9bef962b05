package dev.failover.isc;

import static dev.failover.isc.IscFilePair.DHCPD;
import static dev.failover.isc.IscFilePair.dhcpdT;
import static dev.failover.isc.IscFilePair.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.AddPeer;
import dev.failover.plan.EditPeer;
import dev.failover.plan.IscPeer;
import dev.failover.plan.ServerState;
import dev.failover.relationship.ImmutableIscPeerDeclaration;
import dev.failover.relationship.ServerRole;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 9 (ISC), with the real {@code dhcpd -t}: a peer edit on one server that the
 * partner's declaration contradicts is refused while planning, so nothing is written; a pair
 * whose declarations disagree on disk stays readable, is reported, and the edit that repairs it
 * is planned and applied.
 */
@DisplayName("ISC pair rules are checked while planning; a disagreeing pair stays readable and repairable (real dhcpd -t)")
class IscPairCheckIT {

  static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final String SUBNET = "subnet 10.1.0.0 netmask 255.255.255.0 {\n  pool {\n    failover peer \"fo1\";\n"
      + "    range 10.1.0.10 10.1.0.50;\n  }\n}\n";
  static final String PLAIN_SUBNET = "subnet 10.1.0.0 netmask 255.255.255.0 {\n  pool {\n"
      + "    range 10.1.0.10 10.1.0.50;\n  }\n}\n";

  static String peer(boolean primary, String self, String partner, int port, int peerPort) {
    return "failover peer \"fo1\" {\n  " + (primary ? "primary" : "secondary") + ";\n  address " + self
        + ";\n  port " + port + ";\n  peer address " + partner + ";\n  peer port " + peerPort + ";\n"
        + "  max-response-delay 60;\n  max-unacked-updates 10;\n" + (primary ? "  mclt 3600;\n  split 128;\n" : "")
        + "  load balance max seconds 3;\n}\n";
  }

  static final String HEAD = "omapi-port 7911;\nauthoritative;\n";
  static final String A_TEXT = HEAD + peer(true, "192.0.2.1", "192.0.2.2", 647, 647) + SUBNET;
  static final String B_TEXT = HEAD + peer(false, "192.0.2.2", "192.0.2.1", 647, 647) + SUBNET;

  @TempDir
  Path dir;
  Path a;
  Path b;
  Failover failover;

  @BeforeEach
  void files() throws Exception {
    a = IscFilePair.conf(dir, "a", A_TEXT);
    b = IscFilePair.conf(dir, "b", B_TEXT);
    failover = IscFilePair.failover(a, b);
  }

  IscPeer peerOn(String server) {
    return failover.state(server).peer("fo1").orElseThrow();
  }

  static IscPeer withPorts(IscPeer p, int port, int peerPort) {
    return IscPeer.of(p.name(), ImmutableIscPeerDeclaration.copyOf(p.declaration()).withPort(port).withPeerPort(peerPort));
  }

  @Test
  @DisplayName("a one-sided EditPeer that the partner contradicts is refused while planning; no file changes")
  void oneSidedEditRefused() throws Exception {
    Throwable t = catchThrowable(() -> failover.plan(EditPeer.of("dhcp-a", withPorts(peerOn("dhcp-a"), 648, 647))));
    assertThat(t).isInstanceOf(ValidationException.class).hasMessageContaining("dhcp-b")
        .hasMessageContaining("must mirror its declaration");
    assertThat(Files.readString(a)).isEqualTo(A_TEXT);
    assertThat(Files.readString(b)).isEqualTo(B_TEXT);
  }

  @Test
  @DisplayName("a pair whose declarations disagree on disk is readable, reported, and repaired by EditPeer on the other side")
  void disagreeingPairRepaired() throws Exception {
    String broken = HEAD + peer(true, "192.0.2.1", "192.0.2.2", 648, 647) + SUBNET;
    Files.writeString(a, broken);
    assertThat(dhcpdT(a)).isZero();
    ServerState sa = failover.state("dhcp-a");
    ServerState sb = failover.state("dhcp-b");
    assertThat(sa.relationships()).isEmpty();
    assertThat(sb.relationships()).isEmpty();
    assertThat(sa.problems()).anySatisfy(m -> assertThat(m).contains("fo1").contains("dhcp-b"));
    assertThat(sb.problems()).anySatisfy(m -> assertThat(m).contains("fo1").contains("dhcp-a"));
    // the repair: dhcp-b's peer port follows dhcp-a's port
    failover.apply(failover.plan(EditPeer.of("dhcp-b", withPorts(peerOn("dhcp-b"), 647, 648))), ADMIN);
    assertThat(dhcpdT(b)).as("dhcpd -t on dhcp-b:\n%s", Files.readString(b)).isZero();
    assertThat(failover.state("dhcp-a").problems()).isEmpty();
    assertThat(failover.state("dhcp-b").problems()).isEmpty();
    assertThat(failover.relationship("fo1").scopes()).hasSize(1);
    assertThat(failover.drift("fo1").isEmpty()).isTrue();
  }

  @Test
  @DisplayName("replicating a relationship onto a partner that lacks the peer declares the mirrored peer there in the same plan")
  void replicateDeclaresPeer() throws Exception {
    Files.writeString(b, HEAD + PLAIN_SUBNET);
    failover.apply(failover.plan(dev.failover.plan.Replicate.relationship("fo1").from("dhcp-a")), ADMIN);
    assertThat(dhcpdT(b)).as("dhcpd -t on dhcp-b:\n%s", Files.readString(b)).isZero();
    assertThat(failover.state("dhcp-b").peer("fo1")).isPresent();
    assertThat(failover.state("dhcp-b").relationships()).hasSize(1);
    assertThat(failover.drift("fo1").isEmpty()).isTrue();
  }

  @Test
  @DisplayName("AddPeer on one server is refused when the partner declares the peer in the same role, accepted as its mirror")
  void addPeerChecked() throws Exception {
    Files.writeString(b, HEAD + PLAIN_SUBNET);
    IscPeer fromA = peerOn("dhcp-a");
    IscPeer samePrimary = IscPeer.of("fo1", ImmutableIscPeerDeclaration.copyOf(fromA.declaration())
        .withAddress("192.0.2.2").withPeerAddress("192.0.2.1"));
    assertThat(catchThrowable(() -> failover.plan(AddPeer.of("dhcp-b", samePrimary))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must mirror its declaration");
    assertThat(Files.readString(b)).isEqualTo(HEAD + PLAIN_SUBNET);
    IscPeer mirror = IscPeer.of("fo1", IscPeerMapping.mirror(fromA.declaration()));
    assertThat(mirror.declaration().role()).isEqualTo(ServerRole.SECONDARY);
    failover.apply(failover.plan(AddPeer.of("dhcp-b", mirror)), ADMIN);
    assertThat(dhcpdT(b)).as("dhcpd -t on dhcp-b:\n%s", Files.readString(b)).isZero();
    assertThat(failover.state("dhcp-b").problems()).isEmpty();
    assertThat(failover.state("dhcp-b").relationships()).hasSize(1);
  }
}
