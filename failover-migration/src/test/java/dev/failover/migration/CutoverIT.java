package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.it.RealDhcpdPair;
import dev.failover.isc.it.RealDhcpdPair.Side;
import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.it.RealKeaPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The cutover on real servers: a real dhcpd failover pair (split 128, in network namespaces) is
 * planned onto a running real Kea 2.2 pair, which takes the load-balancing configuration and the
 * leases; dhcpd is stopped side by side by PID through the operator actions the test supplies.
 * First a run goes three steps and back (the way back on real servers), then the whole cutover.
 */
@DisplayName("the cutover from a real dhcpd pair to a real Kea 2.2 pair")
class CutoverIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static KeaPartner partner(RealKeaPair pair, int n, String name) {
    ObjectNode base = (ObjectNode) pair.dhcp4Config(n).path("Dhcp4").deepCopy();
    base.remove(List.of("hooks-libraries", "subnet4", "valid-lifetime"));
    return ImmutableKeaPartner.builder().name(name).url(pair.peerUrl(n)).hooksDirectory(pair.hooksDirectory())
        .base(base.toString()).build();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The operator's actions for one side: stop dhcpd by its PID and check it is gone; start it again. */
  private static IscSide side(RealDhcpdPair isc, Side side) {
    return IscSide.of("dhcpd-" + side.name().toLowerCase(), () -> {
      long pid = isc.pid(side);
      isc.stop(side);
      if (alive(pid)) {
        throw new IllegalStateException("dhcpd (PID " + pid + ") still runs");
      }
    }, () -> isc.start(side));
  }

  private static Optional<String> hw(KeaClient client, String address) {
    JsonNode got = client.command("lease4-get", JSON.createObjectNode().put("ip-address", address)).arguments()
        .orElse(JSON.createObjectNode());
    return got.has("hw-address") ? Optional.of(got.path("hw-address").asText()) : Optional.empty();
  }

  private static List<String> thisServer(KeaClient client) {
    return client.configGet().thisServerNames();
  }

  @Test
  @DisplayName("three steps and back leave dhcpd running, the Kea leases deleted and Kea's configuration restored; then all four steps: Kea load-balances with every lease, dhcpd is stopped on both sides")
  void stepsAndWayBack() throws Exception {
    try (RealDhcpdPair isc = RealDhcpdPair.create(Optional.empty());
        RealKeaPair kea = RealKeaPair.start(RealKeaPair.Mode.LOAD_BALANCING)) {
      // dhcpd's max-response-delay of 6 s (the harness writes 60): Kea's heartbeat becomes 2 s, so
      // the Kea pair reaches its HA state in seconds, twice in this test
      for (Side side : Side.values()) {
        java.nio.file.Files.writeString(isc.config(side), java.nio.file.Files.readString(isc.config(side))
            .replace("max-response-delay 60;", "max-response-delay 6;"));
      }
      isc.start(Side.PRIMARY);
      isc.start(Side.SECONDARY);
      MigrationPlan plan = IscToKea.plan(IscConfig.read(isc.config(Side.PRIMARY)),
          IscConfig.read(isc.config(Side.SECONDARY)), RealDhcpdPair.PEER, partner(kea, 1, "kea-a"),
          partner(kea, 2, "kea-b"));
      assertThat(plan.mode()).isEqualTo("load-balancing");
      assertThat(plan.config("kea-a").toString()).contains("\"heartbeat-delay\":2000");
      Instant now = Instant.now();
      LeaseMove leases = IscLeases.move(plan, IscLeases.parse("primary.leases",
          LeaseFiles.lease("192.0.2.110", "active", now, -600, 3000, "52:54:00:00:01:10", null)),
          IscLeases.parse("secondary.leases",
              LeaseFiles.lease("192.0.2.160", "active", now, -60, 900, "52:54:00:00:01:60", null)), now);
      KeaClient a = kea.client(1);
      KeaClient b = kea.client(2);
      List<String> before = thisServer(a);
      Cutover cutover = Cutover.builder().plan(plan).leases(leases).kea("kea-a", a).kea("kea-b", b)
          .principal(dev.failover.access.Principal.withRoles("ops", dev.failover.access.BuiltInRole.DHCP_ADMINISTRATORS))
          .iscPrimary(side(isc, Side.PRIMARY)).iscSecondary(side(isc, Side.SECONDARY))
          .timing(CutoverTiming.of(RealKeaPair.STATE_TIMEOUT)).build();

      // three steps, then the way back
      CutoverRun run = cutover.start();
      for (int n = 1; n <= 3; n++) {
        CutoverOutcome step = run.next();
        assertThat(step.succeeded()).as("step %d: %s", n, step.summary()).isTrue();
      }
      assertThat(hw(b, "192.0.2.110")).contains("52:54:00:00:01:10");
      long stopped = isc.pid(Side.PRIMARY);
      assertThat(alive(stopped)).isFalse();
      CutoverOutcome back = run.undo();
      assertThat(back.notUndone()).isEmpty();
      assertThat(back.undone()).hasSize(1 + 4 + 2).first().isEqualTo("step 3: started ISC on dhcpd-primary again");
      assertThat(alive(isc.pid(Side.PRIMARY))).isTrue();
      for (KeaClient client : List.of(a, b)) {
        assertThat(hw(client, "192.0.2.110")).isEmpty();
        assertThat(hw(client, "192.0.2.160")).isEmpty();
      }
      assertThat(thisServer(a)).isEqualTo(before).doesNotContain("kea-a");

      // the whole cutover
      CutoverOutcome all = cutover.runAll();
      assertThat(all.succeeded()).as(all.summary()).isTrue();
      assertThat(all.done()).containsExactly(1, 2, 3, 4);
      for (KeaClient client : List.of(a, b)) {
        assertThat(hw(client, "192.0.2.110")).contains("52:54:00:00:01:10");
        assertThat(hw(client, "192.0.2.160")).contains("52:54:00:00:01:60");
      }
      HaHeartbeat ha = a.haHeartbeat();
      assertThat(ha.state()).isEqualTo("load-balancing");
      assertThat(ha.scopes()).containsExactly("kea-a");
      assertThat(b.haHeartbeat().scopes()).containsExactly("kea-b");
      assertThat(alive(isc.pid(Side.PRIMARY))).isFalse();
      assertThat(alive(isc.pid(Side.SECONDARY))).isFalse();
    }
  }
}
