package dev.failover.isc.conf;

import java.util.List;

/**
 * The placement and shape rules dhcpd 4.4.3 applies while it parses, applied by the parser as
 * each statement or block is read. Each rule was confirmed with {@code dhcpd -t}; the dhcpd
 * message is quoted in the error so that a user recognises it.
 */
final class Checks {

  private Checks() {}

  static void statement(IscStatement st, Context ctx, Parser p) {
    Segment seg = st.segment;
    int count = st.tokenCount();
    String k = seg.token(0);
    if (ctx == Context.FAILOVER_PEER || ctx == Context.PEER_STATE) {
      return;
    }
    switch (k) {
      case "failover":
        if (count != 3 || !seg.tokenIs(1, "peer") || !isName(seg.token(2))) {
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
        return;
    }
  }

  private static void range(Segment seg, int count, Context ctx, Parser p) {
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
      if (!Syntax.isIpv4(seg.token(i))) {
        throw p.error(seg, i, "expected an IPv4 address");
      }
    }
  }

  static Context blockOpened(Segment head, Context ctx, List<IscNode> siblings, Parser p) {
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
        if (count != 2 || !isName(head.token(1))) {
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
        if (count != 2 || Syntax.isString(head.token(1)) || !Syntax.isWordChar(head.token(1).charAt(0))) {
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
        elseHead(head, count, siblings, p);
        break;
      default:
        break;
    }
    return Context.of(head, ctx);
  }

  private static void subnet(Segment head, int count, Parser p) {
    if (count != 4 || !head.tokenIs(2, "netmask")) {
      throw p.error(head, Math.min(count, count >= 3 ? 2 : count), "expected subnet address netmask mask {");
    }
    if (!Syntax.isIpv4(head.token(1))) {
      throw p.error(head, 1, "expected an IPv4 subnet number");
    }
    if (!Syntax.isIpv4(head.token(3))) {
      throw p.error(head, 3, "expected an IPv4 netmask");
    }
    int net = Syntax.address(head.token(1)).bits();
    int mask = Syntax.address(head.token(3)).bits();
    if (Integer.bitCount(mask) != 0 && mask != -1 << (32 - Integer.bitCount(mask))) {
      throw p.error(head, 3, "expected a contiguous netmask");
    }
    if ((net & ~mask) != 0) {
      throw p.error(head, 1, "expected a subnet number without host bits for netmask " + head.token(3));
    }
  }

  private static void failoverHead(Segment head, int count, Context ctx, Parser p) {
    boolean declaration = count == 3 && head.tokenIs(1, "peer") && isName(head.token(2));
    boolean state = count == 4 && head.tokenIs(1, "peer") && isName(head.token(2)) && head.tokenIs(3, "state");
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

  private static void elseHead(Segment head, int count, List<IscNode> siblings, Parser p) {
    boolean elsif = head.tokenIs(0, "elsif");
    if (elsif && count < 2) {
      throw p.error(head, count, "expected a condition after 'elsif'");
    }
    if (!elsif && count > 1 && !(head.tokenIs(1, "if") && count >= 3)) {
      throw p.error(head, 1, "expected '{' or 'if' after 'else'");
    }
    IscNode prev = siblings.isEmpty() ? null : siblings.get(siblings.size() - 1);
    boolean follows = false;
    if (prev instanceof IscBlock) {
      IscBlock b = (IscBlock) prev;
      String pk = b.token(0);
      follows = pk.equals("if") || pk.equals("elsif") || (pk.equals("else") && b.tokenCount() > 1);
    }
    if (!follows) {
      throw p.error(head, 0, "expected '" + head.token(0) + "' only right after an 'if' or 'elsif' block");
    }
  }

  static void blockClosed(IscBlock block, Context ctx, Parser p) {
    if (ctx == Context.FAILOVER_PEER) {
      PeerReader.read(block);
    }
  }

  /** An error located at token {@code i} of a segment (its end when {@code i} is past the tokens). */
  static IscConfigException at(Segment seg, int i, String expected) {
    int offset = i < seg.tokenCount() ? seg.tokenStart(i) : seg.end;
    String found = i < seg.tokenCount() ? Syntax.describe(seg.token(i)) : "end of statement";
    return new IscConfigException(seg.source.name(), seg.source.line(offset), seg.source.column(offset), expected, found);
  }

  /** A peer name: a string or a word. */
  static boolean isName(String token) {
    return Syntax.isString(token) || Syntax.isWordChar(token.charAt(0));
  }
}
