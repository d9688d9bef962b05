package dev.failover.testkit.gen;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutableOptionValue;
import dev.failover.scope.ImmutableReservation;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.ImmutableScopeProperties;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Reservation.IdentifierType;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.random.RandomGenerator;

/** Scopes and their contents, valid by construction. Not API: {@link Generators} hands them out. */
final class Scopes {

  /** The longest lease time drawn: 999 days, the longest Windows offers short of unlimited. */
  static final long MAX_LEASE_SECONDS = 999L * 24 * 3600;
  /** The largest scope id (Kea subnet id). */
  static final long MAX_SCOPE_ID = 4_294_967_294L;

  /** How a well-known option's value is written. */
  private enum Shape { ADDRESSES, DOMAIN, DOMAINS, NUMBER, TEXT }

  /** A well-known option: code, Kea name, value shape. */
  private record Known(int code, String name, Shape shape) {}

  private static final List<Known> KNOWN = List.of(
      new Known(3, "routers", Shape.ADDRESSES),
      new Known(6, "domain-name-servers", Shape.ADDRESSES),
      new Known(15, "domain-name", Shape.DOMAIN),
      new Known(42, "ntp-servers", Shape.ADDRESSES),
      new Known(44, "netbios-name-servers", Shape.ADDRESSES),
      new Known(46, "netbios-node-type", Shape.NUMBER),
      new Known(66, "tftp-server-name", Shape.TEXT),
      new Known(67, "boot-file-name", Shape.TEXT),
      new Known(119, "domain-search", Shape.DOMAINS));

  private static final List<String> SCOPE_NAMES = List.of("office", "lab", "guest wifi", "Floor 2 (east)", "voice-vlan-20");
  private static final List<String> CLASS_NAMES = List.of("voip", "MSFT 5.0", "Default BOOTP Class", "PXEClient",
      "HA_server1", "HA_server2");
  private static final List<IdentifierType> TYPES = List.of(IdentifierType.HW_ADDRESS, IdentifierType.HW_ADDRESS,
      IdentifierType.HW_ADDRESS, IdentifierType.HW_ADDRESS, IdentifierType.HW_ADDRESS, IdentifierType.HW_ADDRESS,
      IdentifierType.CLIENT_ID, IdentifierType.CLIENT_ID, IdentifierType.CIRCUIT_ID, IdentifierType.DUID,
      IdentifierType.FLEX_ID);

  private Scopes() {}

  /** A scope of the subnet with up to that many items of each kind. */
  static Scope scope(RandomGenerator r, Subnet subnet, int maxPools, int maxExclusions, int maxReservations,
      int maxOptions) {
    ImmutableScope.Builder b = Scope.builder().subnet(subnet);
    if (!Draw.oneIn(r, 8)) {
      b.properties(properties(r));
    }
    b.addAllPools(pools(r, subnet, Draw.oneIn(r, 8) ? 0 : Draw.uniform(r, Math.min(1, maxPools), maxPools)));
    b.addAllExclusions(exclusions(r, subnet, Draw.oneIn(r, 2) ? 0 : Draw.uniform(r, 0, maxExclusions)));
    b.addAllReservations(reservations(r, subnet, Draw.oneIn(r, 4) ? 0 : Draw.uniform(r, 0, maxReservations)));
    b.addAllOptions(options(r, Draw.oneIn(r, 3) ? 0 : Draw.uniform(r, 0, maxOptions)));
    return b.build();
  }

  /**
   * Scopes of disjoint subnets, as one server holds them: where two would have the same scope
   * id, the later one gets another.
   */
  static List<Scope> disjointScopes(RandomGenerator r, int count) {
    List<Scope> out = new ArrayList<>(count);
    Set<Long> ids = new HashSet<>();
    for (Subnet subnet : Networks.disjoint(r, count, 16, 30)) {
      Scope scope = scope(r, subnet, 4, 3, 8, 6);
      if (scope.properties().id().isPresent() && !ids.add(scope.properties().id().getAsLong())) {
        long id;
        do {
          id = Draw.uniform(r, 1, MAX_SCOPE_ID);
        } while (!ids.add(id));
        scope = ImmutableScope.copyOf(scope).withProperties(
            ImmutableScopeProperties.copyOf(scope.properties()).withId(id));
      }
      out.add(scope);
    }
    return out;
  }

  /** Properties: plain or hostile names and descriptions, lease times, enabled or not, ids from 1 to 4294967294. */
  static ScopeProperties properties(RandomGenerator r) {
    ImmutableScopeProperties.Builder b = ScopeProperties.builder();
    int nameKind = r.nextInt(6);
    if (nameKind >= 1 && nameKind <= 3) {
      b.name(Draw.oneIn(r, 2) ? Draw.pick(r, SCOPE_NAMES) : "scope-" + Draw.uniform(r, 1, 9999));
    } else if (nameKind >= 4) {
      b.name(Hostile.printableText(r, 1, 256, false));
    }
    int descriptionKind = r.nextInt(4);
    if (descriptionKind == 2) {
      b.description("floor " + Draw.uniform(r, 1, 40));
    } else if (descriptionKind == 3) {
      b.description(Hostile.printableText(r, 0, 1024, false));
    }
    if (!Draw.oneIn(r, 2)) {
      b.leaseTime(Draw.seconds(r, 1, MAX_LEASE_SECONDS, 3600, 28_800, 86_400, 691_200));
    }
    if (Draw.oneIn(r, 2)) {
      b.enabled(!Draw.oneIn(r, 4));
    }
    if (Draw.oneIn(r, 2)) {
      b.id(Draw.number(r, 1, MAX_SCOPE_ID, 1, 2, 100, 1000));
    }
    return b.build();
  }

  /** {@code count} pools (fewer when the subnet is smaller), no two overlapping, inside the subnet's host addresses. */
  static List<Pool> pools(RandomGenerator r, Subnet subnet, int count) {
    int k = (int) Math.min(count, Networks.hosts(subnet));
    List<Pool> out = new ArrayList<>(k);
    for (AddressRange range : Networks.disjointRanges(r, Networks.firstHost(subnet), Networks.lastHost(subnet), k)) {
      out.add(Pool.of(range));
    }
    return out;
  }

  /** {@code count} exclusions (fewer when the subnet is smaller), no two overlapping, inside the subnet's host addresses. */
  static List<Exclusion> exclusions(RandomGenerator r, Subnet subnet, int count) {
    int k = (int) Math.min(count, Networks.hosts(subnet));
    List<Exclusion> out = new ArrayList<>(k);
    for (AddressRange range : Networks.disjointRanges(r, Networks.firstHost(subnet), Networks.lastHost(subnet), k)) {
      out.add(Exclusion.of(range));
    }
    return out;
  }

  /**
   * {@code count} reservations (fewer when the subnet is smaller): distinct host addresses (never
   * the network or broadcast address), distinct client identifiers, distinct host names.
   */
  static List<Reservation> reservations(RandomGenerator r, Subnet subnet, int count) {
    long first = Networks.firstHost(subnet);
    int k = (int) Math.min(count, Networks.hosts(subnet));
    Set<String> keys = new HashSet<>();
    Set<String> hostnames = new HashSet<>();
    List<Reservation> out = new ArrayList<>(k);
    for (long offset : Draw.distinct(r, Networks.hosts(subnet), k)) {
      IdentifierType type = Draw.pick(r, TYPES);
      String identifier;
      do {
        identifier = identifier(r, type);
      } while (!keys.add(type + "/" + identifier));
      ImmutableReservation.Builder b = Reservation.builder().identifier(identifier)
          .address(Networks.address(first + offset));
      if (type != IdentifierType.HW_ADDRESS || Draw.oneIn(r, 2)) {
        b.identifierType(type);
      }
      if (Draw.oneIn(r, 2)) {
        String hostname;
        do {
          hostname = hostName(r);
        } while (!hostnames.add(hostname.toLowerCase(java.util.Locale.ROOT)));
        b.hostname(hostname);
      }
      if (Draw.oneIn(r, 2)) {
        b.name(Draw.oneIn(r, 2) ? "printer-" + Draw.uniform(r, 1, 999) : Hostile.printableText(r, 1, 256, false));
      }
      if (Draw.oneIn(r, 3)) {
        b.description(Draw.oneIn(r, 2) ? "desk " + Draw.uniform(r, 1, 999) : Hostile.printableText(r, 0, 1024, false));
      }
      if (Draw.oneIn(r, 5)) {
        b.addAllOptions(options(r, Draw.uniform(r, 1, 2)));
      }
      out.add(b.build());
    }
    return out;
  }

  /** Hexadecimal bytes, lower case and colon-separated, as many as the identifier type allows. */
  private static String identifier(RandomGenerator r, IdentifierType type) {
    int bytes = switch (type) {
      case HW_ADDRESS -> Draw.oneIn(r, 10) ? Draw.number(r, 1, 20, 6, 8) : 6;
      case CLIENT_ID -> Draw.oneIn(r, 2) ? 7 : Draw.number(r, 1, 32, 7, 16);
      case CIRCUIT_ID -> Draw.number(r, 1, 32, 4);
      case DUID -> Draw.number(r, 1, 128, 10, 14, 18);
      case FLEX_ID -> Draw.number(r, 1, 128, 4, 16);
    };
    StringJoiner hex = new StringJoiner(":");
    for (int i = 0; i < bytes; i++) {
      hex.add(String.format("%02x", type == IdentifierType.CLIENT_ID && bytes == 7 && i == 0 ? 1 : r.nextInt(256)));
    }
    return hex.toString();
  }

  /** An RFC 1123 host name: one to three labels, now and then a label of the full 63 characters, never dotted digits. */
  static String hostName(RandomGenerator r) {
    int labels = Draw.uniform(r, 1, 3);
    StringJoiner name = new StringJoiner(".");
    for (int i = 0; i < labels; i++) {
      name.add(label(r, Draw.oneIn(r, 20) ? 63 : Draw.uniform(r, 1, 12)));
    }
    String text = name.toString();
    // dotted digits read as an address, not a name (RFC 1123 section 2.1): start with a letter instead
    return text.indexOf('.') >= 0 && text.matches("[0-9.-]+") ? "h" + text.substring(1) : text;
  }

  private static String label(RandomGenerator r, int length) {
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      boolean edge = i == 0 || i == length - 1;
      b.append(!edge && Draw.oneIn(r, 8) ? '-' : letters.charAt(r.nextInt(letters.length())));
    }
    return b.toString();
  }

  /** {@code count} option values, no two of the same identity (space, code, user class, vendor class). */
  static List<OptionValue> options(RandomGenerator r, int count) {
    Set<String> keys = new HashSet<>();
    List<OptionValue> out = new ArrayList<>(count);
    for (int attempt = 0; out.size() < count && attempt < count * 20; attempt++) {
      OptionValue option = option(r);
      if (keys.add(option.key())) {
        out.add(option);
      }
    }
    return out;
  }

  /**
   * One option value: mostly a well-known option with a value of its shape (addresses, domain
   * names, a number, text), sometimes a site-specific code (224 to 254) with hostile text; now
   * and then for a user or vendor class.
   */
  static OptionValue option(RandomGenerator r) {
    ImmutableOptionValue.Builder b = OptionValue.builder();
    if (Draw.oneIn(r, 4)) {
      b.code(Draw.uniform(r, 224, 254)).value(Hostile.printableText(r, 1, 200, false));
    } else {
      Known known = Draw.pick(r, KNOWN);
      b.code(known.code()).value(value(r, known.shape()));
      if (Draw.oneIn(r, 2)) {
        b.name(known.name());
      }
    }
    if (Draw.oneIn(r, 5)) {
      b.userClass(className(r));
    }
    if (Draw.oneIn(r, 8)) {
      b.vendorClass(className(r));
    }
    return b.build();
  }

  private static String className(RandomGenerator r) {
    return Draw.oneIn(r, 3) ? Hostile.printableText(r, 1, 64, false) : Draw.pick(r, CLASS_NAMES);
  }

  private static String value(RandomGenerator r, Shape shape) {
    StringJoiner list = new StringJoiner(", ");
    switch (shape) {
      case ADDRESSES -> {
        int n = Draw.uniform(r, 1, 3);
        for (int i = 0; i < n; i++) {
          list.add(Networks.placed(r, 32).network().toString());
        }
        return list.toString();
      }
      case DOMAIN -> {
        return hostName(r);
      }
      case DOMAINS -> {
        int n = Draw.uniform(r, 1, 3);
        for (int i = 0; i < n; i++) {
          list.add(hostName(r));
        }
        return list.toString();
      }
      case NUMBER -> {
        return String.valueOf(Draw.pick(r, 1, 2, 4, 8));
      }
      default -> {
        return Draw.oneIn(r, 2) ? Draw.pick(r, "pxelinux.0", "boot\\x86\\wdsnbp.com", "tftp.example.net")
            : Hostile.printableText(r, 1, 128, false);
      }
    }
  }
}
