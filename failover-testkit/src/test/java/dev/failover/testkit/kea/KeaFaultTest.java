package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.KeaTestSupport.command;
import static dev.failover.testkit.kea.KeaTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.state.KeaHaState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("faults a test asks the fake Kea for by name")
class KeaFaultTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpRequest versionGet(FakeKeaServer kea, Duration timeout) {
    return HttpRequest.newBuilder(kea.url()).header("Content-Type", "application/json").timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString(command("version-get"))).build();
  }

  @Test
  @DisplayName("no answer: the request times out while the fault holds; cleared, the held connection closes"
      + " and the next request is answered")
  void noAnswer() throws Exception {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      kea.fault(KeaFault.noAnswer());
      assertThatThrownBy(() -> HTTP.send(versionGet(kea, Duration.ofMillis(300)),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
      CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(versionGet(kea, Duration.ofSeconds(20)),
          HttpResponse.BodyHandlers.ofString());
      assertThat(held).isNotDone();
      kea.clearFault();
      // the held connection closes; the client may fail it or send it again on a new one
      try {
        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      } catch (ExecutionException e) {
        assertThat(e).hasCauseInstanceOf(IOException.class);
      }
      assertThat(post(kea.url(), command("version-get")).single().path("result").asInt()).isZero();
      assertThat(kea.currentFault()).isEmpty();
    }
  }

  @Test
  @DisplayName("slow answer: the usual answer, after at least the delay")
  void slowAnswer() throws Exception {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      kea.fault(KeaFault.slowAnswer(Duration.ofMillis(400)));
      long start = System.nanoTime();
      HttpResponse<String> r = HTTP.send(versionGet(kea, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(KeaTestSupport.parse(r.body()).get(0).path("text").asText()).isEqualTo("2.2.0");
    }
  }

  @Test
  @DisplayName("a slow answer needs a positive delay of at most 10 minutes")
  void slowAnswerBounds() {
    assertThatThrownBy(() -> KeaFault.slowAnswer(Duration.ZERO)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("delay");
    assertThatThrownBy(() -> KeaFault.slowAnswer(Duration.ofMinutes(11))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("at most");
  }

  @Test
  @DisplayName("HTTP 500: status 500 and Kea's stock body, for every request")
  void http500() {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      kea.fault(KeaFault.http500());
      KeaTestSupport.Reply r = post(kea.url(), command("config-get"));
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.json().path("result").asInt()).isEqualTo(500);
      assertThat(r.json().path("text").asText()).isEqualTo("Internal Server Error");
    }
  }

  @Test
  @DisplayName("connection reset: the connection closes without an answer, and nothing is processed")
  void connectionReset() {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      kea.fault(KeaFault.connectionReset());
      assertThatThrownBy(() -> HTTP.send(versionGet(kea, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
      assertThat(kea.commands()).isEmpty();
    }
  }

  @Test
  @DisplayName("server down behind a live agent: dhcp4 commands get the agent's offline answer, the agent's own"
      + " commands answer, and the partner goes partner-down")
  void serverDown() {
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      pair.secondary().fault(KeaFault.serverDown());
      JsonAnswer dhcp4 = new JsonAnswer(post(pair.secondary().url(), command("config-get")));
      assertThat(dhcp4.result()).isEqualTo(1);
      assertThat(dhcp4.text()).isEqualTo("unable to forward command to the dhcp4 service: No such file or directory."
          + " The server is likely to be offline");
      JsonAnswer agent = new JsonAnswer(post(pair.secondary().url(), "{\"command\":\"version-get\"}"));
      assertThat(agent.result()).isZero();
      pair.advance(Duration.ofSeconds(20));
      assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
      pair.secondary().clearFault();
      assertThat(new JsonAnswer(post(pair.secondary().url(), command("config-get"))).result()).isZero();
    }
  }

  @Test
  @DisplayName("server down on Kea 3.0's own socket (no agent): connections are refused until the fault is cleared")
  void serverDownWithoutAgent() throws Exception {
    try (FakeKeaServer kea = FakeKeaServer.builder().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0).start()) {
      kea.fault(KeaFault.serverDown());
      assertThatThrownBy(() -> HTTP.send(versionGet(kea, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class);
      kea.clearFault();
      assertThat(HTTP.send(versionGet(kea, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  @DisplayName("hooks failed: config-set answers that hook libraries failed to load and the server runs on"
      + " without hooks until a config-set succeeds")
  void hooksFailed() {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      String set = command("config-set", FakeKeaJson.toWire(kea.configuration()));
      kea.fault(KeaFault.hooksFailed());
      JsonAnswer refused = new JsonAnswer(post(kea.url(), set));
      assertThat(refused.result()).isEqualTo(1);
      assertThat(refused.text()).isEqualTo("One or more hook libraries failed to load");
      assertThat(new JsonAnswer(post(kea.url(), command("ha-heartbeat"))).text())
          .isEqualTo("'ha-heartbeat' command not supported.");
      kea.clearFault();
      assertThat(new JsonAnswer(post(kea.url(), command("ha-heartbeat"))).result()).isEqualTo(2);
      assertThat(new JsonAnswer(post(kea.url(), set)).result()).isZero();
      assertThat(new JsonAnswer(post(kea.url(), command("ha-heartbeat"))).result()).isZero();
    }
  }

  private record JsonAnswer(int result, String text) {
    JsonAnswer(KeaTestSupport.Reply reply) {
      this(reply.single().path("result").asInt(), reply.single().path("text").asText());
    }
  }
}
