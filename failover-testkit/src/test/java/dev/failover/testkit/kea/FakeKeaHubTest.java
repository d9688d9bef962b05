package dev.failover.testkit.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.state.KeaHaState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three fakes in one HA network ({@link FakeKeaServer.Builder#startBeside}): a hub with two
 * hot-standby relationships (Kea ≥ 2.6 hub and spoke; the fake's Kea 3.0 flavour) and a spoke
 * in each.
 */
@DisplayName("Fake Kea hub and spokes in one HA network")
class FakeKeaHubTest {

  private static final String URL = "http://127.0.0.1:";

  /**
   * A configuration with hot-standby relationships, each [primary, standby], in which the server
   * is named {@code own.get(i)} in relationship i.
   */
  private static ObjectNode config(int index, List<String> own, List<List<String>> relationships) {
    ObjectNode root = KeaConfigs.server(index, own.get(0), HaSettings.Mode.HOT_STANDBY,
        peers(relationships.get(0)), KeaConfigs.Timers.RECORDED, List.of());
    ArrayNode list = (ArrayNode) root.get("Dhcp4").get("hooks-libraries").get(1).get("parameters")
        .get("high-availability");
    for (int i = 1; i < relationships.size(); i++) {
      ObjectNode entry = list.get(0).deepCopy();
      entry.put("this-server-name", own.get(i));
      ArrayNode peers = entry.putArray("peers");
      for (KeaConfigs.PeerSpec p : peers(relationships.get(i))) {
        peers.addObject().put("auto-failover", true).put("name", p.name()).put("role", p.role())
            .put("url", p.url());
      }
      list.add(entry);
    }
    return root;
  }

  private static List<KeaConfigs.PeerSpec> peers(List<String> names) {
    return List.of(new KeaConfigs.PeerSpec(names.get(0), "primary", URL + "18001/"),
        new KeaConfigs.PeerSpec(names.get(1), "standby", URL + (names.get(1).equals("spoke-1")
            ? "18002/" : "18003/")));
  }

  @Test
  @DisplayName("each spoke is the hub's partner in its own relationship: cutting one moves only that one")
  void hubAndSpokes() {
    List<String> one = List.of("hub-1", "spoke-1");
    List<String> two = List.of("hub-2", "spoke-2");
    FakeKeaServer hub = FakeKeaServer.builder().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0)
        .configuration(config(1, List.of("hub-1", "hub-2"), List.of(one, two))).start();
    try (hub;
        FakeKeaServer spoke1 = FakeKeaServer.builder().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0)
            .configuration(config(2, List.of("spoke-1"), List.of(one))).startBeside(hub);
        FakeKeaServer spoke2 = FakeKeaServer.builder().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0)
            .configuration(config(3, List.of("spoke-2"), List.of(two))).startBeside(hub)) {
      assertThat(hub.serverNames()).containsExactly("hub-1", "hub-2");
      assertThat(spoke1.clock()).isSameAs(hub.clock());
      assertThat(spoke1.url()).isNotEqualTo(hub.url()).isNotEqualTo(spoke2.url());
      ManualClock clock = (ManualClock) hub.clock();
      clock.advance(Duration.ofSeconds(10));
      assertThat(hub.haState("hub-1")).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(hub.haState("hub-2")).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(spoke1.haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(spoke2.haState()).isEqualTo(KeaHaState.HOT_STANDBY);

      // the hub's partner in hub-1 is spoke1 itself, not the stand-in the hub had before it started
      spoke1.disconnect();
      clock.advance(Duration.ofSeconds(10));
      assertThat(hub.haState("hub-1")).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(hub.haState("hub-2")).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(spoke2.haState()).isEqualTo(KeaHaState.HOT_STANDBY);
    }
  }

  @Test
  @DisplayName("startBeside needs a configuration and the neighbour's clock")
  void startBesideRules() {
    try (FakeKeaServer first = FakeKeaServer.start()) {
      assertThatThrownBy(() -> FakeKeaServer.builder().startBeside(first))
          .isInstanceOf(ValidationException.class).hasMessageContaining("configuration");
      assertThatThrownBy(() -> FakeKeaServer.builder().clock(ManualClock.create())
          .configuration(first.configuration()).startBeside(first))
          .isInstanceOf(ValidationException.class).hasMessageContaining("clock");
    }
  }

  @Test
  @DisplayName("Kea 2.2 refuses a second relationship on one server")
  void kea22RefusesTwo() {
    ObjectNode hub = config(1, List.of("hub-1", "hub-2"),
        List.of(List.of("hub-1", "spoke-1"), List.of("hub-2", "spoke-2")));
    assertThatThrownBy(() -> FakeKeaServer.builder().configuration(hub).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Expected exactly one configuration");
  }
}
