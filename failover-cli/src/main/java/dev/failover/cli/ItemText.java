package dev.failover.cli;

import dev.failover.scope.Exclusion;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.ScopeItem;
import dev.failover.scope.ScopeProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One scope item in words: what it is ({@link #label}: {@code option 3 routers},
 * {@code reservation "kiosk-1" hw-address 00:16:3e:19:00:01}, {@code pool 10.19.0.10-10.19.0.250})
 * and its values ({@link #fields}: the option's value, the reservation's address, the pool's
 * failover peer, …), so that plans and drift show values, not only identities.
 */
final class ItemText {

  /** The field that holds an option's value: shown without its name. */
  static final String VALUE = "value";
  static final String ADDRESS = "address";
  static final String FAILOVER_PEER = "failover peer";

  private ItemText() {}

  /** What the item is, with its identity. */
  static String label(ScopeItem item) {
    if (item instanceof OptionValue o) {
      StringBuilder sb = new StringBuilder("option ").append(o.code());
      Optional<String> name = o.name().or(() -> o.space().equals("dhcp4") ? Words.dhcp4OptionName(o.code()) : Optional.empty());
      name.ifPresent(n -> sb.append(' ').append(n));
      if (!o.space().equals("dhcp4")) {
        sb.append(" in space ").append(o.space());
      }
      o.userClass().ifPresent(c -> sb.append(" for user class ").append(Words.quoted(c)));
      o.vendorClass().ifPresent(c -> sb.append(" for vendor class ").append(Words.quoted(c)));
      return sb.toString();
    }
    if (item instanceof Reservation r) {
      return "reservation " + r.name().map(n -> Words.quoted(n) + " ").orElse("")
          + r.identifierType().name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + r.identifier();
    }
    if (item instanceof Pool p) {
      return "pool " + p.range();
    }
    if (item instanceof Exclusion x) {
      return "exclusion " + x.range();
    }
    return "scope properties";
  }

  /** The item's values besides its identity, by field, in the order they are shown. */
  static Map<String, String> fields(ScopeItem item) {
    Map<String, String> f = new LinkedHashMap<>();
    if (item instanceof OptionValue o) {
      f.put(VALUE, o.value());
    } else if (item instanceof Reservation r) {
      f.put(ADDRESS, r.address().toString());
      r.name().ifPresent(v -> f.put("name", Words.quoted(v)));
      r.hostname().ifPresent(v -> f.put("hostname", v));
      r.description().ifPresent(v -> f.put("description", Words.quoted(v)));
      for (OptionValue o : r.options()) {
        f.put(label(o), o.value());
      }
    } else if (item instanceof Pool p) {
      p.failoverPeer().ifPresent(v -> f.put(FAILOVER_PEER, Words.quoted(v)));
      p.clientClass().ifPresent(v -> f.put("client class", Words.quoted(v)));
      if (p.dynamicBootp()) {
        f.put("dynamic BOOTP", "on");
      }
      if (!p.iscStatements().isEmpty()) {
        f.put("statements", String.join("; ", p.iscStatements()));
      }
    } else if (item instanceof ScopeProperties p) {
      if (!p.name().isEmpty()) {
        f.put("name", Words.quoted(p.name()));
      }
      if (!p.description().isEmpty()) {
        f.put("description", Words.quoted(p.description()));
      }
      p.leaseTime().ifPresent(d -> f.put("lease time", Words.duration(d)));
      f.put("enabled", p.enabled() ? "yes" : "no");
      if (p.id().isPresent()) {
        f.put("id", Long.toString(p.id().getAsLong()));
      }
      if (!p.iscStatements().isEmpty()) {
        f.put("statements", String.join("; ", p.iscStatements()));
      }
    }
    return f;
  }

  /** One field of an item before and after (either may be absent). */
  record Field(String name, String before, String after) {}

  /** The fields that differ between two versions of an item, in order. */
  static List<Field> differences(ScopeItem before, ScopeItem after) {
    Map<String, String> b = fields(before);
    Map<String, String> a = fields(after);
    Set<String> names = new LinkedHashSet<>(b.keySet());
    names.addAll(a.keySet());
    List<Field> out = new ArrayList<>();
    for (String n : names) {
      if (!Objects.equals(b.get(n), a.get(n))) {
        out.add(new Field(n, b.get(n), a.get(n)));
      }
    }
    return out;
  }

  /**
   * The item as it exists, in one line: the label and its values
   * ({@code reservation "kiosk-1" hw-address 00:16:3e:19:00:01 → 10.19.0.5},
   * {@code option 3 routers: 10.19.0.1}, {@code pool 10.19.0.10-10.19.0.250, failover peer "isc-pair"}).
   */
  static String whole(ScopeItem item) {
    Map<String, String> f = new LinkedHashMap<>(fields(item));
    StringBuilder sb = new StringBuilder(label(item));
    if (item instanceof Reservation) {
      sb.append(" → ").append(f.remove(ADDRESS));
      f.remove("name");
    }
    if (item instanceof OptionValue) {
      return sb.append(": ").append(f.get(VALUE)).toString();
    }
    if (!f.isEmpty()) {
      List<String> parts = new ArrayList<>();
      f.forEach((k, v) -> parts.add(k + " " + v));
      sb.append(item instanceof Reservation || item instanceof ScopeProperties ? ": " : ", ")
          .append(String.join(", ", parts));
    }
    return sb.toString();
  }

  /** What changes in a modified item, in one line after its label: {@code 10.19.0.254 → 10.19.0.1}. */
  static String change(List<Field> fields) {
    List<String> parts = new ArrayList<>();
    for (Field f : fields) {
      if (f.name().equals(FAILOVER_PEER)) {
        parts.add(f.before() == null ? "now refers to failover peer " + f.after()
            : f.after() == null ? "no longer refers to failover peer " + f.before() + " (no peer)"
            : "refers to failover peer " + f.after() + " instead of " + f.before());
      } else {
        String value = orNone(f.before()) + " → " + orNone(f.after());
        parts.add(f.name().equals(VALUE) ? value : f.name() + " " + value);
      }
    }
    return String.join("; ", parts);
  }

  /** What two servers hold of a differing item: {@code isc-a has 10.11.0.20; isc-b has 10.11.0.21}. */
  static String difference(List<Field> fields, String first, String second) {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (Field f : fields) {
      a.add(side(f.name(), f.before()));
      b.add(side(f.name(), f.after()));
    }
    return first + " has " + String.join(", ", a) + "; " + second + " has " + String.join(", ", b);
  }

  private static String side(String name, String value) {
    if (name.equals(VALUE)) {
      return orNone(value);
    }
    return value == null ? "no " + name : name + " " + value;
  }

  private static String orNone(String v) {
    return v == null ? "none" : v;
  }
}
