package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.FailoverException;
import dev.failover.access.AccessDecision;
import dev.failover.access.Principal;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverState;
import dev.failover.state.FailoverStatus;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover partner-down RELATIONSHIP --on SERVER}: tell a server its partner is down. */
@Command(name = "partner-down", description = {"Tell a server its partner is down (it takes over).",
    "The server takes over the partner's clients. Needs a DHCP administrator. Shown first; done only with",
    "--apply. ISC: while the server is still in touch with its partner, the tool warns and asks again (even",
    "with --yes); without a terminal it needs --force. Kea refuses while the partner answers; Windows only",
    "from COMMUNICATION INTERRUPTED."})
final class PartnerDownCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "RELATIONSHIP", description = "The relationship (failover peer, HA pair or "
      + "failover relationship) whose partner is down.")
  String relationship;

  @Option(names = "--force", description = "ISC: set partner-down even though the server is still in touch with its "
      + "partner (both may then serve the same addresses).")
  boolean force;

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
    Optional<String> inTouch = r.vendor() == Vendor.ISC ? inTouch(session, r, partner) : Optional.empty();
    if (!out.json()) {
      out.text("Plan: " + what);
      inTouch.ifPresent(w -> out.text("Warnings:\n  ! " + w));
      out.text(decision.map(AccessDecision::reason).orElse("(no principal: name one with --as)"));
    }
    if (!apply.apply) {
      if (out.json()) {
        out.document(document(out, r, partner, decision, false, inTouch));
      } else {
        out.text("plan only: nothing was changed; add --apply to do it");
      }
      return decision.map(d -> d.allowed() ? ExitCode.OK : ExitCode.DENIED).orElse(ExitCode.OK);
    }
    if (decision.orElseThrow().allowed() && inTouch.isPresent() && !force) {
      if (!tool().terminal().interactive()) {
        throw new UsageException("refusing partner-down on " + server + ": " + inTouch.get() + "; there is no terminal "
            + "to ask on, so pass --force (with --yes) to set it anyway");
      }
      Integer declined = PlanReview.confirm(out, tool().terminal(), server + " is still in touch with " + partner
          + ". Set partner-down on " + server + " for \"" + r.name().value() + "\" anyway? [y/N] ");
      if (declined != null) {
        return declined;
      }
    } else if (decision.orElseThrow().allowed() && !apply.yes) {
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
        ObjectNode doc = document(out, r, partner, decision, false, inTouch);
        doc.set("error", ErrorReport.tree(out, e));
        out.document(doc);
        throw new ReportedException(e);
      }
      throw e;
    }
    session.changed();
    if (out.json()) {
      out.document(document(out, r, partner, decision, true, inTouch));
    } else {
      out.text("done: " + server + " is in partner-down for \"" + r.name().value() + "\"");
    }
    return ExitCode.OK;
  }

  /**
   * ISC: why the partner does not look down, as the server sees it (its failover state over OMAPI):
   * empty when the server is not in touch with it, or its state cannot be read (setting
   * partner-down then fails with the reason).
   */
  private Optional<String> inTouch(Session session, Relationship r, ServerId partner) {
    FailoverStatus st;
    try {
      Server s = session.inventoryFile().inventory().require(server);
      st = session.backend(Vendor.ISC).orElseThrow(() -> new UsageException("no ISC backend")).status(s, r);
    } catch (FailoverException e) {
      // setting partner-down goes over the same OMAPI connection and reports why it cannot
      return Optional.empty();
    }
    // dhcpd stays in normal only while it talks to its partner; the partner's state is then current
    // (in communications-interrupted it is only the last one heard)
    if (st.local().common() != CommonState.NORMAL) {
      return Optional.empty();
    }
    String last = st.lastContact().flatMap(t -> st.observedAt().map(o -> ", last heard from " + Math.max(0,
        java.time.Duration.between(t, o).getSeconds()) + " s ago")).orElse("");
    return Optional.of(server + " is still in touch with its partner " + partner + " (" + server + " is "
        + st.local().vendorName() + ", " + partner + " is " + st.partner().map(FailoverState::vendorName)
        .orElse("unknown") + last + "): " + partner + " does not look down. With partner-down set while " + partner
        + " still serves, both servers may hand out the same addresses once MCLT has passed; stop " + partner
        + " first");
  }

  private ObjectNode document(Output out, Relationship r, ServerId partner, Optional<AccessDecision> decision,
      boolean applied, Optional<String> inTouch) {
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
    doc.put("partnerInTouch", inTouch.isPresent());
    com.fasterxml.jackson.databind.node.ArrayNode warnings = doc.putArray("warnings");
    inTouch.ifPresent(warnings::add);
    doc.put("applied", applied);
    return doc;
  }
}
