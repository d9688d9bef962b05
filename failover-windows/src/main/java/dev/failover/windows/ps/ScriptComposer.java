package dev.failover.windows.ps;

import java.util.ArrayList;
import java.util.List;

/**
 * Composes the one script a plan runs on one server, however many scopes it touches.
 *
 * <p>The script's shape, which the testkit's interpreter accepts and nothing else:
 * <pre>
 * $ErrorActionPreference = 'Stop'
 * … (fixed preamble: UTF-8 output, a result list, the step counter)
 * try {
 * $failoverStep = 0
 * $failoverResults.Add((&lt;cmdlet&gt; &lt;-Param value …&gt; | ConvertTo-Json -Depth 5 -Compress))
 * $failoverStep = 1
 * …
 * } catch {
 * $failoverError = [ordered]@{ step, message, fullyQualifiedErrorId, category, exceptionType, messageId }
 * }
 * [ordered]@{ completed = …; results = …; error = … } | ConvertTo-Json -Depth 5 -Compress
 * </pre>
 * Each step's output is converted on its own, so every step keeps exactly the shape
 * {@code <cmdlet> | ConvertTo-Json} prints (nothing, one object, or an array), and travels as
 * a JSON string inside the final document. {@code $ErrorActionPreference = 'Stop'} turns the
 * cmdlets' non-terminating errors into exceptions, so the first failure stops the script; the
 * catch block reports which step failed and why. The script contains no {@code ;}, no
 * double-quoted string and no sub-expression; values appear only as literals.
 */
public final class ScriptComposer {

  /** The fixed lines before the steps. */
  static final String PREAMBLE = String.join("\n",
      "$ErrorActionPreference = 'Stop'",
      "$ProgressPreference = 'SilentlyContinue'",
      "[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false",
      "$failoverResults = New-Object 'System.Collections.Generic.List[object]'",
      "$failoverError = $null",
      "$failoverStep = -1",
      "try {",
      "");

  /** The fixed lines after the steps. */
  static final String EPILOGUE = String.join("\n",
      "} catch {",
      "$failoverError = [ordered]@{",
      "step = $failoverStep",
      "message = $_.Exception.Message",
      "fullyQualifiedErrorId = $_.FullyQualifiedErrorId",
      "category = [string]$_.CategoryInfo.Category",
      "exceptionType = $_.Exception.GetType().FullName",
      "messageId = $_.Exception.MessageId",
      "}",
      "}",
      "[ordered]@{",
      "completed = $failoverResults.Count",
      "results = $failoverResults",
      "error = $failoverError",
      "} | ConvertTo-Json -Depth 5 -Compress",
      "");

  /**
   * The body of the snapshot script: fixed text, no value in it. PowerShell runs the listing
   * steps, then loops over the scopes it listed (reservations, option values) and over each
   * scope's reservations (option values), converting every result on its own.
   */
  static final String SNAPSHOT_BODY = String.join("\n",
      "$failoverStep = 0",
      "$failoverScopes = Get-DhcpServerv4Scope",
      "$failoverResults.Add(($failoverScopes | ConvertTo-Json -Depth 5 -Compress))",
      "$failoverStep = 1",
      "$failoverResults.Add((Get-DhcpServerv4Failover | ConvertTo-Json -Depth 5 -Compress))",
      "$failoverStep = 2",
      "$failoverResults.Add((Get-DhcpServerv4ExclusionRange | ConvertTo-Json -Depth 5 -Compress))",
      "$failoverStep = 3",
      "foreach ($failoverScope in $failoverScopes) {",
      "$failoverReservations = Get-DhcpServerv4Reservation -ScopeId $failoverScope.ScopeId",
      "$failoverResults.Add(($failoverReservations | ConvertTo-Json -Depth 5 -Compress))",
      "$failoverResults.Add((Get-DhcpServerv4OptionValue -ScopeId $failoverScope.ScopeId -All"
          + " | ConvertTo-Json -Depth 5 -Compress))",
      "foreach ($failoverReservation in $failoverReservations) {",
      "$failoverResults.Add((Get-DhcpServerv4OptionValue -ReservedIP $failoverReservation.IPAddress -All"
          + " | ConvertTo-Json -Depth 5 -Compress))",
      "}",
      "}",
      "");

  /** Results of the snapshot script before the per-scope ones: scopes, relationships, exclusions. */
  public static final int SNAPSHOT_LISTINGS = 3;

  private ScriptComposer() {}

  /**
   * {@return the one script that reads a whole server: result 0 is {@code Get-DhcpServerv4Scope}, 1
   * {@code Get-DhcpServerv4Failover}, 2 {@code Get-DhcpServerv4ExclusionRange} (every scope);
   * then, for each scope in the order of result 0, its {@code Get-DhcpServerv4Reservation}, its
   * {@code Get-DhcpServerv4OptionValue -All}, and for each of those reservations in order, the
   * reservation's {@code Get-DhcpServerv4OptionValue -ReservedIP … -All}} A failure inside the
   * loops is reported as step 3, which has no single command. The text is constant: no value is
   * written into it.
   */
  public static PowerShellScript snapshot() {
    String text = PREAMBLE + SNAPSHOT_BODY + EPILOGUE;
    List<PsCommand> steps = List.of(DhcpCommands.getScopes(), DhcpCommands.getFailovers(),
        DhcpCommands.getAllExclusions());
    return new PowerShellScript(steps, text.toCharArray(), text, new ArrayList<>());
  }

  /**
   * The snapshot script run against another server through {@code -ComputerName}: the same
   * text as {@link #snapshot()} with {@code -ComputerName '<name>'} after each cmdlet, so its
   * results read as that server's, each exactly as a {@link Guard} of the same command prints
   * it (Windows names the computer in every object's {@code PSComputerName}, so a local and a
   * remote read of one server do not print the same text).
   *
   * @param computerName the other server's name or address
   * @return the script
   */
  public static PowerShellScript snapshot(String computerName) {
    DhcpCommands.requireHost("computerName", computerName);
    String body = SNAPSHOT_BODY.replaceAll("(Get-DhcpServerv4[A-Za-z]+)",
        "$1 -ComputerName " + java.util.regex.Matcher.quoteReplacement(PsLiteral.quote(computerName)));
    String text = PREAMBLE + body + EPILOGUE;
    List<PsCommand> steps = List.of(DhcpCommands.getScopes().onComputer(computerName),
        DhcpCommands.getFailovers().onComputer(computerName), DhcpCommands.getAllExclusions().onComputer(computerName));
    return new PowerShellScript(steps, text.toCharArray(), text, new ArrayList<>());
  }

  /** What a failing guard throws: the message (and error id) of its step's error. */
  public static final String GUARD_FAILED = "failover-guard: the server no longer holds what the plan was made from";

  /**
   * A read that must print exactly what an earlier read of the same command printed, else the
   * script stops before its commands run: the guard of a change that Windows makes from the
   * server's state at the time it runs (replication), so that it runs only on the state the plan
   * was made from.
   *
   * @param read a reading cmdlet ({@code Get-…}), with {@code -ComputerName} to read another server
   * @param expected its earlier output as printed by {@code ConvertTo-Json -Depth 5 -Compress}
   *     ({@code ""} when it printed nothing)
   */
  public record Guard(PsCommand read, String expected) {
    /**
     * A guard; both parts are required.
     *
     * @param read a reading cmdlet
     * @param expected its earlier output
     */
    public Guard {
      java.util.Objects.requireNonNull(read, "read");
      java.util.Objects.requireNonNull(expected, "expected");
      if (read.cmdlet().writes()) {
        throw new IllegalArgumentException("a guard must read, not " + read.cmdlet().cmdletName());
      }
    }
  }

  /**
   * The script that first runs each guard, stopping with {@link #GUARD_FAILED} at the first
   * whose read no longer prints what it expects (compared ordinally), then the commands in
   * order. Guard {@code i} is step {@code i} (printing nothing); command {@code j} is step
   * {@code guards.size() + j}. A guard step is:
   * <pre>
   * $failoverStep = i
   * $failoverGuard = [string](&lt;read&gt; | ConvertTo-Json -Depth 5 -Compress)
   * if (-not [string]::Equals($failoverGuard, '&lt;expected&gt;', [System.StringComparison]::Ordinal)) { throw '…' }
   * $failoverResults.Add($null)
   * </pre>
   *
   * @param guards the guards, run first
   * @param steps the commands, run after every guard held
   * @return the script
   */
  public static PowerShellScript guarded(List<Guard> guards, List<PsCommand> steps) {
    return compose(guards, steps);
  }

  /**
   * {@return the script that runs the commands in order, stopping at the first failure}
   *
   * @param steps the commands
   */
  public static PowerShellScript compose(List<PsCommand> steps) {
    return compose(List.of(), steps);
  }

  private static PowerShellScript compose(List<Guard> guards, List<PsCommand> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a script needs at least one command");
    }
    SecureText text = new SecureText();
    StringBuilder shown = new StringBuilder();
    List<char[]> secrets = new ArrayList<>();
    text.append(PREAMBLE);
    shown.append(PREAMBLE);
    for (int i = 0; i < guards.size(); i++) {
      Guard g = guards.get(i);
      String head = "$failoverStep = " + i + "\n$failoverGuard = [string](";
      String tail = " | ConvertTo-Json -Depth 5 -Compress)\nif (-not [string]::Equals($failoverGuard, "
          + PsLiteral.quote(g.expected()) + ", [System.StringComparison]::Ordinal)) { throw "
          + PsLiteral.quote(GUARD_FAILED) + " }\n$failoverResults.Add($null)\n";
      text.append(head);
      g.read().render(text);
      text.append(tail);
      shown.append(head).append(g.read()).append(tail);
    }
    List<PsCommand> all = new ArrayList<>();
    guards.forEach(g -> all.add(g.read()));
    all.addAll(steps);
    for (int i = 0; i < steps.size(); i++) {
      PsCommand step = steps.get(i);
      String head = "$failoverStep = " + (guards.size() + i) + "\n$failoverResults.Add((";
      String tail = " | ConvertTo-Json -Depth 5 -Compress))\n";
      text.append(head);
      step.render(text);
      text.append(tail);
      shown.append(head).append(step).append(tail);
      step.secrets().forEach(secret -> secrets.add(secret.copy()));
    }
    text.append(EPILOGUE);
    shown.append(EPILOGUE);
    try {
      return new PowerShellScript(List.copyOf(all), text.toCharArray(), shown.toString(), secrets);
    } finally {
      text.wipe();
    }
  }

  /**
   * {@return the script for one command}
   *
   * @param step the command
   */
  public static PowerShellScript compose(PsCommand step) {
    return compose(List.of(step));
  }
}
