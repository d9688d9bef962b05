package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.diff.ItemChange;
import dev.failover.json.FailoverJson;
import dev.failover.plan.Change;
import dev.failover.plan.IscPeer;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.PeerChange;
import dev.failover.plan.Plan;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.Warning;
import dev.failover.relationship.Relationship;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeItem;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A plan as an operator reviews it: per server, the changes grouped under their scope, each item
 * with its values ({@code ~ option 3 routers: 10.19.0.254 → 10.19.0.1},
 * {@code - reservation "kiosk-1" hw-address 00:16:3e:19:00:01 → 10.19.0.5},
 * {@code ~ pool 10.19.0.10-10.19.0.250: now refers to failover peer "isc-pair"}), relationship and
 * failover peer changes with the settings that change, then the warnings.
 *
 * <p>The text is made from {@link #review(Plan)}, the JSON the tool puts beside the plan under
 * {@code "review"}: every line the text shows is a {@code "text"} there, with its facts
 * ({@code change}, {@code item}, {@code label}, {@code fields} before and after) beside it.
 */
final class PlanText {

  /** Plans with more detail lines than this are shown counted per scope; the JSON lists each. */
  static final int DETAIL_LINES = 200;

  private PlanText() {}

  /** The plan for a person. */
  static String render(Plan plan) {
    return render(review(plan));
  }

  /** Text from the review document: what {@code --json} carries is what the text shows. */
  static String render(ObjectNode review) {
    StringBuilder sb = new StringBuilder();
    sb.append("Plan: ").append(review.path("operation").asText()).append('\n');
    sb.append("digest ").append(review.path("digest").asText()).append('\n');
    if (review.path("empty").asBoolean()) {
      sb.append("nothing to change\n");
    }
    boolean detail = review.path("detailed").asBoolean();
    for (var server : review.path("servers")) {
      sb.append(server.path("heading").asText()).append('\n');
      for (var group : server.path("groups")) {
        sb.append("  ").append(group.path("heading").asText()).append('\n');
        if (detail) {
          for (var line : group.path("lines")) {
            sb.append("    ").append(line.path("text").asText()).append('\n');
          }
        }
      }
    }
    if (!detail) {
      sb.append("(").append(review.path("lineCount").asInt()).append(" detail lines; the JSON form lists each)\n");
    }
    if (!review.path("warnings").isEmpty()) {
      sb.append("Warnings:\n");
      review.path("warnings").forEach(w -> sb.append("  ! ").append(w.asText()).append('\n'));
    }
    return sb.toString();
  }

  /** The plan's review: servers, groups (scopes, relationships, peers), lines with their facts. */
  static ObjectNode review(Plan plan) {
    ObjectNode doc = FailoverJson.mapper().createObjectNode();
    doc.put("operation", plan.operation().describe());
    doc.put("digest", plan.digest().substring(0, 16));
    doc.put("empty", plan.isEmpty());
    ArrayNode servers = doc.putArray("servers");
    int lines = 0;
    for (ServerPlan part : plan.servers()) {
      if (part.changes().isEmpty()) {
        continue;
      }
      ObjectNode s = servers.addObject();
      s.put("server", part.server().value());
      s.put("vendor", part.vendor().displayName());
      s.put("changes", part.changes().size());
      String fp = part.fingerprint().substring(0, Math.min(12, part.fingerprint().length()));
      s.put("fingerprint", fp);
      s.put("heading", part.server() + " (" + part.vendor().displayName() + "), " + part.changes().size()
          + " change(s), planned from state " + fp + ":");
      ArrayNode groups = s.putArray("groups");
      Map<Subnet, ObjectNode> scopes = new LinkedHashMap<>();
      Map<Subnet, Map<ItemKind, int[]>> counts = new LinkedHashMap<>();
      for (Change c : part.changes()) {
        if (c instanceof ItemChanged ic) {
          ItemChange i = ic.item();
          ObjectNode g = scopes.computeIfAbsent(i.subnet(), k -> scopeGroup(groups, k));
          g.withArray("lines").add(itemLine(i.type().sign(), i.before().orElse(null), i.after().orElse(null)));
          counts.computeIfAbsent(i.subnet(), k -> new EnumMap<>(ItemKind.class))
              .computeIfAbsent(i.kind(), k -> new int[3])[i.type().ordinal()]++;
        } else if (c instanceof ScopeChange sc) {
          scopeChange(scopeGroup(groups, sc.subnet()), sc);
        } else if (c instanceof RelationshipChange rc) {
          relationshipChange(groups.addObject(), rc);
        } else if (c instanceof PeerChange pc) {
          peerChange(groups.addObject(), pc);
        }
      }
      counts.forEach((subnet, byKind) -> {
        StringBuilder h = new StringBuilder("scope ").append(subnet).append(':');
        byKind.forEach((kind, n) -> {
          String[] signs = {"+", "-", "~"};
          for (int t = 0; t < 3; t++) {
            if (n[t] > 0) {
              h.append(' ').append(signs[t]).append(n[t]).append(' ').append(kind.word()).append(n[t] == 1 ? "" : "s");
            }
          }
        });
        scopes.get(subnet).put("heading", h.toString());
      });
      for (var g : groups) {
        lines += g.path("lines").size();
      }
    }
    doc.put("lineCount", lines);
    doc.put("detailed", lines <= DETAIL_LINES);
    ArrayNode warnings = doc.putArray("warnings");
    plan.warnings().stream().map(Warning::message).forEach(warnings::add);
    return doc;
  }

  private static ObjectNode scopeGroup(ArrayNode groups, Subnet subnet) {
    ObjectNode g = groups.addObject();
    g.put("group", "scope");
    g.put("scope", subnet.toString());
    g.put("heading", "scope " + subnet + ":");
    g.putArray("lines");
    return g;
  }

  /** One item added, removed or changed, with its values. */
  static ObjectNode itemLine(String sign, ScopeItem before, ScopeItem after) {
    ScopeItem item = after != null ? after : before;
    ObjectNode line = FailoverJson.mapper().createObjectNode();
    line.put("change", sign);
    line.put("item", item.kind().word());
    line.put("label", ItemText.label(item));
    ArrayNode fields = line.putArray("fields");
    String text;
    if (before != null && after != null) {
      List<ItemText.Field> diff = ItemText.differences(before, after);
      diff.forEach(f -> field(fields, f.name(), f.before(), f.after()));
      text = "~ " + ItemText.label(after) + ": " + ItemText.change(diff);
    } else {
      ItemText.fields(item).forEach((k, v) -> field(fields, k, before == null ? null : v, after == null ? null : v));
      text = sign + " " + ItemText.whole(item);
    }
    line.put("text", text);
    return line;
  }

  private static void field(ArrayNode fields, String name, String before, String after) {
    ObjectNode f = fields.addObject().put("field", name);
    if (before != null) {
      f.put("before", before);
    }
    if (after != null) {
      f.put("after", after);
    }
  }

  private static void scopeChange(ObjectNode g, ScopeChange sc) {
    boolean create = sc.after().isPresent();
    Scope s = sc.before().or(sc::after).orElseThrow();
    g.put("change", create ? "+" : "-");
    g.put("heading", (create ? "+ scope " : "- scope ") + s.subnet()
        + (s.name().isEmpty() ? "" : " " + Words.quoted(s.name())) + " (" + (s.itemCount() - 1) + " items)"
        + (create ? " created:" : " deleted, with:"));
    ArrayNode lines = g.withArray("lines");
    for (ScopeItem item : s.items().toList()) {
      lines.add(create ? itemLine("+", null, item) : itemLine("-", item, null));
    }
  }

  private static void relationshipChange(ObjectNode g, RelationshipChange rc) {
    g.put("group", "relationship");
    g.put("relationship", rc.name().value());
    ArrayNode lines = g.putArray("lines");
    if (rc.before().isEmpty() || rc.after().isEmpty()) {
      boolean create = rc.before().isEmpty();
      Relationship r = rc.before().or(rc::after).orElseThrow();
      g.put("change", create ? "+" : "-");
      g.put("heading", (create ? "+ " : "- ") + "relationship " + Words.quoted(r.name().value()) + ": "
          + r.mode().displayName() + ", primary " + r.primary() + ", "
          + r.roleOf(r.secondary()).name().toLowerCase(Locale.ROOT) + " " + r.secondary() + ", "
          + (r.scopes().isEmpty() ? "no scopes" : "scopes " + String.join(", ", r.scopes().stream().map(Subnet::toString).toList()))
          + (create ? "; " + SettingsText.where(r.settings()) + ":" : ""));
      if (create) {
        rows(lines, SettingsText.rows(r), true);
      }
      return;
    }
    Relationship b = rc.before().get();
    Relationship a = rc.after().get();
    g.put("change", "~");
    g.put("heading", "~ relationship " + Words.quoted(a.name().value()) + ":");
    a.scopes().stream().filter(s -> !b.scopes().contains(s))
        .forEach(s -> lines.addObject().put("field", "scope").put("after", s.toString()).put("text", "+ scope " + s));
    b.scopes().stream().filter(s -> !a.scopes().contains(s))
        .forEach(s -> lines.addObject().put("field", "scope").put("before", s.toString()).put("text", "- scope " + s));
    Map<String, String> rowsBefore = SettingsText.rows(b);
    Map<String, String> rowsAfter = SettingsText.rows(a);
    if (a.mode() != b.mode() && !rowsAfter.containsKey("mode")) {
      lines.addObject().put("field", "mode").put("before", b.mode().displayName()).put("after", a.mode().displayName())
          .put("text", "mode " + b.mode().displayName() + " → " + a.mode().displayName());
    }
    changedRows(lines, rowsBefore, rowsAfter);
  }

  private static void peerChange(ObjectNode g, PeerChange pc) {
    g.put("group", "failover peer");
    g.put("peer", pc.name());
    ArrayNode lines = g.putArray("lines");
    if (pc.before().isEmpty() || pc.after().isEmpty()) {
      boolean create = pc.before().isEmpty();
      IscPeer p = pc.before().or(pc::after).orElseThrow();
      g.put("change", create ? "+" : "-");
      g.put("heading", (create ? "+ " : "- ") + "failover peer " + Words.quoted(p.name()) + " ("
          + p.declaration().role().name().toLowerCase(Locale.ROOT) + ")" + (create ? ":" : ""));
      if (create) {
        Map<String, String> rows = new LinkedHashMap<>(SettingsText.rows(p));
        rows.remove("role");
        rows(lines, rows, true);
      }
      return;
    }
    g.put("change", "~");
    g.put("heading", "~ failover peer " + Words.quoted(pc.name()) + ":");
    changedRows(lines, SettingsText.rows(pc.before().get()), SettingsText.rows(pc.after().get()));
  }

  private static void rows(ArrayNode lines, Map<String, String> rows, boolean after) {
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
    rows.forEach((k, v) -> lines.addObject().put("field", k).put(after ? "after" : "before", v)
        .put("text", k + " ".repeat(width - k.length() + 2) + v));
  }

  private static void changedRows(ArrayNode lines, Map<String, String> before, Map<String, String> after) {
    Set<String> names = new LinkedHashSet<>(before.keySet());
    names.addAll(after.keySet());
    List<String> changed = new ArrayList<>();
    for (String n : names) {
      if (!Objects.equals(before.get(n), after.get(n))) {
        changed.add(n);
      }
    }
    for (String n : changed) {
      ObjectNode l = lines.addObject().put("field", n);
      if (before.get(n) != null) {
        l.put("before", before.get(n));
      }
      if (after.get(n) != null) {
        l.put("after", after.get(n));
      }
      l.put("text", n + " " + (before.get(n) == null ? "none" : before.get(n)) + " → "
          + (after.get(n) == null ? "none" : after.get(n)));
    }
  }
}
