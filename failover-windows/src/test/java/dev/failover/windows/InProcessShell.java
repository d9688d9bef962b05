package dev.failover.windows;

import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.PsCommand;
import dev.failover.windows.transport.RemoteShell;
import dev.failover.windows.transport.ShellResult;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.ScriptRun;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A shell that hands each script, as the bytes the SSH transport would send, to a fake Windows
 * server in this process, and records every invocation in the fixture's log.
 */
final class InProcessShell implements RemoteShell {

  /** One remote invocation: the server, and whether the script changes anything. */
  record Invocation(String server, boolean writes, List<String> cmdlets) {}

  private final FakeWindowsDhcpServer server;
  private final List<Invocation> log;
  private boolean closed;

  InProcessShell(FakeWindowsDhcpServer server, List<Invocation> log) {
    this.server = server;
    this.log = log;
  }

  @Override
  public ShellResult run(PowerShellScript script, Duration timeout) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    List<String> cmdlets = script.steps().stream().map(PsCommand::cmdlet).map(c -> c.cmdletName()).toList();
    boolean writes = script.steps().stream().anyMatch(c -> c.cmdlet().writes());
    synchronized (log) {
      log.add(new Invocation(server.name(), writes, cmdlets));
    }
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
    closed = true;
  }
}
