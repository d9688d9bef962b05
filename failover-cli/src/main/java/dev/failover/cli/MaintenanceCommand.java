package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.relationship.Relationship;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code failover maintenance start|cancel RELATIONSHIP --on SERVER}: Kea HA maintenance
 * ({@code ha-maintenance-start}/{@code ha-maintenance-cancel}). No backend of the SDK offers it
 * yet, and the facade has no maintenance operation; the command checks its arguments, says so and
 * exits with {@value ExitCode#NOT_AVAILABLE} — it never reports a success it did not have.
 */
@Command(name = "maintenance", description = {"Kea HA maintenance (not available yet: exit 6).",
    "Would take a server of a Kea relationship into maintenance (start) or back (cancel); no backend of the",
    "SDK offers it yet, so the command checks its arguments, says so and exits with 6."})
final class MaintenanceCommand extends CliCommand {

  /** What to do. */
  enum Action {
    START, CANCEL
  }

  @Parameters(index = "0", paramLabel = "start|cancel", description = "start or cancel.")
  String action;

  @Parameters(index = "1", paramLabel = "RELATIONSHIP")
  String relationship;

  @Option(names = "--on", required = true, paramLabel = "SERVER", description = "The server to take into maintenance.")
  ServerId server;

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
    String reason = "Kea HA maintenance (" + command + ") is not available yet: no backend of this SDK offers it"
        + (session.sandbox().isPresent() ? " (the sandbox's in-memory backend has no maintenance)" : "")
        + "; nothing was changed";
    if (out.json()) {
      ObjectNode doc = out.object();
      doc.put("operation", "maintenance " + what.name().toLowerCase(Locale.ROOT));
      doc.put("relationship", r.name().value());
      doc.put("server", server.value());
      doc.put("available", false);
      doc.put("applied", false);
      doc.put("reason", reason);
      doc.put("exitCode", ExitCode.NOT_AVAILABLE);
      out.document(doc);
    }
    out.note(reason);
    return ExitCode.NOT_AVAILABLE;
  }
}
