package dev.failover.isc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.ProgressListener;
import dev.failover.diff.ItemChange;
import dev.failover.isc.IscBackend;
import dev.failover.isc.it.RealDhcpdPair.Side;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a disabled scope means to the real dhcpd 4.4.3, shown with DHCPDISCOVERs: one dhcpd in
 * the primary's namespace of a {@link RealDhcpdPair} (no failover), a client packet sent from the
 * other namespace. Enabled, dhcpd offers a pool address and the reserved address; disabled by the
 * SDK ({@code ignore booting;} in the subnet), it offers nothing, to neither; written by hand as
 * {@code deny booting;}, which the SDK also reads as disabled, dhcpd logs "booting disallowed".
 * dhcpd.conf(5) says the booting flag "only has meaning when it appears in a host declaration";
 * dhcpd's ack_lease() applies it from the subnet's statements too, as these tests show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IscDisabledScopeIT {

  static final Subnet NET = Subnet.parse("192.0.2.0/24");
  static final String DYNAMIC = "02:00:00:00:00:01";
  static final String RESERVED = "02:00:00:00:00:05";
  static final Duration QUIET = Duration.ofSeconds(3);
  static final String CONFIG = "# one dhcpd, no failover (IscDisabledScopeIT)\n"
      + "authoritative;\n"
      + "ping-check false;\n"
      + "\n"
      + "subnet 192.0.2.0 netmask 255.255.255.0 {\n"
      + "  pool {\n"
      + "    range 192.0.2.100 192.0.2.200;\n"
      + "  }\n"
      + "  host reserved { hardware ethernet " + RESERVED + "; fixed-address 192.0.2.5; }\n"
      + "}\n";

  private RealDhcpdPair pair;
  private final IscBackend backend = new IscBackend();
  private Server server;
  private Inventory inventory;
  private boolean started;

  @BeforeAll
  void createNetwork() throws Exception {
    pair = RealDhcpdPair.create(Optional.empty());
    Files.writeString(pair.config(Side.PRIMARY), CONFIG);
    server = Server.builder().id(ServerId.of("dhcp-a")).vendor(Vendor.ISC).address(Side.PRIMARY.address)
        .endpoint(pair.config(Side.PRIMARY).toUri()).putOption("dhcpd", "/usr/sbin/dhcpd").build();
    inventory = Inventory.of(server);
  }

  @AfterAll
  void removeNetwork() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("enabled: dhcpd offers a pool address and the reserved address")
  void enabledOffers() throws Exception {
    assertThat(backend.read(server, inventory).scope(NET).orElseThrow().enabled()).isTrue();
    restart();
    discover(DYNAMIC);
    pair.awaitLog(Side.PRIMARY, 0, l -> l.matches("DHCPOFFER on 192\\.0\\.2\\.1\\d\\d to " + DYNAMIC + " via .*"),
        Duration.ofSeconds(10));
    discover(RESERVED);
    pair.awaitLog(Side.PRIMARY, 0, l -> l.startsWith("DHCPOFFER on 192.0.2.5 to " + RESERVED), Duration.ofSeconds(10));
  }

  @Test
  @Order(2)
  @DisplayName("disabled by the SDK (ignore booting): the file passes dhcpd -t, and dhcpd offers nothing to either client")
  void disabledIsSilent() throws Exception {
    setEnabled(false);
    assertThat(Files.readString(pair.config(Side.PRIMARY)))
        .contains("subnet 192.0.2.0 netmask 255.255.255.0 {\n  ignore booting; # disabled by the failover SDK");
    assertThat(pair.checkConfig(Side.PRIMARY).exitCode()).isZero();
    assertThat(backend.read(server, inventory).scope(NET).orElseThrow().enabled()).isFalse();
    restart();
    discover(DYNAMIC);
    discover(RESERVED);
    TimeUnit.MILLISECONDS.sleep(QUIET.toMillis());
    assertThat(pair.log(Side.PRIMARY)).as("dhcpd's log").noneMatch(l -> l.startsWith("DHCPOFFER"))
        .noneMatch(l -> l.startsWith("DHCPDISCOVER"));
  }

  @Test
  @Order(3)
  @DisplayName("deny booting written by hand reads as disabled; dhcpd says \"booting disallowed\" for both clients")
  void denyByHand() throws Exception {
    String text = Files.readString(pair.config(Side.PRIMARY));
    Files.writeString(pair.config(Side.PRIMARY), text.replaceFirst("ignore booting; #[^\n]*", "deny booting;"));
    assertThat(backend.read(server, inventory).scope(NET).orElseThrow().enabled()).isFalse();
    restart();
    discover(DYNAMIC);
    pair.awaitLog(Side.PRIMARY, 0, l -> l.equals("DHCPDISCOVER from " + DYNAMIC + " via " + vethOf() + ": booting disallowed"),
        Duration.ofSeconds(10));
    discover(RESERVED);
    pair.awaitLog(Side.PRIMARY, 0, l -> l.startsWith("DHCPDISCOVER from " + RESERVED) && l.endsWith("booting disallowed"),
        Duration.ofSeconds(10));
    assertThat(pair.log(Side.PRIMARY)).noneMatch(l -> l.startsWith("DHCPOFFER"));
  }

  @Test
  @Order(4)
  @DisplayName("enabled again by the SDK: the statement goes, the file is as it was, dhcpd offers again")
  void enabledAgain() throws Exception {
    Files.writeString(pair.config(Side.PRIMARY), Files.readString(pair.config(Side.PRIMARY))
        .replace("deny booting;", "ignore booting; # disabled by the failover SDK: this subnet answers no client"));
    setEnabled(true);
    assertThat(Files.readString(pair.config(Side.PRIMARY))).isEqualTo(CONFIG);
    restart();
    discover(DYNAMIC);
    pair.awaitLog(Side.PRIMARY, 0, l -> l.startsWith("DHCPOFFER on 192.0.2.") && l.contains(DYNAMIC),
        Duration.ofSeconds(10));
  }

  private String vethOf() {
    return pair.log(Side.PRIMARY).stream().filter(l -> l.startsWith("Listening on LPF/")).findFirst()
        .map(l -> l.split("/")[1]).orElseThrow();
  }

  private void setEnabled(boolean enabled) {
    ServerState s = backend.read(server, inventory);
    Scope scope = s.scope(NET).orElseThrow();
    ScopeProperties after = ScopeProperties.builder().from(scope.properties()).enabled(enabled).build();
    ServerPlan part = ImmutableServerPlan.builder().server(server.id()).vendor(Vendor.ISC).fingerprint(s.fingerprint())
        .addChanges(ItemChanged.of(ItemChange.modify(NET, scope.properties(), after))).build();
    backend.check(server, part);
    backend.apply(server, part, ProgressListener.NONE);
  }

  private void restart() throws Exception {
    if (started) {
      pair.stop(Side.PRIMARY);
    }
    pair.start(Side.PRIMARY);
    started = true;
    pair.awaitLog(Side.PRIMARY, 0, l -> l.equals("Server starting service."), Duration.ofSeconds(10));
  }

  /** A DHCPDISCOVER with the broadcast flag from {@code mac}, sent from the secondary's namespace to port 67. */
  private void discover(String mac) throws IOException, InterruptedException {
    ByteBuffer b = ByteBuffer.allocate(300);
    b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 0).putInt(0x1f2e3d4c).putShort((short) 0)
        .putShort((short) 0x8000);
    b.position(28);
    for (String octet : mac.split(":")) {
      b.put((byte) Integer.parseInt(octet, 16));
    }
    b.position(236);
    b.put(new byte[] {99, (byte) 130, 83, 99, 53, 1, 1, (byte) 255});
    Process p = new ProcessBuilder(List.of("ip", "netns", "exec", pair.namespace(Side.SECONDARY), "socat", "-u", "STDIN",
        "UDP4-DATAGRAM:192.0.2.255:67,so-broadcast,sourceport=68")).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(b.array());
    }
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("socat did not send the DHCPDISCOVER within 10 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("socat: %s", out).isZero();
  }
}
