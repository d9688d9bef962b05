package dev.failover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.diff.DriftReport;
import dev.failover.diff.ItemDifference;
import dev.failover.diff.ScopeDrift;
import dev.failover.json.FailoverJson;
import dev.failover.scope.ScopeItem;
import java.util.List;

/**
 * Drift between two partners as an operator reads it: per scope, each item that differs with the
 * values each server holds ({@code option 6 domain-name-servers differs: isc-a has 192.0.2.53,
 * 192.0.2.54; isc-b has 192.0.2.53}), or the item with its values and the one server that has it
 * ({@code reservation "door-1" hw-address 00:16:3e:20:00:02 → 10.20.0.11: only on kea-a}).
 *
 * <p>The text is made from {@link #review}, which {@code drift --json} carries under
 * {@code "review"}: each line's {@code "text"} with its facts beside it.
 */
final class DriftText {

  private DriftText() {}

  /** The report's review: heading, scopes, lines with their facts. */
  static ObjectNode review(DriftReport report) {
    String first = report.first().value();
    String second = report.second().value();
    ObjectNode doc = FailoverJson.mapper().createObjectNode();
    doc.put("heading", report.scopes().isEmpty() ? "no drift between " + first + " and " + second
        : "drift between " + first + " and " + second + ": " + report.scopes().size() + " scope(s)");
    ArrayNode scopes = doc.putArray("scopes");
    for (ScopeDrift s : report.scopes()) {
      ObjectNode g = scopes.addObject();
      g.put("scope", s.subnet().toString());
      ArrayNode lines = g.putArray("lines");
      switch (s.presence()) {
        case ONLY_FIRST -> g.put("onlyOn", first).put("heading", "scope " + s.subnet() + ": only on " + first);
        case ONLY_SECOND -> g.put("onlyOn", second).put("heading", "scope " + s.subnet() + ": only on " + second);
        case BOTH -> {
          g.put("heading", "scope " + s.subnet() + ":");
          for (ItemDifference d : s.items()) {
            lines.add(line(d, first, second));
          }
        }
      }
    }
    if (!report.backups().isEmpty()) {
      // a Kea backup server's copy compared with the first server's, each as a review of its own
      ArrayNode backups = doc.putArray("backups");
      report.backups().forEach(b -> backups.add(review(b)));
    }
    return doc;
  }

  private static ObjectNode line(ItemDifference d, String first, String second) {
    ObjectNode line = FailoverJson.mapper().createObjectNode();
    ScopeItem item = d.first().or(d::second).orElseThrow();
    line.put("item", d.kind().word());
    line.put("label", ItemText.label(item));
    ArrayNode fields = line.putArray("fields");
    if (d.onlyOnFirst() || d.onlyOnSecond()) {
      String where = d.onlyOnFirst() ? first : second;
      line.put("onlyOn", where);
      ItemText.fields(item).forEach((k, v) -> fields.addObject().put("field", k).put(where, v));
      line.put("text", ItemText.whole(item) + ": only on " + where);
    } else {
      List<ItemText.Field> diff = ItemText.differences(d.first().get(), d.second().get());
      for (ItemText.Field f : diff) {
        ObjectNode n = fields.addObject().put("field", f.name());
        if (f.before() != null) {
          n.put(first, f.before());
        }
        if (f.after() != null) {
          n.put(second, f.after());
        }
      }
      line.put("text", ItemText.label(item) + " differs: " + ItemText.difference(diff, first, second));
    }
    return line;
  }

  /** Text from the review: the heading, then each scope and its lines. */
  static String render(JsonNode review) {
    StringBuilder sb = new StringBuilder(review.path("heading").asText()).append('\n');
    for (JsonNode s : review.path("scopes")) {
      sb.append("  ").append(s.path("heading").asText()).append('\n');
      for (JsonNode l : s.path("lines")) {
        sb.append("    ").append(l.path("text").asText()).append('\n');
      }
    }
    for (JsonNode b : review.path("backups")) {
      sb.append(render(b));
    }
    return sb.toString();
  }
}
