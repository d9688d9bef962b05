package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.Secret;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.state.IscFailoverState;
import dev.failover.testkit.contract.FailoverBackendContract;
import dev.failover.testkit.isc.FakeOmapiServer;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.FakeWindowsSshServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool with an inventory file an operator wrote, pointing at the testkit's ISC and Windows
 * faces the test starts on 127.0.0.1 (the Kea face: {@link RealBackendsTest}): every step a
 * newcomer takes, through the real backends, with JSON parsed and exit codes asserted.
 */
class WireFacesInventoryTest {

  @TempDir
  Path dir;

  private static Cli.Result run(Path inventory, Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
    all.addAll(List.of(args));
    return Cli.run(env, Terminal.none(), all.toArray(String[]::new));
  }

  @Test
  @DisplayName("ISC: dhcpd.conf files and fake OMAPI servers; create, show, status, drift 0 → a hand edit → 3 → replicate → 0, partner-down")
  void iscFiles() throws Exception {
    Path a = dir.resolve("isc-a/dhcpd.conf");
    Path b = dir.resolve("isc-b/dhcpd.conf");
    Files.createDirectories(a.getParent());
    Files.createDirectories(b.getParent());
    Files.writeString(a, "# isc-a, written by an operator\nauthoritative;\n\nsubnet 10.7.0.0 netmask 255.255.255.0 {\n"
        + "  option routers 10.7.0.1;\n  pool {\n    range 10.7.0.100 10.7.0.200;\n  }\n"
        + "  host printer { hardware ethernet 00:16:3e:07:00:05; fixed-address 10.7.0.5; }\n}\n");
    Files.writeString(b, "# isc-b\nauthoritative;\n");
    // dhcpd -t checks every write where dhcpd is installed; elsewhere an absent binary checks nothing
    String dhcpd = Files.isExecutable(Path.of("/usr/sbin/dhcpd")) ? "/usr/sbin/dhcpd" : dir.resolve("no-dhcpd").toString();
    try (FakeOmapiServer omapiA = FakeOmapiServer.builder().start();
        FakeOmapiServer omapiB = FakeOmapiServer.builder().start()) {
      Path inventory = dir.resolve("isc.yaml");
      Files.writeString(inventory, """
          servers:
            - {id: isc-a, vendor: isc, address: 192.0.2.1, endpoint: "%s", options: {dhcpd: "%s", omapi-host: 127.0.0.1, omapi-port: "%d"}}
            - {id: isc-b, vendor: isc, address: 192.0.2.2, endpoint: "%s", options: {dhcpd: "%s", omapi-host: 127.0.0.1, omapi-port: "%d"}}
          principals:
            - {name: alice, roles: [dhcp-administrators]}
          defaultPrincipal: alice
          """.formatted(a.toUri(), dhcpd, omapiA.port(), b.toUri(), dhcpd, omapiB.port()));

      JsonNode servers = run(inventory, Map.of(), "servers", "--json").expect(ExitCode.OK).json();
      assertThat(SandboxCommandsTest.texts(servers.path("servers"), "backend"))
          .containsExactly("isc", "isc");
      assertThat(servers.path("servers").get(0).path("scopes").asInt()).isEqualTo(1);

      Cli.Result planned = run(inventory, Map.of(), "relationships", "create", "fo-1", "--primary", "isc-a",
          "--secondary", "isc-b", "--mode", "load-balancing", "--scope", "10.7.0.0/24").expect(ExitCode.OK);
      assertThat(planned.out()).contains("Plan: create relationship fo-1", "+ scope 10.7.0.0/24 (3 items) created:", "plan only");
      assertThat(Files.readString(b)).doesNotContain("fo-1");
      run(inventory, Map.of(), "relationships", "create", "fo-1", "--primary", "isc-a", "--secondary", "isc-b",
          "--mode", "load-balancing", "--scope", "10.7.0.0/24", "--apply", "--yes", "--no-progress").expect(ExitCode.OK);
      assertThat(Files.readString(b)).contains("failover peer \"fo-1\"", "subnet 10.7.0.0 netmask 255.255.255.0");
      assertThat(run(inventory, Map.of(), "relationships", "show", "fo-1").expect(ExitCode.OK).out())
          .contains("isc-a: primary", "isc-b: secondary", "scopes: 10.7.0.0/24");

      omapiA.addPeer("fo-1", FakeOmapiServer.Role.PRIMARY);
      omapiB.addPeer("fo-1", FakeOmapiServer.Role.SECONDARY);
      JsonNode status = run(inventory, Map.of(), "status", "fo-1", "--json").expect(ExitCode.OK).json();
      assertThat(SandboxCommandsTest.texts(status.path("statuses"), "localCommon")).containsExactly("NORMAL", "NORMAL");

      run(inventory, Map.of(), "drift", "fo-1").expect(ExitCode.OK);
      // the operator edits isc-b's file by hand: one more reservation in the shared subnet
      String text = Files.readString(b);
      String head = "subnet 10.7.0.0 netmask 255.255.255.0 {\n";
      assertThat(text).contains(head);
      Files.writeString(b, text.replace(head,
          head + "  host scanner { hardware ethernet 00:16:3e:07:00:09; fixed-address 10.7.0.9; }\n"));
      JsonNode drift = run(inventory, Map.of(), "drift", "--json").expect(ExitCode.DRIFT).json();
      assertThat(drift.path("relationships").get(0).path("differences").asInt()).isEqualTo(1);
      assertThat(run(inventory, Map.of(), "drift", "fo-1").expect(ExitCode.DRIFT).out())
          .contains("reservation \"scanner\" hw-address 00:16:3e:07:00:09 → 10.7.0.9: only on isc-b");
      run(inventory, Map.of(), "replicate", "relationship", "fo-1", "--from", "isc-a", "--apply", "--yes",
          "--no-progress").expect(ExitCode.OK);
      run(inventory, Map.of(), "drift").expect(ExitCode.OK);
      assertThat(Files.readString(b)).doesNotContain("00:16:3e:07:00:09").contains("# isc-b");

      omapiA.setState("fo-1", IscFailoverState.COMMUNICATIONS_INTERRUPTED, IscFailoverState.NORMAL);
      run(inventory, Map.of(), "partner-down", "fo-1", "--on", "isc-a", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(omapiA.state("fo-1").local()).isEqualTo(IscFailoverState.PARTNER_DOWN);

      // the operator declares a subnet twice on isc-b (dhcpd takes it): relationships show names it, located
      Files.writeString(b, Files.readString(b) + "subnet 10.9.0.0 netmask 255.255.255.0 {\n}\n"
          + "subnet 10.9.0.0 netmask 255.255.255.0 {\n}\n");
      assertThat(run(inventory, Map.of(), "relationships", "show", "fo-1").expect(ExitCode.OK).out())
          .contains("scopes: 10.7.0.0/24", "isc-b: 1 problem(s)", "isc-b/dhcpd.conf:", "10.9.0.0")
          .doesNotContain("isc-a: 1 problem(s)");
      JsonNode shown = run(inventory, Map.of(), "relationships", "show", "fo-1", "--json").expect(ExitCode.OK).json();
      assertThat(SandboxCommandsTest.texts(shown.path("problems"), "server")).containsExactly("isc-b");
    }
  }

  @Test
  @DisplayName("ISC: drift and a replicate plan name the located problems of the servers they read (a subnet declared twice on isc-b), in text and JSON")
  void driftAndPlanNameTheProblemsOfTheServersRead() throws Exception {
    Path a = dir.resolve("isc-a/dhcpd.conf");
    Path b = dir.resolve("isc-b/dhcpd.conf");
    Files.createDirectories(a.getParent());
    Files.createDirectories(b.getParent());
    String peer = " max-response-delay 60; max-unacked-updates 10; load balance max seconds 3; }\n";
    String subnet = "subnet 10.7.0.0 netmask 255.255.255.0 {\n  pool {\n    failover peer \"fo-1\";\n"
        + "    range 10.7.0.100 10.7.0.200;\n  }\n}\n";
    Files.writeString(a, "authoritative;\nfailover peer \"fo-1\" { primary; address 192.0.2.1; port 647;"
        + " peer address 192.0.2.2; peer port 647; mclt 3600; split 128;" + peer + subnet);
    Files.writeString(b, "authoritative;\nfailover peer \"fo-1\" { secondary; address 192.0.2.2; port 647;"
        + " peer address 192.0.2.1; peer port 647;" + peer + subnet
        // the operator declared a subnet twice (dhcpd takes it): the tool leaves it out, located
        + "subnet 10.9.0.0 netmask 255.255.255.0 {\n}\nsubnet 10.9.0.0 netmask 255.255.255.0 {\n}\n");
    String dhcpd = Files.isExecutable(Path.of("/usr/sbin/dhcpd")) ? "/usr/sbin/dhcpd" : dir.resolve("no-dhcpd").toString();
    try (FakeOmapiServer omapiA = FakeOmapiServer.builder().start();
        FakeOmapiServer omapiB = FakeOmapiServer.builder().start()) {
      Path inventory = dir.resolve("isc.yaml");
      Files.writeString(inventory, """
          servers:
            - {id: isc-a, vendor: isc, address: 192.0.2.1, endpoint: "%s", options: {dhcpd: "%s", omapi-host: 127.0.0.1, omapi-port: "%d"}}
            - {id: isc-b, vendor: isc, address: 192.0.2.2, endpoint: "%s", options: {dhcpd: "%s", omapi-host: 127.0.0.1, omapi-port: "%d"}}
          principals:
            - {name: alice, roles: [dhcp-administrators]}
          defaultPrincipal: alice
          """.formatted(a.toUri(), dhcpd, omapiA.port(), b.toUri(), dhcpd, omapiB.port()));

      assertThat(run(inventory, Map.of(), "drift", "fo-1").expect(ExitCode.OK).out())
          .contains("no drift", "isc-b: 1 problem(s)", "isc-b/dhcpd.conf:", "10.9.0.0")
          .doesNotContain("isc-a: 1 problem(s)");
      JsonNode drift = run(inventory, Map.of(), "drift", "fo-1", "--json").expect(ExitCode.OK).json();
      assertThat(SandboxCommandsTest.texts(drift.path("problems"), "server")).containsExactly("isc-b");
      assertThat(drift.path("problems").get(0).path("problem").asText()).contains("dhcpd.conf:", "10.9.0.0");

      assertThat(run(inventory, Map.of(), "replicate", "relationship", "fo-1", "--from", "isc-a").expect(ExitCode.OK)
          .out()).contains("isc-b: 1 problem(s)", "isc-b/dhcpd.conf:", "10.9.0.0");
      JsonNode plan = run(inventory, Map.of(), "replicate", "relationship", "fo-1", "--from", "isc-a", "--json")
          .expect(ExitCode.OK).json();
      assertThat(SandboxCommandsTest.texts(plan.path("problems"), "server")).containsExactly("isc-b");
      assertThat(plan.path("problems").get(0).path("problem").asText()).contains("dhcpd.conf:", "10.9.0.0");
    }
  }

  @Test
  @DisplayName("ISC: a dhcpd.conf dhcpd accepts but the tool cannot fully hold (two hosts on one fixed-address) is listed by servers, its located problem in text and JSON, exit 0, the rest read")
  void iscFileWithAProblemIsListedWithTheProblemLocated() throws Exception {
    Path a = dir.resolve("isc-a/dhcpd.conf");
    Files.createDirectories(a.getParent());
    Files.writeString(a, "# isc-a, written by an operator\n" // line 1
        + "authoritative;\n" // 2
        + "subnet 10.7.0.0 netmask 255.255.255.0 {\n" // 3: the problem is located at the subnet it leaves out
        + "  pool {\n    range 10.7.0.100 10.7.0.200;\n  }\n" // 4-6
        + "  host printer { hardware ethernet 00:16:3e:07:00:05; fixed-address 10.7.0.5; }\n" // 7
        + "  host copier { hardware ethernet 00:16:3e:07:00:06; fixed-address 10.7.0.5; }\n" // 8
        + "}\n" // 9
        + "subnet 10.8.0.0 netmask 255.255.255.0 {\n  pool {\n    range 10.8.0.100 10.8.0.200;\n  }\n}\n");
    String dhcpd = Files.isExecutable(Path.of("/usr/sbin/dhcpd")) ? "/usr/sbin/dhcpd" : dir.resolve("no-dhcpd").toString();
    try (FakeOmapiServer omapiA = FakeOmapiServer.builder().start()) {
      Path inventory = dir.resolve("isc.yaml");
      Files.writeString(inventory, """
          servers:
            - {id: isc-a, vendor: isc, address: 192.0.2.1, endpoint: "%s", options: {dhcpd: "%s", omapi-host: 127.0.0.1, omapi-port: "%d"}}
          principals:
            - {name: alice, roles: [dhcp-administrators]}
          defaultPrincipal: alice
          """.formatted(a.toUri(), dhcpd, omapiA.port()));

      String text = run(inventory, Map.of(), "servers").expect(ExitCode.OK).out();
      assertThat(text).contains("isc-a", "1 scope(s)", "1 problem(s)", "dhcpd.conf:3:", "10.7.0.5", "10.7.0.0");

      JsonNode servers = run(inventory, Map.of(), "servers", "--json").expect(ExitCode.OK).json();
      JsonNode server = servers.path("servers").get(0);
      assertThat(server.path("error").isMissingNode()).as(server.toString()).isTrue();
      assertThat(server.path("scopes").asInt()).as("the rest of the file is read").isEqualTo(1);
      assertThat(server.path("problems").size()).isEqualTo(1);
      assertThat(server.path("problems").get(0).asText()).contains("dhcpd.conf:3:", "10.7.0.5");
    }
  }

  @Test
  @DisplayName("Windows: fakes behind SSH, password from the environment; create, status, drift 0 → an edit → 3 → replicate → 0, partner-down after a cut")
  void windowsOverSsh() throws Exception {
    String password = "Wire-Faces pass 7;'$(x)";
    FakeWindowsNetwork network = FakeWindowsNetwork.create();
    FakeWindowsDhcpServer a = network.addServer("win-a", "192.0.2.11");
    FakeWindowsDhcpServer b = network.addServer("win-b", "192.0.2.12");
    Subnet net = Subnet.parse("10.8.0.0/24");
    a.putScope(FailoverBackendContract.sampleScope(net.toString(), 2));
    try (FakeWindowsSshServer sshA = FakeWindowsSshServer.builder(a).password("dhcpadmin", password).start();
        FakeWindowsSshServer sshB = FakeWindowsSshServer.builder(b).password("dhcpadmin", password).start()) {
      Path inventory = dir.resolve("windows.yaml");
      Files.writeString(inventory, """
          servers:
            - id: win-a
              vendor: windows
              address: win-a
              endpoint: "ssh://127.0.0.1:%d"
              options: {host-fingerprint: "%s", pending-file: "%s"}
              credential: {user: dhcpadmin, passwordEnv: WIN_PASSWORD}
            - id: win-b
              vendor: windows
              address: win-b
              endpoint: "ssh://127.0.0.1:%d"
              options: {host-fingerprint: "%s", pending-file: "%s"}
              credential: {user: dhcpadmin, passwordEnv: WIN_PASSWORD}
          principals:
            - {name: alice, roles: [dhcp-administrators]}
          defaultPrincipal: alice
          """.formatted(sshA.port(), sshA.hostKeyFingerprint(), dir.resolve("pending.json"), sshB.port(),
          sshB.hostKeyFingerprint(), dir.resolve("pending.json")));
      Map<String, String> env = Map.of("WIN_PASSWORD", password);
      List<Cli.Result> all = new ArrayList<>();

      all.add(run(inventory, env, "servers").expect(ExitCode.OK));
      assertThat(all.get(0).out()).contains("win-a", "win-b", "1 scope(s)");
      all.add(run(inventory, env, "relationships", "create", "win-1", "--primary", "win-a", "--secondary", "win-b",
          "--mode", "hot-standby", "--reserve-percent", "5", "--scope", net.toString(), "--apply", "--yes",
          "--no-progress").expect(ExitCode.OK));
      assertThat(b.scope(net)).isPresent();
      JsonNode status = run(inventory, env, "status", "win-1", "--json").expect(ExitCode.OK).json();
      assertThat(SandboxCommandsTest.texts(status.path("statuses"), "localCommon")).containsExactly("NORMAL", "NORMAL");

      all.add(run(inventory, env, "drift", "win-1").expect(ExitCode.OK));
      Scope edited = Scope.builder().from(b.scope(net).orElseThrow()).addReservation(Reservation.builder()
          .identifier("00:16:3e:08:00:44").address(Ipv4Address.parse("10.8.0.44")).build()).build();
      b.putScope(edited);
      all.add(run(inventory, env, "drift", "win-1").expect(ExitCode.DRIFT));
      assertThat(all.get(all.size() - 1).out()).contains("hw-address 00:16:3e:08:00:44 → 10.8.0.44: only on win-b");
      all.add(run(inventory, env, "replicate", "scope", net.toString(), "--from", "win-a", "--apply", "--yes",
          "--no-progress").expect(ExitCode.OK));
      all.add(run(inventory, env, "drift").expect(ExitCode.OK));

      network.disconnect(a, b);
      network.advance(Duration.ofMinutes(1));
      all.add(run(inventory, env, "partner-down", "win-1", "--on", "win-a", "--apply", "--yes").expect(ExitCode.OK));
      JsonNode down = run(inventory, env, "status", "win-1", "--json").expect(ExitCode.OK).json();
      assertThat(down.path("statuses").get(0).path("localCommon").asText()).isEqualTo("PARTNER_DOWN");

      assertThat(all).allSatisfy(r -> assertThat(r.all()).doesNotContain(password));
      assertThat(Files.readString(inventory, StandardCharsets.UTF_8)).doesNotContain(password);
      assertThat(Secret.of(password).toString()).doesNotContain(password);
    }
  }
}
