package dev.failover.cli.sandbox;

import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.ScriptRun;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.transport.RemoteShell;
import dev.failover.windows.transport.ShellResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A shell that hands each script the Windows backend composes straight to a fake Windows server
 * in this process: the sandbox uses it only to snapshot its Windows fakes and to re-seed them when
 * a run starts (the commands themselves reach the fakes over SSH).
 */
final class InProcessWindowsShell implements RemoteShell {

  private final FakeWindowsDhcpServer server;

  InProcessWindowsShell(FakeWindowsDhcpServer server) {
    this.server = server;
  }

  @Override
  public ShellResult run(PowerShellScript script, Duration timeout) {
    byte[] bytes = script.utf8();
    try {
      ScriptRun run = server.run(new String(bytes, StandardCharsets.UTF_8));
      return new ShellResult(run.exitCode(), run.stdout(), run.stderr(), Duration.ZERO);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public void close() {
    // nothing held
  }
}
