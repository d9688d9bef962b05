package dev.failover.windows.transport;

import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.ScriptReport;
import java.time.Duration;
import java.util.Objects;

/**
 * What a remote run gave back: exit status, standard output and standard error (as received;
 * read them through {@link #report(String, PowerShellScript)}, which redacts the script's
 * secrets), and how long it took.
 */
public record ShellResult(int exitStatus, String stdout, String stderr, Duration elapsed) {

  /**
   * A result; every text is required.
   *
   * @param exitStatus the process's exit status
   * @param stdout standard output as received
   * @param stderr standard error as received
   * @param elapsed how long the run took
   */
  public ShellResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * {@return the script's report (see {@link ScriptReport#read})}
   *
   * @param server the server's name, for errors
   * @param script the script that ran
   */
  public ScriptReport report(String server, PowerShellScript script) {
    return ScriptReport.read(server, script, exitStatus, stdout, stderr);
  }

  /** Sizes only: the output may quote values of the script. */
  @Override
  public String toString() {
    return "ShellResult[exit " + exitStatus + ", " + stdout.length() + " chars out, " + stderr.length()
        + " chars err, " + elapsed.toMillis() + " ms]";
  }
}
