package dev.failover;

import dev.failover.errors.BackendException;
import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.lab;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.plan.MemoryBackend;
import dev.failover.relationship.Relationship;
import dev.failover.server.Vendor;
import dev.failover.state.ServerStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("One server that cannot be reached never hides the others")
class OutageTest {

  private final Relationship pair = windowsPair("10.1.0.0/24", "10.2.0.0/24");
  private MemoryBackend backend;
  private Failover failover;

  @BeforeEach
  void setUp() {
    backend = new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office(), lab()).withRelationships(pair),
        state(WIN_B, Vendor.WINDOWS, office(), lab()).withRelationships(pair));
    failover = Failover.builder().inventory(INVENTORY).backends(backend).build();
  }

  @Test
  @DisplayName("with the primary unreachable, its relationship is found on the partner and status gives one entry per server")
  void statusNamesTheSilentServerAndShowsTheSurvivor() {
    backend.unreachable.add(WIN_A);
    assertThat(failover.relationship("win-pair").name().value()).isEqualTo("win-pair");
    List<ServerStatus> statuses = failover.statuses("win-pair");
    assertThat(statuses).extracting(s -> s.server().value()).containsExactly("win-a", "win-b");
    assertThat(statuses.get(0).answered()).isFalse();
    assertThat(statuses.get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("win-a")
        .contains("connection refused"));
    assertThat(statuses.get(1).status()).hasValueSatisfying(s -> assertThat(s.server()).isEqualTo(WIN_B));
    assertThatThrownBy(() -> failover.status("win-pair")).isInstanceOf(BackendException.class);
  }

  @Test
  @DisplayName("reading every server reports the unreadable one and reads the rest")
  void readAllGoesOn() {
    backend.unreachable.add(WIN_A);
    List<ServerReading> all = failover.readAll();
    assertThat(all).filteredOn(r -> r.server().equals(WIN_A)).singleElement()
        .satisfies(r -> assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).contains("connection refused")));
    assertThat(all).filteredOn(r -> r.server().equals(WIN_B)).singleElement()
        .satisfies(r -> assertThat(r.state()).isPresent());
    // the servers with no backend here (ISC, Kea) say so, each on its own
    assertThat(all).hasSize(INVENTORY.servers().size());
  }

  @Test
  @DisplayName("when no server of the relationship can be read, the read error is what is thrown, not 'not found'")
  void nothingReadableIsTheReadError() {
    backend.unreachable.add(WIN_A);
    backend.unreachable.add(WIN_B);
    assertThatThrownBy(() -> failover.relationship("win-pair")).isInstanceOf(BackendException.class)
        .hasMessageContaining("connection refused");
  }
}
