package dev.failover.isc.conf;

import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
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
 * Renders the API's scope model as dhcpd.conf text, validating or escaping every value at the
 * point where it is written: strings through {@link Syntax#quote(String)}, names against dhcpd's
 * name rules, option values of non-text types by their tokens. The inverse of {@link ScopeReader}.
 */
final class ScopeWriter {

  /** How new text is laid out: the indentation unit and the line end of the file it goes into. */
  record Layout(String unit, String newline) {}

  /**
   * How a disabled scope is written: the subnet keeps every declaration, and dhcpd answers none
   * of its clients. The comment says why the statement is there; the reader recognises the
   * statement itself ({@code ignore booting;} or {@code deny booting;} in the subnet's body).
   */
  static final String DISABLED = "ignore booting; # disabled by the failover SDK: this subnet answers no client";

  private ScopeWriter() {}

  /** {@code ignore booting;} or {@code deny booting;}. */
  static boolean isBootingOff(IscStatement st) {
    return st.tokenCount() == 2 && (st.token(0).equals("ignore") || st.token(0).equals("deny"))
        && st.token(1).equals("booting");
  }

  /**
   * Whether a statement of a subnet's own body is one the scope holds verbatim: not an option, an
   * option definition, the default lease time, the booting switch, a range, an include or a
   * failover reference, which the scope holds otherwise or which stay where they are.
   */
  static boolean isSubnetStatement(IscStatement st) {
    String k = st.keyword();
    return !k.equals("option") && !k.equals("default-lease-time") && !k.equals("range") && !k.equals("include")
        && !k.equals("failover") && !isBootingOff(st);
  }

  /**
   * Whether a block inside a pool is one the pool holds verbatim ({@code if}, {@code on commit}, …):
   * not a declaration that dhcpd gives a scope of its own or that the scope holds otherwise (a
   * host is a reservation wherever declared; groups and classes stay where they are).
   */
  static boolean isPoolBlock(IscBlock b) {
    String k = b.keyword();
    return !k.equals("host") && !k.equals("group") && !k.equals("class") && !k.equals("subclass")
        && !k.equals("pool") && !k.equals("subnet") && !k.equals("shared-network") && !k.equals("failover");
  }

  /**
   * Whether a statement of a host's body is one the reservation holds verbatim: not its
   * {@code hardware ethernet}, its {@code fixed-address} or an option, which it holds otherwise.
   */
  static boolean isHostStatement(IscStatement st) {
    String k = st.keyword();
    return !(k.equals("hardware") && st.tokenCount() >= 2 && st.segment.tokenIs(1, "ethernet"))
        && !k.equals("fixed-address") && !k.equals("option");
  }

  /**
   * Verbatim statements or blocks as lines of dhcpd.conf, each checked to be one statement or block
   * of {@code context} that {@code allowed} accepts and that reads back as the same text; what is
   * not is a violation of {@code field}, whose rule says what {@code what} must be.
   */
  private static List<String> verbatimLines(List<String> statements, Context context,
      java.util.function.Predicate<IscNode> allowed, Violations v, String field, String rule) {
    List<String> out = new ArrayList<>();
    for (String st : statements) {
      String line = st.endsWith("}") ? st : st + ";";
      boolean ok;
      try {
        List<IscNode> nodes = Parser.parseFragment(new Source(context.description() + " statement", line, true),
            context);
        ok = nodes.size() == 1 && allowed.test(nodes.get(0)) && ScopeReader.verbatim(nodes.get(0)).equals(st);
      } catch (IscConfigException e) {
        ok = false;
      }
      v.check(ok, field, Texts.quoted(st), rule);
      if (ok) {
        out.add(line);
      }
    }
    return out;
  }

  static String peerReference(String peer) {
    checkName("failoverPeer", peer);
    return "failover peer " + Syntax.quote(peer) + ";";
  }

  static void checkName(String field, String name) {
    Violations.collect()
        .check(!name.isEmpty() && Texts.printable(name) && Syntax.encodedLength(name) <= 256, field, Texts.quoted(name),
            "must be 1 to 256 bytes without control characters")
        .throwIfAny("dhcpd.conf " + field);
  }

  /** A subnet declaration, its first line at {@code indent}, ending with a line end. */
  static String subnet(Scope scope, OptionCatalog catalog, String indent, Layout layout) {
    Violations v = Violations.collect();
    checkProperties(scope, v);
    List<String> body = new ArrayList<>();
    if (!scope.enabled()) {
      body.add(DISABLED);
    }
    scope.properties().leaseTime().ifPresent(d -> body.add("default-lease-time " + d.getSeconds() + ";"));
    for (OptionValue o : scope.options()) {
      String line = option(o, catalog, v, "options");
      if (line != null) {
        body.add(line);
      }
    }
    body.addAll(subnetStatements(scope, v));
    List<String> out = new ArrayList<>();
    out.add(indent + "subnet " + scope.subnet().network() + " netmask " + scope.subnet().mask() + " {");
    String inner = indent + layout.unit();
    for (String line : body) {
      out.add(inner + line);
    }
    for (Pool p : scope.pools()) {
      out.add(pool(p, ranges(p, scope.exclusions(), v), inner, layout));
    }
    for (Reservation r : scope.reservations()) {
      String host = host(r, catalog, inner, layout, v);
      if (host != null) {
        out.add(host);
      }
    }
    v.throwIfAny("scope " + scope.subnet() + " for dhcpd.conf");
    out.add(indent + "}");
    return String.join(layout.newline(), out) + layout.newline();
  }

  static void checkProperties(Scope scope, Violations v) {
    v.check(scope.properties().name().isEmpty(), "properties.name", Texts.quoted(scope.properties().name()),
        "must be empty: a dhcpd subnet has no name")
        .check(scope.properties().description().isEmpty(), "properties.description",
            Texts.quoted(scope.properties().description()), "must be empty: a dhcpd subnet has no description")
        .check(scope.properties().id().isEmpty(), "properties.id", scope.properties().id(),
            "must be empty: dhcpd subnets have no numeric id");
  }

  /** The ranges of a pool: its range less the exclusions inside it. */
  static List<AddressRange> ranges(Pool pool, List<Exclusion> exclusions, Violations v) {
    List<AddressRange> out = new ArrayList<>();
    long next = pool.range().start().toLong();
    long end = pool.range().end().toLong();
    for (Exclusion e : exclusions) {
      long es = e.range().start().toLong();
      long ee = e.range().end().toLong();
      if (ee < next || es > end) {
        continue;
      }
      if (es > next) {
        out.add(AddressRange.of(pool.range().start().plus(next - pool.range().start().toLong()),
            pool.range().start().plus(es - 1 - pool.range().start().toLong())));
      }
      next = Math.max(next, ee + 1);
    }
    if (next <= end) {
      out.add(AddressRange.of(pool.range().start().plus(next - pool.range().start().toLong()), pool.range().end()));
    }
    v.check(!out.isEmpty(), "pools", pool.range(), "must keep at least one address after the exclusions inside it");
    return out;
  }

  static String range(AddressRange r) {
    return range(r, false);
  }

  static String range(AddressRange r, boolean dynamicBootp) {
    return "range " + (dynamicBootp ? "dynamic-bootp " : "") + r.start() + " " + r.end() + ";";
  }

  static String pool(Pool p, List<AddressRange> ranges, String indent, Layout layout) {
    Violations v = Violations.collect();
    List<String> statements = poolStatements(p, v);
    v.throwIfAny("pool " + p.range() + " for dhcpd.conf");
    List<String> out = new ArrayList<>();
    out.add(indent + "pool {");
    String inner = indent + layout.unit();
    p.failoverPeer().ifPresent(peer -> out.add(inner + peerReference(peer)));
    for (String st : statements) {
      out.add(inner + st);
    }
    for (AddressRange r : ranges) {
      out.add(inner + range(r, p.dynamicBootp()));
    }
    out.add(indent + "}");
    return String.join(layout.newline(), out);
  }

  /**
   * The pool's {@link Pool#iscStatements()} as lines of dhcpd.conf: each must be one statement or
   * block that a pool can hold (not a range, a failover peer reference or a host, which the pool
   * says otherwise) and read back as the same tokens; what is not is a violation.
   */
  static List<String> poolStatements(Pool p, Violations v) {
    return verbatimLines(p.iscStatements(), Context.POOL, n -> n instanceof IscStatement
        ? !n.keyword().equals("range") && !n.keyword().equals("failover") && !n.keyword().equals("include")
        : isPoolBlock((IscBlock) n), v, "pools[" + p.range() + "].iscStatements", "must be one dhcpd pool statement"
        + " or block in dhcpd's tokens separated by single spaces (not a range, failover peer or host, which the pool"
        + " holds otherwise)");
  }


  /**
   * The scope's {@link dev.failover.scope.ScopeProperties#iscStatements()} as lines of dhcpd.conf:
   * each must be one statement a subnet can hold, not one the scope holds otherwise (an option, the
   * default lease time, the booting switch, a range), and read back as the same tokens; what is not
   * is a violation.
   */
  static List<String> subnetStatements(Scope scope, Violations v) {
    return verbatimLines(scope.properties().iscStatements(), Context.SUBNET, n -> n instanceof IscStatement
        ? isSubnetStatement((IscStatement) n) : isPoolBlock((IscBlock) n), v, "properties.iscStatements",
        "must be one dhcpd subnet statement or block in dhcpd's tokens separated by single spaces (not an option,"
        + " default-lease-time, booting switch, range, include, failover peer, pool, host or group, which the scope"
        + " holds otherwise)");
  }


  /** {@code option name value;} or null (with a violation) when it cannot be written. */
  static String option(OptionValue o, OptionCatalog catalog, Violations v, String field) {
    String f = field + "[" + o.key() + "]";
    String space = OptionCatalog.iscSpace(o.space());
    OptionCatalog.Definition d = catalog.byCode(space, o.code());
    v.check(o.userClass().isEmpty() && o.vendorClass().isEmpty(), f, o.key(),
        "must have no user or vendor class: dhcpd sets class options in class declarations, not in a subnet");
    if (d == null) {
      v.check(false, f, o.code(), "must be an option dhcpd has a name for (declare it: option NAME code "
          + o.code() + " = TYPE;)");
      return null;
    }
    if (o.name().isPresent() && !o.name().get().equals(d.name())) {
      v.check(false, f + ".name", Texts.quoted(o.name().get()), "must be dhcpd's name for the code, " + d.name());
      return null;
    }
    String name = d.space().equals("dhcp") ? d.name() : d.space() + "." + d.name();
    if (d.text()) {
      if (Syntax.encodedLength(o.value()) > Syntax.MAX_STRING_BYTES) {
        v.check(false, f + ".value", o.value().length() + " characters", "must be at most "
            + Syntax.MAX_STRING_BYTES + " bytes");
        return null;
      }
      return "option " + name + " " + Syntax.quote(o.value()) + ";";
    }
    List<String> tokens = Syntax.valueTokens(o.value());
    if (tokens == null) {
      v.check(false, f + ".value", Texts.quoted(o.value()), "must be in dhcpd's notation: addresses, numbers, names,"
          + " hex bytes, quoted strings, separated by commas or colons");
      return null;
    }
    return "option " + name + " " + ScopeReader.canonical(tokens) + ";";
  }

  /** The host name a reservation is declared with. */
  static String hostName(Reservation r) {
    return r.name().orElse("r-" + r.identifier().replace(':', '-'));
  }

  static String host(Reservation r, OptionCatalog catalog, String indent, Layout layout, Violations v) {
    String f = "reservations[" + r.key() + "]";
    String name = hostName(r);
    if (!Syntax.isHostDeclarationName(name)) {
      v.check(false, f + ".name", Texts.quoted(name), "must be letters, digits, '-', '_' in dot-separated labels:"
          + " dhcpd 4.4.3 refuses a quoted host name (vendor-facts.md §2.1)");
      return null;
    }
    List<String> out = new ArrayList<>();
    String inner = indent + layout.unit();
    out.add(indent + "host " + name + " {");
    switch (r.identifierType()) {
      case HW_ADDRESS:
        if (r.identifier().split(":").length > 16) {
          v.check(false, f + ".identifier", r.identifier(), "must be at most 16 bytes (dhcpd's hardware address limit)");
          return null;
        }
        out.add(inner + "hardware ethernet " + r.identifier() + ";");
        break;
      case CLIENT_ID:
        out.add(inner + "option dhcp-client-identifier " + r.identifier() + ";");
        break;
      default:
        v.check(false, f + ".identifierType", r.identifierType(),
            "must be HW_ADDRESS or CLIENT_ID: dhcpd hosts are matched by hardware ethernet or dhcp-client-identifier");
        return null;
    }
    out.add(inner + "fixed-address " + r.address() + ";");
    Optional<String> hostname = r.hostname();
    hostname.ifPresent(h -> out.add(inner + "option host-name " + Syntax.quote(h) + ";"));
    for (OptionValue o : r.options()) {
      v.check(!(hostname.isPresent() && o.code() == 12 && o.space().equals("dhcp4")), f + ".options", o.key(),
          "must not set host-name (12) besides the reservation's hostname");
      String line = option(o, catalog, v, f + ".options");
      if (line != null) {
        out.add(inner + line);
      }
    }
    List<String> statements = verbatimLines(r.iscStatements(), Context.HOST, n -> !(n instanceof IscStatement)
        || isHostStatement((IscStatement) n), v, f + ".iscStatements", "must be one dhcpd host statement or block"
        + " in dhcpd's tokens separated by single spaces (not hardware ethernet, fixed-address or an option, which"
        + " the reservation holds otherwise)");
    if (statements.size() != r.iscStatements().size()) {
      return null;
    }
    statements.forEach(st -> out.add(inner + st));
    out.add(indent + "}");
    return String.join(layout.newline(), out);
  }
}
