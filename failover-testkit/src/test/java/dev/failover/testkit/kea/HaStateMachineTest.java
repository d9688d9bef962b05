package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.KeaTestSupport.command;
import static dev.failover.testkit.kea.KeaTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.state.KeaHaState;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The HA state machine on the controllable clock (vendor-facts.md §3.5, Kea 2.2 ha_service.cc),
 * with the recorded pair's timers: heartbeat-delay 2 s, max-response-delay 6 s,
 * max-unacked-clients 0 unless a test says otherwise.
 */
@DisplayName("Kea HA state machine on the fake's clock")
class HaStateMachineTest {

  private static JsonNode remote(FakeKeaServer kea) {
    return post(kea.url(), command("status-get")).single().get("arguments")
        .get("high-availability").get(0).get("ha-servers").get("remote");
  }

  @Test
  @DisplayName("hot-standby: the standby dies; the primary stays hot-standby until"
      + " max-response-delay after the last heartbeat answered, then goes partner-down")
  void primaryGoesPartnerDown() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      pair.advance(Duration.ofMillis(2500));
      pair.secondary().disconnect();
      assertThatThrownBy(() -> post(pair.secondary().url(), command("status-get")))
          .isInstanceOf(UncheckedIOException.class);
      // the last answer came just after the heartbeat at 2 s: at the heartbeat at 8 s
      // communication is not yet interrupted, just after it it is, and the state machine acts on
      // it at the next heartbeat (10 s), as real Kea does (the differential suite's partner cut)
      pair.advance(Duration.ofMillis(5500));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(pair.primary().partnerStateSeen()).contains(KeaHaState.UNAVAILABLE);
      assertThat(pair.primary().communicationInterrupted()).isFalse();
      pair.advance(Duration.ofMillis(1));
      assertThat(pair.primary().communicationInterrupted()).isTrue();
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      pair.advance(Duration.ofMillis(1998));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      pair.advance(Duration.ofMillis(1));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(pair.primary().communicationInterrupted()).isTrue();
      assertThat(pair.primary().servedScopes()).containsExactly("server1");
      assertThat(remote(pair.primary()).get("age").asInt()).isEqualTo(8);
    }
  }

  @Test
  @DisplayName("reachable again: partner-down -> waiting -> syncing -> ready -> hot-standby")
  void recovery() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      pair.primary().makePartnerUnreachable();
      pair.advance(Duration.ofSeconds(6));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(pair.secondary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(pair.secondary().servedScopes()).containsExactly("server1");
      pair.primary().makePartnerReachable();
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.servers()).extracting(FakeKeaServer::haState)
          .doesNotContain(KeaHaState.PARTNER_DOWN);
      pair.advance(Duration.ofSeconds(4));
      assertThat(pair.servers()).extracting(FakeKeaServer::haState)
          .containsOnly(KeaHaState.HOT_STANDBY);
      assertThat(pair.primary().servedScopes()).containsExactly("server1");
      assertThat(pair.secondary().servedScopes()).isEmpty();
      List<String> log = pair.primary().serverLog();
      assertThat(String.join("\n", log)).containsSubsequence("to PARTNER-DOWN", "to WAITING",
          "to SYNCING", "to READY", "to HOT-STANDBY");
    }
  }

  @Test
  @DisplayName("hot-standby standby with max-unacked-clients 3: interrupted, it waits for more"
      + " than 3 unanswered clients before it takes over")
  void standbyWaitsForUnackedClients() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24")
        .maxUnackedClients(3).start()) {
      pair.secondary().makePartnerUnreachable();
      pair.advance(Duration.ofSeconds(10));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(pair.secondary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(pair.secondary().communicationInterrupted()).isTrue();
      assertThat(remote(pair.secondary()).get("unacked-clients-left").asInt()).isEqualTo(4);
      pair.secondary().simulateUnackedClients(3);
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.secondary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      pair.secondary().simulateUnackedClients(4);
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.secondary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(pair.secondary().servedScopes()).containsExactly("server1");
    }
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      assertThatThrownBy(() -> pair.secondary().simulateUnackedClients(1))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  @DisplayName("load-balancing: communication-recovery at the first failed heartbeat,"
      + " partner-down when interrupted, both scopes served; back to load-balancing after")
  void loadBalancing() {
    try (FakeKeaPair pair = FakeKeaPair.loadBalancing().withScope("10.2.0.0/24").start()) {
      assertThat(pair.primary().servedScopes()).containsExactly("server1");
      assertThat(pair.secondary().servedScopes()).containsExactly("server2");
      pair.primary().makePartnerUnreachable();
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.COMMUNICATION_RECOVERY);
      pair.advance(Duration.ofSeconds(4));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(pair.primary().servedScopes()).containsExactly("server1", "server2");
      pair.primary().makePartnerReachable();
      pair.advance(Duration.ofSeconds(10));
      assertThat(pair.servers()).extracting(FakeKeaServer::haState)
          .containsOnly(KeaHaState.LOAD_BALANCING);
    }
  }

  @Test
  @DisplayName("a short interruption in load-balancing recovers through communication-recovery")
  void shortInterruption() {
    try (FakeKeaPair pair = FakeKeaPair.loadBalancing().withScope("10.2.0.0/24").start()) {
      pair.primary().makePartnerUnreachable();
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.COMMUNICATION_RECOVERY);
      pair.primary().makePartnerReachable();
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.servers()).extracting(FakeKeaServer::haState)
          .containsOnly(KeaHaState.LOAD_BALANCING);
    }
  }

  @Test
  @DisplayName("config-set restarts the HA service: waiting, back to normal one heartbeat later;"
      + " the partner is not disturbed")
  void configSetRestartsHa() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      ObjectNode config = pair.primary().configuration();
      JsonNode set = post(pair.primary().url(), command("config-set", config.toString()))
          .single();
      assertThat(set.get("text").asText()).isEqualTo("Configuration successful.");
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.WAITING);
      assertThat(remote(pair.primary()).get("in-touch").asBoolean()).isFalse();
      assertThat(remote(pair.primary()).get("last-state").asText()).isEmpty();
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(pair.secondary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
    }
  }

  @Test
  @DisplayName("a restarted server and a restarted pair find their way back to normal operation")
  void restart() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      pair.primary().restart();
      pair.secondary().restart();
      assertThat(pair.servers()).extracting(FakeKeaServer::haState)
          .containsOnly(KeaHaState.WAITING);
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.servers()).extracting(FakeKeaServer::haState)
          .containsOnly(KeaHaState.READY);
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.servers()).extracting(FakeKeaServer::haState)
          .containsOnly(KeaHaState.HOT_STANDBY);
    }
  }

  @Test
  @DisplayName("maintenance: the partner must be reachable and willing; otherwise Kea's answers")
  void maintenance() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      String cancel = post(pair.primary().url(), command("ha-maintenance-cancel")).single()
          .get("text").asText();
      assertThat(cancel).isEqualTo("Unable to cancel maintenance request because the server is"
          + " not in the partner-in-maintenance state.");
      pair.secondary().setHaState(KeaHaState.TERMINATED);
      JsonNode refused = post(pair.primary().url(), command("ha-maintenance-start")).single();
      assertThat(refused.get("result").asInt()).isEqualTo(1);
      assertThat(refused.get("text").asText()).isEqualTo("Unable to transition to the"
          + " partner-in-maintenance state. The partner server responded with the following"
          + " message to the ha-maintenance-notify commmand: Unable to transition the server"
          + " from the terminated to in-maintenance state., error code 1001.");
      pair.secondary().setHaState(KeaHaState.HOT_STANDBY);
      pair.secondary().disconnect();
      JsonNode alone = post(pair.primary().url(), command("ha-maintenance-start")).single();
      assertThat(alone.get("text").asText()).isEqualTo("Server is now in the partner-down state"
          + " as its partner appears to be offline for maintenance.");
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      JsonNode again = post(pair.primary().url(), command("ha-maintenance-start")).single();
      assertThat(again.get("result").asInt()).isZero();
    }
  }

  @Test
  @DisplayName("partner-in-maintenance goes partner-down as soon as the partner is shut down")
  void maintenanceThenShutdown() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      post(pair.secondary().url(), command("ha-maintenance-start"));
      pair.primary().disconnect();
      pair.advance(Duration.ofSeconds(2));
      assertThat(pair.secondary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(pair.secondary().servedScopes()).containsExactly("server1");
      JsonNode cancel = post(pair.secondary().url(), command("ha-maintenance-cancel")).single();
      assertThat(cancel.get("result").asInt()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("ha-scopes serves the given scopes until the next transition; unknown names"
      + " refused")
  void scopes() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      JsonNode ok = post(pair.secondary().url(), command("ha-scopes",
          "{\"scopes\":[\"server1\"]}")).single();
      assertThat(ok.get("text").asText()).isEqualTo("New HA scopes configured.");
      assertThat(pair.secondary().servedScopes()).containsExactly("server1");
      JsonNode bad = post(pair.secondary().url(), command("ha-scopes",
          "{\"scopes\":[\"x\\\"y\"]}")).single();
      assertThat(bad.get("text").asText()).isEqualTo("invalid server name specified 'x\"y'"
          + " while enabling/disabling HA scopes");
      assertThat(post(pair.secondary().url(), command("ha-scopes", "{}")).single()
          .get("text").asText()).isEqualTo("'scopes' is mandatory for the 'ha-scopes' command");
      pair.secondary().setHaState(KeaHaState.HOT_STANDBY);
      assertThat(pair.secondary().servedScopes()).isEmpty();
    }
  }

  @Test
  @DisplayName("a paused state machine waits for ha-continue")
  void pauseAndContinue() {
    ManualClock clock = ManualClock.create();
    ObjectNode config = (ObjectNode) KeaTestSupport.recordedConfiguration().deepCopy();
    ObjectNode ha = (ObjectNode) config.get("Dhcp4").get("hooks-libraries").get(1)
        .get("parameters").get("high-availability").get(0);
    ha.putObject("state-machine").putArray("states").addObject().put("state", "waiting")
        .put("pause", "always");
    try (FakeKeaServer kea = FakeKeaServer.builder().configuration(config).clock(clock)
        .start()) {
      assertThat(post(kea.url(), command("ha-continue")).single().get("text").asText())
          .isEqualTo("HA state machine is not paused.");
      kea.restart();
      clock.advance(Duration.ofSeconds(10));
      assertThat(kea.haState()).isEqualTo(KeaHaState.WAITING);
      assertThat(post(kea.url(), command("ha-continue")).single().get("text").asText())
          .isEqualTo("HA state machine continues.");
      clock.advance(Duration.ofSeconds(2));
      assertThat(kea.haState()).isEqualTo(KeaHaState.HOT_STANDBY);
    }
  }

  @Test
  @DisplayName("ha-sync reaches the named peer or answers Kea's connection error")
  void sync() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      String body = command("ha-sync", "{\"server-name\":\"server2\",\"max-period\":30}");
      assertThat(post(pair.primary().url(), body).single().get("text").asText())
          .isEqualTo("Lease database synchronization complete.");
      pair.primary().makePartnerUnreachable();
      JsonNode failed = post(pair.primary().url(), body).single();
      assertThat(failed.get("result").asInt()).isEqualTo(1);
      assertThat(failed.get("text").asText()).isEqualTo("Connection refused");
      assertThat(post(pair.primary().url(), command("ha-sync", "{\"server-name\":\"server2\","
          + "\"max-period\":0}")).single().get("text").asText())
          .isEqualTo("'max-period' must be a positive integer in the 'ha-sync' command");
    }
  }

  @Test
  @DisplayName("a standalone fake has a simulated partner that can be cut off")
  void standalone() {
    ManualClock clock = ManualClock.create();
    try (FakeKeaServer kea = FakeKeaServer.builder().clock(clock).start()) {
      assertThat(kea.haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(remote(kea).get("last-state").asText()).isEqualTo("hot-standby");
      kea.makePartnerUnreachable();
      clock.advance(Duration.ofSeconds(6));
      assertThat(kea.haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      kea.makePartnerReachable();
      clock.advance(Duration.ofSeconds(6));
      assertThat(kea.haState()).isEqualTo(KeaHaState.HOT_STANDBY);
    }
  }

  @Test
  @DisplayName("a closed server is gone for its partner and cannot be reconnected")
  void closedIsGone() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      pair.secondary().close();
      pair.secondary().reconnect();
      assertThat(pair.secondary().isConnected()).isFalse();
      pair.advance(Duration.ofSeconds(6));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
    }
  }

  @Test
  @DisplayName("a month on the clock is played in bounded time and ends where Kea would be")
  void longJump() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      long start = System.nanoTime();
      pair.advance(Duration.ofDays(31));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      pair.secondary().disconnect();
      pair.advance(Duration.ofDays(31));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(remote(pair.primary()).get("age").asLong())
          .isEqualTo(Duration.ofDays(31).toSeconds());
      pair.secondary().reconnect();
      pair.advance(Duration.ofDays(1));
      assertThat(pair.servers()).extracting(FakeKeaServer::haState)
          .containsOnly(KeaHaState.HOT_STANDBY);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  @DisplayName("a clock set back changes nothing until it catches up")
  void clockBack() {
    ManualClock clock = ManualClock.create();
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").clock(clock)
        .start()) {
      pair.secondary().makePartnerUnreachable();
      clock.set(ManualClock.DEFAULT_START.minusSeconds(60));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      clock.set(ManualClock.DEFAULT_START.plusSeconds(6));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
    }
  }

  @Test
  @DisplayName("state controls: set, read; unavailable is never a server's own state")
  void controls() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      pair.primary().setHaState(KeaHaState.PARTNER_DOWN);
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      assertThat(pair.primary().servedScopes()).containsExactly("server1");
      assertThatThrownBy(() -> pair.primary().setHaState(KeaHaState.UNAVAILABLE))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> pair.primary().haState("nobody"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(pair.primary().haState("server2")).isEqualTo(KeaHaState.PARTNER_DOWN);
      JsonNode reset = post(pair.primary().url(), command("ha-reset")).single();
      assertThat(reset.get("text").asText()).isEqualTo("HA state machine reset.");
      assertThat(post(pair.primary().url(), command("ha-reset")).single().get("text").asText())
          .isEqualTo("HA state machine already in WAITING state.");
    }
  }
}
