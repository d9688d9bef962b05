package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Peers whose URLs are no control endpoint (dedicated HA listeners) are matched to the server
 * whose own HA entry names itself so with the same peers; two pairs using the same peer names
 * are told apart by their peers' URLs, and a name two servers claim for the same peers matches
 * neither.
 */
@DisplayName("Kea peers are matched to inventory servers by each server's own this-server-name")
class KeaPeerByOwnNameTest {

  /** Rewrites the server's HA peer URLs to listener ports that no inventory endpoint has. */
  private static void listeners(FakeKeaServer server, int first, int second) {
    KeaClient client = KeaClient.builder(server.url()).name("test").build();
    Dhcp4Config config = client.configGet();
    ObjectNode dhcp4 = config.dhcp4();
    ObjectNode entry = (ObjectNode) config.highAvailability().get(0);
    ((ObjectNode) entry.path("peers").get(0)).put("url", "http://127.0.0.1:" + first + "/");
    ((ObjectNode) entry.path("peers").get(1)).put("url", "http://127.0.0.1:" + second + "/");
    client.configSet(Dhcp4Config.ofDhcp4(dhcp4).withHighAvailability(
        java.util.List.of(entry), KeaBackend.DEFAULT_HOOKS_DIRECTORY));
  }

  private static Server server(String id, FakeKeaServer fake) {
    return Server.builder().id(ServerId.of(id)).vendor(Vendor.KEA).address("127.0.0.1").endpoint(fake.url()).build();
  }

  @Test
  @DisplayName("two pairs with the same peer names, each read as its own pair")
  void samePeerNamesInTwoPairs() {
    try (FakeKeaPair one = FakeKeaPair.hotStandby().serverNames("server1", "server2").start();
        FakeKeaPair two = FakeKeaPair.hotStandby().serverNames("server1", "server2").start()) {
      listeners(one.primary(), 61001, 61002);
      listeners(one.secondary(), 61001, 61002);
      listeners(two.primary(), 61003, 61004);
      listeners(two.secondary(), 61003, 61004);
      Inventory inventory = Inventory.of(server("one-a", one.primary()), server("one-b", one.secondary()),
          server("two-a", two.primary()), server("two-b", two.secondary()));
      KeaBackend backend = new KeaBackend();
      for (String id : new String[] {"one-a", "one-b", "two-a", "two-b"}) {
        ServerState state = backend.read(inventory.require(id), inventory);
        Relationship r = state.relationships().get(0);
        String pair = id.substring(0, 3);
        assertThat(r.primary()).as("read from %s", id).isEqualTo(ServerId.of(pair + "-a"));
        assertThat(r.secondary()).as("read from %s", id).isEqualTo(ServerId.of(pair + "-b"));
      }
    }
  }

  @Test
  @DisplayName("a peer name two servers claim with the same peers matches neither, and the error says how peers are matched")
  void ambiguousName() {
    try (FakeKeaPair one = FakeKeaPair.hotStandby().serverNames("server1", "server2").start();
        FakeKeaPair two = FakeKeaPair.hotStandby().serverNames("server1", "server2").start()) {
      for (FakeKeaServer s : new FakeKeaServer[] {one.primary(), one.secondary(), two.primary(), two.secondary()}) {
        listeners(s, 61001, 61002);
      }
      Inventory inventory = Inventory.of(server("one-a", one.primary()), server("one-b", one.secondary()),
          server("two-a", two.primary()), server("two-b", two.secondary()));
      assertThatThrownBy(() -> new KeaBackend().read(inventory.require("one-a"), inventory))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("\"server2\"")
              .contains("by a Kea server whose own HA configuration names itself \"server2\" with the same peers"));
    }
  }
}
