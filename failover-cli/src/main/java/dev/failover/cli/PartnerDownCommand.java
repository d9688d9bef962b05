package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.FailoverException;
import dev.failover.access.AccessDecision;
import dev.failover.access.Principal;
import dev.failover.relationship.Relationship;
import dev.failover.server.ServerId;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover partner-down RELATIONSHIP --on SERVER}: tell a server its partner is down. */
@Command(name = "partner-down", description = {"Tell a server its partner is down (it takes over).",
    "The server takes over the partner's clients. Needs a DHCP administrator. Shown first; done only with",
    "--apply."})
final class PartnerDownCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "RELATIONSHIP")
  String relationship;

  @Option(names = "--on", required = true, paramLabel = "SERVER", description = "The server that takes over.")
  ServerId server;

  @Mixin
  ApplyOptions apply;

  @Override
  int run(Session session, Output out) {
    Relationship r = session.failover().relationship(relationship);
    if (!r.involves(server)) {
      throw new UsageException(Output.clean("--on " + server + " is not a server of relationship \"" + r.name().value()
          + "\" (" + r.primary() + ", " + r.secondary() + ")"));
    }
    ServerId partner = r.partnerOf(server);
    String what = "set partner-down on " + server + " for \"" + r.name().value() + "\": " + server + " takes over "
        + partner + "'s clients (" + r.vendor().displayName() + ")";
    Optional<Principal> who = apply.apply ? Optional.of(session.requirePrincipal()) : session.principal();
    // the same predicate and wording the facade decides with
    Optional<AccessDecision> decision = who.map(p -> session.failover().policy().manageRelationship(p,
        "setting partner-down on " + server + " for " + r.name()));
    if (!out.json()) {
      out.text("Plan: " + what);
      out.text(decision.map(AccessDecision::reason).orElse("(no principal: name one with --as)"));
    }
    if (!apply.apply) {
      if (out.json()) {
        out.document(document(out, r, partner, decision, false));
      } else {
        out.text("plan only: nothing was changed; add --apply to do it");
      }
      return decision.map(d -> d.allowed() ? ExitCode.OK : ExitCode.DENIED).orElse(ExitCode.OK);
    }
    if (decision.orElseThrow().allowed() && !apply.yes) {
      Integer declined = PlanReview.confirm(out, tool().terminal(), "Set partner-down on " + server + " for \""
          + r.name().value() + "\"? [y/N] ");
      if (declined != null) {
        return declined;
      }
    }
    try {
      session.failover().partnerDown(r.name().value(), server.value(), who.orElseThrow());
    } catch (FailoverException e) {
      if (out.json()) {
        ObjectNode doc = document(out, r, partner, decision, false);
        doc.set("error", ErrorReport.tree(out, e));
        out.document(doc);
        throw new ReportedException(e);
      }
      throw e;
    }
    session.changed();
    if (out.json()) {
      out.document(document(out, r, partner, decision, true));
    } else {
      out.text("done: " + server + " is in partner-down for \"" + r.name().value() + "\"");
    }
    return ExitCode.OK;
  }

  private ObjectNode document(Output out, Relationship r, ServerId partner, Optional<AccessDecision> decision,
      boolean applied) {
    ObjectNode doc = out.object();
    doc.put("operation", "partner-down");
    doc.put("relationship", r.name().value());
    doc.put("server", server.value());
    doc.put("partner", partner.value());
    decision.ifPresent(d -> {
      doc.put("principal", d.principal());
      doc.put("allowed", d.allowed());
      doc.put("reason", d.reason());
      doc.set("decision", out.tree(d));
    });
    doc.put("applied", applied);
    return doc;
  }
}
