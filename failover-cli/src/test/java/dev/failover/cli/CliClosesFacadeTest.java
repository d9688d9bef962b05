package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.FakeWindowsSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool closes its facade when a command ends: the Windows backend's SSH sessions to the
 * testkit's fake servers are counted on the servers' side, and are back to none once the command
 * returns (a facade left open would keep one session per server open for as long as the JVM
 * lives: an embedding program calling the tool's entry point would leak them).
 */
@DisplayName("the tool closes its facade at the end of a command: no SSH session to the servers stays open")
class CliClosesFacadeTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final Duration SETTLE = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  @DisplayName("`servers` over an inventory file reads two fake Windows servers over SSH (one session each while it runs); once it returns, both fakes count no open session")
  void serversCommandLeavesNoSession() throws Exception {
    FakeWindowsNetwork network = FakeWindowsNetwork.create();
    FakeWindowsDhcpServer a = network.addServer("win-a", "192.0.2.11");
    FakeWindowsDhcpServer b = network.addServer("win-b", "192.0.2.12");
    try (FakeWindowsSshServer sshA = FakeWindowsSshServer.builder(a).password("dhcpadmin", PASSWORD).start();
        FakeWindowsSshServer sshB = FakeWindowsSshServer.builder(b).password("dhcpadmin", PASSWORD).start()) {
      Path inventory = dir.resolve("inventory.yaml");
      StringBuilder yaml = new StringBuilder("servers:\n");
      for (FakeWindowsSshServer s : List.of(sshA, sshB)) {
        String id = s.server().name();
        yaml.append("  - id: ").append(id).append("\n    vendor: windows\n    address: ").append(id)
            .append("\n    endpoint: ssh://").append(s.host()).append(':').append(s.port())
            .append("\n    options: {host-fingerprint: \"").append(s.hostKeyFingerprint()).append("\", pending-file: \"")
            .append(dir.resolve(id + ".pending.json")).append("\"}\n    credential:\n      user: dhcpadmin\n")
            .append("      passwordEnv: WIN_PASSWORD\n");
      }
      Files.writeString(inventory, yaml);

      Cli.Result r = Cli.run(Map.of("WIN_PASSWORD", PASSWORD), Terminal.none(), "-i", inventory.toString(), "servers");

      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
      assertThat(r.out()).contains("win-a", "win-b");
      assertThat(sshA.commandLines()).as("scripts run on win-a").isNotEmpty();
      assertThat(sshB.commandLines()).as("scripts run on win-b").isNotEmpty();
      // the server side learns of a closed connection a moment after the client closes it
      long deadline = System.nanoTime() + SETTLE.toNanos();
      while (System.nanoTime() < deadline && sshA.activeSessions() + sshB.activeSessions() > 0) {
        Thread.sleep(50); // a poll interval between looks at the count, not a wait for a state
      }
      assertThat(sshA.activeSessions()).as("SSH sessions open on win-a after the command").isZero();
      assertThat(sshB.activeSessions()).as("SSH sessions open on win-b after the command").isZero();
    }
  }
}
