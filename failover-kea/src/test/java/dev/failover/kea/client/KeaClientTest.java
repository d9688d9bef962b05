package dev.failover.kea.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.testkit.kea.FakeKeaFlavour;
import dev.failover.testkit.kea.FakeKeaServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("KeaClient against recorded Kea 2.2 answers")
class KeaClientTest {

  private RecordedKea kea;

  @AfterEach
  void stop() {
    if (kea != null) {
      kea.close();
    }
  }

  private KeaClient client() {
    return KeaClient.builder(kea.url()).name("kea-a").requestTimeout(Duration.ofSeconds(10)).build();
  }

  @Nested
  @DisplayName("flavour")
  class Flavour {

    @Test
    @DisplayName("an array answer to version-get without service is a Control Agent; later commands name dhcp4")
    void controlAgent() {
      kea = RecordedKea.agent().answer("ha-heartbeat", "ha-heartbeat.response.json")
          .answer("version-get", "version-get.response.json");
      KeaClient client = client();
      assertThat(client.flavour()).isEqualTo(KeaFlavour.CONTROL_AGENT);
      client.haHeartbeat();
      client.haHeartbeat();
      client.versionGet();
      List<RecordedKea.Request> requests = kea.requests();
      assertThat(requests).hasSize(4);
      assertThat(requests.get(0).body()).isEqualTo("{\"command\":\"version-get\"}");
      assertThat(requests.subList(1, 4)).allSatisfy(r ->
          assertThat(r.json().path("service").toString()).isEqualTo("[\"dhcp4\"]"));
      assertThat(requests.get(1).body()).isEqualTo("{\"command\":\"ha-heartbeat\",\"service\":[\"dhcp4\"]}");
    }

    @Test
    @DisplayName("a Kea 3.0 endpoint answering arrays whose own configuration is Dhcp4 is kea-dhcp4's socket; commands then carry no service")
    void serverSocket() {
      kea = RecordedKea.serverSocket().answer("status-get", "status-get.response.json");
      KeaClient client = client();
      assertThat(client.flavour()).isEqualTo(KeaFlavour.SERVER_SOCKET);
      assertThat(client.channelVersion()).hasValueSatisfying(v -> assertThat(v.text()).isEqualTo("3.0.4"));
      assertThat(client.statusGet().highAvailability().get(0).haMode()).isEqualTo("hot-standby");
      assertThat(kea.requests()).extracting(RecordedKea.Request::command)
          .containsExactly("version-get", "config-get", "status-get");
      assertThat(kea.requests()).allSatisfy(r -> assertThat(r.hasService()).isFalse());
    }

    @Test
    @DisplayName("a Kea 3.0 endpoint whose own configuration is Control-agent is an agent; commands then name dhcp4")
    void agentOfKea30() {
      kea = RecordedKea.serverSocket().answer("config-get", "no-service.response.json")
          .answer("ha-heartbeat", "ha-heartbeat.response.json");
      KeaClient client = client();
      assertThat(client.flavour()).isEqualTo(KeaFlavour.CONTROL_AGENT);
      client.haHeartbeat();
      assertThat(kea.requests().get(2).body()).isEqualTo("{\"command\":\"ha-heartbeat\",\"service\":[\"dhcp4\"]}");
    }

    @Test
    @DisplayName("an endpoint reporting Kea 2.x is an agent without being asked for its configuration (kea-dhcp4 2.x has no HTTP socket)")
    void kea2IsAnAgent() {
      kea = RecordedKea.agent();
      assertThat(client().flavour()).isEqualTo(KeaFlavour.CONTROL_AGENT);
      assertThat(kea.requests()).extracting(RecordedKea.Request::command).containsExactly("version-get");
    }

    @Test
    @DisplayName("an endpoint whose own configuration is neither an agent's nor a DHCPv4 server's is a transport error naming its keys")
    void neitherAgentNorServer() {
      kea = RecordedKea.serverSocket().answerRaw("config-get", 200,
          "[ { \"result\": 0, \"arguments\": { \"Dhcp6\": {} } } ]");
      assertThatThrownBy(() -> client().flavour()).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("neither a Control Agent's nor a DHCPv4 server's").contains("Dhcp6");
      });
    }

    @Test
    @DisplayName("the testkit's fake: its 2.2 agent is detected as an agent, its 3.0 socket as kea-dhcp4's own")
    void fakeFlavours() {
      try (FakeKeaServer agent = FakeKeaServer.builder()
              .flavour(FakeKeaFlavour.CONTROL_AGENT_2_2).start();
          FakeKeaServer direct = FakeKeaServer.builder()
              .flavour(FakeKeaFlavour.DIRECT_HTTP_3_0).start()) {
        KeaClient toAgent = KeaClient.builder(agent.url()).build();
        KeaClient toDirect = KeaClient.builder(direct.url()).build();
        assertThat(toAgent.flavour()).isEqualTo(KeaFlavour.CONTROL_AGENT);
        assertThat(toDirect.flavour()).isEqualTo(KeaFlavour.SERVER_SOCKET);
        assertThat(toDirect.configGet().dhcp4().isObject()).isTrue();
        assertThat(toAgent.configGet().dhcp4().isObject()).isTrue();
      }
    }

    @Test
    @DisplayName("the flavour is detected once per client, on the first command")
    void detectedOnce() {
      kea = RecordedKea.agent().answer("ha-continue", "ha-continue.response.json");
      KeaClient client = client();
      for (int i = 0; i < 3; i++) {
        client.haContinue();
      }
      assertThat(kea.requests()).filteredOn(r -> !r.hasService()).hasSize(1);
      assertThat(kea.requests()).hasSize(4);
    }
  }

  @Nested
  @DisplayName("typed answers")
  class Typed {

    @Test
    @DisplayName("version-get: 2.2.0 and the extended build text")
    void version() {
      kea = RecordedKea.agent().answer("version-get", "version-get.response.json");
      KeaVersion version = client().versionGet();
      assertThat(version.text()).isEqualTo("2.2.0");
      assertThat(List.of(version.major(), version.minor(), version.patch())).containsExactly(2, 2, 0);
      assertThat(version.extended()).hasValueSatisfying(e -> assertThat(e).startsWith("2.2.0\ntarball"));
      assertThat(version.atLeast(2, 2)).isTrue();
      assertThat(version.atLeast(2, 3)).isFalse();
    }

    @Test
    @DisplayName("status-get: mode, local role, scopes and state, and the partner's view")
    void status() {
      kea = RecordedKea.agent().answer("status-get", "status-get.response.json");
      KeaStatus status = client().statusGet();
      assertThat(status.pid()).hasValue(8987);
      assertThat(status.uptime()).hasValue(6);
      assertThat(status.reload()).hasValue(6);
      HaRelationshipStatus ha = status.highAvailability().get(0);
      assertThat(ha.haMode()).isEqualTo("hot-standby");
      assertThat(ha.local()).isEqualTo(ImmutableHaLocalServer.builder().role("primary").state("hot-standby")
          .addScope("server1").build());
      assertThat(ha.remote()).hasValue(ImmutableHaRemoteServer.builder().role("standby").lastState("ready")
          .age(0).inTouch(true).communicationInterrupted(false).analyzedPackets(0).connectingClients(0)
          .unackedClients(0).unackedClientsLeft(0).build());
    }

    @Test
    @DisplayName("status-get in partner-down: the partner is unavailable and communication interrupted")
    void statusPartnerDown() {
      kea = RecordedKea.agent().answer("status-get", "status-get-partner-down.response.json");
      HaRelationshipStatus ha = client().statusGet().highAvailability().get(0);
      assertThat(ha.local().state()).isEqualTo("partner-down");
      assertThat(ha.remote().orElseThrow().lastState()).isEqualTo("unavailable");
      assertThat(ha.remote().orElseThrow().communicationInterrupted()).isTrue();
      assertThat(ha.remote().orElseThrow().unackedClientsLeft()).isEqualTo(1);
      assertThat(ha.remote().orElseThrow().age()).isEqualTo(6);
    }

    @Test
    @DisplayName("status-get in maintenance: local in-maintenance, remote partner-in-maintenance")
    void statusMaintenance() {
      kea = RecordedKea.agent().answer("status-get", "status-get-partner-in-maintenance.response.json");
      HaRelationshipStatus ha = client().statusGet().highAvailability().get(0);
      assertThat(ha.local().state()).isEqualTo("in-maintenance");
      assertThat(ha.local().scopes()).isEmpty();
      assertThat(ha.remote().orElseThrow().lastState()).isEqualTo("partner-in-maintenance");
      assertThat(ha.remote().orElseThrow().lastScopes()).containsExactly("server1");
    }

    @Test
    @DisplayName("ha-heartbeat: state, RFC 1123 time, scopes and unsent updates")
    void heartbeat() {
      kea = RecordedKea.agent().answer("ha-heartbeat", "ha-heartbeat.response.json");
      HaHeartbeat beat = client().haHeartbeat();
      assertThat(beat).isEqualTo(ImmutableHaHeartbeat.builder().state("hot-standby")
          .dateTime("Tue, 24 Nov 2026 19:43:33 GMT").instant(Instant.parse("2026-11-24T19:43:33Z"))
          .addScope("server1").unsentUpdateCount(0).build());
    }

    @Test
    @DisplayName("ha-heartbeat of a standby in ready serves no scope")
    void heartbeatStandby() {
      kea = RecordedKea.agent().answer("ha-heartbeat", "ha-heartbeat-standby.response.json");
      HaHeartbeat beat = client().haHeartbeat();
      assertThat(beat.state()).isEqualTo("ready");
      assertThat(beat.scopes()).isEmpty();
    }

    @Test
    @DisplayName("list-commands: the recorded 57 commands")
    void listCommands() {
      kea = RecordedKea.agent().answer("list-commands", "list-commands.response.json");
      assertThat(client().listCommands()).hasSize(57).contains("ha-sync", "config-set", "lease4-get-all");
    }

    @Test
    @DisplayName("config-get: a Dhcp4 configuration whose scope is 192.0.2.0/24 with id 1")
    void configGet() {
      kea = RecordedKea.agent().answer("config-get", "config-get.response.json");
      Dhcp4Config config = client().configGet();
      assertThat(config.scopes()).extracting(Scope::subnet).containsExactly(Subnet.parse("192.0.2.0/24"));
      assertThat(config.scopes().get(0).properties().id()).hasValue(1);
      assertThat(config.thisServerNames()).containsExactly("server1");
    }

    @Test
    @DisplayName("config-get answered by the agent itself (no Dhcp4) is a transport failure that says so")
    void configGetOfAgent() {
      kea = RecordedKea.agent().answer("config-get", "no-service.response.json");
      assertThatThrownBy(() -> client().configGet()).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("Control Agent answered for itself");
      });
    }

    @Test
    @DisplayName("config-write: the file name and size Kea wrote; the request names the file")
    void configWrite() {
      kea = RecordedKea.agent().answer("config-write", "config-write.response.json");
      WrittenConfig written = client().configWrite("/tmp/kea-test/written.json");
      assertThat(written.filename()).isEqualTo("/tmp/kea-test/written.json");
      assertThat(written.size()).hasValue(4996);
      assertThat(kea.requests().get(1).body()).isEqualTo(RecordedKea.recorded("config-write.request.json").trim());
    }

    @Test
    @DisplayName("ha-sync, ha-scopes, ha-maintenance-start and -cancel send the recorded requests")
    void haRequests() {
      kea = RecordedKea.agent().answer("ha-sync", "ha-sync.response.json").answer("ha-scopes", "ha-scopes.response.json")
          .answer("ha-maintenance-start", "ha-maintenance-start.response.json")
          .answer("ha-maintenance-cancel", "ha-maintenance-cancel.response.json")
          .answer("ha-reset", "ha-reset.response.json");
      KeaClient client = client();
      assertThat(client.haSync("server1", Duration.ofSeconds(30)).text())
          .hasValue("Lease database synchronization complete.");
      assertThat(client.haScopes(List.of("server1")).text()).hasValue("New HA scopes configured.");
      assertThat(client.haMaintenanceStart().text()).hasValueSatisfying(t -> assertThat(t).contains("in-maintenance"));
      assertThat(client.haMaintenanceCancel().text()).hasValue("Server maintenance successfully canceled.");
      assertThat(client.haReset().text()).hasValue("HA state machine reset.");
      List<RecordedKea.Request> r = kea.requests();
      assertThat(r.get(1).body()).isEqualTo(RecordedKea.recorded("ha-sync.request.json").trim());
      assertThat(r.get(2).body()).isEqualTo(RecordedKea.recorded("ha-scopes.request.json").trim());
      assertThat(r.get(3).body()).isEqualTo(RecordedKea.recorded("ha-maintenance-start.request.json").trim());
      assertThat(r.get(4).body()).isEqualTo(RecordedKea.recorded("ha-maintenance-cancel.request.json").trim());
    }

    @Test
    @DisplayName("lease4-get-all with no lease is an EMPTY answer (result 3), not an error")
    void empty() {
      kea = RecordedKea.agent().answer("lease4-get-all", "lease4-get-all.response.json");
      KeaAnswer answer = client().command("lease4-get-all", null);
      assertThat(answer.result()).isEqualTo(KeaAnswer.EMPTY);
      assertThat(answer.isEmpty()).isTrue();
      assertThat(answer.isSuccess()).isFalse();
      assertThat(answer.text()).hasValue("0 IPv4 lease(s) found.");
    }

    @Test
    @DisplayName("a whole configuration of 2,000 subnets goes in exactly one HTTP request")
    void oneRequestPerCommand() {
      kea = RecordedKea.agent().answer("config-set", "config-set-ok.response.json");
      List<Scope> scopes = new java.util.ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        scopes.add(Scope.builder().subnet(Subnet.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"))
            .properties(ScopeProperties.builder().id(i + 1).build()).build());
      }
      Dhcp4Config config = Dhcp4Config.parse("{\"Dhcp4\": {}}").withScopes(scopes);
      KeaClient client = client();
      client.flavour();
      int before = kea.requests().size();
      client.configSet(config);
      assertThat(kea.requests()).hasSize(before + 1);
      assertThat(kea.requests().get(before).json().path("arguments").path("Dhcp4").path("subnet4").size())
          .isEqualTo(2000);
    }
  }

  @Nested
  @DisplayName("errors")
  class Errors {

    @Test
    @DisplayName("config-set with a pool outside its subnet is REJECTED with Kea's text and result 1")
    void poolOutsideSubnet() {
      kea = RecordedKea.agent().answer("config-set", "config-set-pool-outside-subnet.response.json");
      assertThatThrownBy(() -> client().configSet(Dhcp4Config.parse("{\"Dhcp4\": {}}")))
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
            assertThat(e.serverCode()).hasValue("1");
            assertThat(e.server()).isEqualTo("kea-a");
            assertThat(e.serverMessage()).isEqualTo("subnet configuration failed: a pool of type V4, with the "
                + "following address range: 192.0.3.100-192.0.3.200 does not match the prefix of a subnet: "
                + "192.0.2.0/24 to which it is being added (<wire>:0:3145)");
            assertThat(e.retryable()).isFalse();
          });
    }

    @Test
    @DisplayName("config-test with a duplicate subnet id is REJECTED with Kea's text and result 1")
    void duplicateId() {
      kea = RecordedKea.agent().answer("config-test", "config-test-duplicate-subnet-id.response.json");
      assertThatThrownBy(() -> client().configTest(Dhcp4Config.parse("{\"Dhcp4\": {}}")))
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.serverCode()).hasValue("1");
            assertThat(e.serverMessage()).isEqualTo("ID of the new IPv4 subnet '1' is already in use (<wire>:0:3184)");
          });
    }

    @Test
    @DisplayName("an unsupported command is REJECTED with result 2")
    void unsupported() {
      kea = RecordedKea.agent();
      assertThatThrownBy(() -> client().command("no-such-command", null))
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
            assertThat(e.serverCode()).hasValue("2");
            assertThat(e.serverMessage()).isEqualTo("'no-such-command' command not supported.");
          });
    }

    @Test
    @DisplayName("the agent's bare 400 answer to an unparsable request is REJECTED with code 400")
    void bare400() {
      kea = RecordedKea.agent().answer("config-get", "bad-json.response.json");
      assertThatThrownBy(() -> client().configGet()).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
        assertThat(e.serverCode()).hasValue("400");
        assertThat(e.serverMessage()).isEqualTo("Bad Request");
      });
    }

    @Test
    @DisplayName("a command name that is no Kea command is refused before anything is sent")
    void hostileCommand() {
      kea = RecordedKea.agent();
      assertThatThrownBy(() -> client().command("config-get\",\"service\":[\"d2\"]", null))
          .isInstanceOf(ValidationException.class);
      assertThat(kea.requests()).isEmpty();
    }

    @Test
    @DisplayName("an answer that is not JSON is a TRANSPORT failure quoting its start")
    void notJson() {
      kea = RecordedKea.agent().answerRaw("config-get", 200, "<html>proxy error</html>");
      assertThatThrownBy(() -> client().configGet()).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("answer is not JSON").contains("<html>proxy error</html>");
      });
    }

    @Test
    @DisplayName("an array with two answers is a TRANSPORT failure")
    void twoAnswers() {
      kea = RecordedKea.agent().answerRaw("ha-heartbeat", 200, "[{\"result\":0},{\"result\":0}]");
      assertThatThrownBy(() -> client().haHeartbeat()).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.getMessage()).contains("list of 2 entries"));
    }

    @Test
    @DisplayName("an answer without a result is a TRANSPORT failure")
    void noResult() {
      kea = RecordedKea.agent().answerRaw("ha-heartbeat", 200, "[{\"text\":\"hi\"}]");
      assertThatThrownBy(() -> client().haHeartbeat()).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("no integer result");
      });
    }

    @Test
    @DisplayName("an agent whose server is offline is a retryable TRANSPORT failure keeping Kea's text and code")
    void serverBehindAgentDown() {
      String text = "unable to forward command to the dhcp4 service: No such file or directory. "
          + "The server is likely to be offline";
      kea = RecordedKea.agent().answerRaw("ha-heartbeat", 200, "[ { \"result\": 1, \"text\": \"" + text + "\" } ]");
      assertThatThrownBy(() -> client().haHeartbeat()).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.serverMessage()).isEqualTo(text);
        assertThat(e.serverCode()).hasValue("1");
      });
    }

    @Test
    @DisplayName("HTTP 500 is a retryable TRANSPORT failure with the status as code")
    void http500() {
      kea = RecordedKea.agent().answerRaw("status-get", 500, "boom");
      assertThatThrownBy(() -> client().statusGet()).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.serverCode()).hasValue("HTTP 500");
        assertThat(e.retryable()).isTrue();
      });
    }

    @Test
    @DisplayName("no answer within the request time-out is a TRANSPORT failure")
    void timeout() {
      kea = RecordedKea.agent().stall();
      KeaClient client = KeaClient.builder(kea.url()).requestTimeout(Duration.ofMillis(300)).build();
      long started = System.nanoTime();
      assertThatThrownBy(client::haHeartbeat).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("time-out");
      });
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("a refused connection (a killed partner's agent) is a retryable TRANSPORT failure")
    void refused() throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      KeaClient client = KeaClient.builder(URI.create("http://127.0.0.1:" + port + "/")).build();
      assertThatThrownBy(client::haHeartbeat).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.server()).isEqualTo("127.0.0.1:" + port);
      });
    }
  }

  @Nested
  @DisplayName("basic authentication")
  class BasicAuth {

    private static final String PASSWORD = "s3cr\u00e9t:with colon";

    private String header(String user, String password) {
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("the Authorization header is Basic base64(user:password) on every request")
    void header() {
      kea = RecordedKea.agent().requireAuthorization(header("admin", PASSWORD))
          .answer("ha-heartbeat", "ha-heartbeat.response.json");
      KeaClient client = KeaClient.builder(kea.url()).basicAuth("admin", Secret.of(PASSWORD)).build();
      assertThat(client.haHeartbeat().state()).isEqualTo("hot-standby");
      assertThat(kea.requests()).allSatisfy(r -> assertThat(r.header("Authorization"))
          .isEqualTo(header("admin", PASSWORD)));
    }

    @Test
    @DisplayName("a wrong password gives HTTP 401 as a non-retryable CREDENTIALS failure that never shows the password")
    void wrongPassword() {
      kea = RecordedKea.agent().requireAuthorization(header("admin", "right"));
      KeaClient client = KeaClient.builder(kea.url()).basicAuth("admin", Secret.of(PASSWORD)).build();
      assertThatThrownBy(client::haHeartbeat).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
        assertThat(e.serverCode()).hasValue("HTTP 401");
        assertThat(e.getMessage()).contains("did not accept the credential").doesNotContain("could not talk");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("Unauthorized").doesNotContain(PASSWORD).doesNotContain("s3cr");
      });
      assertThat(client.toString()).contains("admin").doesNotContain("s3cr");
    }

    @Test
    @DisplayName("settings are all checked at once; a URL with user info is refused without echoing it")
    void settings() {
      assertThatThrownBy(() -> KeaClient.builder(URI.create("ftp://admin:hunter2@127.0.0.1:1/?q"))
          .requestTimeout(Duration.ZERO).basicAuth("ad:min", Secret.of("x")).build())
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).extracting(v -> v.field())
                .contains("endpoint", "requestTimeout", "credential.user");
            assertThat(e.violations()).hasSizeGreaterThanOrEqualTo(5);
            assertThat(e.getMessage()).doesNotContain("hunter2");
          });
    }

    @Test
    @DisplayName("a redacted secret (read back from JSON) is refused when the client is built")
    void redacted() {
      assertThatThrownBy(() -> KeaClient.builder(URI.create("http://127.0.0.1:1/"))
          .basicAuth("admin", Secret.redacted()).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("redacted");
    }
  }
}
