package dev.failover.testkit.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses exactly the script shape the Windows backend's composer emits: a fixed preamble, then
 * for each step {@code $failoverStep = <i>} and
 * {@code $failoverResults.Add((<cmdlet> <arguments> | ConvertTo-Json -Depth 5 -Compress))}, or
 * for a guard step the fixed lines that run a {@code Get-} cmdlet, compare what it prints with a
 * literal ordinally and throw {@link #GUARD_FAILED} when they differ; then a fixed catch block
 * and epilogue. Arguments are {@code -Name value} (a literal, a
 * comma-separated list of literals, a number, {@code $true}, {@code $false}, {@code $null}, or
 * {@code ([TimeSpan]'…')}), {@code -Switch}, or {@code -Switch:$false}. Anything else is a
 * {@link ScriptParseException}, raised before anything runs. Not API.
 */
final class ScriptParser {

  static final String PREAMBLE = String.join("\n",
      "$ErrorActionPreference = 'Stop'",
      "$ProgressPreference = 'SilentlyContinue'",
      "[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false",
      "$failoverResults = New-Object 'System.Collections.Generic.List[object]'",
      "$failoverError = $null",
      "$failoverStep = -1",
      "try {",
      "");

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
   * The body of the one fixed script that reads a whole server (the Windows backend's snapshot):
   * the scopes, the relationships and every exclusion, then for each scope its reservations and
   * option values and for each reservation its option values, each converted to JSON on its own.
   * It carries no value at all, so it is recognised as a whole, token by token.
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

  /** What a failing guard throws (the Windows backend's {@code ScriptComposer.GUARD_FAILED}). */
  static final String GUARD_FAILED = "failover-guard: the server no longer holds what the plan was made from";

  /** Stands for the {@code -ComputerName} literal of a snapshot read through another server. */
  private static final String COMPUTER_NAME_HOLE = "\u0000computer-name";

  private static final List<PsToken> PREAMBLE_TOKENS = withoutEof(PsTokenizer.tokenize(PREAMBLE));
  private static final List<PsToken> SNAPSHOT_TOKENS = PsTokenizer.tokenize(PREAMBLE + SNAPSHOT_BODY + EPILOGUE);
  private static final List<PsToken> REMOTE_SNAPSHOT_TOKENS = PsTokenizer.tokenize(PREAMBLE
      + SNAPSHOT_BODY.replaceAll("(Get-DhcpServerv4[A-Za-z]+)", "$1 -ComputerName '" + COMPUTER_NAME_HOLE + "'")
      + EPILOGUE);
  private static final List<PsToken> GUARD_HEAD = withoutEof(PsTokenizer.tokenize("$failoverGuard = [string]("));
  private static final List<PsToken> GUARD_MIDDLE = withoutEof(PsTokenizer.tokenize(
      "| ConvertTo-Json -Depth 5 -Compress)\nif (-not [string]::Equals($failoverGuard, "));
  private static final List<PsToken> GUARD_TAIL = withoutEof(PsTokenizer.tokenize(
      ", [System.StringComparison]::Ordinal)) { throw '" + GUARD_FAILED + "' }\n$failoverResults.Add($null)\n"));
  private static final List<PsToken> EPILOGUE_TOKENS = withoutEof(PsTokenizer.tokenize(EPILOGUE));
  private static final List<PsToken> STEP_TAIL = withoutEof(
      PsTokenizer.tokenize("| ConvertTo-Json -Depth 5 -Compress))\n"));

  /** A parsed argument value. */
  sealed interface Value {}

  /** One literal or a comma list of literals. */
  record Texts(List<String> items, boolean list) implements Value {}

  record Number(long value) implements Value {}

  record Bool(boolean value) implements Value {}

  record Null() implements Value {}

  /** {@code ([TimeSpan]'literal')}. */
  record Span(String literal) implements Value {}

  /** A switch given without value. */
  record Switch() implements Value {}

  /** {@code -Name:$true} / {@code -Name:$false}. */
  record SwitchValue(boolean value) implements Value {}

  record Argument(String name, Value value) {}

  /**
   * One step: a cmdlet and its arguments; for a guard step, the text its read must print
   * ({@code guard}, otherwise {@code null}).
   */
  record Call(String cmdlet, List<Argument> arguments, int line, String guard) {
    Call(String cmdlet, List<Argument> arguments, int line) {
      this(cmdlet, arguments, line, null);
    }
  }

  /** A snapshot script, read locally ({@code computerName} null) or through {@code -ComputerName}. */
  record Snapshot(String computerName) {}

  private final List<PsToken> tokens;
  private int pos;

  private ScriptParser(List<PsToken> tokens) {
    this.tokens = tokens;
  }

  /** Whether the script is exactly the snapshot script (whitespace aside). */
  static boolean isSnapshot(String script) {
    return snapshot(script).isPresent();
  }

  /**
   * The snapshot script, if the script is exactly it (whitespace aside), or exactly it with
   * the same {@code -ComputerName '<name>'} after every cmdlet.
   */
  static java.util.Optional<Snapshot> snapshot(String script) {
    List<PsToken> tokens;
    try {
      tokens = PsTokenizer.tokenize(script);
    } catch (ScriptParseException e) {
      return java.util.Optional.empty();
    }
    if (matches(tokens, SNAPSHOT_TOKENS)) {
      return java.util.Optional.of(new Snapshot(null));
    }
    if (tokens.size() != REMOTE_SNAPSHOT_TOKENS.size()) {
      return java.util.Optional.empty();
    }
    String name = null;
    for (int i = 0; i < tokens.size(); i++) {
      PsToken want = REMOTE_SNAPSHOT_TOKENS.get(i);
      PsToken got = tokens.get(i);
      if (want.is(PsToken.Type.STRING, COMPUTER_NAME_HOLE)) {
        if (got.type() != PsToken.Type.STRING || (name != null && !name.equals(got.text()))) {
          return java.util.Optional.empty();
        }
        name = got.text();
      } else if (!got.sameAs(want)) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(new Snapshot(name));
  }

  private static boolean matches(List<PsToken> tokens, List<PsToken> template) {
    if (tokens.size() != template.size()) {
      return false;
    }
    for (int i = 0; i < tokens.size(); i++) {
      if (!tokens.get(i).sameAs(template.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The calls of the script, in step order. */
  static List<Call> parse(String script) {
    return new ScriptParser(PsTokenizer.tokenize(script)).script();
  }

  private List<Call> script() {
    expectSequence(PREAMBLE_TOKENS, "the script preamble");
    List<Call> calls = new ArrayList<>();
    while (peek().is(PsToken.Type.VARIABLE, "failoverStep")) {
      next();
      expect(PsToken.Type.PUNCT, "=");
      PsToken n = expectType(PsToken.Type.NUMBER);
      if (!n.text().equals(Integer.toString(calls.size()))) {
        throw error("Step number " + n.text() + " out of order, expected " + calls.size(), n);
      }
      expect(PsToken.Type.NEWLINE, "\n");
      if (peek().is(PsToken.Type.VARIABLE, "failoverGuard")) {
        expectSequence(GUARD_HEAD, "a guard");
        Call read = call();
        if (!read.cmdlet().startsWith("Get-")) {
          throw error("A guard must read: " + read.cmdlet() + " changes the server", peek());
        }
        expectSequence(GUARD_MIDDLE, "a guard");
        String expected = expectType(PsToken.Type.STRING).text();
        expectSequence(GUARD_TAIL, "a guard");
        calls.add(new Call(read.cmdlet(), read.arguments(), read.line(), expected));
        continue;
      }
      expect(PsToken.Type.VARIABLE, "failoverResults");
      expect(PsToken.Type.PUNCT, ".");
      expect(PsToken.Type.WORD, "Add");
      expect(PsToken.Type.PUNCT, "(");
      expect(PsToken.Type.PUNCT, "(");
      calls.add(call());
      expectSequence(STEP_TAIL, "the step's conversion to JSON");
    }
    if (calls.isEmpty()) {
      throw error("A script must have at least one step", peek());
    }
    expectSequence(EPILOGUE_TOKENS, "the script epilogue");
    if (peek().type() != PsToken.Type.EOF) {
      throw error("Unexpected " + peek().describe() + " after the end of the script", peek());
    }
    return calls;
  }

  private Call call() {
    PsToken name = expectType(PsToken.Type.WORD);
    String cmdlet = CmdletCatalog.canonicalName(name.text());
    if (cmdlet == null) {
      throw error("The term '" + name.text() + "' is not a cmdlet this server knows", name);
    }
    List<Argument> args = new ArrayList<>();
    while (!peek().is(PsToken.Type.PUNCT, "|")) {
      PsToken p = next();
      if (p.type() == PsToken.Type.PARAMETER_COLON) {
        PsToken v = expectType(PsToken.Type.VARIABLE);
        String b = v.text().toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
          throw error("Only $true or $false may follow -" + p.text() + ":", v);
        }
        args.add(new Argument(p.text(), new SwitchValue(b.equals("true"))));
      } else if (p.type() == PsToken.Type.PARAMETER) {
        PsToken after = peek();
        if (after.type() == PsToken.Type.PARAMETER || after.type() == PsToken.Type.PARAMETER_COLON
            || after.is(PsToken.Type.PUNCT, "|")) {
          args.add(new Argument(p.text(), new Switch()));
        } else {
          args.add(new Argument(p.text(), value()));
        }
      } else {
        throw error("Unexpected " + p.describe() + " in the arguments of " + cmdlet
            + " (only -Name value pairs are allowed)", p);
      }
    }
    return new Call(cmdlet, args, name.line());
  }

  private Value value() {
    PsToken t = next();
    switch (t.type()) {
      case STRING: {
        List<String> items = new ArrayList<>();
        items.add(t.text());
        boolean list = false;
        while (peek().is(PsToken.Type.PUNCT, ",")) {
          next();
          items.add(expectType(PsToken.Type.STRING).text());
          list = true;
        }
        return new Texts(items, list);
      }
      case NUMBER:
        try {
          return new Number(Long.parseLong(t.text()));
        } catch (NumberFormatException e) {
          throw error("The number " + t.text() + " is too large", t);
        }
      case VARIABLE: {
        String v = t.text().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
          return new Bool(v.equals("true"));
        }
        if (v.equals("null")) {
          return new Null();
        }
        throw error("Variable $" + t.text() + " is not allowed as an argument", t);
      }
      case PUNCT:
        if (t.text().equals("(")) {
          PsToken type = expectType(PsToken.Type.TYPE);
          if (!type.text().equalsIgnoreCase("TimeSpan")) {
            throw error("Only a [TimeSpan] cast is allowed here, not [" + type.text() + "]", type);
          }
          PsToken lit = expectType(PsToken.Type.STRING);
          expect(PsToken.Type.PUNCT, ")");
          return new Span(lit.text());
        }
        throw error("Unexpected " + t.describe() + " where an argument value belongs", t);
      default:
        throw error("Unexpected " + t.describe() + " where an argument value belongs", t);
    }
  }

  private void expectSequence(List<PsToken> expected, String what) {
    for (PsToken e : expected) {
      PsToken t = next();
      if (!t.sameAs(e)) {
        throw error("Unexpected " + t.describe() + " in " + what + ", expected " + e.describe(), t);
      }
    }
  }

  private void expect(PsToken.Type type, String text) {
    PsToken t = next();
    if (!t.is(type, text)) {
      throw error("Unexpected " + t.describe() + ", expected " + new PsToken(type, text, 0, 0).describe(), t);
    }
  }

  private PsToken expectType(PsToken.Type type) {
    PsToken t = next();
    if (t.type() != type) {
      throw error("Unexpected " + t.describe() + ", expected " + type.name().toLowerCase(Locale.ROOT), t);
    }
    return t;
  }

  private PsToken peek() {
    return tokens.get(pos);
  }

  private PsToken next() {
    PsToken t = tokens.get(pos);
    if (t.type() != PsToken.Type.EOF) {
      pos++;
    }
    return t;
  }

  private static ScriptParseException error(String message, PsToken at) {
    return new ScriptParseException(message, at.line(), at.column());
  }

  private static List<PsToken> withoutEof(List<PsToken> list) {
    return List.copyOf(list.subList(0, list.size() - 1));
  }
}
