package dev.failover.migration;

import dev.failover.kea.config.StandardOptions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The standard DHCPv4 options the migration carries, by dhcpd's names: codes and Kea's names come
 * from the Kea backend's table ({@link StandardOptions}); here only what is dhcpd's own: the four
 * options dhcpd spells otherwise ({@code bootfile-name} is Kea's {@code boot-file-name}), which
 * options are carried, and how a value written in dhcpd's notation becomes Kea's {@code data}.
 */
final class OptionTable {

  /** An option: its code, and Kea's name for it. */
  record Known(int code, String keaName) {}

  /** dhcpd's names of the options Kea names otherwise, to Kea's names. */
  private static final Map<String, String> ISC_SPELLING = Map.of("ien116-name-servers", "name-servers",
      "nwip-domain", "nwip-domain-name", "nisplus-domain", "nisplus-domain-name", "bootfile-name", "boot-file-name");
  /** Options whose value is one text string (commas in it are escaped for Kea's comma-separated data). */
  private static final Set<Integer> TEXT = Set.of(12, 14, 17, 18, 40, 47, 56, 60, 62, 64, 66, 67, 86, 87);
  /** Options whose value is a flag (dhcpd writes {@code on}/{@code off} as well as {@code true}/{@code false}). */
  private static final Set<Integer> FLAG = Set.of(19, 20, 27, 29, 30, 31, 34, 36, 39);

  private OptionTable() {}

  /**
   * Whether the migration carries the option: codes 1 to 76 and 119 ({@code domain-search}), but not
   * those with suboptions (43, 63), nor 50 to 59 and 61, which DHCP's own exchange fills.
   */
  private static boolean carried(int code) {
    boolean protocol = code >= 50 && code <= 59 || code == 61;
    return code == 119 || (code >= 1 && code <= 76 && code != 43 && code != 63 && !protocol);
  }

  /** The option dhcpd names so, when it is a standard option the migration carries. */
  static Optional<Known> byIscName(String name) {
    if (ISC_SPELLING.containsValue(name)) {
      return Optional.empty(); // Kea's spelling, not a name dhcpd knows
    }
    String keaName = ISC_SPELLING.getOrDefault(name, name);
    return StandardOptions.code(keaName).filter(OptionTable::carried).map(code -> new Known(code, keaName));
  }

  /** Kea's name of the option with that code, when the migration carries it. */
  static Optional<String> keaName(int code) {
    return carried(code) ? StandardOptions.name(code) : Optional.empty();
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
