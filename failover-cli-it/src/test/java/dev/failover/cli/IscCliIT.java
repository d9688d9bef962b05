package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.isc.IscBackend;
import dev.failover.isc.it.RealDhcpdPair;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool against a real dhcpd 4.4.3 pair (failover-isc's {@link RealDhcpdPair}, two network
 * namespaces): the tool creates the relationship in both files (checked with {@code dhcpd -t}),
 * dhcpd started on them reaches "Both servers normal", the tool reads status over OMAPI; an
 * operator's edit of the secondary's file is drift (3); replication repairs it (0).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IscCliIT {

  static final Subnet NET = Subnet.parse("192.0.2.0/24");

  @TempDir
  Path dir;

  private RealDhcpdPair pair;

  @BeforeAll
  void create() throws Exception {
    pair = RealDhcpdPair.create(Optional.empty());
    String base = "omapi-port 7911;\nauthoritative;\n\nsubnet 192.0.2.0 netmask 255.255.255.0 {\n"
        + "  option routers 192.0.2.254;\n  pool {\n    range 192.0.2.100 192.0.2.200;\n  }\n"
        + "  host printer { hardware ethernet 00:16:3e:00:00:01; fixed-address 192.0.2.5; }\n}\n";
    Files.writeString(pair.config(RealDhcpdPair.Side.PRIMARY), "# isc-a (IscCliIT)\n" + base);
    Files.writeString(pair.config(RealDhcpdPair.Side.SECONDARY), "# isc-b (IscCliIT)\n" + "omapi-port 7911;\n"
        + "authoritative;\n");
  }

  @AfterAll
  void remove() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  private Path inventory(int omapiA, int omapiB) throws Exception {
    Path file = dir.resolve("isc-" + omapiA + ".yaml");
    Files.writeString(file, """
        servers:
          - {id: isc-a, vendor: isc, address: 192.0.2.1, endpoint: "%s", options: {dhcpd: /usr/sbin/dhcpd, omapi-host: 127.0.0.1, omapi-port: "%d"}}
          - {id: isc-b, vendor: isc, address: 192.0.2.2, endpoint: "%s", options: {dhcpd: /usr/sbin/dhcpd, omapi-host: 127.0.0.1, omapi-port: "%d"}}
        principals:
          - {name: alice, roles: [dhcp-administrators]}
        defaultPrincipal: alice
        """.formatted(pair.config(RealDhcpdPair.Side.PRIMARY).toUri(), omapiA,
        pair.config(RealDhcpdPair.Side.SECONDARY).toUri(), omapiB));
    return file;
  }

  private static Cli.Result run(Path inventory, String... args) {
    List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
    all.addAll(List.of(args));
    return Cli.run(Map.of(), Terminal.none(), all.toArray(String[]::new));
  }

  @Test
  @DisplayName("servers, relationships create/list/show, dhcpd normal, status, drift 0, an edit on isc-b: drift 3, replicate --apply: drift 0")
  void endToEnd() throws Exception {
    Path before = inventory(RealDhcpdPair.OMAPI_PORT, RealDhcpdPair.OMAPI_PORT);
    JsonNode servers = run(before, "servers", "--json").expect(ExitCode.OK).json();
    assertThat(servers.path("servers").get(0).path("backend").asText()).isEqualTo("isc");
    assertThat(servers.path("servers").get(0).path("scopes").asInt()).isEqualTo(1);

    run(before, "relationships", "create", RealDhcpdPair.PEER, "--primary", "isc-a", "--secondary", "isc-b",
        "--mode", "load-balancing", "--scope", NET.toString(), "--apply", "--yes", "--no-progress").expect(ExitCode.OK);
    JsonNode list = run(before, "relationships", "list", "--json").expect(ExitCode.OK).json();
    assertThat(SandboxCommandsTest.texts(list.path("relationships"), "name")).containsExactly(RealDhcpdPair.PEER);
    assertThat(run(before, "relationships", "show", RealDhcpdPair.PEER).expect(ExitCode.OK).out())
        .contains("isc-a: primary", "isc-b: secondary", "scopes: 192.0.2.0/24");
    for (RealDhcpdPair.Side side : RealDhcpdPair.Side.values()) {
      RealDhcpdPair.CommandResult check = pair.checkConfig(side);
      assertThat(check.exitCode()).as("dhcpd -t:%n%s", check.output()).isZero();
    }

    pair.start();
    pair.awaitBothNormal(0, 0, Duration.ofSeconds(60));
    Path running = inventory(pair.omapi(RealDhcpdPair.Side.PRIMARY).build().port(),
        pair.omapi(RealDhcpdPair.Side.SECONDARY).build().port());
    JsonNode status = run(running, "status", RealDhcpdPair.PEER, "--json").expect(ExitCode.OK).json();
    assertThat(SandboxCommandsTest.texts(status.path("statuses"), "localCommon")).containsExactly("NORMAL", "NORMAL");

    run(running, "drift").expect(ExitCode.OK);
    var inv = dev.failover.cli.inventory.InventoryFile.read(running, Map.of()).inventory();
    RealPairs.editScope(new IscBackend(), inv.require("isc-b"), inv, NET, s -> Scope.builder().from(s)
        .reservations(List.of(Reservation.builder().identifier("00:16:3e:00:00:01")
            .address(Ipv4Address.parse("192.0.2.6")).name("printer").build())).build());
    JsonNode drift = run(running, "drift", "--json").expect(ExitCode.DRIFT).json();
    assertThat(drift.path("relationships").get(0).path("differences").asInt()).isEqualTo(1);
    run(running, "replicate", "relationship", RealDhcpdPair.PEER, "--from", "isc-a", "--apply", "--yes",
        "--no-progress").expect(ExitCode.OK);
    run(running, "drift").expect(ExitCode.OK);
  }
}
