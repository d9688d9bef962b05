package dev.failover.isc.conf;

/**
 * The placement and shape rules dhcpd 4.4.3 applies while it parses, applied by the parser as
 * each statement or block is read. Each rule was confirmed with {@code dhcpd -t}; the dhcpd
 * message is quoted in the error so that a user recognises it.
 */
final class ConfChecks {

  private ConfChecks() {}

  static void statement(Tokens seg, Context ctx, Parser p) {
    int count = seg.tokenCount() - 1;
    String k = seg.token(0);
    if (ctx == Context.FAILOVER_PEER || ctx == Context.PEER_STATE) {
      return;
    }
    switch (k) {
      case "failover":
        if (count != 3 || !seg.tokenIs(1, "peer") || !isName(seg, 2)) {
          throw p.error(seg, Math.min(count, count >= 2 && seg.tokenIs(1, "peer") ? 3 : 1),
              "expected failover peer \"name\";");
        }
        if (ctx != Context.POOL && ctx != Context.SHARED_NETWORK) {
          throw p.error(seg, 0, "expected a failover peer reference only in a pool or shared-network, not in "
              + ctx.description() + " (dhcpd: \"failover peers may only be defined in shared-network declarations"
              + " and the outer scope\")");
        }
        return;
      case "no":
        if (count >= 2 && seg.tokenIs(1, "failover")) {
          throw p.error(seg, 0, "expected a parameter or declaration (dhcpd 4.4.3 has no 'no failover peer' statement)");
        }
        return;
      case "range":
        range(seg, count, ctx, p);
        return;
      case "include":
        if (count != 2 || !Syntax.isString(seg.token(1))) {
          throw p.error(seg, 1, "expected include \"file name\";");
        }
        return;
      case "subnet":
      case "shared-network":
      case "pool":
      case "host":
      case "group":
        throw p.error(seg, count, "expected '{' to open the " + k + " declaration");
      default:
        if (ctx == Context.TOP && count >= 2 && isUnknownWord(k) && startsValue(seg.token(1))) {
          throw p.error(seg, 1, "expected ';' after " + k + " (dhcpd 4.4.3 knows no statement " + k
              + ": it reads the word as an expression and says \"semicolon expected\")");
        }
        return;
    }
  }

  /**
   * The words dhcpd 4.4.3 reads as the start of an outer-scope statement: its statement keywords
   * and the names of its server options (server/stables.c). Any other word is read as an
   * expression, so it must be followed by ';' (or by an operator or a parenthesis).
   */
  static final java.util.Set<String> KNOWN_WORDS = java.util.Set.of(
      // statement and declaration keywords
      "option", "class", "subclass", "subnet", "subnet6", "shared-network", "host", "group", "pool", "pool6",
      "range", "range6", "prefix6", "fixed-prefix6", "fixed-address", "fixed-address6", "hardware", "failover",
      "key", "zone", "include", "if", "elsif", "else", "switch", "case", "default", "on", "set", "unset", "eval",
      "execute", "return", "log", "define", "send", "supersede", "prepend", "append", "add", "break", "allow",
      "deny", "ignore", "not", "authoritative", "lease", "server-identifier", "server-duid", "db-time-format",
      "lease-id-format", "authoring-byte-order", "dynamic", "static", "known", "unknown", "known-clients",
      "unknown-clients", "host-identifier", "match", "spawn", "billing", "vendor-class", "user-class",
      "algorithm", "secret", "primary", "secondary", "primary6", "secondary6", "ddns-update-style", "uid",
      "client-hostname", "dynamic-bootp", "bootp", "booting", "members", "interface", "peer", "ldap-server",
      // server options (server_options[] of dhcpd 4.4.3)
      "default-lease-time", "max-lease-time", "min-lease-time", "dynamic-bootp-lease-cutoff",
      "dynamic-bootp-lease-length", "boot-unknown-clients", "allow-bootp", "allow-booting", "one-lease-per-client",
      "get-lease-hostnames", "use-host-decl-names", "use-lease-addr-for-default-route", "min-secs", "filename",
      "server-name", "next-server", "vendor-option-space", "always-reply-rfc1048", "site-option-space",
      "always-broadcast", "ddns-domainname", "ddns-hostname", "ddns-rev-domainname", "lease-file-name",
      "pid-file-name", "duplicates", "declines", "ddns-updates", "omapi-port", "local-port",
      "limited-broadcast-address", "remote-port", "local-address", "omapi-key", "stash-agent-options", "ddns-ttl",
      "client-updates", "update-optimization", "ping-check", "update-static-leases", "log-facility",
      "do-forward-updates", "ping-timeout", "infinite-is-reserved", "update-conflict-detection", "leasequery",
      "adaptive-lease-time-threshold", "do-reverse-updates", "fqdn-reply", "preferred-lifetime",
      "dhcpv6-lease-file-name", "dhcpv6-pid-file-name", "limit-addrs-per-ia", "limit-prefs-per-ia", "delayed-ack",
      "max-ack-delay", "dhcp-cache-threshold", "dont-use-fsync", "ddns-local-address4", "ddns-local-address6",
      "ignore-client-uids", "log-threshold-low", "log-threshold-high", "echo-client-id", "server-id-check",
      "prefix-length-mode", "dhcpv6-set-tee-times", "abandon-lease-time", "use-eui-64", "check-secs-byte-order",
      "persist-eui-64-leases", "ddns-dual-stack-mixed-mode", "ddns-guard-id-must-match",
      "ddns-other-guard-is-dynamic", "release-on-roam", "local-address6", "bind-local-address6", "ping-cltt-secs",
      "ping-timeout-ms");

  private static boolean isUnknownWord(String token) {
    return !Syntax.isString(token) && Character.isLetter(token.charAt(0))
        && token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')
        && !KNOWN_WORDS.contains(token.toLowerCase(java.util.Locale.ROOT));
  }

  /** A token that starts a value (a word, a number, an address, a string), not an operator or a parenthesis. */
  private static boolean startsValue(String token) {
    return Syntax.isString(token) || Character.isLetterOrDigit(token.charAt(0));
  }

  private static void range(Tokens seg, int count, Context ctx, Parser p) {
    if (ctx != Context.SUBNET && ctx != Context.POOL) {
      throw p.error(seg, 0, "expected a range only in a subnet or pool, not in " + ctx.description());
    }
    int i = 1;
    if (i < count && seg.tokenIs(i, "dynamic-bootp")) {
      i++;
    }
    if (i >= count || count - i > 2) {
      throw p.error(seg, Math.min(i, count), "expected range [dynamic-bootp] low-address [high-address];");
    }
    for (; i < count; i++) {
      if (!seg.tokenIsIpv4(i)) {
        throw p.error(seg, i, "expected an IPv4 address");
      }
    }
  }

  /**
   * The rules of a block head; {@code afterIf} says whether the block right before it in the same
   * body is an {@code if}, an {@code elsif} or an {@code else if}.
   */
  static Context blockOpened(Tokens head, Context ctx, boolean afterIf, Parser p) {
    int count = head.tokenCount() - 1;
    String k = head.token(0);
    if (ctx == Context.FAILOVER_PEER) {
      throw p.error(head, 0, "expected a failover peer parameter, not a block");
    }
    switch (k) {
      case "subnet":
        subnet(head, count, p);
        break;
      case "shared-network":
        if (count != 2 || !isName(head, 1)) {
          throw p.error(head, Math.min(count, 1), "expected shared-network name {");
        }
        break;
      case "pool":
        if (count != 1) {
          throw p.error(head, 1, "expected '{' after pool");
        }
        if (ctx != Context.SUBNET && ctx != Context.SHARED_NETWORK) {
          throw p.error(head, 0, "expected a pool only in a subnet or shared-network, not in " + ctx.description());
        }
        break;
      case "host":
        if (count != 2 || !Syntax.isWordChar(head.firstChar(1))) {
          throw p.error(head, Math.min(count, 1),
              "expected a name for host declaration (dhcpd 4.4.3 refuses a quoted host name)");
        }
        break;
      case "failover":
        failoverHead(head, count, ctx, p);
        break;
      case "if":
        if (count < 2) {
          throw p.error(head, count, "expected a condition after 'if'");
        }
        break;
      case "elsif":
      case "else":
        elseHead(head, count, afterIf, p);
        break;
      default:
        break;
    }
    return Context.of(head, ctx);
  }

  private static void subnet(Tokens head, int count, Parser p) {
    if (count != 4 || !head.tokenIs(2, "netmask")) {
      throw p.error(head, Math.min(count, count >= 3 ? 2 : count), "expected subnet address netmask mask {");
    }
    if (!head.tokenIsIpv4(1)) {
      throw p.error(head, 1, "expected an IPv4 subnet number");
    }
    if (!head.tokenIsIpv4(3)) {
      throw p.error(head, 3, "expected an IPv4 netmask");
    }
    String text = head.source().text();
    int net = (int) Syntax.ipv4(text, head.tokenStart(1), head.tokenEnd(1));
    int mask = (int) Syntax.ipv4(text, head.tokenStart(3), head.tokenEnd(3));
    if ((net & ~mask) != 0) {
      throw p.error(head, 1, "expected a subnet number without host bits for netmask " + head.token(3));
    }
  }

  private static void failoverHead(Tokens head, int count, Context ctx, Parser p) {
    boolean declaration = count == 3 && head.tokenIs(1, "peer") && isName(head, 2);
    boolean state = count == 4 && head.tokenIs(1, "peer") && isName(head, 2) && head.tokenIs(3, "state");
    if (!declaration && !state) {
      throw p.error(head, Math.min(count, 1), "expected failover peer \"name\" { or failover peer \"name\" state {");
    }
    if (declaration && ctx != Context.TOP && ctx != Context.SHARED_NETWORK) {
      throw p.error(head, 0, "expected a failover peer declaration only at the outer scope or in a shared-network,"
          + " not in " + ctx.description() + " (dhcpd: \"failover peers may only be defined in shared-network"
          + " declarations and the outer scope\")");
    }
    if (state && ctx != Context.TOP) {
      throw p.error(head, 3, "expected ';' (dhcpd 4.4.3 reads a failover peer state record only at the outer"
          + " scope, not in " + ctx.description() + ")");
    }
  }

  private static void elseHead(Tokens head, int count, boolean follows, Parser p) {
    boolean elsif = head.tokenIs(0, "elsif");
    if (elsif && count < 2) {
      throw p.error(head, count, "expected a condition after 'elsif'");
    }
    if (!elsif && count > 1 && !(head.tokenIs(1, "if") && count >= 3)) {
      throw p.error(head, 1, "expected '{' or 'if' after 'else'");
    }
    if (!follows) {
      throw p.error(head, 0, "expected '" + head.token(0) + "' only right after an 'if' or 'elsif' block");
    }
  }

  /** Whether a block head (its tokens, the brace included) is an {@code if}, an {@code elsif} or an {@code else if}. */
  static boolean opensIfChain(Tokens head) {
    return head.tokenIs(0, "if") || head.tokenIs(0, "elsif") || (head.tokenIs(0, "else") && head.tokenCount() - 1 > 1);
  }

  /** An error located at token {@code i} of a segment (its end when {@code i} is past the tokens). */
  static IscConfigException at(Tokens seg, int i, String expected) {
    int offset = i < seg.tokenCount() ? seg.tokenStart(i) : seg.end();
    String found = i < seg.tokenCount() ? Syntax.describe(seg.token(i)) : "end of statement";
    Source source = seg.source();
    return new IscConfigException(source.name(), source.line(offset), source.column(offset), expected, found);
  }

  /** Whether token {@code i} is a peer name (a string or a word), read in place. */
  static boolean isName(Tokens seg, int i) {
    char c = seg.firstChar(i);
    return c == '"' || Syntax.isWordChar(c);
  }
}
