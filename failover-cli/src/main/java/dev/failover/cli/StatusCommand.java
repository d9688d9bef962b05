package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.relationship.Relationship;
import dev.failover.state.FailoverStatus;
import dev.failover.state.ServerStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code failover status [RELATIONSHIP...]}: the failover state each server reports. */
@Command(name = "status", description = {"Show the failover state each server reports.",
    "For relationships (default: every relationship): each server's own state and its partner's, in the",
    "vendor's words and the common ones. A server that does not answer is shown as unreachable, with why,",
    "and its partner's view still shown (exit 7)."})
final class StatusCommand extends CliCommand {

  @Parameters(paramLabel = "RELATIONSHIP", arity = "0..*", description = "Relationships to show (default: all).")
  List<String> names = new ArrayList<>();

  @Override
  int run(Session session, Output out) {
    ObjectNode doc = out.object();
    ArrayNode list = doc.putArray("statuses");
    StringBuilder sb = new StringBuilder();
    boolean silent = false;
    for (Relationship r : session.relationships(names)) {
      sb.append("relationship \"").append(r.name().value()).append("\" (").append(r.vendor().displayName()).append(", ")
          .append(r.mode().displayName()).append("):\n");
      for (ServerStatus entry : session.failover().statuses(r.name().value())) {
        if (entry.status().isEmpty()) {
          silent = true;
          String problem = entry.problem().orElseThrow();
          list.addObject().put("relationship", r.name().value()).put("server", entry.server().value())
              .put("answered", false).put("problem", problem);
          sb.append(String.format("  %-10s unreachable: %s%n", entry.server(), Output.clean(problem)));
          continue;
        }
        FailoverStatus s = entry.status().get();
        ObjectNode n = (ObjectNode) out.tree(s);
        n.put("answered", true);
        n.put("localCommon", s.localCommon().name());
        s.partnerCommon().ifPresent(c -> n.put("partnerCommon", c.name()));
        list.add(n);
        sb.append(String.format("  %-10s %s (%s)", s.server(), s.local().vendorName(), s.localCommon()))
            .append(s.partner().map(p -> ", partner " + p.vendorName() + " (" + p.common() + ")").orElse(""));
        s.details().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        sb.append('\n');
      }
    }
    boolean unreadable = session.reportUnreadable(doc, sb);
    doc.put("partial", silent || unreadable);
    if (out.json()) {
      out.document(doc);
    } else {
      out.text(sb.length() == 0 ? "no relationships" : sb.toString());
    }
    return silent || unreadable ? ExitCode.PARTIAL : ExitCode.OK;
  }
}
