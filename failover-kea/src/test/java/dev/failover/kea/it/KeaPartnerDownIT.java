package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.HaRelationshipStatus;
import dev.failover.kea.client.KeaClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One partner of a real Kea 2.2 hot-standby pair stops; the other takes over. */
@DisplayName("a real Kea 2.2 hot-standby pair losing its standby")
class KeaPartnerDownIT {

  private static RealKeaPair pair;

  @BeforeAll
  static void start() {
    pair = RealKeaPair.start(RealKeaPair.Mode.HOT_STANDBY);
  }

  @AfterAll
  static void stop() {
    if (pair != null) {
      pair.close();
    }
  }

  @Test
  @DisplayName("with server2's processes stopped, server1 reaches partner-down; server2 is a transport failure")
  void partnerDown() {
    pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    KeaClient server2 = pair.client(2, Duration.ofSeconds(5));
    pair.stopDhcp4(2);
    // the agent answers for the server it cannot reach: retryable, with Kea's text
    assertThatThrownBy(server2::haHeartbeat)
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
          assertThat(e.retryable()).isTrue();
          assertThat(e.serverCode()).hasValue("1");
          assertThat(e.serverMessage()).startsWith("unable to forward command to the dhcp4 service");
        });
    pair.stopServer(2);
    assertThat(pair.running(2)).isFalse();

    long started = System.nanoTime();
    HaHeartbeat beat = pair.awaitState(1, "partner-down", Duration.ofSeconds(30));
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertThat(beat.scopes()).containsExactly("server1");
    assertThat(seconds).isLessThan(30);

    HaRelationshipStatus status = pair.client(1).statusGet().highAvailability().get(0);
    assertThat(status.local().state()).isEqualTo("partner-down");
    assertThat(status.remote()).hasValueSatisfying(r -> {
      assertThat(r.lastState()).isEqualTo("unavailable");
      assertThat(r.communicationInterrupted()).isTrue();
    });

    assertThatThrownBy(server2::haHeartbeat)
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
          assertThat(e.retryable()).isTrue();
          assertThat(e.server()).isEqualTo("server2");
        });
  }
}
