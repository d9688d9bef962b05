package dev.failover.migration;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The standard DHCPv4 options by dhcpd's names, with their codes and Kea's names where Kea names
 * them otherwise ({@code bootfile-name} is Kea's {@code boot-file-name}), and how a value written
 * in dhcpd's notation becomes Kea's {@code data}.
 */
final class OptionTable {

  /** An option: its code, and Kea's name for it. */
  record Known(int code, String keaName) {}

  private static final Map<String, Known> BY_ISC_NAME = new HashMap<>();
  /** Options whose value is one text string (commas in it are escaped for Kea's comma-separated data). */
  private static final Set<Integer> TEXT = Set.of(12, 14, 17, 18, 40, 47, 56, 60, 62, 64, 66, 67, 86, 87);
  /** Options whose value is a flag (dhcpd writes {@code on}/{@code off} as well as {@code true}/{@code false}). */
  private static final Set<Integer> FLAG = Set.of(19, 20, 27, 29, 30, 31, 34, 36, 39);

  static {
    Object[] same = {"subnet-mask", 1, "time-offset", 2, "routers", 3, "time-servers", 4, "domain-name-servers", 6,
        "log-servers", 7, "cookie-servers", 8, "lpr-servers", 9, "impress-servers", 10,
        "resource-location-servers", 11, "host-name", 12, "boot-size", 13, "merit-dump", 14, "domain-name", 15,
        "swap-server", 16, "root-path", 17, "extensions-path", 18, "ip-forwarding", 19,
        "non-local-source-routing", 20, "policy-filter", 21, "max-dgram-reassembly", 22, "default-ip-ttl", 23,
        "path-mtu-aging-timeout", 24, "path-mtu-plateau-table", 25, "interface-mtu", 26, "all-subnets-local", 27,
        "broadcast-address", 28, "perform-mask-discovery", 29, "mask-supplier", 30, "router-discovery", 31,
        "router-solicitation-address", 32, "static-routes", 33, "trailer-encapsulation", 34,
        "arp-cache-timeout", 35, "ieee802-3-encapsulation", 36, "default-tcp-ttl", 37,
        "tcp-keepalive-interval", 38, "tcp-keepalive-garbage", 39, "nis-domain", 40, "nis-servers", 41,
        "ntp-servers", 42, "netbios-name-servers", 44, "netbios-dd-server", 45, "netbios-node-type", 46,
        "netbios-scope", 47, "font-servers", 48, "x-display-manager", 49, "vendor-class-identifier", 60,
        "nisplus-servers", 65, "tftp-server-name", 66, "mobile-ip-home-agent", 68, "smtp-server", 69,
        "pop-server", 70, "nntp-server", 71, "www-server", 72, "finger-server", 73, "irc-server", 74,
        "streettalk-server", 75, "streettalk-directory-assistance-server", 76, "domain-search", 119};
    for (int i = 0; i < same.length; i += 2) {
      BY_ISC_NAME.put((String) same[i], new Known((Integer) same[i + 1], (String) same[i]));
    }
    // dhcpd's names that Kea spells otherwise
    BY_ISC_NAME.put("ien116-name-servers", new Known(5, "name-servers"));
    BY_ISC_NAME.put("nwip-domain", new Known(62, "nwip-domain-name"));
    BY_ISC_NAME.put("nisplus-domain", new Known(64, "nisplus-domain-name"));
    BY_ISC_NAME.put("bootfile-name", new Known(67, "boot-file-name"));
  }

  private OptionTable() {}

  /** The option dhcpd names so, when it is a standard option this table knows. */
  static Optional<Known> byIscName(String name) {
    return Optional.ofNullable(BY_ISC_NAME.get(name));
  }

  /** Kea's name of the option with that code, when this table knows it. */
  static Optional<String> keaName(int code) {
    return BY_ISC_NAME.values().stream().filter(k -> k.code() == code).map(Known::keaName).findFirst();
  }

  /**
   * Kea's {@code data} for a value in dhcpd's notation as the scope model holds it (text options
   * unquoted; others as dhcpd's tokens): quoted list elements unquoted, flags as {@code true}/{@code false},
   * commas of a text value escaped.
   */
  static String keaData(int code, String value) {
    if (TEXT.contains(code)) {
      return value.replace(",", "\\,");
    }
    if (FLAG.contains(code)) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      return v.equals("on") || v.equals("true") || v.equals("1") ? "true" : "false";
    }
    StringBuilder out = new StringBuilder();
    for (String part : value.split(",", -1)) {
      String p = part.trim();
      if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
        p = p.substring(1, p.length() - 1);
      }
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(p);
    }
    return out.toString();
  }

  /** Whether Kea's {@code data} is dhcpd's colon-separated hexadecimal, which Kea reads with {@code csv-format} false. */
  static boolean hex(int code, String data) {
    return !TEXT.contains(code) && data.matches("[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2})+");
  }
}
