package dev.failover.isc.conf;

import java.util.HashMap;
import java.util.Map;

/**
 * The names dhcpd 4.4 gives the standard DHCPv4 options (its {@code dhcp} option space), with
 * their codes and whether their type is text ({@code t}, written as a quoted string). Option
 * values of the other types are kept as dhcpd's own notation (addresses, numbers, flags, hex
 * bytes, lists of them); definitions in the configuration ({@code option name code N = type;})
 * add to this table.
 */
final class OptionCatalog {

  /** One option name. */
  record Definition(String space, String name, int code, boolean text) {}

  private static final Object[][] STANDARD = {
      {"subnet-mask", 1, false}, {"time-offset", 2, false}, {"routers", 3, false}, {"time-servers", 4, false},
      {"ien116-name-servers", 5, false}, {"domain-name-servers", 6, false}, {"log-servers", 7, false},
      {"cookie-servers", 8, false}, {"lpr-servers", 9, false}, {"impress-servers", 10, false},
      {"resource-location-servers", 11, false}, {"host-name", 12, true}, {"boot-size", 13, false},
      {"merit-dump", 14, true}, {"domain-name", 15, true}, {"swap-server", 16, false}, {"root-path", 17, true},
      {"extensions-path", 18, true}, {"ip-forwarding", 19, false}, {"non-local-source-routing", 20, false},
      {"policy-filter", 21, false}, {"max-dgram-reassembly", 22, false}, {"default-ip-ttl", 23, false},
      {"path-mtu-aging-timeout", 24, false}, {"path-mtu-plateau-table", 25, false}, {"interface-mtu", 26, false},
      {"all-subnets-local", 27, false}, {"broadcast-address", 28, false}, {"perform-mask-discovery", 29, false},
      {"mask-supplier", 30, false}, {"router-discovery", 31, false}, {"router-solicitation-address", 32, false},
      {"static-routes", 33, false}, {"trailer-encapsulation", 34, false}, {"arp-cache-timeout", 35, false},
      {"ieee802-3-encapsulation", 36, false}, {"default-tcp-ttl", 37, false}, {"tcp-keepalive-interval", 38, false},
      {"tcp-keepalive-garbage", 39, false}, {"nis-domain", 40, true}, {"nis-servers", 41, false},
      {"ntp-servers", 42, false}, {"vendor-encapsulated-options", 43, false}, {"netbios-name-servers", 44, false},
      {"netbios-dd-server", 45, false}, {"netbios-node-type", 46, false}, {"netbios-scope", 47, true},
      {"font-servers", 48, false}, {"x-display-manager", 49, false}, {"dhcp-requested-address", 50, false},
      {"dhcp-lease-time", 51, false}, {"dhcp-option-overload", 52, false}, {"dhcp-message-type", 53, false},
      {"dhcp-server-identifier", 54, false}, {"dhcp-parameter-request-list", 55, false}, {"dhcp-message", 56, true},
      {"dhcp-max-message-size", 57, false}, {"dhcp-renewal-time", 58, false}, {"dhcp-rebinding-time", 59, false},
      {"vendor-class-identifier", 60, false}, {"dhcp-client-identifier", 61, false}, {"nwip-domain", 62, true},
      {"nisplus-domain", 64, true}, {"nisplus-servers", 65, false}, {"tftp-server-name", 66, true},
      {"bootfile-name", 67, true}, {"mobile-ip-home-agent", 68, false}, {"smtp-server", 69, false},
      {"pop-server", 70, false}, {"nntp-server", 71, false}, {"www-server", 72, false}, {"finger-server", 73, false},
      {"irc-server", 74, false}, {"streettalk-server", 75, false}, {"streettalk-directory-assistance-server", 76, false},
      {"user-class", 77, true}, {"nds-servers", 85, false}, {"nds-tree-name", 86, true}, {"nds-context", 87, true},
      {"uap-servers", 98, true}, {"pcode", 100, true}, {"tcode", 101, true}, {"netinfo-server-address", 112, false},
      {"netinfo-server-tag", 113, true}, {"default-url", 114, true}, {"subnet-selection", 118, false},
      {"domain-search", 119, false}};

  private final Map<String, Definition> byName = new HashMap<>();
  private final Map<String, Definition> byCode = new HashMap<>();

  private OptionCatalog() {}

  static OptionCatalog standard() {
    OptionCatalog c = new OptionCatalog();
    for (Object[] row : STANDARD) {
      c.define("dhcp", (String) row[0], (Integer) row[1], (Boolean) row[2]);
    }
    return c;
  }

  /** Adds a definition; a later definition of the same name or code replaces the earlier one. */
  void define(String space, String name, int code, boolean text) {
    Definition d = new Definition(space, name, code, text);
    Definition old = byName.put(space + "." + name, d);
    if (old != null) {
      byCode.remove(old.space() + "/" + old.code());
    }
    byCode.put(space + "/" + code, d);
  }

  /** The definition of {@code option NAME} or {@code option SPACE.NAME}. */
  Definition byName(String qualified) {
    int dot = qualified.indexOf('.');
    return dot < 0 ? byName.get("dhcp." + qualified) : byName.get(qualified);
  }

  Definition byCode(String space, int code) {
    return byCode.get(space + "/" + code);
  }

  /** dhcpd's space name for the API's: the API says {@code dhcp4} for dhcpd's {@code dhcp}. */
  static String iscSpace(String apiSpace) {
    return apiSpace.equals("dhcp4") ? "dhcp" : apiSpace;
  }

  static String apiSpace(String iscSpace) {
    return iscSpace.equals("dhcp") ? "dhcp4" : iscSpace;
  }
}
