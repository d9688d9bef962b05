package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.it.RealKeaPair;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.scope.Ipv4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool against a real Kea 2.2 pair (failover-kea's {@link RealKeaPair}, two Control Agents and
 * kea-dhcp4 on loopback, started without HA): an inventory file names them; the tool creates the
 * HA relationship, lists, shows and reads status; an operator's edit on kea-b is drift (3);
 * replication repairs it (0).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeaCliIT {

  static final Subnet NET = Subnet.parse("10.60.0.0/24");

  @TempDir
  static Path dir;

  private RealKeaPair pair;
  private Path inventory;

  @BeforeAll
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

  @AfterAll
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
  @DisplayName("servers, relationships create/list/show, status, drift 0, an edit on kea-b: drift 3, replicate --apply: drift 0")
  void endToEnd() throws Exception {
    var inv = dev.failover.cli.inventory.InventoryFile.read(inventory, Map.of()).inventory();
    KeaBackend backend = new KeaBackend();
    RealPairs.createScope(backend, inv.require("kea-a"), inv, Scope.builder().subnet(NET)
        .properties(ScopeProperties.builder().id(60).build()).addPool(Pool.of("10.60.0.100", "10.60.0.200"))
        .addOption(OptionValue.of(3, "10.60.0.1"))
        .addReservation(Reservation.builder().identifier("00:16:3e:60:00:01").address(Ipv4Address.parse("10.60.0.10"))
            .build()).build());

    JsonNode servers = run("servers", "--json").expect(ExitCode.OK).json();
    assertThat(servers.path("servers").get(0).path("backend").asText()).isEqualTo("kea");
    assertThat(servers.path("servers").get(0).path("scopes").asInt()).isEqualTo(1);

    Cli.Result created = run("relationships", "create", "cli-it", "--primary", "kea-a", "--secondary", "kea-b",
        "--mode", "hot-standby", "--scope", NET.toString(), "--apply", "--yes", "--no-progress").expect(ExitCode.OK);
    assertThat(created.out()).contains("applied plan");
    JsonNode list = run("relationships", "list", "--json").expect(ExitCode.OK).json();
    assertThat(SandboxCommandsTest.texts(list.path("relationships"), "name")).containsExactly("cli-it");
    assertThat(run("relationships", "show", "cli-it").expect(ExitCode.OK).out())
        .contains("kea-a: primary", "kea-b: standby", "scopes: 10.60.0.0/24");
    pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    JsonNode status = run("status", "cli-it", "--json").expect(ExitCode.OK).json();
    assertThat(status.path("statuses")).hasSize(2);

    run("drift", "cli-it").expect(ExitCode.OK);
    RealPairs.editScope(backend, inv.require("kea-b"), inv, NET, s -> Scope.builder().from(s)
        .addReservation(Reservation.builder().identifier("00:16:3e:60:00:99").address(Ipv4Address.parse("10.60.0.99"))
            .build()).build());
    JsonNode drift = run("drift", "cli-it", "--json").expect(ExitCode.DRIFT).json();
    assertThat(drift.path("relationships").get(0).path("differences").asInt()).isEqualTo(1);
    run("replicate", "relationship", "cli-it", "--from", "kea-a", "--apply", "--yes", "--no-progress")
        .expect(ExitCode.OK);
    run("drift", "cli-it").expect(ExitCode.OK);
  }
}
