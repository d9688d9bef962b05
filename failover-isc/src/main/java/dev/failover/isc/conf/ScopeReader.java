package dev.failover.isc.conf;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Maps the declarations of a {@link ConfigIndex} onto the API's scope model:
 * <ul>
 *   <li>a {@code subnet} is a {@link Scope}; its {@code default-lease-time} is the lease time; an
 *       {@code ignore booting;} or {@code deny booting;} in its own body makes it disabled (dhcpd
 *       has no disabled subnet: with booting off, it answers no client of the subnet);</li>
 *   <li>its {@code option} statements are {@link OptionValue}s (options whose name dhcpd does not
 *       know, or whose value the model cannot hold, are left out);</li>
 *   <li>a {@code pool} is one {@link Pool} spanning its lowest to highest address; the addresses
 *       between its ranges are {@link Exclusion}s ("a gap between ranges"); a {@code range}
 *       outside any pool is a pool of its own, without exclusions; gaps between different pools
 *       are not exclusions (nothing in dhcpd.conf says they are);</li>
 *   <li>a {@code host} with one fixed IPv4 address inside the subnet and a
 *       {@code hardware ethernet} (or else a {@code dhcp-client-identifier}) is a
 *       {@link Reservation}, wherever the host is declared; the options of the {@code group}
 *       blocks around it are its options too, unless the host sets the same option itself; its
 *       other statements and blocks ({@code filename}, {@code next-server}, {@code if …}) are its
 *       {@link Reservation#iscStatements()}, verbatim;</li>
 *   <li>a pool's statements and blocks besides its ranges, failover peer and hosts (permits,
 *       options, {@code if …}, {@code on commit …}) are its
 *       {@link Pool#iscStatements()}, verbatim; {@code range dynamic-bootp} is
 *       {@link Pool#dynamicBootp()};</li>
 *   <li>the subnet's own statements besides its options, lease time and booting switch
 *       ({@code max-lease-time}, {@code filename}, {@code next-server}, permits, …) are its
 *       {@link ScopeProperties#iscStatements()}, verbatim.</li>
 * </ul>
 */
final class ScopeReader {

  private ScopeReader() {}

  static Scope scope(ConfigIndex index, ConfigIndex.SubnetDecl s) {
    try {
      ImmutableScope.Builder b = Scope.builder().subnet(s.subnet);
      Duration leaseTime = null;
      if (s.leaseTime != null) {
        IscStatement st = (IscStatement) s.leaseTime.node();
        if (st.tokenCount() == 2 && st.token(1).matches("[0-9]{1,10}") && Long.parseLong(st.token(1)) > 0) {
          leaseTime = Duration.ofSeconds(Long.parseLong(st.token(1)));
        }
      }
      List<String> statements = subnetStatements(s);
      if (leaseTime != null || !s.booting.isEmpty() || !statements.isEmpty()) {
        b.properties(ScopeProperties.builder().leaseTime(java.util.Optional.ofNullable(leaseTime))
            .enabled(s.booting.isEmpty()).iscStatements(statements).build());
      }
      for (NodeRef o : s.options) {
        option(index, (IscStatement) o.node()).ifPresent(b::addOption);
      }
      for (ConfigIndex.PoolDecl p : s.pools) {
        Pool pool = dev.failover.scope.ImmutablePool.builder().range(p.span())
            .failoverPeer(Optional.ofNullable(p.peer != null ? p.peer : p.inheritedPeer))
            .iscStatements(poolStatements(p)).dynamicBootp(dynamicBootp(p)).build();
        b.addPool(pool);
        for (int i = 1; i < p.ranges.size(); i++) {
          AddressRange prev = p.ranges.get(i - 1).range;
          AddressRange next = p.ranges.get(i).range;
          if (next.start().toLong() > prev.end().toLong() + 1) {
            b.addExclusion(Exclusion.of(AddressRange.of(prev.end().plus(1), next.start().plus(-1))));
          }
        }
      }
      for (ConfigIndex.HostDecl h : s.hosts) {
        reservation(index, h).ifPresent(b::addReservation);
      }
      return b.build();
    } catch (ValidationException e) {
      throw ConfChecks.at(s.block().head, 1, "expected a subnet that the scope model can hold: "
          + e.violations().stream().map(Violation::message).collect(Collectors.joining("; ")));
    }
  }

  /** The subnet's own statements that the scope holds verbatim, as {@link ScopeProperties#iscStatements()} holds them. */
  static List<String> subnetStatements(ConfigIndex.SubnetDecl s) {
    List<String> out = new ArrayList<>();
    for (NodeRef r : s.others) {
      out.add(verbatim(r.node()));
    }
    return out;
  }

  /** The pool's statements and blocks besides its ranges and peer, as {@link Pool#iscStatements()} holds them. */
  static List<String> poolStatements(ConfigIndex.PoolDecl p) {
    List<String> out = new ArrayList<>();
    for (NodeRef r : p.others) {
      out.add(verbatim(r.node()));
    }
    return out;
  }

  /** The host's statements and blocks besides its identifier, address and options, as {@link Reservation#iscStatements()} holds them. */
  static List<String> hostStatements(ConfigIndex.HostDecl h) {
    List<String> out = new ArrayList<>();
    for (NodeRef r : h.others) {
      out.add(verbatim(r.node()));
    }
    return out;
  }

  /**
   * A statement or block in one canonical spelling: a statement's tokens as {@link #canonical(List)}
   * spells them, without the semicolon; a block's head, then {@code {}, its body's statements each
   * with its semicolon and its inner blocks the same way, then {@code }}, separated by single spaces.
   */
  static String verbatim(IscNode node) {
    if (node instanceof IscStatement) {
      return canonical(node.tokens());
    }
    StringBuilder out = new StringBuilder(canonical(node.tokens())).append(" {");
    for (IscNode c : ((IscBlock) node).children()) {
      out.append(' ').append(verbatim(c)).append(c instanceof IscStatement ? ";" : "");
    }
    return out.append(" }").toString();
  }

  /** Whether the pool's ranges are {@code range dynamic-bootp}; a pool mixing both is refused, located. */
  static boolean dynamicBootp(ConfigIndex.PoolDecl p) {
    boolean first = p.ranges.get(0).dynamicBootp;
    for (ConfigIndex.RangeDecl r : p.ranges) {
      if (r.dynamicBootp != first) {
        throw ConfChecks.at(((IscStatement) r.ref.node()).segment, 1, "expected the ranges of one pool all with"
            + " dynamic-bootp or all without (the scope model holds the flag per pool)");
      }
    }
    return first;
  }

  static IscPoolReference pool(ConfigIndex.PoolDecl p) {
    return ImmutableIscPoolReference.builder().file(p.ref.file()).line(p.ref.line())
        .subnet(Optional.ofNullable(p.subnet).map(d -> d.subnet))
        .ranges(p.ranges.stream().map(r -> r.range).collect(Collectors.toList()))
        .failoverPeer(Optional.ofNullable(p.peer)).inheritedPeer(Optional.ofNullable(p.inheritedPeer))
        .implicit(p.implicit).build();
  }

  /** The option value of {@code option NAME VALUE;} when dhcpd knows the name. */
  static Optional<OptionValue> option(ConfigIndex index, IscStatement st) {
    if (st.tokenCount() < 3) {
      return Optional.empty();
    }
    OptionCatalog.Definition d = index.catalog.byName(st.token(1));
    if (d == null || d.code() < 1 || d.code() > 254) {
      return Optional.empty();
    }
    String value;
    if (d.text()) {
      if (st.tokenCount() != 3 || !Syntax.isString(st.token(2))) {
        return Optional.empty();
      }
      value = Syntax.unquote(st.token(2));
      if (!Texts.printable(value)) {
        return Optional.empty();
      }
    } else {
      value = canonical(st.tokens().subList(2, st.tokenCount()));
    }
    try {
      return Optional.of(OptionValue.builder().code(d.code()).space(OptionCatalog.apiSpace(d.space())).name(d.name())
          .value(value).build());
    } catch (ValidationException e) {
      return Optional.empty();
    }
  }

  /**
   * dhcpd's notation of a non-text value in one canonical spelling: tokens separated by one space,
   * except none before a comma and none around a colon ({@code 10.0.0.1, 10.0.0.2},
   * {@code 01:02:03}).
   */
  static String canonical(List<String> tokens) {
    StringBuilder out = new StringBuilder();
    String prev = null;
    for (String t : tokens) {
      if (prev != null && !t.equals(",") && !t.equals(":") && !prev.equals(":")) {
        out.append(' ');
      }
      out.append(t);
      prev = t;
    }
    return out.toString();
  }

  static Optional<Reservation> reservation(ConfigIndex index, ConfigIndex.HostDecl h) {
    if (!h.fixedAddressSimple) {
      return Optional.empty();
    }
    Reservation.IdentifierType type = null;
    String identifier = null;
    String hostname = null;
    List<OptionValue> options = new ArrayList<>();
    if (h.hardwareEthernet != null) {
      type = Reservation.IdentifierType.HW_ADDRESS;
      identifier = h.hardwareEthernet;
    }
    java.util.Map<String, OptionValue> inherited = groupOptions(index, h);
    for (NodeRef o : h.options) {
      IscStatement st = (IscStatement) o.node();
      if (st.tokenCount() >= 3 && st.token(1).equals("dhcp-client-identifier")) {
        String id = Syntax.isString(st.token(2)) && st.tokenCount() == 3 ? hex(Syntax.unquote(st.token(2)))
            : String.join("", st.tokens().subList(2, st.tokenCount()));
        if (type == null) {
          type = Reservation.IdentifierType.CLIENT_ID;
          identifier = id;
        }
        continue;
      }
      if (st.tokenCount() == 3 && st.token(1).equals("host-name") && Syntax.isString(st.token(2))
          && Texts.hostName(Syntax.unquote(st.token(2))) && hostname == null) {
        hostname = Syntax.unquote(st.token(2));
        continue;
      }
      option(index, st).ifPresent(options::add);
    }
    if (type == null) {
      return Optional.empty();
    }
    // what the host's groups set applies to the host unless the host sets it itself
    options.forEach(o -> inherited.remove(o.key()));
    options.addAll(0, inherited.values());
    try {
      return Optional.of(Reservation.builder().identifierType(type).identifier(identifier)
          .address(Syntax.address(h.fixedAddress)).name(h.name)
          .hostname(Optional.ofNullable(hostname)).options(options).iscStatements(hostStatements(h)).build());
    } catch (ValidationException e) {
      return Optional.empty();
    }
  }

  /** The options the host's {@code group} blocks set, by option key (an inner group's value wins). */
  static java.util.Map<String, OptionValue> groupOptions(ConfigIndex index, ConfigIndex.HostDecl h) {
    java.util.Map<String, OptionValue> inherited = new java.util.LinkedHashMap<>();
    for (NodeRef o : h.groupOptions) {
      IscStatement st = (IscStatement) o.node();
      if (st.tokenCount() >= 2 && (st.token(1).equals("dhcp-client-identifier") || st.token(1).equals("host-name"))) {
        continue;
      }
      option(index, st).ifPresent(v -> inherited.put(v.key(), v));
    }
    return inherited;
  }

  private static String hex(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      if (out.length() > 0) {
        out.append(':');
      }
      out.append(String.format("%02x", b & 0xff));
    }
    return out.toString();
  }
}
