package dev.failover.windows.ps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.errors.BackendException;
import dev.failover.errors.FailoverException;
import dev.failover.errors.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a composed script reported: the output of every step that ran, and the failure that
 * stopped it, if any. Read from the one JSON document the script prints last; every text taken
 * from the answer has the script's secrets replaced by {@code ***}, so nothing read here can
 * leak them into exceptions or logs. Read it before closing the {@link PowerShellScript}.
 */
public final class ScriptReport {

  private final String server;
  private final List<StepOutput> outputs;
  private final StepFailure failure;
  private final int steps;

  private ScriptReport(String server, List<StepOutput> outputs, StepFailure failure, int steps) {
    this.server = server;
    this.outputs = List.copyOf(outputs);
    this.failure = failure;
    this.steps = steps;
  }

  /**
   * Reads a finished run of the script.
   *
   * @param server the server's name, for errors
   * @param script the script that ran
   * @param exitStatus the process's exit status
   * @param stdout standard output
   * @param stderr standard error
   * @return the report
   * @throws BackendException (transport, not retryable) when the answer holds no report: the
   *     script did not run (a parser error, a missing module, a shell that is not PowerShell);
   *     the message is the decoded standard error
   */
  public static ScriptReport read(String server, PowerShellScript script, int exitStatus, String stdout,
      String stderr) {
    String out = script.redact(stdout == null ? "" : stdout);
    String err = script.redact(Clixml.decode(stderr));
    String line = lastJsonLine(out);
    if (line == null) {
      String why = err.isBlank() ? "no report on standard output" : err.strip();
      throw new BackendException(BackendException.Kind.TRANSPORT, server,
          "the script did not run (exit status " + exitStatus + "): " + why, "exit " + exitStatus, false, null);
    }
    JsonNode report;
    try {
      report = PsJson.parse(line);
    } catch (IllegalArgumentException e) {
      throw new BackendException(BackendException.Kind.TRANSPORT, server, "the script's report is not JSON",
          "exit " + exitStatus, false, e);
    }
    if (!report.isObject() || !report.has("results")) {
      throw new BackendException(BackendException.Kind.TRANSPORT, server,
          "the script's report has no results", "exit " + exitStatus, false, null);
    }
    List<StepOutput> outputs = new ArrayList<>();
    for (JsonNode r : PsJson.items(report.get("results"))) {
      outputs.add(new StepOutput(r.isNull() ? null : r.asText()));
    }
    JsonNode e = report.get("error");
    StepFailure failure = null;
    if (e != null && e.isObject()) {
      int step = e.path("step").asInt(-1);
      Optional<PsCommand> command = step >= 0 && step < script.steps().size()
          ? Optional.of(script.steps().get(step)) : Optional.empty();
      failure = new StepFailure(step, command, PsJson.text(e, "message").orElse(""),
          PsJson.text(e, "fullyQualifiedErrorId").orElse(""), PsJson.text(e, "category").orElse(""),
          PsJson.text(e, "exceptionType").orElse(""), PsJson.nonEmptyText(e, "messageId"));
    }
    return new ScriptReport(server, outputs, failure, script.steps().size());
  }

  private static String lastJsonLine(String stdout) {
    String[] lines = stdout.split("\r?\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String l = lines[i].strip();
      if (l.startsWith("{")) {
        return l;
      }
    }
    return null;
  }

  /** {@return the server's name the report was read for} */
  public String server() {
    return server;
  }

  /** {@return how many steps ran to the end} */
  public int completedSteps() {
    return outputs.size();
  }

  /** {@return how many steps the script had} */
  public int stepCount() {
    return steps;
  }

  /**
   * {@return the output of a step that completed}
   *
   * @param step the step's index, from 0
   */
  public StepOutput output(int step) {
    if (step < 0 || step >= outputs.size()) {
      throw new IndexOutOfBoundsException("step " + step + " did not complete (" + outputs.size() + " did)");
    }
    return outputs.get(step);
  }

  /** {@return the step that failed, when one did} */
  public Optional<StepFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /** {@return whether every step ran} */
  public boolean succeeded() {
    return failure == null && outputs.size() == steps;
  }

  /**
   * Throws the failure as the SDK's error: {@link NotFoundException} (its cause the
   * {@link DhcpCmdletException}) when the error says that the scope, relationship, option or
   * reservation the command named does not exist; {@link DhcpCmdletException} otherwise.
   *
   * @return this report, when every step completed
   */
  public ScriptReport throwIfFailed() {
    if (failure != null) {
      throw toException(server, failure);
    }
    if (outputs.size() != steps) {
      throw new BackendException(BackendException.Kind.TRANSPORT, server, "the script stopped after "
          + outputs.size() + " of " + steps + " steps without an error", null, false, null);
    }
    return this;
  }

  /**
   * {@return the SDK's error for a failed step}
   *
   * @param server the server's name
   * @param failure the failed step
   */
  public static FailoverException toException(String server, StepFailure failure) {
    DhcpCmdletException cause = new DhcpCmdletException(server, failure);
    Optional<String> kind = failure.error().flatMap(DhcpError::missingKind);
    if (failure.error().equals(Optional.of(DhcpError.ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP))
        && failure.command().map(c -> c.cmdlet() == DhcpCmdlet.GET_FAILOVER).orElse(false)) {
      kind = Optional.of("relationship");
    }
    if (kind.isEmpty()) {
      return cause;
    }
    String missing = kind.get();
    String name = failure.command().flatMap(c -> subject(c, missing)).orElse("?");
    NotFoundException notFound = new NotFoundException(missing, name, "on " + server + ": " + failure.message());
    notFound.initCause(cause);
    return notFound;
  }

  private static Optional<String> subject(PsCommand c, String kind) {
    switch (kind) {
      case "relationship":
        return c.cmdlet() == DhcpCmdlet.GET_FAILOVER && c.parameter("ScopeId").isPresent()
            ? c.text("ScopeId").map(s -> "for scope " + s) : c.text("Name");
      case "option":
        return c.text("OptionId");
      case "reservation":
        return c.text("IPAddress").or(() -> c.text("ReservedIP")).or(() -> c.text("ClientId"));
      default:
        return c.text("ScopeId");
    }
  }

  @Override
  public String toString() {
    return "ScriptReport[" + server + ": " + outputs.size() + "/" + steps + " steps"
        + (failure == null ? "" : ", failed at step " + failure.step() + ": " + failure.errorId()) + "]";
  }
}
