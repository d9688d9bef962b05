package dev.failover.isc.conf;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads a {@code failover peer "name" { … }} block into an {@link IscPeerStatement}, as dhcpd does. */
final class PeerReader {

  static final String PARAMETERS = "primary, secondary, address, port, peer address, peer port, max-response-delay,"
      + " max-unacked-updates, mclt, split, hba, load balance max seconds, auto-partner-down, max-lease-misbalance,"
      + " max-lease-ownership, min-balance, max-balance";

  private PeerReader() {}

  static IscPeerStatement read(IscBlock block) {
    return read(block, true);
  }

  /**
   * Reads the declaration. {@code strict} also refuses what dhcpd 4.4.3 accepts but the SDK
   * cannot hold (ports outside 1 to 65535, numbers above 4294967295 other than mclt); lenient,
   * such values are taken into range, so that the parser refuses only what dhcpd refuses and the
   * index reports the rest on the peer.
   */
  static IscPeerStatement read(IscBlock block, boolean strict) {
    ImmutableIscPeerStatement.Builder b = IscPeerStatement.builder().name(Syntax.nameValue(block.head.token(2)));
    boolean peerAddress = false;
    for (IscNode child : block.children()) {
      if (child instanceof IscBlock) {
        throw ConfChecks.at(((IscBlock) child).head, 0, "expected a failover peer parameter (" + PARAMETERS + ")");
      }
      Segment g = ((IscStatement) child).segment;
      int c = g.tokenCount() - 1;
      boolean partner = g.tokenIs(0, "peer");
      int i = partner ? 1 : 0;
      if (i >= c) {
        throw ConfChecks.at(g, i, "expected address, port, max-response-delay or max-unacked-updates after 'peer'");
      }
      String k = g.token(i);
      switch (k) {
        case "primary":
        case "secondary":
          own(g, partner, 1, c);
          b.role(k.equals("primary") ? IscPeerRole.PRIMARY : IscPeerRole.SECONDARY);
          break;
        case "address": {
          arity(g, i + 2, c, "expected " + (partner ? "peer " : "") + "address <ip-address-or-host-name>;");
          String a = g.token(i + 1);
          if (!IscPeerStatement.validHost(a)) {
            throw ConfChecks.at(g, i + 1, "expected an IPv4 address or host name");
          }
          if (partner) {
            b.peerAddress(a);
            peerAddress = true;
          } else {
            b.address(a);
          }
          break;
        }
        case "port": {
          arity(g, i + 2, c, "expected " + (partner ? "peer " : "") + "port <number>;");
          long port = number(g, i + 1, strict);
          if (port < 1 || port > 65535) {
            if (strict) {
              throw ConfChecks.at(g, i + 1, "expected a TCP port between 1 and 65535");
            }
            port = Math.max(1, Math.min(65535, port)); // dhcpd takes it; the index reports it on the peer
          }
          if (partner) {
            b.peerPort((int) port);
          } else {
            b.port((int) port);
          }
          break;
        }
        case "max-response-delay":
          arity(g, i + 2, c, "expected max-response-delay <seconds>;");
          if (!partner) {
            b.maxResponseDelay(number(g, i + 1, strict));
          } else {
            number(g, i + 1, strict);
          }
          break;
        case "max-unacked-updates":
          arity(g, i + 2, c, "expected max-unacked-updates <count>;");
          if (!partner) {
            b.maxUnackedUpdates(number(g, i + 1, strict));
          } else {
            number(g, i + 1, strict);
          }
          break;
        case "mclt":
          own(g, partner, 2, c);
          b.mclt(number(g, 1, true));
          break;
        case "split": {
          own(g, partner, 2, c);
          long split = number(g, 1, strict);
          if (split > 256) {
            throw ConfChecks.at(g, 1, "expected a split between 0 and 256, inclusive (dhcpd: \"split must be between"
                + " 0 and 256, inclusive\")");
          }
          b.split((int) split);
          break;
        }
        case "hba":
          if (partner) {
            throw ConfChecks.at(g, 0, "expected hba without 'peer'");
          }
          b.hba(hba(g, c));
          break;
        case "load":
          if (partner || c != 5 || !g.tokenIs(1, "balance") || !g.tokenIs(2, "max") || !g.tokenIs(3, "seconds")) {
            throw ConfChecks.at(g, Math.min(c, 1), "expected load balance max seconds <seconds>;");
          }
          b.loadBalanceMaxSeconds(number(g, 4, strict));
          break;
        case "auto-partner-down":
          own(g, partner, 2, c);
          b.autoPartnerDown(number(g, 1, strict));
          break;
        case "max-lease-misbalance":
          own(g, partner, 2, c);
          b.maxLeaseMisbalance(percent(g, 1));
          break;
        case "max-lease-ownership":
          own(g, partner, 2, c);
          b.maxLeaseOwnership(percent(g, 1));
          break;
        case "min-balance":
          own(g, partner, 2, c);
          b.minBalance(number(g, 1, strict));
          break;
        case "max-balance":
          own(g, partner, 2, c);
          b.maxBalance(number(g, 1, strict));
          break;
        default:
          throw ConfChecks.at(g, i, "expected a failover peer parameter (" + PARAMETERS + ")");
      }
    }
    if (!peerAddress) {
      throw ConfChecks.at(block.tail, 0, "expected peer address in the failover peer declaration (dhcpd: \"peer address"
          + " may not be omitted\")");
    }
    try {
      return b.build();
    } catch (ValidationException e) {
      throw ConfChecks.at(block.head, 0, "expected a valid failover peer declaration: "
          + e.violations().stream().map(Violation::message).collect(Collectors.joining("; ")));
    }
  }

  private static void own(Segment g, boolean partner, int arity, int count) {
    if (partner) {
      throw ConfChecks.at(g, 1, "expected " + g.token(1) + " without 'peer' (it is this server's setting)");
    }
    arity(g, arity, count, "expected " + g.token(0) + (arity == 1 ? ";" : " <number>;"));
  }

  private static void arity(Segment g, int arity, int count, String expected) {
    if (count != arity) {
      throw ConfChecks.at(g, Math.min(count, arity), expected);
    }
  }

  private static long number(Segment g, int i, boolean strict) {
    String t = g.token(i);
    if (t.isEmpty() || !t.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw ConfChecks.at(g, i, "expected a number");
    }
    long v = t.length() > 12 ? Long.MAX_VALUE : Long.parseLong(t);
    if (v > 4294967295L) {
      if (strict) {
        throw ConfChecks.at(g, i, "expected a number up to 4294967295");
      }
      return 4294967295L; // dhcpd takes it; the index reports it on the peer
    }
    return v;
  }

  private static int percent(Segment g, int i) {
    long v = number(g, i, true);
    if (v > 100) {
      throw ConfChecks.at(g, i, "expected a percentage from 0 to 100");
    }
    return (int) v;
  }

  private static String hba(Segment g, int count) {
    StringBuilder out = new StringBuilder(95);
    int bytes = 0;
    for (int i = 1; i < count; i++) {
      String t = g.token(i);
      if ((i - 1) % 2 == 1) {
        if (!t.equals(":")) {
          throw ConfChecks.at(g, i, "expected ':' between the bytes of hba");
        }
        continue;
      }
      if (!t.matches("[0-9a-fA-F]{1,2}")) {
        throw ConfChecks.at(g, i, "expected a hexadecimal byte of hba");
      }
      if (out.length() > 0) {
        out.append(':');
      }
      out.append(t.length() == 1 ? "0" + t : t.toLowerCase(Locale.ROOT));
      bytes++;
    }
    if (bytes != 32 || count % 2 != 0) {
      throw ConfChecks.at(g, Math.min(count, 1), "expected exactly 32 colon-separated bytes for hba, found " + bytes);
    }
    return out.toString();
  }
}
