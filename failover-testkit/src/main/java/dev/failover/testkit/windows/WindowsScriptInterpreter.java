package dev.failover.testkit.windows;

import dev.failover.scope.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs, against one {@link FakeWindowsDhcpServer}, exactly the scripts the Windows backend
 * composes, and answers as Windows PowerShell 5.1 would.
 *
 * <p>First the whole script is parsed ({@link ScriptParser}): anything the composer does not
 * emit is a parser error, reported on standard error with exit code 1, and nothing runs. Then
 * the steps run in order under the network's lock; each step's output becomes the JSON that
 * {@code <cmdlet> | ConvertTo-Json -Depth 5 -Compress} prints (nothing, one object or an
 * array), the first failing step stops the script, and standard output is the one document
 * {@code {"completed":n,"results":[…],"error":{…}|null}} with exit code 0.
 *
 * <p>A guard step runs its {@code Get-} cmdlet and compares what it prints with the step's
 * literal, ordinally; when they differ the script stops there with the error PowerShell reports
 * for {@code throw '<text>'} (message and error id the text, category OperationStopped, a
 * RuntimeException), so nothing after it runs.
 *
 * <p>One further script is accepted as a whole: the backend's fixed snapshot script
 * ({@link ScriptParser#SNAPSHOT_BODY}), which lists the scopes, relationships and exclusions and
 * then loops over the scopes and their reservations, as it is or with the same
 * {@code -ComputerName '<name>'} after every cmdlet (a read of another server). It runs here as
 * PowerShell would run it: the same cmdlets, in the same order, each result converted on its
 * own; a failure inside the loops is reported as step 3, the loop's step number.
 */
public final class WindowsScriptInterpreter {

  private static final int SNAPSHOT_LOOP_STEP = 3;

  private final FakeWindowsDhcpServer server;

  /**
   * An interpreter that runs scripts against the server.
   *
   * @param server the fake server
   */
  public WindowsScriptInterpreter(FakeWindowsDhcpServer server) {
    this.server = server;
  }

  /**
   * Parses and runs the script.
   *
   * @param script the script's text
   * @return what the script printed and did
   */
  public ScriptRun run(String script) {
    java.util.Optional<ScriptParser.Snapshot> snapshot = ScriptParser.snapshot(script);
    if (snapshot.isPresent()) {
      return snapshot(snapshot.get().computerName());
    }
    List<ScriptParser.Call> calls;
    try {
      calls = ScriptParser.parse(script);
    } catch (ScriptParseException e) {
      String stderr = "At line:" + e.line() + " char:" + e.column() + "\n" + e.getMessage() + "\n"
          + "    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\n"
          + "    + FullyQualifiedErrorId : ParseException\n";
      return new ScriptRun(1, "", stderr);
    }
    List<String> results = new ArrayList<>();
    Map<String, Object> error = null;
    synchronized (server.network.lock) {
      server.tick();
      CmdletRunner runner = new CmdletRunner(server);
      for (int i = 0; i < calls.size(); i++) {
        ScriptParser.Call call = calls.get(i);
        try {
          CmdletCatalog.Bound bound = CmdletCatalog.bind(call);
          String printed = PsJsonWriter.pipeline(runner.run(bound));
          if (call.guard() == null) {
            results.add(printed);
          } else if (call.guard().equals(printed == null ? "" : printed)) {
            results.add(null);
          } else {
            error = guardFailed(i);
            break;
          }
        } catch (CmdletFailure f) {
          error = error(i, call.cmdlet(), f);
          break;
        }
      }
    }
    return report(results, error);
  }

  /** What PowerShell reports for {@code throw '<text>'}: the text as message and error id. */
  private static Map<String, Object> guardFailed(int step) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("step", step);
    error.put("message", ScriptParser.GUARD_FAILED);
    error.put("fullyQualifiedErrorId", ScriptParser.GUARD_FAILED);
    error.put("category", "OperationStopped");
    error.put("exceptionType", "System.Management.Automation.RuntimeException");
    error.put("messageId", null);
    return error;
  }

  private ScriptRun snapshot(String computerName) {
    List<String> results = new ArrayList<>();
    Map<String, Object> error = null;
    synchronized (server.network.lock) {
      server.tick();
      CmdletRunner runner = new CmdletRunner(server);
      int step = 0;
      ScriptParser.Call call = call("Get-DhcpServerv4Scope", null, null, false, computerName);
      try {
        List<Object> scopes = runner.run(CmdletCatalog.bind(call));
        results.add(PsJsonWriter.pipeline(scopes));
        step = 1;
        call = call("Get-DhcpServerv4Failover", null, null, false, computerName);
        results.add(PsJsonWriter.pipeline(runner.run(CmdletCatalog.bind(call))));
        step = 2;
        call = call("Get-DhcpServerv4ExclusionRange", null, null, false, computerName);
        results.add(PsJsonWriter.pipeline(runner.run(CmdletCatalog.bind(call))));
        step = SNAPSHOT_LOOP_STEP;
        for (Object scope : scopes) {
          Ipv4Address id = address(scope, "ScopeId");
          call = call("Get-DhcpServerv4Reservation", "ScopeId", id, false, computerName);
          List<Object> reservations = runner.run(CmdletCatalog.bind(call));
          results.add(PsJsonWriter.pipeline(reservations));
          call = call("Get-DhcpServerv4OptionValue", "ScopeId", id, true, computerName);
          results.add(PsJsonWriter.pipeline(runner.run(CmdletCatalog.bind(call))));
          for (Object reservation : reservations) {
            call = call("Get-DhcpServerv4OptionValue", "ReservedIP", address(reservation, "IPAddress"), true,
                computerName);
            results.add(PsJsonWriter.pipeline(runner.run(CmdletCatalog.bind(call))));
          }
        }
      } catch (CmdletFailure f) {
        error = error(step, call.cmdlet(), f);
      }
    }
    return report(results, error);
  }

  private static ScriptParser.Call call(String cmdlet, String parameter, Ipv4Address value, boolean all,
      String computerName) {
    List<ScriptParser.Argument> args = new ArrayList<>();
    if (computerName != null) {
      args.add(new ScriptParser.Argument("ComputerName", new ScriptParser.Texts(List.of(computerName), false)));
    }
    if (parameter != null) {
      args.add(new ScriptParser.Argument(parameter, new ScriptParser.Texts(List.of(value.toString()), false)));
    }
    if (all) {
      args.add(new ScriptParser.Argument("All", new ScriptParser.Switch()));
    }
    return new ScriptParser.Call(cmdlet, args, 0);
  }

  private static Ipv4Address address(Object object, String property) {
    Object value = ((Map<?, ?>) object).get(property);
    return ((PsJsonWriter.Ip) value).address();
  }

  private static Map<String, Object> error(int step, String cmdlet, CmdletFailure f) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("step", step);
    error.put("message", f.getMessage());
    error.put("fullyQualifiedErrorId", f.errorId() + "," + cmdlet);
    error.put("category", f.category());
    error.put("exceptionType", f.exceptionType());
    error.put("messageId", f.messageId());
    return error;
  }

  private static ScriptRun report(List<String> results, Map<String, Object> error) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("completed", results.size());
    report.put("results", new ArrayList<Object>(results));
    report.put("error", error);
    return new ScriptRun(0, PsJsonWriter.write(report) + "\r\n", "");
  }
}
