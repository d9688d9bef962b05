package dev.failover.testkit.kea;

/**
 * IP address literals as {@code inet_pton} accepts them (what Kea's {@code IOAddress} uses): a
 * dotted quad without leading zeros, or an IPv6 address, possibly with an IPv4 tail. Never
 * resolves names.
 */
final class IpLiterals {

  private IpLiterals() {
  }

  static boolean isIpAddress(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  static boolean isIpv4(String text) {
    int parts = 0;
    int digits = 0;
    int value = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || value > 255 || ++parts > 4) {
          return false;
        }
        digits = 0;
        value = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return false;
        }
        if (++digits > 3) {
          return false;
        }
        value = value * 10 + (c - '0');
      } else {
        return false;
      }
    }
    return parts == 4;
  }

  /** The IPv4 address as an unsigned 32-bit number; the text must be {@link #isIpv4}. */
  static long ipv4ToLong(String text) {
    long result = 0;
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        result = (result << 8) | value;
        value = 0;
      } else {
        value = value * 10 + (c - '0');
      }
    }
    return (result << 8) | value;
  }

  static String longToIpv4(long value) {
    return ((value >> 24) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 8) & 0xff)
        + "." + (value & 0xff);
  }

  static boolean isIpv6(String text) {
    if (text.isEmpty() || text.indexOf(':') < 0) {
      return false;
    }
    String head = text;
    int groupsAvailable = 8;
    int lastColon = text.lastIndexOf(':');
    String tail = text.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0) {
      if (!isIpv4(tail)) {
        return false;
      }
      head = text.substring(0, lastColon + 1);
      if (!head.endsWith("::")) {
        head = head.substring(0, head.length() - 1);
      }
      groupsAvailable = 6;
    }
    int doubleColon = head.indexOf("::");
    if (doubleColon >= 0 && head.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    int groups;
    if (doubleColon >= 0) {
      String left = head.substring(0, doubleColon);
      String right = head.substring(doubleColon + 2);
      int l = countGroups(left);
      int r = countGroups(right);
      if (l < 0 || r < 0) {
        return false;
      }
      groups = l + r;
      return groups < groupsAvailable;
    }
    groups = countGroups(head);
    return groups == groupsAvailable;
  }

  /** Number of hex groups in a colon-separated run, or -1 if malformed; "" has none. */
  private static int countGroups(String run) {
    if (run.isEmpty()) {
      return 0;
    }
    String[] groups = run.split(":", -1);
    for (String g : groups) {
      if (g.isEmpty() || g.length() > 4) {
        return -1;
      }
      for (int i = 0; i < g.length(); i++) {
        if (Character.digit(g.charAt(i), 16) < 0) {
          return -1;
        }
      }
    }
    return groups.length;
  }
}
