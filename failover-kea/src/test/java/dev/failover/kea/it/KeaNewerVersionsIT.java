package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.it.RealKeaPair.Install;
import dev.failover.kea.it.RealKeaPair.Mode;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SDK against real Kea 2.6 and 3.0 pairs (Debian's packages in roots of their own; see
 * {@link RealKeaPair.Install}) that an operator configured by hand: 2.6 behind its agents, 3.0 on
 * its own HTTP control sockets, both with dedicated HA listeners (so no peer URL is a control
 * endpoint). The inventory calls the servers
 * {@code dhcp-east} and {@code dhcp-west}; the HA peers are {@code peer-1} and {@code peer-2}.
 */
@DisplayName("the SDK against real Kea 2.6 and 3.0 pairs")
class KeaNewerVersionsIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Install.class, names = {"ROOT_2_6", "ROOT_3_0"})
  @DisplayName("reads the server's own version, the pair's relationship and both servers' state")
  void readsAPairConfiguredByHand(Install install) {
    try (RealKeaPair pair = RealKeaPair.builder().install(install).mode(Mode.HOT_STANDBY).peerNames("peer-").start()) {
      assertThat(pair.client(1).versionGet().text()).startsWith(install.versionPrefix());

      Map<String, String> options = Map.of(KeaBackend.OPTION_REQUEST_TIMEOUT, "PT10S");
      Inventory inventory = Inventory.of(
          Server.builder().id(ServerId.of("dhcp-east")).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.agentUrl(1))
              .options(options).build(),
          Server.builder().id(ServerId.of("dhcp-west")).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.agentUrl(2))
              .options(options).build());
      Failover failover = Failover.builder().inventory(inventory).backends(new KeaBackend()).build();

      ServerState east = failover.state("dhcp-east");
      assertThat(east.relationships()).hasSize(1);
      Relationship r = east.relationships().get(0);
      assertThat(r.primary()).isEqualTo(ServerId.of("dhcp-east"));
      assertThat(r.secondary()).isEqualTo(ServerId.of("dhcp-west"));
      assertThat(east.scopes()).extracting(s -> s.subnet().toString()).containsExactly("192.0.2.0/24");

      List<FailoverStatus> status = failover.status(r.name().value());
      assertThat(status).extracting(FailoverStatus::server)
          .containsExactly(ServerId.of("dhcp-east"), ServerId.of("dhcp-west"));
      assertThat(status).allSatisfy(s -> assertThat(s.localCommon()).isEqualTo(CommonState.NORMAL));
    }
  }
}
