package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.KeaTestSupport.assertSameShape;
import static dev.failover.testkit.kea.KeaTestSupport.command;
import static dev.failover.testkit.kea.KeaTestSupport.post;
import static dev.failover.testkit.kea.KeaTestSupport.recorded;
import static dev.failover.testkit.kea.KeaTestSupport.recordedConfiguration;
import static dev.failover.testkit.kea.KeaTestSupport.recordedText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.state.KeaHaState;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every answer recorded from the real Kea 2.2.0 pair ({@code kea-2.2-answers/}), asked of the
 * fake: the same JSON kind (array or bare object), the same keys, the same texts and result
 * codes, and the same values wherever the recorded situation can be set up on the clock.
 */
@DisplayName("The fake Kea answers as the recorded Kea 2.2.0 did")
class RecordedAnswersTest {

  /**
   * The recording replaced the real temp directory by {@code /tmp/kea-test/}; a 9-character one
   * ({@code /tmp/kea/}) restores the lengths Kea saw, which the positions and the written size in
   * the recorded answers depend on.
   */
  private static String originalLengths(String text) {
    return text.replace("/tmp/kea-test/", "/tmp/kea/");
  }

  private static FakeKeaServer server1(ManualClock clock) {
    return FakeKeaServer.builder().configuration(recordedConfiguration()).clock(clock).start();
  }

  private static FakeKeaServer server1WithOriginalPaths(ManualClock clock) {
    JsonNode config = KeaTestSupport.parse(originalLengths(
        KeaTestSupport.JSON.valueToTree(recordedConfiguration()).toString()));
    return FakeKeaServer.builder().configuration(config).clock(clock).start();
  }

  private static JsonNode ask(FakeKeaServer server, String recordedRequest) {
    return post(server.url(), recordedText(recordedRequest)).json();
  }

  @Test
  @DisplayName("bad-json: an unparseable body gets HTTP 400 and the bare {result 400, Bad Request}")
  void badJson() {
    try (FakeKeaServer kea = server1(ManualClock.create())) {
      KeaTestSupport.Reply reply = post(kea.url(), recordedText("bad-json.request.json"));
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json()).isEqualTo(recorded("bad-json.response.json"));
    }
  }

  @Test
  @DisplayName("config-get returns exactly the recorded configuration")
  void configGet() {
    try (FakeKeaServer kea = server1(ManualClock.create())) {
      assertThat(ask(kea, "config-get.request.json"))
          .isEqualTo(recorded("config-get.response.json"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"config-set-ok", "config-test-ok", "config-set-reservation-outside-subnet",
      "ha-continue", "ha-scopes", "ha-sync", "ha-reset", "lease4-get-all", "list-commands",
      "unknown-command", "version-get"})
  @DisplayName("answers equal to the recorded ones")
  void identical(String name) {
    try (FakeKeaServer kea = server1(ManualClock.create())) {
      assertThat(ask(kea, name + ".request.json")).isEqualTo(recorded(name + ".response.json"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"config-set-duplicate-subnet-id", "config-set-pool-outside-subnet",
      "config-test-duplicate-subnet-id"})
  @DisplayName("config errors carry Kea's text and exactly Kea's (<wire>:0:N) position")
  void configErrorsWithPositions(String name) {
    try (FakeKeaServer kea = server1WithOriginalPaths(ManualClock.create())) {
      JsonNode answer = post(kea.url(), originalLengths(recordedText(name + ".request.json")))
          .json();
      assertThat(answer).isEqualTo(recorded(name + ".response.json"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"config-set-duplicate-subnet-id", "config-set-pool-outside-subnet",
      "config-test-duplicate-subnet-id"})
  @DisplayName("with the recording's rewritten paths the position is 15 higher: 3 paths x 5 bytes")
  void positionsFollowThePathLengths(String name) {
    try (FakeKeaServer kea = server1(ManualClock.create())) {
      String text = ask(kea, name + ".request.json").get(0).get("text").asText();
      String recordedText = recorded(name + ".response.json").get(0).get("text").asText();
      assertThat(position(text)).isEqualTo(position(recordedText) + 15);
      assertThat(text.substring(0, text.lastIndexOf('(')))
          .isEqualTo(recordedText.substring(0, recordedText.lastIndexOf('(')));
    }
  }

  private static int position(String text) {
    Matcher m = Pattern.compile("\\(<wire>:0:(\\d+)\\)$").matcher(text);
    assertThat(m.find()).as("position in %s", text).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  @DisplayName("a failed config-set keeps the configuration in force")
  void failedConfigSetKeepsConfiguration() {
    try (FakeKeaServer kea = server1(ManualClock.create())) {
      ObjectNode before = kea.configuration();
      ask(kea, "config-set-pool-outside-subnet.request.json");
      ask(kea, "config-set-duplicate-subnet-id.request.json");
      ask(kea, "config-set-reservation-outside-subnet.request.json");
      assertThat(kea.configuration()).isEqualTo(before);
      assertThat(ask(kea, "config-get.request.json"))
          .isEqualTo(recorded("config-get.response.json"));
    }
  }

  @Test
  @DisplayName("config-write reports Kea's text and the size of Kea's pretty-printed file")
  void configWrite() {
    try (FakeKeaServer kea = server1WithOriginalPaths(ManualClock.create())) {
      JsonNode answer = post(kea.url(), recordedText("config-write.request.json")).json();
      assertThat(answer).isEqualTo(recorded("config-write.response.json"));
      assertThat(kea.persisted()).get().satisfies(p -> {
        assertThat(p.filename()).isEqualTo("/tmp/kea-test/written.json");
        assertThat(p.size()).isEqualTo(4996);
        assertThat(p.configuration()).isEqualTo(kea.configuration());
      });
    }
    try (FakeKeaServer kea = server1(ManualClock.create())) {
      JsonNode answer = ask(kea, "config-write.request.json");
      assertThat(answer.get(0).get("arguments").get("size").asLong()).isEqualTo(4996 + 15);
    }
  }

  @Test
  @DisplayName("ha-heartbeat: state, scopes, RFC 1123 date from the clock, unsent-update-count")
  void haHeartbeat() {
    ManualClock clock = ManualClock.at(java.time.Instant.parse("2026-11-24T19:43:33Z"));
    try (FakeKeaServer kea = server1(clock)) {
      assertThat(ask(kea, "ha-heartbeat.request.json"))
          .isEqualTo(recorded("ha-heartbeat.response.json"));
    }
  }

  @Test
  @DisplayName("ha-heartbeat after config-set: back in hot-standby one heartbeat later")
  void haHeartbeatAfterConfigSet() {
    ManualClock clock = ManualClock.at(java.time.Instant.parse("2026-11-24T19:43:49Z"));
    try (FakeKeaServer kea = server1(clock)) {
      ask(kea, "config-set-ok.request.json");
      assertThat(kea.haState()).isEqualTo(KeaHaState.WAITING);
      clock.advance(Duration.ofSeconds(2));
      assertThat(ask(kea, "ha-heartbeat-after-config-set.request.json"))
          .isEqualTo(recorded("ha-heartbeat-after-config-set.response.json"));
    }
  }

  @Test
  @DisplayName("ha-heartbeat of the standby while it is ready")
  void haHeartbeatStandby() {
    ManualClock clock = ManualClock.at(java.time.Instant.parse("2026-11-24T19:43:33Z"));
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("192.0.2.0/24").clock(clock)
        .start()) {
      pair.secondary().setHaState(KeaHaState.READY);
      assertThat(post(pair.secondary().url(),
          recordedText("ha-heartbeat-standby.request.json")).json())
          .isEqualTo(recorded("ha-heartbeat-standby.response.json"));
    }
  }

  @Test
  @DisplayName("status-get during start-up equals the recorded one, pid, uptime and age included")
  void statusGet() {
    ManualClock clock = ManualClock.create();
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("192.0.2.0/24").clock(clock)
        .start()) {
      clock.advance(Duration.ofSeconds(4));
      pair.secondary().setHaState(KeaHaState.READY);
      clock.advance(Duration.ofSeconds(2));
      assertThat(post(pair.primary().url(), recordedText("status-get.request.json")).json())
          .isEqualTo(recorded("status-get.response.json"));
    }
  }

  @Test
  @DisplayName("status-get and ha-heartbeat after the partner died: partner-down, as recorded")
  void partnerDown() {
    ManualClock clock = ManualClock.create();
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("192.0.2.0/24").clock(clock)
        .start()) {
      clock.advance(Duration.ofSeconds(16));
      // the recorded pair's peer URLs, made this pair's (a wrong peer URL is never reached)
      post(pair.primary().url(), recordedText("config-set-ok.request.json")
          .replace("http://127.0.0.1:18001/", pair.primary().url().toString())
          .replace("http://127.0.0.1:18002/", pair.secondary().url().toString()));
      clock.advance(Duration.ofSeconds(21));
      pair.secondary().disconnect();
      clock.advance(Duration.ofSeconds(4));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      clock.advance(Duration.ofSeconds(1));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      // the last answer came just after the heartbeat at 36 s, so the heartbeat at 42 s still
      // finds communication not interrupted; partner-down comes with the one at 44 s, as on the
      // live real Kea 2.2 of the differential suite (KeaDifferential22IT). The recording was
      // taken 2 s earlier in its own run: its times, one heartbeat period apart, are moved.
      clock.advance(Duration.ofSeconds(2));
      com.fasterxml.jackson.databind.node.ObjectNode status =
          (com.fasterxml.jackson.databind.node.ObjectNode) recorded("status-get-partner-down.response.json")
              .get(0).get("arguments");
      status.put("reload", 28).put("uptime", 44);
      ((com.fasterxml.jackson.databind.node.ObjectNode) status.get("high-availability").get(0)
          .get("ha-servers").get("remote")).put("age", 8);
      assertThat(post(pair.primary().url(), recordedText("status-get-partner-down.request.json"))
          .single().get("arguments")).isEqualTo(status);
      JsonNode heartbeat = post(pair.primary().url(),
          recordedText("ha-heartbeat-partner-down.request.json")).json();
      JsonNode expected = recorded("ha-heartbeat-partner-down.response.json");
      assertSameShape(heartbeat, expected, "");
      assertThat(heartbeat.get(0).get("arguments").get("state"))
          .isEqualTo(expected.get(0).get("arguments").get("state"));
      assertThat(heartbeat.get(0).get("arguments").get("scopes"))
          .isEqualTo(expected.get(0).get("arguments").get("scopes"));
      assertThat(heartbeat.get(0).get("text")).isEqualTo(expected.get(0).get("text"));
    }
  }

  @Test
  @DisplayName("ha-maintenance-start to server2, status-get of server1, ha-maintenance-cancel")
  void maintenance() {
    ManualClock clock = ManualClock.create();
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("192.0.2.0/24").clock(clock)
        .start()) {
      assertThat(post(pair.secondary().url(), recordedText("ha-maintenance-start.request.json"))
          .json()).isEqualTo(recorded("ha-maintenance-start.response.json"));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.IN_MAINTENANCE);
      assertThat(pair.secondary().haState()).isEqualTo(KeaHaState.PARTNER_IN_MAINTENANCE);
      clock.advance(Duration.ofSeconds(3));
      JsonNode status = post(pair.primary().url(),
          recordedText("status-get-partner-in-maintenance.request.json")).json();
      JsonNode expected = recorded("status-get-partner-in-maintenance.response.json");
      assertSameShape(status, expected, "");
      JsonNode ha = status.get(0).get("arguments").get("high-availability");
      JsonNode expectedHa = expected.get(0).get("arguments").get("high-availability");
      ((ObjectNode) ha.get(0).get("ha-servers").get("remote")).remove("age");
      ((ObjectNode) expectedHa.get(0).get("ha-servers").get("remote")).remove("age");
      assertThat(ha).isEqualTo(expectedHa);
      assertThat(post(pair.secondary().url(), recordedText("ha-maintenance-cancel.request.json"))
          .json()).isEqualTo(recorded("ha-maintenance-cancel.response.json"));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
      assertThat(pair.secondary().haState()).isEqualTo(KeaHaState.HOT_STANDBY);
    }
  }

  @Test
  @DisplayName("no-service: the agent answers config-get itself with its own configuration")
  void noService() {
    try (FakeKeaServer kea = server1(ManualClock.create())) {
      JsonNode answer = ask(kea, "no-service.request.json");
      JsonNode expected = recorded("no-service.response.json");
      assertSameShape(answer, expected, "");
      assertThat(answer.get(0).get("arguments").get("Control-agent").get("http-port").asInt())
          .isEqualTo(kea.port());
      assertThat(answer.get(0).get("result").asInt()).isZero();
    }
  }
}
