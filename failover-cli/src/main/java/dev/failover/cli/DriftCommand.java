package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.FailoverException;
import dev.failover.diff.DriftReport;
import dev.failover.relationship.Relationship;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code failover drift [RELATIONSHIP...]}: where partners differ; exit code 3 when any do. */
@Command(name = "drift", description = {"Compare partners; exit code 3 when they differ.",
    "Compares the partners of relationships (default: every relationship), scope by scope and item by item.",
    "A pair that cannot be compared (a server unreachable) is named with why and the others are compared (exit 7)."})
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
    int uncompared = 0;
    for (Relationship r : relationships) {
      ObjectNode n = list.addObject();
      n.put("relationship", r.name().value());
      n.put("vendor", r.vendor().name().toLowerCase(java.util.Locale.ROOT));
      sb.append("relationship \"").append(r.name().value()).append("\" (").append(r.vendor().displayName())
          .append("): ");
      DriftReport report;
      try {
        report = session.failover().drift(r.name().value());
      } catch (FailoverException e) {
        // one pair that cannot be compared never hides the others
        uncompared++;
        n.put("compared", false);
        n.put("problem", e.getMessage());
        sb.append("not compared: ").append(Output.clean(e.getMessage())).append('\n');
        continue;
      }
      n.put("compared", true);
      n.put("drift", !report.isEmpty());
      n.put("differences", report.differenceCount());
      n.set("report", out.tree(report));
      ObjectNode review = DriftText.review(report);
      n.set("review", review);
      sb.append(DriftText.render(review));
      if (!report.isEmpty()) {
        drifting++;
      }
    }
    // what the servers compared hold that the tool left out: "no drift" is not the whole truth then
    ServerProblems problems = ServerProblems.of(session, relationships.stream()
        .flatMap(r -> r.servers().stream()).toList());
    problems.addTo(doc);
    sb.append(problems.text());
    doc.put("driftFound", drifting > 0);
    boolean unreadable = session.reportUnreadable(doc, sb);
    doc.put("partial", uncompared > 0 || unreadable);
    if (out.json()) {
      out.document(doc);
    } else {
      sb.append(relationships.isEmpty() ? "no relationships to compare" : drifting == 0 ? "no drift"
          : drifting + " of " + relationships.size() + " relationship(s) drifted; "
              + "`replicate ... --from SERVER` plans the repair");
      if (uncompared > 0 || unreadable) {
        sb.append("\npartial: ").append(uncompared).append(" relationship(s) not compared, ")
            .append(session.unreadable().size()).append(" server(s) not read");
      }
      out.text(sb.toString());
    }
    if (uncompared > 0 || unreadable) {
      return ExitCode.PARTIAL;
    }
    return drifting > 0 ? ExitCode.DRIFT : ExitCode.OK;
  }
}
