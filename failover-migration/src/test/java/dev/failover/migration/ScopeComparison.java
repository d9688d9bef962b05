package dev.failover.migration;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a scope means to a client, in the SDK's model, whichever server holds it: the subnet, the
 * lease time, whether it serves, the addresses it leases (pools less exclusions, merged), the
 * classes its pools are limited to (the HA servers' own classes aside), the options by code with
 * their values as Kea's data, and the reservations.
 */
record ScopeComparison(String subnet, Optional<java.time.Duration> leaseTime, boolean enabled, List<String> leased,
    List<String> classes, List<String> options, List<String> reservations) {

  /** A scope read from ISC: its option values in dhcpd's notation, made Kea's data to compare. */
  static ScopeComparison of(Scope s) {
    return of(s, false);
  }

  /** A scope read from Kea: its option values are Kea's data already. */
  static ScopeComparison ofKea(Scope s) {
    return of(s, true);
  }

  private static ScopeComparison of(Scope s, boolean kea) {
    List<AddressRange> ranges = new ArrayList<>();
    for (Pool p : s.pools()) {
      ranges.add(p.range());
    }
    List<String> leased = new ArrayList<>();
    long start = -1;
    long end = -2;
    List<long[]> spans = new ArrayList<>();
    for (AddressRange r : ranges) {
      spans.add(new long[] {r.start().toLong(), r.end().toLong()});
    }
    for (Exclusion e : s.exclusions()) {
      List<long[]> next = new ArrayList<>();
      for (long[] sp : spans) {
        long es = e.range().start().toLong();
        long ee = e.range().end().toLong();
        if (ee < sp[0] || es > sp[1]) {
          next.add(sp);
          continue;
        }
        if (es > sp[0]) {
          next.add(new long[] {sp[0], es - 1});
        }
        if (ee < sp[1]) {
          next.add(new long[] {ee + 1, sp[1]});
        }
      }
      spans = next;
    }
    spans.sort((a, b) -> Long.compare(a[0], b[0]));
    for (long[] sp : spans) {
      if (sp[0] == end + 1) {
        end = sp[1];
      } else {
        if (start >= 0) {
          leased.add(start + "-" + end);
        }
        start = sp[0];
        end = sp[1];
      }
    }
    if (start >= 0) {
      leased.add(start + "-" + end);
    }
    List<String> classes = s.pools().stream().flatMap(p -> p.clientClass().or(() -> permitClass(p)).stream())
        .filter(c -> !c.startsWith("HA_")).distinct().sorted().toList();
    List<String> options = s.options().stream().map(o -> option(o, kea)).sorted().toList();
    List<String> reservations = s.reservations().stream().map(r -> reservation(r, kea)).sorted().toList();
    return new ScopeComparison(s.subnet().toString(), s.properties().leaseTime(), s.enabled(), leased, classes, options,
        reservations);
  }

  /** The class an ISC pool's permit limits it to, as the migration's README maps it. */
  private static Optional<String> permitClass(Pool p) {
    for (String st : p.iscStatements()) {
      if (st.matches("allow members of \"[^\"]+\"")) {
        return Optional.of(st.substring("allow members of \"".length(), st.length() - 1));
      }
      if (st.equals("deny unknown-clients") || st.equals("allow known-clients")) {
        return Optional.of("KNOWN");
      }
      if (st.equals("allow unknown-clients") || st.equals("deny known-clients")) {
        return Optional.of("UNKNOWN");
      }
    }
    return Optional.empty();
  }

  private static String option(OptionValue o, boolean kea) {
    return o.space() + "/" + o.code() + "=" + (kea ? o.value() : OptionTable.keaData(o.code(), o.value()));
  }

  private static String reservation(Reservation r, boolean kea) {
    return r.identifierType() + " " + r.identifier() + " " + r.address() + " " + r.hostname().orElse("") + " "
        + r.options().stream().map(o -> option(o, kea)).sorted().toList();
  }
}
