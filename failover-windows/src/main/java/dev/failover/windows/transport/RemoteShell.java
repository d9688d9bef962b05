package dev.failover.windows.transport;

import dev.failover.windows.ps.PowerShellScript;
import java.time.Duration;

/**
 * Runs a composed PowerShell script on one Windows server: one remote invocation per call, so a
 * plan that touches one server, however many scopes, costs one invocation there.
 */
public interface RemoteShell extends AutoCloseable {

  /**
   * Runs the script and waits at most {@code timeout} for it to finish.
   *
   * @param script the script
   * @param timeout the longest the run may take
   * @return the exit status and output
   * @throws dev.failover.errors.BackendException of kind TRANSPORT when the server cannot be reached,
   *     refuses the login or the host key, or does not answer in time
   */
  ShellResult run(PowerShellScript script, Duration timeout);

  /** Closes the connection; a closed shell runs nothing. */
  @Override
  void close();
}
