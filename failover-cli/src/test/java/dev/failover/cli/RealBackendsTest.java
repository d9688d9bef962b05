package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool without {@code --sandbox}: the backends on its class path found through
 * {@code ServiceLoader}, driving the testkit's fake Kea pair over its real HTTP face on 127.0.0.1.
 */
class RealBackendsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private FakeKeaPair pair;
  private Path inventory;

  @BeforeEach
  void start() throws Exception {
    pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start();
    inventory = dir.resolve("inventory.yaml");
    Files.writeString(inventory, """
        servers:
          - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: "%s"}
          - {id: kea-b, vendor: kea, address: 127.0.0.1, endpoint: "%s"}
        principals:
          - {name: alice, roles: [dhcp-administrators]}
          - {name: ivan, roles: [ipam-administrators]}
        defaultPrincipal: alice
        """.formatted(pair.primary().url(), pair.secondary().url()));
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
    all.addAll(List.of(args));
    return Cli.run(Map.of(), Terminal.none(), all.toArray(String[]::new));
  }

  @Test
  @DisplayName("maintenance start and cancel go to the Kea backend: shown first, sent with --apply, refused without the role")
  void maintenanceThroughTheKeaBackend() {
    String name = run("relationships", "list", "--json").expect(ExitCode.OK).json().path("relationships").get(0)
        .path("name").asText();
    Cli.Result shown = run("maintenance", "start", name, "--on", "kea-b").expect(ExitCode.OK);
    assertThat(shown.out()).contains("Plan: ha-maintenance-start on kea-b", "plan only: nothing was changed");
    assertThat(pair.secondary().haState().toString()).doesNotContainIgnoringCase("maintenance");
    JsonNode denied = run("--as", "ivan", "maintenance", "start", name, "--on", "kea-b", "--apply", "--yes", "--json")
        .expect(ExitCode.DENIED).json();
    assertThat(denied.path("error").path("kind").asText()).isEqualTo("access-denied");
    assertThat(pair.secondary().haState().toString()).doesNotContainIgnoringCase("maintenance");
    assertThat(pair.secondary().commands()).noneMatch(c -> c.command().startsWith("ha-maintenance"));
    Cli.Result started = run("maintenance", "start", name, "--on", "kea-b", "--apply", "--yes").expect(ExitCode.OK);
    assertThat(started.out()).contains("done: ha-maintenance-start on kea-b");
    assertThat(pair.secondary().haState().toString()).containsIgnoringCase("maintenance");
    JsonNode cancelled = run("maintenance", "cancel", name, "--on", "kea-b", "--apply", "--yes", "--json")
        .expect(ExitCode.OK).json();
    assertThat(cancelled.path("applied").asBoolean()).isTrue();
    assertThat(cancelled.path("result").asInt(-1)).isZero();
    assertThat(pair.secondary().haState().toString()).doesNotContainIgnoringCase("maintenance");
  }

  /** Sets a configuration on the fake directly, as an operator would; fails unless the fake accepts it. */
  private static void configSet(FakeKeaServer fake, ObjectNode configuration) throws Exception {
    ObjectNode request = JSON.createObjectNode().put("command", "config-set");
    request.putArray("service").add("dhcp4");
    request.set("arguments", configuration);
    JsonNode answer = JSON.readTree(fake.handle(JSON.writeValueAsString(request)));
    JsonNode first = answer.isArray() ? answer.get(0) : answer;
    assertThat(first.path("result").asInt(-1)).as("config-set answer %s", answer).isZero();
  }

  @Test
  @DisplayName("servers, status, drift, replicate and drift again against the fake Kea pair's HTTP faces")
  void keaEndToEnd() throws Exception {
    Cli.Result servers = run("servers").expect(ExitCode.OK);
    assertThat(servers.out()).contains("kea-a", "kea-b", "1 scope(s), 1 in failover").doesNotContain("no Kea backend");
    JsonNode serversJson = run("servers", "--json").expect(ExitCode.OK).json();
    assertThat(serversJson.path("servers").get(0).path("backend").asText()).isEqualTo("kea");

    JsonNode list = run("relationships", "list", "--json").expect(ExitCode.OK).json();
    assertThat(list.path("relationships")).hasSize(1);
    String name = list.path("relationships").get(0).path("name").asText();
    assertThat(name).isNotBlank();

    Cli.Result status = run("status", name).expect(ExitCode.OK);
    assertThat(status.out()).contains("kea-a", "kea-b", "hot-standby");

    Cli.Result equal = run("drift", name).expect(ExitCode.OK);
    assertThat(equal.out()).contains("no drift between kea-a and kea-b");

    // an operator adds a reservation on the standby only
    ObjectNode config = pair.secondary().configuration();
    ObjectNode subnet = (ObjectNode) config.path("Dhcp4").path("subnet4").get(0);
    ArrayNode reservations = subnet.has("reservations") ? (ArrayNode) subnet.get("reservations")
        : subnet.putArray("reservations");
    reservations.addObject().put("hw-address", "00:16:3e:01:00:09").put("ip-address", "10.1.0.9");
    configSet(pair.secondary(), config);

    Cli.Result drifted = run("drift", name).expect(ExitCode.DRIFT);
    assertThat(drifted.out()).contains("scope 10.1.0.0/24", "reservation hw-address 00:16:3e:01:00:09 → 10.1.0.9: only on kea-b");

    Cli.Result replicate = run("replicate", "relationship", name, "--from", "kea-a", "--apply", "--yes",
        "--no-progress").expect(ExitCode.OK);
    assertThat(replicate.out()).contains("applied plan", "kea-b now at state");
    assertThat(pair.secondary().configuration().path("Dhcp4").path("subnet4").get(0).path("reservations").toString())
        .doesNotContain("00:16:3e:01:00:09");

    run("drift", name).expect(ExitCode.OK);
    run("drift").expect(ExitCode.OK);
  }

  @Test
  @DisplayName("1: an ISC server whose dhcpd.conf does not exist is a clear error, with no network needed")
  void unusableIscServer() throws Exception {
    Path missing = dir.resolve("no-such-dir").resolve("dhcpd.conf");
    Path isc = dir.resolve("isc.yaml");
    Files.writeString(isc, """
        servers:
          - {id: isc-a, vendor: isc, address: 127.0.0.1, endpoint: "%s"}
        principals:
          - {name: alice, roles: [dhcp-administrators]}
        """.formatted(missing.toUri()));
    Cli.Result drift = Cli.run(Map.of(), Terminal.none(), "-i", isc.toString(), "drift").expect(ExitCode.ERROR);
    assertThat(drift.err()).contains(missing.toString());
    JsonNode json = Cli.run(Map.of(), Terminal.none(), "-i", isc.toString(), "drift", "--json")
        .expect(ExitCode.ERROR).json();
    assertThat(json.path("error").path("exitCode").asInt()).isEqualTo(ExitCode.ERROR);
  }

  @Test
  @DisplayName("7: with kea-a stopped, status, relationships list and drift name it with why and still show kea-b")
  void oneServerDownIsAPartialAnswer() {
    String name = run("relationships", "list", "--json").expect(ExitCode.OK).json().path("relationships").get(0)
        .path("name").asText();
    pair.primary().close();

    Cli.Result status = run("status").expect(ExitCode.PARTIAL);
    assertThat(status.out()).containsPattern("kea-a +unreachable: could not talk to server kea-a")
        .containsPattern("kea-b +hot-standby");
    JsonNode statusJson = run("status", name, "--json").expect(ExitCode.PARTIAL).json();
    assertThat(statusJson.path("partial").asBoolean()).isTrue();
    assertThat(statusJson.path("statuses")).hasSize(2);
    assertThat(statusJson.path("statuses").get(0).path("server").asText()).isEqualTo("kea-a");
    assertThat(statusJson.path("statuses").get(0).path("answered").asBoolean()).isFalse();
    assertThat(statusJson.path("statuses").get(0).path("problem").asText()).contains("kea-a");
    assertThat(statusJson.path("statuses").get(1).path("answered").asBoolean()).isTrue();
    assertThat(statusJson.path("statuses").get(1).path("localCommon").asText()).isNotBlank();

    Cli.Result list = run("relationships", "list").expect(ExitCode.PARTIAL);
    assertThat(list.out()).contains("\"" + name + "\"", "server kea-a could not be read");
    JsonNode listJson = run("relationships", "list", "--json").expect(ExitCode.PARTIAL).json();
    assertThat(listJson.path("relationships")).hasSize(1);
    assertThat(listJson.path("unreadable").get(0).path("server").asText()).isEqualTo("kea-a");

    Cli.Result drift = run("drift").expect(ExitCode.PARTIAL);
    assertThat(drift.out()).contains("not compared: could not talk to server kea-a", "partial");
    JsonNode driftJson = run("drift", name, "--json").expect(ExitCode.PARTIAL).json();
    assertThat(driftJson.path("relationships").get(0).path("compared").asBoolean()).isFalse();
    assertThat(driftJson.path("partial").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("8: kea-b refuses its part, then kea-a drops off the network as it is being restored: every server's state in text and --json")
  void aDoubleFaultNamesEveryServer() throws Exception {
    String name = run("relationships", "list", "--json").expect(ExitCode.OK).json().path("relationships").get(0)
        .path("name").asText();
    pair.secondary().failNextWrite("config-set", "contract: kea-b refuses");
    // kea-a leaves the network the moment the tool starts restoring it (the progress says so first)
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.OutputStream watching = new java.io.OutputStream() {
      boolean pulled;

      @Override
      public void write(int b) {
        err.write(b);
        if (!pulled && err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("rolling back kea-a")) {
          pulled = true;
          pair.primary().disconnect();
        }
      }
    };
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code;
    try (java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        java.io.PrintStream e = new java.io.PrintStream(watching, true, java.nio.charset.StandardCharsets.UTF_8)) {
      code = FailoverCli.run(new String[] {"-i", inventory.toString(), "relationships", "modify", name, "--mode",
          "load-balancing", "--apply", "--yes", "--json"}, Map.of(), Terminal.none(), o, e);
    }
    String stderr = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(code).as("exit code; stderr %s", stderr).isEqualTo(ExitCode.LEFT_CHANGED);
    JsonNode doc = JSON.readTree(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(doc.path("applied").asBoolean()).isFalse();
    assertThat(doc.path("servers").path("kea-a").asText()).isEqualTo("unknown");
    assertThat(doc.path("servers").path("kea-b").asText()).isEqualTo("unchanged");
    assertThat(doc.path("error").path("kind").asText()).isEqualTo("servers-left-changed");
    assertThat(doc.path("error").path("retryable").asBoolean(true)).isFalse();
    assertThat(doc.path("error").path("exitCode").asInt()).isEqualTo(ExitCode.LEFT_CHANGED);
    assertThat(doc.path("error").path("failure").path("serverMessage").asText()).contains("kea-b refuses");
    assertThat(stderr).contains("error: applying", "kea-a unknown", "kea-b unchanged");
    // kea-a back: it still holds the change the tool could not undo
    pair.primary().reconnect();
    assertThat(pair.primary().configuration().toString()).contains("load-balancing");
    assertThat(pair.secondary().configuration().toString()).doesNotContain("load-balancing");
  }
}
