package dev.failover.windows.transport;

import dev.failover.windows.ps.PowerShellScript;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * How a script is started on Windows, chosen so that no character of the script depends on
 * cmd.exe quoting, a console code page or the command-line length limit:
 *
 * <ul>
 *   <li>the SSH exec request is the fixed command line {@link #COMMAND_LINE}:
 *       {@code powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass
 *       -EncodedCommand <base64 of UTF-16LE>} of the small constant {@link #LAUNCHER} (Windows
 *       OpenSSH hands the line to cmd.exe, for which base64 holds no special character);</li>
 *   <li>the launcher reads standard input to the end, decodes it as base64 of UTF-8, and runs it
 *       as one script block, with UTF-8 standard output;</li>
 *   <li>standard input is the script as base64 of UTF-8 ({@link #stdin(PowerShellScript)}).</li>
 * </ul>
 *
 * Rejected alternatives: {@code -Command -} reads standard input line by line as interactive
 * input (multi-line blocks need an extra blank line, characters go through the console code
 * page); {@code -EncodedCommand} of the whole script would put the shared secret on a process
 * command line and runs into the 32,767-character limit for large plans.
 */
public final class PowerShellLauncher {

  /** The constant launcher script. */
  public static final String LAUNCHER = "$ErrorActionPreference = 'Stop'\n"
      + "[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false\n"
      + "$failoverScript = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadToEnd()))\n"
      + "& ([ScriptBlock]::Create($failoverScript))\n";

  /** The exec command line. */
  public static final String COMMAND_LINE =
      "powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "
          + Base64.getEncoder().encodeToString(LAUNCHER.getBytes(StandardCharsets.UTF_16LE));

  private PowerShellLauncher() {}

  /**
   * {@return the bytes to send on standard input: the script as base64 of UTF-8, then CRLF} A new array
   * the caller wipes after sending; no {@link String} of the script is made.
   *
   * @param script the script
   */
  public static byte[] stdin(PowerShellScript script) {
    byte[] utf8 = script.utf8();
    try {
      byte[] b64 = Base64.getEncoder().encode(utf8);
      byte[] out = Arrays.copyOf(b64, b64.length + 2);
      Arrays.fill(b64, (byte) 0);
      out[out.length - 2] = '\r';
      out[out.length - 1] = '\n';
      return out;
    } finally {
      Arrays.fill(utf8, (byte) 0);
    }
  }
}
