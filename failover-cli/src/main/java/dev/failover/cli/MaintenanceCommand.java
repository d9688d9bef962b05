package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.relationship.Relationship;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.Locale;
import dev.failover.access.AccessDecision;
import dev.failover.access.Principal;
import dev.failover.kea.KeaMaintenance;
import dev.failover.kea.client.KeaAnswer;
import dev.failover.server.Server;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code failover maintenance start|cancel RELATIONSHIP --on SERVER [--apply [--yes]]}: Kea HA
 * maintenance ({@code ha-maintenance-start}/{@code ha-maintenance-cancel}) through the Kea
 * backend's {@link KeaMaintenance} extension, reached through the facade so that the call is decided
 * and audited like every change. Shown first; done only with {@code --apply}, by a DHCP
 * administrator. Where no backend offers it (a Kea backend without the extension), the command
 * says so and exits with {@value ExitCode#NOT_AVAILABLE} — it never reports a success it did not
 * have.
 */
@Command(name = "maintenance", description = {"Kea HA maintenance (ha-maintenance-start / -cancel).",
    "Takes a server of a Kea relationship into maintenance (start: the partner is told it may be shut down) or",
    "back (cancel). Needs a DHCP administrator. Shown first; done only with --apply. Exit 6 where no backend",
    "offers it."})
final class MaintenanceCommand extends CliCommand {

  /** What to do. */
  enum Action {
    START, CANCEL
  }

  @Parameters(index = "0", paramLabel = "start|cancel", description = "start or cancel.")
  String action;

  @Parameters(index = "1", paramLabel = "RELATIONSHIP", description = "The Kea HA relationship.")
  String relationship;

  @Option(names = "--on", required = true, paramLabel = "SERVER", description = "The server to send the command to.")
  ServerId server;

  @Mixin
  ApplyOptions apply;

  @Override
  int run(Session session, Output out) {
    Action what;
    try {
      what = Action.valueOf(action.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException(Output.clean("maintenance takes start or cancel, not '" + action + "'"));
    }
    Relationship r = session.failover().relationship(relationship);
    if (r.vendor() != Vendor.KEA) {
      throw new UsageException(Output.clean("maintenance is a Kea HA feature; relationship \"" + r.name().value()
          + "\" is " + r.vendor().displayName()));
    }
    if (!r.involves(server)) {
      throw new UsageException(Output.clean("--on " + server + " is not a server of relationship \"" + r.name().value()
          + "\""));
    }
    String command = what == Action.START ? "ha-maintenance-start" : "ha-maintenance-cancel";
    String op = "maintenance " + what.name().toLowerCase(Locale.ROOT);
    Optional<KeaMaintenance> kea = session.failover().extension(server.value(), KeaMaintenance.class);
    if (kea.isEmpty()) {
      String reason = "Kea HA maintenance (" + command + ") is not available: the backend serving " + server
          + " does not offer it; nothing was changed";
      if (out.json()) {
        ObjectNode doc = document(out, op, r, false, false);
        doc.put("reason", reason);
        doc.put("exitCode", ExitCode.NOT_AVAILABLE);
        out.document(doc);
      }
      out.note(reason);
      return ExitCode.NOT_AVAILABLE;
    }
    Optional<Principal> who = apply.apply ? Optional.of(session.requirePrincipal()) : session.principal();
    Optional<AccessDecision> decision = who.map(p -> session.failover().policy().manageRelationship(p,
        "sending " + command + " to " + server + " for " + r.name()));
    if (!out.json()) {
      out.text("Plan: " + command + " on " + server + " for \"" + r.name().value() + "\"");
      out.text(decision.map(AccessDecision::reason).orElse("(no principal: name one with --as)"));
    }
    if (!apply.apply) {
      if (out.json()) {
        out.document(document(out, op, r, true, false));
      } else {
        out.text("plan only: nothing was changed; add --apply to do it");
      }
      return decision.map(d -> d.allowed() ? ExitCode.OK : ExitCode.DENIED).orElse(ExitCode.OK);
    }
    AccessDecision allowed = decision.orElseThrow();
    if (allowed.allowed() && !apply.yes) {
      Integer declined = PlanReview.confirm(out, tool().terminal(), "Send " + command + " to " + server + "? [y/N] ");
      if (declined != null) {
        return declined;
      }
    }
    // through the facade, which decides (a denied principal sends nothing) and audits the call
    KeaMaintenance acting = session.failover().extension(server.value(), KeaMaintenance.class, who.orElseThrow())
        .orElseThrow();
    Server target = session.failover().inventory().require(server);
    KeaAnswer answer = what == Action.START ? acting.maintenanceStart(target) : acting.maintenanceCancel(target);
    String text = answer.text().orElse("");
    if (out.json()) {
      ObjectNode doc = document(out, op, r, true, true);
      doc.put("result", answer.result());
      doc.put("text", text);
      out.document(doc);
    } else {
      out.text("done: " + command + " on " + server + ": " + Output.clean(text));
    }
    return ExitCode.OK;
  }

  private ObjectNode document(Output out, String op, Relationship r, boolean available, boolean applied) {
    ObjectNode doc = out.object();
    doc.put("operation", op);
    doc.put("relationship", r.name().value());
    doc.put("server", server.value());
    doc.put("available", available);
    doc.put("applied", applied);
    return doc;
  }
}
