package dev.failover.cli;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the tool writes values for people: durations in the unit an operator reads them in
 * ({@code 60 s}, {@code 1 h}, {@code 8 d}), switches as on/off, and the standard DHCPv4 option
 * names (RFC 2132 and later, as dhcpd and Kea write them) for options a server reports by code only.
 */
final class Words {

  private Words() {}

  private static final Map<Integer, String> DHCP4_OPTIONS = Map.ofEntries(
      Map.entry(1, "subnet-mask"), Map.entry(2, "time-offset"), Map.entry(3, "routers"),
      Map.entry(4, "time-servers"), Map.entry(5, "ien116-name-servers"), Map.entry(6, "domain-name-servers"),
      Map.entry(7, "log-servers"), Map.entry(9, "lpr-servers"), Map.entry(12, "host-name"),
      Map.entry(13, "boot-size"), Map.entry(15, "domain-name"), Map.entry(17, "root-path"),
      Map.entry(19, "ip-forwarding"), Map.entry(23, "default-ip-ttl"), Map.entry(26, "interface-mtu"),
      Map.entry(28, "broadcast-address"), Map.entry(33, "static-routes"), Map.entry(35, "arp-cache-timeout"),
      Map.entry(40, "nis-domain"), Map.entry(41, "nis-servers"), Map.entry(42, "ntp-servers"),
      Map.entry(43, "vendor-encapsulated-options"), Map.entry(44, "netbios-name-servers"),
      Map.entry(46, "netbios-node-type"), Map.entry(47, "netbios-scope"), Map.entry(51, "dhcp-lease-time"),
      Map.entry(58, "dhcp-renewal-time"), Map.entry(59, "dhcp-rebinding-time"), Map.entry(60, "vendor-class-identifier"),
      Map.entry(66, "tftp-server-name"), Map.entry(67, "boot-file-name"), Map.entry(69, "smtp-server"),
      Map.entry(72, "www-server"), Map.entry(100, "pcode"), Map.entry(101, "tcode"),
      Map.entry(114, "v4-captive-portal"), Map.entry(119, "domain-search"), Map.entry(121, "classless-static-route"),
      Map.entry(150, "tftp-server-address"), Map.entry(252, "wpad-url"));

  /** The standard name of a {@code dhcp4} option code, when it has one. */
  static Optional<String> dhcp4OptionName(int code) {
    return Optional.ofNullable(DHCP4_OPTIONS.get(code));
  }

  /**
   * A duration as an operator reads it: whole days as {@code 8 d}, whole hours as {@code 1 h},
   * whole minutes from ten minutes up as {@code 30 min}, seconds as {@code 60 s}, else milliseconds.
   */
  static String duration(Duration d) {
    if (d.isZero()) {
      return "0 s";
    }
    if (d.getNano() != 0) {
      return d.toMillis() + " ms";
    }
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + " d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + " h";
    }
    if (s >= 600 && s % 60 == 0) {
      return s / 60 + " min";
    }
    return s + " s";
  }

  static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  /** Text in double quotes, as names are shown. */
  static String quoted(String text) {
    return "\"" + text + "\"";
  }
}
