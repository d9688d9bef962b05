package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.diff.DriftReport;
import dev.failover.diff.ItemDifference;
import dev.failover.isc.conf.IscConfig;
import dev.failover.plan.Replicate;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 7, one level above the pools, with the real {@code dhcpd -t}: a subnet's own
 * statements besides its options, default lease time and booting switch ({@code max-lease-time},
 * {@code filename}, {@code next-server}, subnet-level permits) travel verbatim: drift compares
 * them, replication copies and removes them.
 */
@DisplayName("ISC replication loses no subnet-level statement (real dhcpd -t)")
class IscSubnetStatementsIT {

  static final Subnet NET = Subnet.parse("10.1.0.0/24");
  static final Principal ADMIN = IscNothingLostIT.ADMIN;

  static final String A_TEXT = "omapi-port 7911;\nauthoritative;\n" + IscNothingLostIT.PEER_A
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n"
      + "  option routers 10.1.0.1;\n"
      + "  default-lease-time 600;\n"
      + "  max-lease-time 7200;\n"
      + "  filename \"pxelinux.0\";\n"
      + "  next-server 10.1.0.9;\n"
      + "  deny unknown-clients;\n"
      + "  pool {\n"
      + "    failover peer \"fo1\";\n"
      + "    range 10.1.0.100 10.1.0.150;\n"
      + "  }\n"
      + "}\n";
  /** The partner: the same subnet without the subnet-level statements. */
  static final String B_TEXT = "omapi-port 7911;\nauthoritative;\n" + IscNothingLostIT.PEER_B
      + "subnet 10.1.0.0 netmask 255.255.255.0 {\n"
      + "  option routers 10.1.0.1;\n"
      + "  default-lease-time 600;\n"
      + "  pool {\n"
      + "    failover peer \"fo1\";\n"
      + "    range 10.1.0.100 10.1.0.150;\n"
      + "  }\n"
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
    assertThat(IscFilePair.dhcpdT(a)).as("dhcpd -t accepts the source").isZero();
    assertThat(IscFilePair.dhcpdT(b)).as("dhcpd -t accepts the partner").isZero();
    failover = IscFilePair.failover(a, b);
  }

  @Test
  @DisplayName("the subnet's max-lease-time, filename, next-server and permit are read verbatim, in file order")
  void readVerbatim() throws Exception {
    Scope s = IscConfig.read(a).scope(NET).orElseThrow();
    assertThat(s.properties().iscStatements()).containsExactly("max-lease-time 7200", "filename \"pxelinux.0\"",
        "next-server 10.1.0.9", "deny unknown-clients");
    assertThat(s.properties().leaseTime()).contains(Duration.ofSeconds(600));
  }

  @Test
  @DisplayName("drift names the scope's properties when the partner lacks the subnet's max-lease-time and filename")
  void driftSeesSubnetStatements() {
    DriftReport drift = failover.drift("fo1");
    assertThat(drift.isEmpty()).as("drift of subnets that differ in max-lease-time and filename").isFalse();
    assertThat(drift.scopes().get(0).items()).extracting(ItemDifference::kind).contains(ItemKind.PROPERTIES);
  }

  @Test
  @DisplayName("replicating the scope copies the subnet-level statements; dhcpd -t accepts the partner; drift is then empty")
  void replicationCopiesSubnetStatements() throws Exception {
    failover.apply(failover.plan(Replicate.scope(NET.toString()).from("dhcp-a")), ADMIN);
    assertThat(IscFilePair.dhcpdT(b)).as("dhcpd -t on the partner's file:\n%s", Files.readString(b)).isZero();
    String text = Files.readString(b);
    assertThat(text).contains("max-lease-time 7200;").contains("filename \"pxelinux.0\";")
        .contains("next-server 10.1.0.9;").contains("deny unknown-clients;");
    assertThat(IscConfig.read(b).scope(NET).orElseThrow().properties().iscStatements())
        .containsExactly("max-lease-time 7200", "filename \"pxelinux.0\"", "next-server 10.1.0.9",
            "deny unknown-clients");
    assertThat(failover.drift("fo1").isEmpty()).as("drift after replication").isTrue();
    assertThat(Files.readString(a)).as("the source is not touched").isEqualTo(A_TEXT);
  }

  @Test
  @DisplayName("replicating back from the partner removes the subnet-level statements; dhcpd -t accepts the result")
  void replicationRemovesSubnetStatements() throws Exception {
    failover.apply(failover.plan(Replicate.scope(NET.toString()).from("dhcp-b")), ADMIN);
    assertThat(IscFilePair.dhcpdT(a)).as("dhcpd -t on the source's file:\n%s", Files.readString(a)).isZero();
    String text = Files.readString(a);
    assertThat(text).doesNotContain("max-lease-time").doesNotContain("filename").doesNotContain("next-server")
        .doesNotContain("unknown-clients");
    assertThat(IscConfig.read(a).scope(NET).orElseThrow().properties().iscStatements()).isEmpty();
    assertThat(failover.drift("fo1").isEmpty()).isTrue();
  }
}
