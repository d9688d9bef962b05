package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.FailoverException;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code failover servers}: the servers of the inventory, and what each holds (read through its backend). */
@Command(name = "servers", description = {"List the servers and what each holds.",
    "Vendor, addresses, credential user (never the secret), and the scopes, relationships and ISC peers each",
    "holds, read through its backend, and the problems found reading it: items the server accepts but the",
    "tool cannot hold, each with its place (file:line:column), left out while the rest is read. Exit 0 when",
    "every server was read, problems or not (they are warnings); exit 7 (partial answer) when a server could",
    "not be read or has no backend: the others are still listed."})
final class ServersCommand extends CliCommand {

  @Override
  int run(Session session, Output out) {
    ArrayNode list = out.object().arrayNode();
    StringBuilder text = new StringBuilder();
    boolean inSandbox = session.sandbox().isPresent();
    int unreadable = 0;
    text.append(session.inventoryFile().inventory().servers().size()).append(" server(s)")
        .append(inSandbox ? " (sandbox: fake servers on 127.0.0.1, kept in " + session.sandbox().get().directory() + ")"
            : "")
        .append('\n');
    for (Server s : session.inventoryFile().inventory().servers()) {
      ObjectNode n = list.addObject();
      n.set("server", out.tree(s));
      text.append(String.format("%-12s %-13s address %s, endpoint %s", s.id(), s.vendor().displayName(), s.address(),
          s.endpoint()));
      s.credential().ifPresent(c -> text.append(", credential user ").append(c.user()).append(" (secret set)"));
      text.append('\n');
      if (session.backend(s.vendor()).isEmpty()) {
        String why = "no " + s.vendor().displayName() + " backend on the class path";
        n.put("backend", "none");
        n.put("error", why);
        text.append("             ").append(why).append('\n');
        unreadable++;
        continue;
      }
      // the backend by its vendor's name as the inventory spells it (isc, kea, windows), never a Java class
      n.put("backend", s.vendor().name().toLowerCase(java.util.Locale.ROOT));
      Optional<ServerState> state;
      try {
        state = Optional.of(session.backend(s.vendor()).get().read(s, session.inventoryFile().inventory()));
      } catch (FailoverException e) {
        n.put("error", e.getMessage());
        text.append("             cannot read: ").append(e.getMessage()).append('\n');
        unreadable++;
        continue;
      }
      ServerState st = state.get();
      n.put("scopes", st.scopes().size());
      n.put("failoverScopes", st.failoverScopes().size());
      ArrayNode rels = n.putArray("relationships");
      st.relationships().forEach(r -> rels.add(r.name().value()));
      if (!st.peers().isEmpty()) {
        ArrayNode peers = n.putArray("peers");
        st.peers().forEach(p -> peers.add(p.name()));
      }
      n.put("fingerprint", st.fingerprint());
      ArrayNode problems = n.putArray("problems");
      st.problems().forEach(problems::add);
      text.append("             ").append(st.scopes().size()).append(" scope(s), ").append(st.failoverScopes().size())
          .append(" in failover; relationships ")
          .append(st.relationships().isEmpty() ? "none" : String.join(", ", st.relationships().stream()
              .map(Relationship::name).map(x -> "\"" + x.value() + "\"").toList()))
          .append(st.peers().isEmpty() ? "" : "; failover peers " + String.join(", ", st.peers().stream()
              .map(p -> "\"" + p.name() + "\"").toList()))
          .append('\n');
      if (!st.problems().isEmpty()) {
        text.append("             ").append(st.problems().size())
            .append(" problem(s): read, but these items are left out (repair them by hand)\n");
        st.problems().forEach(p -> text.append("               ").append(p).append('\n'));
      }
    }
    if (unreadable > 0) {
      text.append(unreadable).append(" of ").append(session.inventoryFile().inventory().servers().size())
          .append(" server(s) could not be read: partial answer (exit ").append(ExitCode.PARTIAL).append(")\n");
    }
    if (out.json()) {
      ObjectNode doc = out.object();
      doc.put("sandbox", inSandbox);
      doc.set("servers", list);
      doc.put("partial", unreadable > 0);
      out.document(doc);
    } else {
      out.text(text.toString());
    }
    return unreadable > 0 ? ExitCode.PARTIAL : ExitCode.OK;
  }
}
