package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.KeaTestSupport.command;
import static dev.failover.testkit.kea.KeaTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.Secret;
import dev.failover.state.KeaHaState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The fake's HTTP face")
class HttpFaceTest {

  private static final JsonNode BAD_REQUEST = KeaTestSupport.parse(
      "{\"result\": 400, \"text\": \"Bad Request\"}");

  @Nested
  @DisplayName("as Kea's HTTP layer reads requests")
  class Protocol {

    @Test
    @DisplayName("only POST of application/json with a Content-Length; anything else is 400")
    void badRequests() throws Exception {
      try (FakeKeaServer kea = FakeKeaServer.start()) {
        HttpResponse<String> get = KeaTestSupport.HTTP.send(HttpRequest.newBuilder(kea.url())
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(400);
        assertThat(KeaTestSupport.parse(get.body())).isEqualTo(BAD_REQUEST);
        for (String type : List.of("text/plain", "application/json; charset=utf-8")) {
          KeaTestSupport.Reply reply = post(kea.url(), command("config-get"),
              Map.of("Content-Type", type));
          assertThat(reply.status()).as(type).isEqualTo(400);
          assertThat(reply.json()).isEqualTo(BAD_REQUEST);
        }
        byte[] body = command("config-get").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = KeaTestSupport.HTTP.send(HttpRequest.newBuilder(kea.url())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(400);
        assertThat(post(kea.url(), "{\"command\":\"x\",\"service\":[\"\\u20ac\"]}").status())
            .isEqualTo(400);
        assertThat(post(kea.url(), "{\"command\":\"list-commands\",\"service\":[\"dhcp4\",]}")
            .status()).isEqualTo(200);
      }
    }

    @Test
    @DisplayName("malformed commands get the agent's bare error object")
    void malformedCommands() {
      // real Kea 2.2's agent answers these in a list of one (the differential suite saw it)
      try (FakeKeaServer kea = FakeKeaServer.start()) {
        assertThat(post(kea.url(), "").single().get("text").asText())
            .isEqualTo("Command processing failed: NULL command parameter");
        assertThat(post(kea.url(), "[1]").single().get("text").asText())
            .isEqualTo("Error during command processing: Invalid command Element specified,"
                + " expected map");
        assertThat(post(kea.url(), "{\"service\":[\"dhcp4\"]}").single().get("text").asText())
            .isEqualTo("Error during command processing: Invalid answer specified, does not"
                + " contain mandatory 'command'");
        assertThat(post(kea.url(), "{\"command\":\"config-get\",\"extra\":1}").single()
            .get("text").asText()).isEqualTo("Error during command processing: Received"
            + " command contains unsupported parameter 'extra'");
        assertThat(post(kea.url(), "{\"command\":7}").single().get("text").asText())
            .isEqualTo("Error during command processing: 'command' element in command message"
                + " is not a string");
        assertThat(kea.commands()).isEmpty();
      }
    }

    @Test
    @DisplayName("services: one answer per service; an unknown service is an error in the list")
    void services() {
      try (FakeKeaServer kea = FakeKeaServer.start()) {
        JsonNode two = post(kea.url(),
            "{\"command\":\"version-get\",\"service\":[\"dhcp4\",\"dhcp6\"]}").json();
        assertThat(two).hasSize(2);
        assertThat(two.get(0).get("text").asText()).isEqualTo("2.2.0");
        assertThat(two.get(1).get("result").asInt()).isEqualTo(1);
        assertThat(two.get(1).get("text").asText())
            .isEqualTo("forwarding socket is not configured for the server type dhcp6");
        JsonNode notList = post(kea.url(), "{\"command\":\"version-get\",\"service\":\"dhcp4\"}")
            .json();
        assertThat(notList.get(0).get("text").asText()).isEqualTo("service value must be a list");
        JsonNode agent = post(kea.url(), "{\"command\":\"ha-heartbeat\"}").json();
        assertThat(agent.get(0).get("result").asInt()).isEqualTo(2);
        assertThat(agent.get(0).get("text").asText())
            .startsWith("'ha-heartbeat' command not supported. You did not include \"service\"");
      }
    }

    @Test
    @DisplayName("HA commands are unsupported without the HA hook; lease commands without"
        + " lease_cmds")
    void hooksDecideCommands() {
      JsonNode config = KeaConfigs.server(1, "solo", null, List.of(), null, List.of());
      ((com.fasterxml.jackson.databind.node.ArrayNode) config.get("Dhcp4")
          .get("hooks-libraries")).removeAll();
      try (FakeKeaServer kea = FakeKeaServer.builder().configuration(config).start()) {
        JsonNode beat = post(kea.url(), command("ha-heartbeat")).single();
        assertThat(beat.get("result").asInt()).isEqualTo(2);
        assertThat(post(kea.url(), command("lease4-get-all")).single().get("result").asInt())
            .isEqualTo(2);
        JsonNode list = post(kea.url(), command("list-commands")).single().get("arguments");
        assertThat(list.toString()).doesNotContain("ha-").doesNotContain("lease4");
        JsonNode status = post(kea.url(), command("status-get")).single().get("arguments");
        assertThat(status.has("high-availability")).isFalse();
        assertThat(post(kea.url(), command("dhcp-disable")).single().get("result").asInt())
            .isEqualTo(1);
      }
    }
  }

  @Nested
  @DisplayName("basic authentication, as the agent answers it")
  class BasicAuth {

    private String basic(String userAndPassword) {
      return "Basic " + Base64.getEncoder().encodeToString(
          userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("401 with WWW-Authenticate and {result 401, Unauthorized} unless the credential"
        + " matches")
    void unauthorized() {
      try (FakeKeaServer kea = FakeKeaServer.builder()
          .basicAuth("admin", Secret.of("s3cr\u00e9t:x")).start()) {
        for (Map<String, String> headers : List.of(
            Map.of("Content-Type", "application/json"),
            Map.of("Content-Type", "application/json", "Authorization", basic("admin:wrong")),
            Map.of("Content-Type", "application/json", "Authorization", basic("root:s3cr\u00e9t:x")),
            Map.of("Content-Type", "application/json", "Authorization", "Bearer abc"))) {
          KeaTestSupport.Reply reply = post(kea.url(), command("config-get"), headers);
          assertThat(reply.status()).isEqualTo(401);
          assertThat(reply.headers().firstValue("WWW-Authenticate"))
              .contains("Basic realm=\"kea-control-agent\"");
          assertThat(reply.json()).isEqualTo(KeaTestSupport.parse(
              "{\"result\": 401, \"text\": \"Unauthorized\"}"));
        }
        KeaTestSupport.Reply ok = post(kea.url(), command("config-get"),
            Map.of("Content-Type", "application/json", "Authorization",
                "bAsIc  " + basic("admin:s3cr\u00e9t:x").substring(6)));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(post(kea.url(), "{not json").status()).isEqualTo(400);
        assertThat(kea.commands()).hasSize(1);
      }
    }

    @Test
    @DisplayName("the password never appears in the agent's config-get or in toString")
    void secretStaysSecret() {
      try (FakeKeaServer kea = FakeKeaServer.builder().basicAuth("admin", Secret.of("hunter2"))
          .realm("lab").start()) {
        KeaTestSupport.Reply reply = post(kea.url(), "{\"command\":\"config-get\"}",
            Map.of("Content-Type", "application/json", "Authorization", basic("admin:hunter2")));
        assertThat(reply.status()).isEqualTo(200);
        JsonNode auth = reply.single().get("arguments").get("Control-agent")
            .get("authentication");
        assertThat(auth.get("realm").asText()).isEqualTo("lab");
        assertThat(auth.get("clients").get(0).get("user").asText()).isEqualTo("admin");
        assertThat(reply.body()).doesNotContain("hunter2");
        assertThat(kea.toString()).doesNotContain("hunter2");
        assertThat(kea.commands().toString()).doesNotContain("hunter2");
      }
    }
  }

  @Nested
  @DisplayName("Kea 3.0's direct HTTP control socket")
  class Direct {

    @Test
    @DisplayName("no service needed, a JSON command answered with a list of one answer as real Kea 3.0.4 answers, a body that is not JSON with a bare object, version 3.0.4")
    void listsOfOne() {
      try (FakeKeaServer kea = FakeKeaServer.builder().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0)
          .start()) {
        JsonNode versionList = post(kea.url(), "{\"command\":\"version-get\"}").json();
        assertThat(versionList.isArray()).isTrue();
        assertThat(versionList).hasSize(1);
        assertThat(versionList.get(0).get("text").asText()).isEqualTo("3.0.4");
        JsonNode get = post(kea.url(), command("config-get")).json();
        assertThat(get.isArray()).isTrue();
        assertThat(get.get(0).get("arguments")).isEqualTo(kea.configuration());
        assertThat(post(kea.url(), "{\"command\":\"nope\"}").json().get(0).get("text").asText())
            .isEqualTo("'nope' command not supported.");
        assertThat(post(kea.url(), "{oops").json()).isEqualTo(BAD_REQUEST);
        JsonNode status = post(kea.url(), "{\"command\":\"status-get\"}").json().get(0);
        assertThat(status.get("arguments").get("high-availability").get(0).get("ha-servers")
            .get("local").get("state").asText()).isEqualTo("hot-standby");
      }
    }

    @Test
    @DisplayName("config errors carry the position in the request body, <string>:line:column")
    void positions() {
      try (FakeKeaServer kea = FakeKeaServer.builder().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0)
          .start()) {
        JsonNode config = kea.configuration();
        String dhcp4 = config.get("Dhcp4").toString();
        String inserted = "   {\"id\": 1, \"subnet\": \"10.0.0.0/8\"},";
        String body = "{\"command\": \"config-set\",\n \"arguments\": {\"Dhcp4\":\n"
            + dhcp4.substring(0, dhcp4.length() - 1).replace("\"subnet4\":[",
            "\"subnet4\":[\n" + inserted) + "}}}";
        JsonNode answer = post(kea.url(), body).json().get(0);
        // The second subnet's '{' is on line 4 right after the inserted text; Kea's reader
        // counts columns from 1 and reports a map one past its brace.
        assertThat(answer.get("text").asText()).isEqualTo("ID of the new IPv4 subnet '1' is"
            + " already in use (<string>:4:" + (inserted.length() + 2) + ")");
        assertThat(kea.configuration()).isEqualTo(config);
      }
    }
  }

  @Test
  @DisplayName("concurrent clients: every request answered, the history complete, bounded time")
  void concurrency() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
        String set = command("config-set", pair.primary().configuration().toString());
        List<String> bodies = List.of(command("status-get"), command("config-get"),
            command("ha-heartbeat"), set, command("config-write"));
        int threads = 8;
        int perThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          List<Future<List<Integer>>> results = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
              List<Integer> codes = new ArrayList<>();
              for (int i = 0; i < perThread; i++) {
                FakeKeaServer target = (thread + i) % 2 == 0 ? pair.primary() : pair.secondary();
                String body = bodies.get((thread * perThread + i) % bodies.size());
                KeaTestSupport.Reply reply = post(target.url(), body);
                codes.add(reply.status() * 10 + reply.single().get("result").asInt());
                if (thread == 0) {
                  pair.advance(Duration.ofMillis(700));
                }
              }
              return codes;
            }));
          }
          for (Future<List<Integer>> f : results) {
            assertThat(f.get(50, TimeUnit.SECONDS)).containsOnly(2000);
          }
        } finally {
          pool.shutdownNow();
          assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(pair.primary().commands().size() + pair.secondary().commands().size())
            .isEqualTo(threads * perThread);
        pair.advance(Duration.ofSeconds(10));
        assertThat(pair.servers()).extracting(FakeKeaServer::haState)
            .containsOnly(KeaHaState.HOT_STANDBY);
      }
    });
  }

  @Test
  @DisplayName("disconnect refuses connections on the port; reconnect answers on the same port")
  void disconnectAndReconnect() throws IOException {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      int port = kea.port();
      kea.disconnect();
      assertThat(kea.isConnected()).isFalse();
      try (java.net.Socket socket = new java.net.Socket()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
            new java.net.InetSocketAddress("127.0.0.1", port), 2000))
            .isInstanceOf(java.net.ConnectException.class);
      }
      kea.reconnect();
      assertThat(kea.port()).isEqualTo(port);
      assertThat(post(kea.url(), command("version-get")).status()).isEqualTo(200);
    }
  }
}
