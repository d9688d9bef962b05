package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.it.RealKeaPair;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
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
 * The tool against a real Kea 2.2 pair with kea-a's kea-dhcp4 and Control Agent stopped by PID:
 * status, relationships list and drift name kea-a with why, still show kea-b, and exit 7.
 */
@DisplayName("the tool with one real Kea server down: a partial answer, exit 7")
class KeaOutageCliIT {

  static final Subnet NET = Subnet.parse("10.61.0.0/24");

  @TempDir
  Path dir;

  private RealKeaPair pair;
  private Path inventory;

  @BeforeEach
  void start() throws Exception {
    pair = RealKeaPair.startWithoutHa();
    inventory = dir.resolve("kea.yaml");
    Files.writeString(inventory, """
        servers:
          - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: "%s", options: {hooks-directory: "%s", request-timeout: PT30S}}
          - {id: kea-b, vendor: kea, address: 127.0.0.1, endpoint: "%s", options: {hooks-directory: "%s", request-timeout: PT30S}}
        principals:
          - {name: alice, roles: [dhcp-administrators]}
        defaultPrincipal: alice
        """.formatted(pair.agentUrl(1), pair.hooksDirectory(), pair.agentUrl(2), pair.hooksDirectory()));
  }

  @AfterEach
  void stop() {
    if (pair != null) {
      pair.close();
    }
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
    all.addAll(List.of(args));
    return Cli.run(Map.of(), Terminal.none(), all.toArray(String[]::new));
  }

  @Test
  @DisplayName("status, relationships list and drift, text and --json, with kea-a stopped")
  void partialAnswers() throws Exception {
    var inv = dev.failover.cli.inventory.InventoryFile.read(inventory, Map.of()).inventory();
    RealPairs.createScope(new KeaBackend(), inv.require("kea-a"), inv, Scope.builder().subnet(NET)
        .properties(ScopeProperties.builder().id(61).build()).addPool(Pool.of("10.61.0.100", "10.61.0.200")).build());
    run("relationships", "create", "out-it", "--primary", "kea-a", "--secondary", "kea-b", "--mode", "hot-standby",
        "--scope", NET.toString(), "--apply", "--yes", "--no-progress").expect(ExitCode.OK);
    pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    run("status", "out-it").expect(ExitCode.OK);

    pair.stopServer(1);

    Cli.Result status = run("status").expect(ExitCode.PARTIAL);
    assertThat(status.out()).containsPattern("kea-a +unreachable: could not talk to server kea-a")
        .containsPattern("\n  kea-b +[a-z-]+ +([a-z-]+|not reported) +(yes|no|unknown) +");
    // in words: the refused connection, never the Java exception behind it
    assertThat(status.out()).contains("the connection was refused");
    Cli.Result servers = run("servers").expect(ExitCode.PARTIAL);
    assertThat(servers.out()).contains("cannot read: could not talk to server kea-a", "the connection was refused",
        "1 of 2 server(s) could not be read");
    // a name that may be on the silent server: the error says which server and what to check
    Cli.Result show = run("drift", "no-such").expect(ExitCode.ERROR);
    assertThat(show.err()).contains("could not talk to server kea-a", "the connection was refused",
        "what to do: check that kea-a is running and reachable at " + pair.agentUrl(1));
    for (Cli.Result r : List.of(status, servers, show)) {
      for (java.util.regex.Pattern p : ErrorMessagesTest.JAVA) {
        assertThat(p.matcher(r.all()).find()).as("%s in%n%s", p, r.all()).isFalse();
      }
    }
    JsonNode statusJson = run("status", "out-it", "--json").expect(ExitCode.PARTIAL).json();
    assertThat(statusJson.path("partial").asBoolean()).isTrue();
    assertThat(statusJson.path("statuses")).hasSize(2);
    assertThat(statusJson.path("statuses").get(0).path("answered").asBoolean()).isFalse();
    assertThat(statusJson.path("statuses").get(0).path("problem").asText()).contains("kea-a");
    JsonNode b = statusJson.path("statuses").get(1);
    assertThat(b.path("server").asText()).isEqualTo("kea-b");
    assertThat(b.path("answered").asBoolean()).isTrue();
    assertThat(b.has("partner")).as("kea-b's view of kea-a: %s", b).isTrue();

    Cli.Result list = run("relationships", "list").expect(ExitCode.PARTIAL);
    assertThat(list.out()).contains("\"out-it\"", "server kea-a could not be read");
    JsonNode listJson = run("relationships", "list", "--json").expect(ExitCode.PARTIAL).json();
    assertThat(listJson.path("relationships")).hasSize(1);
    assertThat(listJson.path("unreadable").get(0).path("server").asText()).isEqualTo("kea-a");

    Cli.Result drift = run("drift").expect(ExitCode.PARTIAL);
    assertThat(drift.out()).contains("\"out-it\"", "not compared", "kea-a");
    JsonNode driftJson = run("drift", "--json").expect(ExitCode.PARTIAL).json();
    assertThat(driftJson.path("relationships").get(0).path("compared").asBoolean()).isFalse();
    assertThat(driftJson.path("unreadable").get(0).path("server").asText()).isEqualTo("kea-a");
  }
}
