package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The checks real Kea makes of a {@code Dhcp4} configuration besides subnets and pools, with its
 * texts as the differential suite saw them on real Kea 2.2, 2.6 and 3.0: unknown global and
 * subnet parameters, integer parameters of another type, option data Kea cannot encode or whose
 * option it does not know, lifetimes outside their bounds, and reservations given twice.
 */
final class Dhcp4Rules {

  /** The global parameters Kea 2.2's {@code Dhcp4} accepts. */
  private static final Set<String> GLOBAL = Set.of("authoritative", "boot-file-name",
      "cache-max-age", "cache-threshold", "calculate-tee-times", "client-classes", "comment",
      "compatibility", "config-control", "control-socket", "ddns-generated-prefix",
      "ddns-override-client-update", "ddns-override-no-update", "ddns-qualifying-suffix",
      "ddns-replace-client-name", "ddns-send-updates", "ddns-update-on-renew",
      "ddns-use-conflict-resolution", "decline-probation-period", "dhcp-ddns",
      "dhcp-queue-control", "dhcp4o6-port", "early-global-reservations-lookup", "echo-client-id",
      "expired-leases-processing", "hooks-libraries", "host-reservation-identifiers",
      "hostname-char-replacement", "hostname-char-set", "hosts-database", "hosts-databases",
      "interfaces-config", "ip-reservations-unique", "lease-database", "loggers",
      "match-client-id", "max-valid-lifetime", "min-valid-lifetime", "multi-threading",
      "next-server", "option-data", "option-def", "parked-packet-limit", "rebind-timer",
      "renew-timer", "reservation-mode", "reservations", "reservations-global",
      "reservations-in-subnet", "reservations-lookup-first", "reservations-out-of-pool",
      "sanity-checks", "server-hostname", "server-tag", "shared-networks",
      "statistic-default-sample-age", "statistic-default-sample-count", "store-extended-info",
      "subnet4", "t1-percent", "t2-percent", "user-context", "valid-lifetime");

  /** What Kea 2.6 and 3.0 accept besides. */
  private static final Set<String> GLOBAL_2_6 = Set.of("allocator",
      "ddns-conflict-resolution-mode", "ddns-ttl-percent", "offer-lifetime",
      "stash-agent-options");

  /** What Kea 3.0 accepts globally beyond 2.6 (real 2.6.3 refuses each of these). */
  private static final Set<String> GLOBAL_3_0 = Set.of("control-sockets", "ddns-ttl",
      "ddns-ttl-max", "ddns-ttl-min");

  /** The parameters a {@code subnet4} entry accepts in Kea 2.2. */
  private static final Set<String> SUBNET = Set.of("4o6-interface", "4o6-interface-id",
      "4o6-subnet", "authoritative", "boot-file-name", "cache-max-age", "cache-threshold",
      "calculate-tee-times", "client-class", "comment", "ddns-generated-prefix",
      "ddns-override-client-update", "ddns-override-no-update", "ddns-qualifying-suffix",
      "ddns-replace-client-name", "ddns-send-updates", "ddns-update-on-renew",
      "ddns-use-conflict-resolution", "hostname-char-replacement", "hostname-char-set", "id",
      "interface", "match-client-id", "max-valid-lifetime", "min-valid-lifetime", "next-server",
      "option-data", "pools", "rebind-timer", "relay", "renew-timer", "require-client-classes",
      "reservation-mode", "reservations", "reservations-global", "reservations-in-subnet",
      "reservations-out-of-pool", "server-hostname", "store-extended-info", "subnet",
      "t1-percent", "t2-percent", "user-context", "valid-lifetime");

  private static final Set<String> SUBNET_2_6 = Set.of("allocator",
      "ddns-conflict-resolution-mode", "ddns-ttl-percent", "offer-lifetime");

  /** What a Kea 3.0 subnet accepts beyond 2.6 (real 2.6.3 refuses each of these). */
  private static final Set<String> SUBNET_3_0 = Set.of("client-classes", "ddns-ttl",
      "ddns-ttl-max", "ddns-ttl-min", "evaluate-additional-classes");

  /** The parameters an {@code option-data} entry accepts in Kea 2.2 (3.0 adds client-classes). */
  private static final Set<String> OPTION = Set.of("always-send", "code", "comment",
      "csv-format", "data", "name", "space", "user-context");

  /** Parameters Kea reads as integers, where it says so when they are not. */
  private static final List<String> INTEGERS = List.of("id", "valid-lifetime",
      "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer",
      "decline-probation-period");

  /** DHCPv4 options whose data is a list of IPv4 addresses, by name, with their codes. */
  private static final Map<String, Integer> ADDRESS_OPTIONS = Map.ofEntries(
      Map.entry("subnet-mask", 1), Map.entry("routers", 3), Map.entry("time-servers", 4),
      Map.entry("name-servers", 5), Map.entry("domain-name-servers", 6),
      Map.entry("log-servers", 7), Map.entry("cookie-servers", 8), Map.entry("lpr-servers", 9),
      Map.entry("impress-servers", 10), Map.entry("resource-location-servers", 11),
      Map.entry("swap-server", 16), Map.entry("broadcast-address", 28),
      Map.entry("router-solicitation-address", 32), Map.entry("nis-servers", 41),
      Map.entry("ntp-servers", 42), Map.entry("netbios-name-servers", 44),
      Map.entry("netbios-dd-server", 45), Map.entry("font-servers", 48),
      Map.entry("x-display-manager", 49), Map.entry("dhcp-server-identifier", 54),
      Map.entry("nisplus-servers", 65), Map.entry("mobile-ip-home-agent", 68),
      Map.entry("smtp-server", 69), Map.entry("pop-server", 70), Map.entry("nntp-server", 71),
      Map.entry("www-server", 72), Map.entry("finger-server", 73), Map.entry("irc-server", 74),
      Map.entry("streettalk-server", 75), Map.entry("streettalk-directory-assistance-server", 76),
      Map.entry("nds-server", 85));

  /** The other DHCPv4 options Kea defines (their data is not checked here). */
  private static final Set<String> OTHER_OPTIONS = Set.copyOf(List.of("time-offset", "boot-size",
      "merit-dump", "domain-name", "root-path", "extensions-path", "ip-forwarding",
      "non-local-source-routing", "policy-filter", "max-dgram-reassembly", "default-ip-ttl",
      "path-mtu-aging-timeout", "path-mtu-plateau-table", "interface-mtu", "all-subnets-local",
      "perform-mask-discovery", "mask-supplier", "router-discovery", "static-routes",
      "trailer-encapsulation", "arp-cache-timeout", "ieee802-3-encapsulation", "default-tcp-ttl",
      "tcp-keepalive-interval", "tcp-keepalive-garbage", "nis-domain",
      "vendor-encapsulated-options", "netbios-node-type", "netbios-scope", "dhcp-requested-address",
      "dhcp-lease-time", "dhcp-option-overload", "dhcp-message-type", "dhcp-parameter-request-list",
      "dhcp-message", "dhcp-max-message-size", "dhcp-renewal-time", "dhcp-rebinding-time",
      "vendor-class-identifier", "dhcp-client-identifier", "nwip-domain-name", "nwip-suboptions",
      "nisplus-domain-name", "tftp-server-name", "boot-file-name", "user-class",
      "slp-directory-agent", "slp-service-scope", "nds-tree-name", "nds-context",
      "bcms-controller-names", "bcms-controller-address", "client-system", "client-ndi",
      "uuid-guid", "uap-servers", "geoconf-civic", "pcode", "tcode", "v6-only-preferred",
      "netinfo-server-address", "netinfo-server-tag", "v4-captive-portal", "auto-config",
      "name-service-search", "domain-search", "vivco-suboptions", "vivso-suboptions",
      "pana-agent", "v4-lost", "capwap-ac-v4", "sip-ua-cs-domains", "rdnss-selection",
      "v4-portparams", "option-6rd", "v4-access-domain", "classless-static-route",
      "subnet-selection", "domain-search", "status-code", "rapid-commit", "fqdn",
      "agent-circuit-id", "relay-agent-information", "authenticate", "client-last-transaction-time",
      "associated-ip", "subnet-allocation", "v4-sztp-redirect", "v4-dnr", "v4-pcp-server",
      "v4-portparams", "dhcp-captive-portal", "cisco-tftp-server"));

  private Dhcp4Rules() {
  }

  /** Whether a parameter beyond Kea 2.2's is known to the flavour's version. */
  private static boolean known(String name, FakeKeaFlavour flavour, Set<String> since26,
      Set<String> since30) {
    return flavour.newer() && since26.contains(name) || flavour.kea3() && since30.contains(name);
  }

  /** The first of these errors, as Kea words it; {@code flavour}: whose parameters are known. */
  static Optional<String> check(JsonNode dhcp4, Function<JsonNode, FakeKeaJson.Position> position,
      FakeKeaFlavour flavour) {
    Iterator<Map.Entry<String, JsonNode>> fields = new java.util.TreeMap<>(toMap(dhcp4)).entrySet()
        .iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!GLOBAL.contains(f.getKey()) && !known(f.getKey(), flavour, GLOBAL_2_6, GLOBAL_3_0)) {
        return Optional.of("unsupported global configuration parameter: " + f.getKey() + " ("
            + position.apply(f.getValue()) + ")");
      }
    }
    Optional<String> error = integers(dhcp4);
    if (error.isPresent()) {
      return error;
    }
    Set<String> defined = new HashSet<>();
    for (JsonNode def : dhcp4.path("option-def")) {
      defined.add(def.path("name").asText());
    }
    error = options(dhcp4.get("option-data"), defined, position, flavour);
    if (error.isPresent()) {
      return error;
    }
    for (JsonNode subnet : subnets(dhcp4)) {
      TreeSet<String> names = new TreeSet<>(toMap(subnet).keySet());
      for (String n : names) {
        if (!SUBNET.contains(n) && !known(n, flavour, SUBNET_2_6, SUBNET_3_0)) {
          return Optional.of("spurious '" + n + "' parameter");
        }
      }
      error = integers(subnet);
      if (error.isPresent()) {
        return error;
      }
      error = options(subnet.get("option-data"), defined, position, flavour);
      if (error.isPresent()) {
        return error;
      }
      error = lifetimes(dhcp4, subnet);
      if (error.isPresent()) {
        return error;
      }
    }
    return Optional.empty();
  }

  /** Duplicate reservations, checked after the subnets as Kea adds hosts last. */
  static Optional<String> reservations(JsonNode dhcp4) {
    for (JsonNode subnet : subnets(dhcp4)) {
      Set<String> hw = new HashSet<>();
      Set<String> addresses = new HashSet<>();
      long id = subnet.path("id").asLong();
      for (JsonNode r : subnet.path("reservations")) {
        String mac = r.path("hw-address").asText("").toLowerCase(java.util.Locale.ROOT);
        if (mac.isEmpty()) {
          continue;
        }
        if (!hw.add(mac)) {
          return Optional.of("failed to add new host using the HW address '" + mac
              + "' to the IPv4 subnet id '" + id + "' as this host has already been added");
        }
        String ip = r.path("ip-address").asText("");
        if (!ip.isEmpty() && !addresses.add(ip)) {
          return Optional.of("failed to add new host using the HW address '" + mac
              + " and DUID '(null)' to the IPv4 subnet id '" + id + "' for the address " + ip
              + ": There's already a reservation for this address");
        }
      }
    }
    return Optional.empty();
  }

  private static List<JsonNode> subnets(JsonNode dhcp4) {
    List<JsonNode> all = new java.util.ArrayList<>();
    dhcp4.path("shared-networks").forEach(n -> n.path("subnet4").forEach(all::add));
    dhcp4.path("subnet4").forEach(all::add);
    return all.stream().filter(JsonNode::isObject).toList();
  }

  private static Map<String, JsonNode> toMap(JsonNode map) {
    Map<String, JsonNode> m = new HashMap<>();
    map.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  private static Optional<String> integers(JsonNode map) {
    for (String name : INTEGERS) {
      JsonNode v = map.get(name);
      if (v != null && !v.isIntegralNumber()) {
        return Optional.of("'" + name + "' parameter is not an integer");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> options(JsonNode list, Set<String> defined,
      Function<JsonNode, FakeKeaJson.Position> position, FakeKeaFlavour flavour) {
    if (list == null || !list.isArray()) {
      return Optional.empty();
    }
    for (JsonNode option : list) {
      if (!option.isObject()) {
        continue;
      }
      for (String n : new TreeSet<>(toMap(option).keySet())) {
        boolean allowed = OPTION.contains(n) || flavour.newer() && n.equals("never-send")
            || flavour.kea3() && n.equals("client-classes");
        if (!allowed) {
          return Optional.of("spurious '" + n + "' parameter");
        }
      }
      JsonNode name = option.get("name");
      String space = option.path("space").asText("dhcp4");
      if (name == null || !name.isTextual() || option.has("code") || !space.equals("dhcp4")
          || defined.contains(name.textValue())) {
        continue;
      }
      Integer code = ADDRESS_OPTIONS.get(name.textValue());
      if (code == null) {
        if (!OTHER_OPTIONS.contains(name.textValue())) {
          return Optional.of("definition for the option 'dhcp4." + name.textValue()
              + "' having code '0' does not exist (" + position.apply(name) + ")");
        }
        continue;
      }
      JsonNode data = option.get("data");
      if (data == null || !data.isTextual() || !option.path("csv-format").asBoolean(true)) {
        continue;
      }
      for (String a : data.textValue().split(",")) {
        if (!IpLiterals.isIpv4(a.strip())) {
          return Optional.of("option data does not match option definition (space: dhcp4, code: "
              + code + "): Failed to convert string to address '" + a.strip()
              + "': Invalid argument (" + position.apply(data) + ")");
        }
      }
    }
    return Optional.empty();
  }

  /** Kea's triplet check of valid-lifetime against its bounds, as a subnet inherits them. */
  private static Optional<String> lifetimes(JsonNode dhcp4, JsonNode subnet) {
    Long value = integer(subnet, dhcp4, "valid-lifetime");
    Long min = integer(subnet, dhcp4, "min-valid-lifetime");
    Long max = integer(subnet, dhcp4, "max-valid-lifetime");
    if (value == null) {
      return Optional.empty();
    }
    if (min != null && min > value) {
      return Optional.of("subnet configuration failed: the value of min-valid-lifetime (" + min
          + ") is not less than (default) valid-lifetime (" + value + ")");
    }
    if (max != null && max < value) {
      return Optional.of("subnet configuration failed: the value of (default) valid-lifetime ("
          + value + ") is not less than max-valid-lifetime (" + max + ")");
    }
    return Optional.empty();
  }

  private static Long integer(JsonNode subnet, JsonNode dhcp4, String name) {
    JsonNode v = subnet.has(name) ? subnet.get(name) : dhcp4.get(name);
    return v != null && v.isIntegralNumber() ? v.longValue() : null;
  }
}
