package dev.failover.cli;

import dev.failover.server.Vendor;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server's failover state as a row an operator decides from: its state and its partner's in
 * the vendor's words, whether it is in touch with its partner, when it last heard from it, and
 * what to watch (a state that needs an operator, unacknowledged updates, clock skew, …).
 */
final class StatusText {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private StatusText() {}

  /** Whether the server is in touch with its partner: yes, no, or unknown. */
  static String inTouch(FailoverStatus s) {
    String reported = s.details().get("in-touch");
    if (reported != null) {
      return Boolean.parseBoolean(reported) ? "yes" : "no";
    }
    return switch (s.localCommon()) {
      case NORMAL, SYNCING, CONFLICT, MAINTENANCE -> "yes";
      case COMMUNICATION_INTERRUPTED, PARTNER_DOWN -> "no";
      default -> "unknown";
    };
  }

  /** When the server last heard from its partner, as far as it says. */
  static String lastContact(FailoverStatus s) {
    if (s.lastContact().isPresent()) {
      return TIME.format(s.lastContact().get());
    }
    String age = s.details().get("age");
    if (s.vendor() == Vendor.KEA && age != null && age.matches("\\d+")) {
      return age + " s ago";
    }
    return "not reported";
  }

  /** What an operator should look at, in a few words each; empty when nothing. */
  static List<String> watch(FailoverStatus s) {
    List<String> out = new ArrayList<>();
    String state = s.local().vendorName();
    Map<String, String> d = s.details();
    switch (s.localCommon()) {
      case NORMAL -> { }
      case COMMUNICATION_INTERRUPTED -> out.add(state + ": the partner is not answering"
          + (s.vendor() == Vendor.WINDOWS && "false".equals(d.get("auto-state-transition"))
              ? "; no automatic partner down, declare it down if it is (partner-down)"
              : "; declare it down if it is (partner-down)"));
      case PARTNER_DOWN -> out.add(state + ": serving alone, the partner is taken as down");
      case CONFLICT -> out.add(state + ": the pair is resolving a conflict");
      case SYNCING, RECOVERING, STARTING -> out.add(state + ": catching up with the partner");
      case MAINTENANCE -> out.add(state + ": maintenance");
      case PAUSED -> out.add(state + ": paused, waiting for an operator to continue");
      case TERMINATED -> out.add(state + ": high availability stopped; fix the cause and restart the servers");
      case SHUTDOWN -> out.add(state + ": shut down");
      case UNKNOWN -> out.add(state + ": state unknown");
    }
    s.partner().ifPresent(p -> {
      if (s.localCommon() == CommonState.NORMAL && p.common() != CommonState.NORMAL) {
        out.add("partner in " + p.vendorName());
      }
    });
    positive(d.get("cur-unacked-updates"), " lease update(s) not acknowledged", out);
    positive(d.get("unacked-clients"), " unacknowledged client(s)", out);
    positive(d.get("unsent-update-count"), " lease update(s) not sent", out);
    String skew = d.get("skew");
    if (skew != null && skew.matches("-?\\d+") && Long.parseLong(skew) != 0) {
      out.add("clock skew " + skew + " s");
    }
    if ("true".equals(d.get("communication-interrupted")) && s.localCommon() == CommonState.NORMAL) {
      out.add("communication interrupted");
    }
    return out;
  }

  private static void positive(String value, String words, List<String> out) {
    if (value != null && value.matches("\\d+") && Long.parseLong(value) > 0) {
      out.add(value + words);
    }
  }

  /**
   * Every detail the server reports, by its own names, for {@code -v}: an empty value shows as
   * {@code (none)}; Kea's HA scopes (whose clients a server serves, not DHCP scopes) say so.
   */
  static Map<String, String> details(FailoverStatus s) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    s.details().forEach((k, v) -> {
      String key = s.vendor() == Vendor.KEA && (k.equals("scopes") || k.equals("partner-scopes"))
          ? k + " (HA: serves clients of)" : k;
      out.put(key, v.isEmpty() ? "(none)" : v);
    });
    return out;
  }

  /** Rows as an aligned table with a heading row, each line indented. */
  static String table(List<String[]> rows, String indent) {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < r.length - 1; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
