package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.AccessDeniedException;
import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.errors.IncompleteApplyException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;

/** How an error that ends a command is shown: one line on standard error, and with {@code --json} a document. */
final class ErrorReport {

  private ErrorReport() {}

  /**
   * The error's message as the operator reads it: the SDK's own message; for any other failure its
   * text, or what failed in words when it has none (never a Java class name).
   */
  static String message(Throwable e) {
    Throwable cause = e instanceof ReportedException ? e.getCause() : e;
    if (cause instanceof dev.failover.errors.FailoverException || cause instanceof UsageException) {
      return String.valueOf(cause.getMessage());
    }
    if (cause instanceof java.io.UncheckedIOException io) {
      String m = cause.getMessage();
      return m != null && !dev.failover.spi.Texts.javaLooking(m) ? m : dev.failover.spi.Texts.failure(io.getCause());
    }
    String m = cause.getMessage();
    if (m == null || m.isBlank() || dev.failover.spi.Texts.javaLooking(m)) {
      return "the tool failed unexpectedly" + (m == null || m.isBlank() ? "" : " (" + dev.failover.spi.Texts.failure(cause)
          + ")") + "; please report it with the command line you ran";
    }
    return m;
  }

  /** The error as JSON: exit code, kind, message, and what the SDK's exception carries. */
  static ObjectNode tree(Output out, Throwable e) {
    Throwable cause = e instanceof ReportedException ? e.getCause() : e;
    ObjectNode n = out.object();
    n.put("exitCode", ExitCode.of(cause));
    n.put("kind", ExitCode.kind(cause));
    n.put("message", message(cause));
    if (cause instanceof ValidationException v) {
      n.put("subject", v.subject());
      ArrayNode list = n.putArray("violations");
      for (Violation x : v.violations()) {
        list.addObject().put("field", x.field()).put("value", x.value()).put("rule", x.rule());
      }
    } else if (cause instanceof AccessDeniedException d && d.decision() != null) {
      n.set("decision", out.tree(d.decision()));
    } else if (cause instanceof ConflictException c) {
      n.put("server", c.server());
    } else if (cause instanceof IncompleteApplyException i) {
      // every server's state: a script must not retry blindly when a server was left changed
      n.put("server", i.server());
      ObjectNode servers = n.putObject("servers");
      i.outcomes().forEach((id, o) -> servers.put(id.value(), o.word()));
      n.put("retryable", false);
      i.failure().ifPresent(f -> n.set("failure", tree(out, f)));
    } else if (cause instanceof BackendException b) {
      n.put("server", b.server());
      n.put("backendKind", b.kind().name().toLowerCase(java.util.Locale.ROOT));
      n.put("serverMessage", b.serverMessage());
      b.serverCode().ifPresent(code -> n.put("serverCode", code));
      n.put("retryable", b.retryable());
    }
    return n;
  }
}
