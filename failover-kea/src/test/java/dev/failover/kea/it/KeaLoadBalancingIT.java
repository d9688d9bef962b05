package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.HaRelationshipStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A real Kea 2.2 pair in load-balancing mode. */
@DisplayName("a real Kea 2.2 load-balancing pair")
class KeaLoadBalancingIT {

  private static RealKeaPair pair;

  @BeforeAll
  static void start() {
    pair = RealKeaPair.start(RealKeaPair.Mode.LOAD_BALANCING);
  }

  @AfterAll
  static void stop() {
    if (pair != null) {
      pair.close();
    }
  }

  @Test
  @DisplayName("both servers reach load-balancing, each serving its own scope")
  void bothLoadBalancing() {
    HaHeartbeat one = pair.awaitState(1, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    HaHeartbeat two = pair.awaitState(2, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    assertThat(one.scopes()).containsExactly("server1");
    assertThat(two.scopes()).containsExactly("server2");
  }

  @Test
  @DisplayName("status-get reports the load-balancing mode with primary and secondary roles")
  void status() {
    pair.awaitState(1, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    pair.awaitState(2, "load-balancing", RealKeaPair.STATE_TIMEOUT);
    HaRelationshipStatus one = pair.client(1).statusGet().highAvailability().get(0);
    HaRelationshipStatus two = pair.client(2).statusGet().highAvailability().get(0);
    assertThat(one.haMode()).isEqualTo("load-balancing");
    assertThat(one.local().role()).isEqualTo("primary");
    assertThat(one.remote()).hasValueSatisfying(r -> assertThat(r.role()).isEqualTo("secondary"));
    assertThat(two.local().role()).isEqualTo("secondary");
    assertThat(two.local().state()).isEqualTo("load-balancing");
  }
}
