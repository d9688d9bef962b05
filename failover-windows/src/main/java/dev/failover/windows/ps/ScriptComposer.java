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

  private ScriptComposer() {}

  /** The script that runs the commands in order, stopping at the first failure. */
  public static PowerShellScript compose(List<PsCommand> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a script needs at least one command");
    }
    SecureText text = new SecureText();
    StringBuilder shown = new StringBuilder();
    List<char[]> secrets = new ArrayList<>();
    text.append(PREAMBLE);
    shown.append(PREAMBLE);
    for (int i = 0; i < steps.size(); i++) {
      PsCommand step = steps.get(i);
      String head = "$failoverStep = " + i + "\n$failoverResults.Add((";
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
      return new PowerShellScript(List.copyOf(steps), text.toCharArray(), shown.toString(), secrets);
    } finally {
      text.wipe();
    }
  }

  /** The script for one command. */
  public static PowerShellScript compose(PsCommand step) {
    return compose(List.of(step));
  }
}
