package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.BackendException;
import dev.failover.kea.client.KeaAnswer;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.it.RealKeaPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hot-standby ISC pair migrated onto a running real Kea 2.2 pair: both servers take the
 * planned configuration ({@code config-set}, which loads the HA hook with its parameters), reach
 * hot-standby, take the merged leases of both partners' dhcpd.leases with {@code lease4-add}, and
 * give each back with {@code lease4-get}: same address, client, subnet and end.
 */
@DisplayName("migrated configuration and leases on a running real Kea 2.2 pair")
class LeaseLoadIT {

  private static KeaPartner partner(RealKeaPair pair, int n) {
    ObjectNode base = (ObjectNode) pair.dhcp4Config(n).path("Dhcp4").deepCopy();
    base.remove(List.of("hooks-libraries", "subnet4", "valid-lifetime"));
    return ImmutableKeaPartner.builder().name("server" + n).url(pair.peerUrl(n)).hooksDirectory(pair.hooksDirectory())
        .base(base.toString()).build();
  }

  @Test
  @DisplayName("the pair reaches hot-standby on the migrated configuration, and every merged lease reads back with its address, client, subnet and end")
  void leasesKeepAddressAndTime() throws Exception {
    try (RealKeaPair pair = RealKeaPair.start(RealKeaPair.Mode.HOT_STANDBY)) {
      MigrationPlan plan = IscToKea.plan(Pairs.conf("hs", "primary"), Pairs.conf("hs", "secondary"), "standby-pair",
          partner(pair, 1), partner(pair, 2));
      // the HA parameters are checked only when the hook loads them: neither kea-dhcp4 -t nor the
      // config-test command looks, config-set refuses a relationship with two primaries
      String twoPrimaries = plan.configs().get("server1").replace("\"standby\"", "\"primary\"");
      assertThat(pair.client(1).configTest(Dhcp4Config.parse(twoPrimaries)).isSuccess()).isTrue();
      assertThatThrownBy(() -> pair.client(1).configSet(Dhcp4Config.parse(twoPrimaries)))
          .isInstanceOf(BackendException.class).hasMessageContaining("One or more hook libraries failed to load");
      for (int n = 1; n <= 2; n++) {
        KeaAnswer set = pair.client(n).configSet(Dhcp4Config.of(plan.config("server" + n)));
        assertThat(set.isSuccess()).as("config-set on server%d: %s", n, set).isTrue();
      }
      pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
      pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);

      Instant now = Instant.now();
      String primary = LeaseFiles.lease("192.0.2.100", "active", now, -600, 3000, "52:54:00:00:00:01",
          "\"\\001RT\\000\\000\\000\\001\"") + LeaseFiles.lease("192.0.2.101", "active", now, -900, 900,
          "52:54:00:00:00:02", null) + LeaseFiles.lease("192.0.2.102", "free", now, -900, -900, null, null);
      String secondary = LeaseFiles.lease("192.0.2.101", "active", now, -30, 3570, "52:54:00:00:00:02", null)
          + LeaseFiles.lease("192.0.2.102", "active", now, -60, 540, "52:54:00:00:00:03", null)
          + LeaseFiles.lease("192.0.2.103", "released", now, -60, -60, "52:54:00:00:00:04", null);
      LeaseMove move = IscLeases.move(plan, IscLeases.parse("primary.leases", primary),
          IscLeases.parse("secondary.leases", secondary), now);
      assertThat(move.leases()).extracting(l -> l.address().toString())
          .containsExactly("192.0.2.100", "192.0.2.101", "192.0.2.102");
      for (KeaLease lease : move.leases()) {
        KeaAnswer added = pair.client(1).command("lease4-add", lease.lease4AddArguments());
        assertThat(added.isSuccess()).as("lease4-add %s: %s", lease.address(), added).isTrue();
      }
      for (KeaLease lease : move.leases()) {
        JsonNode got = pair.client(1).command("lease4-get", new ObjectMapper().createObjectNode()
            .put("ip-address", lease.address().toString())).arguments().orElseThrow();
        assertThat(got.path("hw-address").asText()).isEqualTo(lease.hwAddress());
        assertThat(got.path("subnet-id").asLong()).isEqualTo(1);
        assertThat(got.path("valid-lft").asLong()).isEqualTo(lease.validLifetime());
        assertThat(got.path("cltt").asLong() + got.path("valid-lft").asLong())
            .as("the end Kea keeps for %s", lease.address()).isEqualTo(lease.expire().getEpochSecond());
        lease.clientId().ifPresent(c -> assertThat(got.path("client-id").asText()).isEqualTo(c));
      }
      // the merge took the secondary's later end for 192.0.2.101
      assertThat(move.leases().get(1).expire().getEpochSecond()).isEqualTo(now.plusSeconds(3570).getEpochSecond());
    }
  }
}
