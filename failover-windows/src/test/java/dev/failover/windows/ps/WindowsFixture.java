package dev.failover.windows.ps;

import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.ScriptRun;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Two fake Windows servers and a way to run composed scripts on them in process. */
final class WindowsFixture {

  final FakeWindowsNetwork network = FakeWindowsNetwork.create();
  final FakeWindowsDhcpServer a = network.addServer("dhcp-a", "192.0.2.1");
  final FakeWindowsDhcpServer b = network.addServer("dhcp-b", "192.0.2.2");

  static Ipv4Address ip(String text) {
    return Ipv4Address.parse(text);
  }

  /** A /24 scope 10.x.0.0 with range .10-.200. */
  static Scope scope(int x) {
    return Scope.builder().subnet(Subnet.parse("10." + x + ".0.0/24"))
        .addPool(Pool.of("10." + x + ".0.10", "10." + x + ".0.200")).build();
  }

  static Ipv4Address scopeId(int x) {
    return ip("10." + x + ".0.0");
  }

  /** Composes the commands, runs the script on the server as PowerShell would, reads the report. */
  static ScriptReport run(FakeWindowsDhcpServer server, PsCommand... commands) {
    try (PowerShellScript script = ScriptComposer.compose(List.of(commands))) {
      ScriptRun run = runRaw(server, script);
      return ScriptReport.read(server.name(), script, run.exitCode(), run.stdout(), run.stderr());
    }
  }

  static ScriptRun runRaw(FakeWindowsDhcpServer server, PowerShellScript script) {
    byte[] bytes = script.utf8();
    try {
      return server.run(new String(bytes, StandardCharsets.UTF_8));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Creates a load-balance relationship "pair" on a with the given scopes (which a gets first). */
  ScriptReport pair(String name, int... scopes) {
    ImmutableAddFailover.Builder spec = AddFailover.builder().name(name).partnerServer("dhcp-b");
    for (int x : scopes) {
      a.putScope(scope(x));
      spec.addScopeId(scopeId(x));
    }
    return run(a, DhcpCommands.addFailover(spec.build()));
  }
}
