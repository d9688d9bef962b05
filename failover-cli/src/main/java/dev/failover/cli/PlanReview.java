package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.ApplyResult;
import dev.failover.errors.FailoverException;
import dev.failover.errors.IncompleteApplyException;
import dev.failover.ProgressListener;
import dev.failover.access.AccessDecision;
import dev.failover.access.Principal;
import dev.failover.plan.Plan;
import dev.failover.plan.ServerPlan;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What every command that changes servers does with its plan: show it (with the decision of the
 * principal it would be applied for), and, only with {@code --apply}, confirm, apply with a
 * progress bar, and report.
 */
final class PlanReview {

  private PlanReview() {}

  /**
   * Shows the plan and applies it if asked.
   *
   * @return the exit code: 0 shown or applied, 5 the principal may not apply it, 1 the operator declined
   */
  static int review(Session session, Output out, Terminal terminal, Plan plan, ApplyOptions options) {
    Optional<Principal> who = options.apply ? Optional.of(session.requirePrincipal()) : session.principal();
    Optional<AccessDecision> decision = who.map(p -> session.failover().decide(p, plan));
    ServerProblems problems = problems(session, plan);
    if (!out.json()) {
      out.text(PlanText.render(plan));
      if (!problems.isEmpty()) {
        out.text(problems.text());
      }
      out.text(decision.map(AccessDecision::reason)
          .orElse("(no principal: name one with --as to see whether the plan may be applied)"));
    }
    if (!options.apply) {
      if (out.json()) {
        out.document(document(out, plan, problems, decision, false, null));
      } else {
        out.text(plan.isEmpty() ? "nothing to apply" : "plan only: nothing was changed; add --apply to apply it");
      }
      return decision.map(d -> d.allowed() ? ExitCode.OK : ExitCode.DENIED).orElse(ExitCode.OK);
    }
    AccessDecision d = decision.orElseThrow();
    if (plan.isEmpty() && d.allowed()) {
      if (out.json()) {
        out.document(document(out, plan, problems, decision, false, null));
      } else {
        out.text("nothing to apply");
      }
      return ExitCode.OK;
    }
    if (d.allowed() && !options.yes) {
      Integer declined = confirm(out, terminal, plan);
      if (declined != null) {
        if (out.json()) {
          out.document(document(out, plan, problems, decision, false, null).put("declined", true));
        }
        return declined;
      }
    }
    ProgressBar bar = options.noProgress ? null : new ProgressBar(out.err(), terminal.redrawable(), plan);
    ApplyResult result;
    try {
      result = session.failover().apply(plan, who.orElseThrow(), bar == null ? ProgressListener.NONE : bar);
    } catch (FailoverException e) {
      if (bar != null) {
        bar.endLine();
      }
      if (out.json()) {
        ObjectNode doc = document(out, plan, problems, decision, false, null);
        if (e instanceof IncompleteApplyException i) {
          // not applied, and not as before either: each server's state
          ObjectNode servers = doc.putObject("servers");
          i.outcomes().forEach((id, o) -> servers.put(id.value(), o.word()));
        }
        doc.set("error", ErrorReport.tree(out, e));
        out.document(doc);
        throw new ReportedException(e);
      }
      throw e;
    }
    session.changed();
    if (out.json()) {
      out.document(document(out, plan, problems, decision, true, result));
    } else {
      StringBuilder sb = new StringBuilder("applied plan ").append(result.planDigest(), 0, 16).append(':');
      result.fingerprints().forEach((server, fp) -> sb.append("\n  ").append(server).append(" now at state ")
          .append(fp, 0, Math.min(12, fp.length())));
      out.text(sb.toString());
    }
    return ExitCode.OK;
  }

  /**
   * Asks the operator; null when confirmed, else the exit code.
   *
   * @throws UsageException when there is no terminal to ask on
   */
  static Integer confirm(Output out, Terminal terminal, Plan plan) {
    List<String> servers = plan.servers().stream().filter(p -> !p.changes().isEmpty()).map(ServerPlan::server)
        .map(Object::toString).toList();
    return confirm(out, terminal, "Apply " + plan.changes().size() + " change(s) to " + String.join(", ", servers)
        + "? [y/N] ");
  }

  static Integer confirm(Output out, Terminal terminal, String question) {
    if (!terminal.interactive()) {
      throw new UsageException("refusing to apply without confirmation: there is no terminal to ask on "
          + "(standard input or output is not a terminal); review the plan and pass --yes to apply it");
    }
    String answer = terminal.readLine(question);
    String a = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
    if (a.equals("y") || a.equals("yes")) {
      return null;
    }
    out.note("not applied: the operator declined");
    return ExitCode.ERROR;
  }

  /** The located problems of the servers the plan was made from (what their files hold that was left out). */
  static ServerProblems problems(Session session, Plan plan) {
    return ServerProblems.of(session, ServerProblems.serversRead(session, plan));
  }

  static ObjectNode document(Output out, Plan plan, ServerProblems problems, Optional<AccessDecision> decision,
      boolean applied, ApplyResult result) {
    ObjectNode doc = out.object();
    doc.put("operation", plan.operation().describe());
    doc.put("digest", plan.digest());
    doc.put("empty", plan.isEmpty());
    doc.set("plan", out.tree(plan));
    problems.addTo(doc);
    // what the text shows, line by line with its facts (values before and after)
    doc.set("review", PlanText.review(plan));
    decision.ifPresent(d -> {
      doc.put("principal", d.principal());
      doc.put("allowed", d.allowed());
      doc.put("reason", d.reason());
      doc.set("decision", out.tree(d));
    });
    doc.put("applied", applied);
    if (result != null) {
      doc.set("result", out.tree(result));
    }
    return doc;
  }
}
