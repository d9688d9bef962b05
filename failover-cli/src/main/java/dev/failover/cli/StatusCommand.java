package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.relationship.Relationship;
import dev.failover.state.FailoverStatus;
import dev.failover.state.ServerStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover status [RELATIONSHIP...]}: the failover state each server reports. */
@Command(name = "status", description = {"Show the failover state each server reports.",
    "For relationships (default: every relationship): one row per server with its state and its partner's in the",
    "vendor's words, whether it is in touch with its partner, when it last heard from it, and what to watch;",
    "-v adds every detail the server reports. A server that does not answer is shown as unreachable, with why,",
    "and its partner's view still shown (exit 7)."})
final class StatusCommand extends CliCommand {

  static final String[] COLUMNS = {"server", "state", "partner state", "in touch", "last contact", "watch"};

  @Parameters(paramLabel = "RELATIONSHIP", arity = "0..*", description = "Relationships to show (default: all).")
  List<String> names = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "Also list every detail each server reports, by its own names.")
  boolean verbose;

  @Override
  int run(Session session, Output out) {
    ObjectNode doc = out.object();
    ArrayNode list = doc.putArray("statuses");
    StringBuilder sb = new StringBuilder();
    boolean silent = false;
    List<Relationship> relationships = session.relationships(names);
    // every relationship's servers asked at once (one thread per vendor), the answers shown in order
    List<List<ServerStatus>> statuses = session.statuses(relationships);
    for (int ri = 0; ri < relationships.size(); ri++) {
      Relationship r = relationships.get(ri);
      sb.append("relationship \"").append(r.name().value()).append("\" (").append(r.vendor().displayName()).append(", ")
          .append(r.mode().displayName()).append("):\n");
      List<String[]> rows = new ArrayList<>();
      rows.add(COLUMNS);
      List<String> unreachable = new ArrayList<>();
      StringBuilder details = new StringBuilder();
      for (ServerStatus entry : statuses.get(ri)) {
        if (entry.status().isEmpty()) {
          silent = true;
          String problem = entry.problem().orElseThrow();
          list.addObject().put("relationship", r.name().value()).put("server", entry.server().value())
              .put("answered", false).put("problem", problem);
          unreachable.add(entry.server() + " unreachable: " + Output.clean(problem));
          continue;
        }
        FailoverStatus s = entry.status().get();
        ObjectNode n = (ObjectNode) out.tree(s);
        n.put("answered", true);
        n.put("localCommon", s.localCommon().name());
        s.partnerCommon().ifPresent(c -> n.put("partnerCommon", c.name()));
        String inTouch = StatusText.inTouch(s);
        String lastContact = StatusText.lastContact(s);
        List<String> watch = StatusText.watch(s);
        // the row as the text shows it
        n.put("inTouch", inTouch);
        n.put("lastContactText", lastContact);
        ArrayNode w = n.putArray("watch");
        watch.forEach(w::add);
        list.add(n);
        rows.add(new String[] {s.server().value(), s.local().vendorName(),
            s.partner().map(p -> p.vendorName()).orElse("not reported"), inTouch, lastContact,
            watch.isEmpty() ? "-" : String.join("; ", watch)});
        if (verbose && !s.details().isEmpty()) {
          details.append("  ").append(s.server()).append(" reports:\n");
          details.append(SettingsText.table(StatusText.details(s), "    "));
        }
      }
      if (rows.size() > 1) {
        sb.append(StatusText.table(rows, "  "));
      }
      unreachable.forEach(u -> sb.append("  ").append(u).append('\n'));
      sb.append(details);
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
