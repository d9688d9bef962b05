package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.diff.DriftReport;
import dev.failover.relationship.Relationship;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code failover drift [RELATIONSHIP...]}: where partners differ; exit code 3 when any do. */
@Command(name = "drift", description = {"Compare partners; exit code 3 when they differ.",
    "Compares the partners of relationships (default: every relationship), scope by scope and item by item."})
final class DriftCommand extends CliCommand {

  @Parameters(paramLabel = "RELATIONSHIP", arity = "0..*", description = "Relationships to compare (default: all).")
  List<String> names = new ArrayList<>();

  @Override
  int run(Session session, Output out) {
    List<Relationship> relationships = session.relationships(names);
    ObjectNode doc = out.object();
    ArrayNode list = doc.putArray("relationships");
    StringBuilder sb = new StringBuilder();
    int drifting = 0;
    for (Relationship r : relationships) {
      DriftReport report = session.failover().drift(r.name().value());
      ObjectNode n = list.addObject();
      n.put("relationship", r.name().value());
      n.put("vendor", r.vendor().name().toLowerCase(java.util.Locale.ROOT));
      n.put("drift", !report.isEmpty());
      n.put("differences", report.differenceCount());
      n.set("report", out.tree(report));
      sb.append("relationship \"").append(r.name().value()).append("\" (").append(r.vendor().displayName())
          .append("): ").append(report.summary());
      if (!report.summary().endsWith("\n")) {
        sb.append('\n');
      }
      if (!report.isEmpty()) {
        drifting++;
      }
    }
    doc.put("driftFound", drifting > 0);
    if (out.json()) {
      out.document(doc);
    } else {
      sb.append(relationships.isEmpty() ? "no relationships to compare" : drifting == 0 ? "no drift"
          : drifting + " of " + relationships.size() + " relationship(s) drifted; "
              + "`replicate ... --from SERVER` plans the repair");
      out.text(sb.toString());
    }
    return drifting > 0 ? ExitCode.DRIFT : ExitCode.OK;
  }
}
