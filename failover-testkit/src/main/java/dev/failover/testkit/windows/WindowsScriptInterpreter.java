package dev.failover.testkit.windows;

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
 */
public final class WindowsScriptInterpreter {

  private final FakeWindowsDhcpServer server;

  public WindowsScriptInterpreter(FakeWindowsDhcpServer server) {
    this.server = server;
  }

  /** Parses and runs the script. */
  public ScriptRun run(String script) {
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
          results.add(PsJsonWriter.pipeline(runner.run(bound)));
        } catch (CmdletFailure f) {
          error = new LinkedHashMap<>();
          error.put("step", i);
          error.put("message", f.getMessage());
          error.put("fullyQualifiedErrorId", f.errorId() + "," + call.cmdlet());
          error.put("category", f.category());
          error.put("exceptionType", f.exceptionType());
          error.put("messageId", f.messageId());
          break;
        }
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("completed", results.size());
    report.put("results", new ArrayList<Object>(results));
    report.put("error", error);
    return new ScriptRun(0, PsJsonWriter.write(report) + "\r\n", "");
  }
}
