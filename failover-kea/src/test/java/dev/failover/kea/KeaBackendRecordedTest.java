package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.diff.ItemChange;
import dev.failover.kea.client.RecordedKea;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Reservation;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The backend against answers recorded from a real Kea 2.2.0 agent ({@code kea-2.2-answers/}). */
@DisplayName("KeaBackend against recorded Kea 2.2 answers")
class KeaBackendRecordedTest {

  private static Inventory inventory(RecordedKea kea) {
    return Inventory.of(
        Server.builder().id(ServerId.of("dhcp-a")).vendor(Vendor.KEA).address("127.0.0.1").endpoint(kea.url()).build(),
        Server.builder().id(ServerId.of("dhcp-b")).vendor(Vendor.KEA).address("127.0.0.1")
            .endpoint(URI.create("http://127.0.0.1:18002/")).build());
  }

  @Test
  @DisplayName("the recorded server reads as one hot-standby relationship with its subnet and peers from the inventory")
  void readsRecordedServer() {
    try (RecordedKea kea = RecordedKea.agent().answer("config-get", "config-get.response.json")) {
      Inventory inventory = inventory(kea);
      ServerState state = new KeaBackend().read(inventory.require("dhcp-a"), inventory);
      assertThat(state.scopes()).extracting(s -> s.subnet().toString()).containsExactly("192.0.2.0/24");
      Relationship r = state.relationships().get(0);
      assertThat(r.name().value()).isEqualTo("server1");
      assertThat(r.mode()).isEqualTo(FailoverMode.HOT_STANDBY);
      assertThat(r.primary()).isEqualTo(ServerId.of("dhcp-a"));
      assertThat(r.secondary()).isEqualTo(ServerId.of("dhcp-b"));
      assertThat(r.scopes()).containsExactly(Subnet.parse("192.0.2.0/24"));
    }
  }

  @Test
  @DisplayName("config-test's refusal is a REJECTED BackendException with Kea's own text and code; nothing is set")
  void configTestRejection() {
    try (RecordedKea kea = RecordedKea.agent().answer("config-get", "config-get.response.json")
        .answer("config-test", "config-test-duplicate-subnet-id.response.json")) {
      Inventory inventory = inventory(kea);
      Server server = inventory.require("dhcp-a");
      KeaBackend backend = new KeaBackend();
      ServerState state = backend.read(server, inventory);
      ServerPlan part = ImmutableServerPlan.builder().server(server.id()).vendor(Vendor.KEA)
          .fingerprint(state.fingerprint()).addChange(ItemChanged.of(ItemChange.add(Subnet.parse("192.0.2.0/24"),
              Reservation.of("00:16:3e:00:00:09", "192.0.2.9")))).build();
      for (Runnable step : new Runnable[] {() -> backend.check(server, part),
          () -> backend.apply(server, part, p -> { })}) {
        assertThatThrownBy(step::run).isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
          assertThat(e.serverMessage()).isEqualTo("ID of the new IPv4 subnet '1' is already in use (<wire>:0:3184)");
          assertThat(e.serverCode()).contains("1");
        });
      }
      assertThat(kea.requests()).extracting(RecordedKea.Request::command).doesNotContain("config-set", "config-write")
          .contains("config-test");
    }
  }
}
