package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The part of {@code kea-dhcp4}'s own configuration check the fake performs, in Kea's order and
 * with Kea's texts (Kea 2.2 {@code json_config_parser.cc}, {@code dhcp_parsers.cc},
 * {@code subnet.cc}, {@code cfg_subnets4.cc}, {@code hooks_config.cc}), and what the server makes
 * of an accepted configuration ({@code config-get} shows subnets with their derived values).
 *
 * <p>Checked: hook libraries (only those the Debian 2.2 package ships), per subnet the prefix,
 * each pool (syntax, inside the subnet, no overlap), each reservation's address inside the subnet,
 * then a duplicate subnet id or prefix; shared networks first, like Kea. Not checked: unknown
 * parameters, option data, client classes, reservation identifiers, interfaces, databases.
 */
final class FakeDhcp4Config {

  /** Hook libraries shipped by Debian's Kea 2.2 packages (real-servers.md). */
  static final Set<String> KNOWN_LIBRARIES = Set.of("libdhcp_ha.so", "libdhcp_lease_cmds.so",
      "libdhcp_stat_cmds.so", "libdhcp_flex_option.so", "libdhcp_bootp.so",
      "libdhcp_run_script.so", "libdhcp_mysql_cb.so", "libdhcp_pgsql_cb.so");

  static final String HA_LIBRARY = "libdhcp_ha.so";
  static final String LEASE_CMDS_LIBRARY = "libdhcp_lease_cmds.so";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private FakeDhcp4Config() {
  }

  /** The file name of a hook library path. */
  static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** Base names of the configured hook libraries (malformed entries skipped). */
  static Set<String> libraries(JsonNode dhcp4) {
    Set<String> names = new HashSet<>();
    JsonNode hooks = dhcp4.get("hooks-libraries");
    if (hooks != null && hooks.isArray()) {
      for (JsonNode h : hooks) {
        if (h.isObject() && h.path("library").isTextual()) {
          names.add(baseName(h.get("library").textValue()));
        }
      }
    }
    return names;
  }

  /** The {@code high-availability} parameter of the HA hook entry, if the hook is configured. */
  static Optional<JsonNode> haParameters(JsonNode dhcp4) {
    JsonNode hooks = dhcp4.get("hooks-libraries");
    if (hooks != null && hooks.isArray()) {
      for (JsonNode h : hooks) {
        if (h.isObject() && h.path("library").isTextual()
            && baseName(h.get("library").textValue()).equals(HA_LIBRARY)) {
          return Optional.of(h.path("parameters").path("high-availability"))
              .map(n -> n.isMissingNode() ? NODES.nullNode() : n);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * What {@code config-test} finds wrong, if anything: the first error, as Kea reports it. The HA
   * hook's own parameters are not looked at here, because Kea 2.2 only checks that a hook library
   * can be opened and reads its parameters when it loads the library on {@code config-set}.
   */
  static Optional<String> check(JsonNode dhcp4, Function<JsonNode, FakeKeaJson.Position> position) {
    return check(dhcp4, position, FakeKeaFlavour.CONTROL_AGENT_2_2);
  }

  /** As {@link #check(JsonNode, Function)}, with the parameters {@code flavour}'s version knows. */
  static Optional<String> check(JsonNode dhcp4, Function<JsonNode, FakeKeaJson.Position> position,
      FakeKeaFlavour flavour) {
    Optional<String> rules = Dhcp4Rules.check(dhcp4, position, flavour);
    if (rules.isPresent()) {
      return rules;
    }
    Optional<String> structure = checkStructure(dhcp4, position);
    return structure.isPresent() ? structure : Dhcp4Rules.reservations(dhcp4);
  }

  private static Optional<String> checkStructure(JsonNode dhcp4,
      Function<JsonNode, FakeKeaJson.Position> position) {
    JsonNode hooks = dhcp4.get("hooks-libraries");
    if (hooks != null) {
      if (!hooks.isArray()) {
        return Optional.of("hooks-libraries must be a list (" + position.apply(hooks) + ")");
      }
      List<String> bad = new ArrayList<>();
      for (JsonNode h : hooks) {
        if (!h.isObject()) {
          return Optional.of("one or more entries in the hooks-libraries list is not a map ("
              + position.apply(h) + ")");
        }
        JsonNode library = h.get("library");
        if (library == null) {
          return Optional.of("one or more hooks-libraries elements are missing the name of the"
              + " library (" + position.apply(h) + ")");
        }
        if (!library.isTextual()) {
          return Optional.of("hooks library configuration error: one or more hooks-libraries"
              + " elements are not strings (" + position.apply(library) + ")");
        }
        if (!KNOWN_LIBRARIES.contains(baseName(library.textValue()))) {
          bad.add(library.textValue());
        }
      }
      if (!bad.isEmpty()) {
        return Optional.of("hooks libraries failed to validate - library or libraries in error"
            + " are: " + String.join(", ", bad) + " (" + position.apply(hooks) + ")");
      }
    }
    SubnetsSeen seen = new SubnetsSeen();
    JsonNode networks = dhcp4.get("shared-networks");
    if (networks != null && networks.isArray()) {
      for (JsonNode network : networks) {
        JsonNode subnets = network.get("subnet4");
        if (subnets != null && subnets.isArray()) {
          Optional<String> error = checkSubnets(subnets, seen, position);
          if (error.isPresent()) {
            return error;
          }
        }
      }
    }
    JsonNode subnets = dhcp4.get("subnet4");
    if (subnets != null) {
      if (!subnets.isArray()) {
        return Optional.of("subnet4 must be a list (" + position.apply(subnets) + ")");
      }
      return checkSubnets(subnets, seen, position);
    }
    return Optional.empty();
  }

  /** Subnet ids and prefixes already configured. */
  private static final class SubnetsSeen {
    final Set<Long> ids = new HashSet<>();
    final Set<String> prefixes = new HashSet<>();
  }

  /** A parsed {@code a.b.c.d/len}. */
  private record Prefix(String address, long network, int length) {
    boolean contains(long address) {
      long mask = length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
      return (address & mask) == (network & mask);
    }

    String text() {
      return address + "/" + length;
    }
  }

  private static Optional<String> checkSubnets(JsonNode subnets, SubnetsSeen seen,
      Function<JsonNode, FakeKeaJson.Position> position) {
    for (JsonNode subnet : subnets) {
      if (!subnet.isObject()) {
        return Optional.of("subnet configuration failed: subnet must be a map ("
            + position.apply(subnet) + ")");
      }
      JsonNode text = subnet.get("subnet");
      if (text == null || !text.isTextual()) {
        return Optional.of("subnet configuration failed: mandatory 'subnet' parameter is missing"
            + " for a subnet being configured (" + position.apply(subnet) + ")");
      }
      Optional<Prefix> prefix = parsePrefix(text.textValue());
      if (prefix.isEmpty()) {
        return Optional.of("subnet configuration failed: Invalid subnet syntax (prefix/len"
            + " expected):" + text.textValue().replace(" ", "").replace("\t", "") + " ("
            + position.apply(text) + ")");
      }
      Prefix p = prefix.get();
      List<long[]> ranges = new ArrayList<>();
      JsonNode pools = subnet.get("pools");
      if (pools != null && pools.isArray()) {
        for (JsonNode pool : pools) {
          JsonNode poolText = pool.get("pool");
          if (poolText == null || !poolText.isTextual()) {
            return Optional.of("missing parameter 'pool' (" + position.apply(pool) + ")");
          }
          long[] range;
          try {
            range = parsePool(poolText.textValue());
          } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage() + " (" + position.apply(poolText) + ")");
          }
          String rangeText = IpLiterals.longToIpv4(range[0]) + "-"
              + IpLiterals.longToIpv4(range[1]);
          if (!p.contains(range[0]) || !p.contains(range[1])) {
            return Optional.of("subnet configuration failed: a pool of type V4, with the"
                + " following address range: " + rangeText + " does not match the prefix of a"
                + " subnet: " + p.text() + " to which it is being added ("
                + position.apply(subnet) + ")");
          }
          for (long[] other : ranges) {
            if (range[0] <= other[1] && other[0] <= range[1]) {
              return Optional.of("subnet configuration failed: a pool of type V4, with the"
                  + " following address range: " + rangeText + " overlaps with an existing pool"
                  + " in the subnet: " + p.text() + " to which it is being added ("
                  + position.apply(subnet) + ")");
            }
          }
          ranges.add(range);
        }
      }
      JsonNode reservations = subnet.get("reservations");
      if (reservations != null && reservations.isArray()) {
        for (JsonNode r : reservations) {
          JsonNode ip = r.get("ip-address");
          if (ip == null) {
            continue;
          }
          if (!ip.isTextual() || !IpLiterals.isIpv4(ip.textValue())) {
            return Optional.of("Failed to convert string to address '" + ip.asText()
                + "': Invalid argument (" + position.apply(ip) + ")");
          }
          if (!p.contains(IpLiterals.ipv4ToLong(ip.textValue()))) {
            return Optional.of("specified reservation '" + ip.textValue()
                + "' is not within the IPv4 subnet '" + p.text() + "'");
          }
        }
      }
      JsonNode id = subnet.get("id");
      long subnetId = id != null && id.canConvertToLong() ? id.longValue() : 0;
      if (subnetId != 0 && seen.ids.contains(subnetId)) {
        return Optional.of("ID of the new IPv4 subnet '" + subnetId + "' is already in use ("
            + position.apply(subnet) + ")");
      }
      if (seen.prefixes.contains(p.text())) {
        return Optional.of("subnet with the prefix of '" + p.text() + "' already exists ("
            + position.apply(subnet) + ")");
      }
      if (subnetId != 0) {
        seen.ids.add(subnetId);
      }
      seen.prefixes.add(p.text());
    }
    return Optional.empty();
  }

  private static Optional<Prefix> parsePrefix(String raw) {
    String text = raw.replace(" ", "").replace("\t", "");
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String address = text.substring(0, slash);
    String length = text.substring(slash + 1);
    if (!IpLiterals.isIpv4(address) || length.isEmpty() || length.length() > 2
        || !length.chars().allMatch(Character::isDigit) || Integer.parseInt(length) > 32) {
      return Optional.empty();
    }
    return Optional.of(new Prefix(address, IpLiterals.ipv4ToLong(address),
        Integer.parseInt(length)));
  }

  /** A pool's first and last address; the exception message is Kea's (without position). */
  static long[] parsePool(String raw) {
    String text = raw.replace(" ", "").replace("\t", "");
    int slash = text.indexOf('/');
    if (slash >= 0) {
      Optional<Prefix> prefix = parsePrefix(text);
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("Failed to parse pool definition: " + text);
      }
      Prefix p = prefix.get();
      long mask = p.length() == 0 ? 0 : (0xFFFFFFFFL << (32 - p.length())) & 0xFFFFFFFFL;
      long first = p.network() & mask;
      return new long[] {first, first | (~mask & 0xFFFFFFFFL)};
    }
    int dash = text.indexOf('-');
    if (dash >= 0) {
      String min = text.substring(0, dash);
      String max = text.substring(dash + 1);
      if (!IpLiterals.isIpv4(min) || !IpLiterals.isIpv4(max)) {
        throw new IllegalArgumentException("Failed to parse pool definition: " + text);
      }
      long first = IpLiterals.ipv4ToLong(min);
      long last = IpLiterals.ipv4ToLong(max);
      if (last < first) {
        throw new IllegalArgumentException("Failed to create pool defined by: " + text);
      }
      return new long[] {first, last};
    }
    throw new IllegalArgumentException("invalid pool definition: " + raw + ". There are two"
        + " acceptable formats <min address-max address> or <prefix/len>");
  }

  /** How Kea prints a pool: a prefix when the range is exactly one, otherwise first-last. */
  static String poolText(long[] range) {
    long size = range[1] - range[0] + 1;
    if (Long.bitCount(size) == 1 && (range[0] & (size - 1)) == 0) {
      int length = 32 - Long.numberOfTrailingZeros(size);
      return IpLiterals.longToIpv4(range[0]) + "/" + length;
    }
    return IpLiterals.longToIpv4(range[0]) + "-" + IpLiterals.longToIpv4(range[1]);
  }

  /**
   * What {@code config-get} returns for an accepted configuration: subnets carry the values they
   * inherit and their empty defaults, pools are printed the way Kea prints them, maps are sorted.
   * Only what the recorded {@code config-get} shows is derived (see the class comment of
   * {@link FakeKeaServer}); everything else is kept as it was sent.
   */
  static ObjectNode normalize(JsonNode dhcp4) {
    ObjectNode copy = (ObjectNode) FakeKeaJson.sortedCopy(dhcp4);
    long nextId = 1;
    List<JsonNode> all = new ArrayList<>();
    JsonNode networks = copy.get("shared-networks");
    if (networks != null && networks.isArray()) {
      for (JsonNode network : networks) {
        JsonNode subnets = network.get("subnet4");
        if (subnets != null && subnets.isArray()) {
          subnets.forEach(all::add);
        }
      }
    }
    JsonNode subnets = copy.get("subnet4");
    if (subnets != null && subnets.isArray()) {
      subnets.forEach(all::add);
    }
    for (JsonNode s : all) {
      if (s.path("id").canConvertToLong()) {
        nextId = Math.max(nextId, s.get("id").longValue() + 1);
      }
    }
    for (JsonNode s : all) {
      ObjectNode subnet = (ObjectNode) s;
      if (!subnet.path("id").canConvertToLong() || subnet.get("id").longValue() == 0) {
        subnet.put("id", nextId++);
      }
      derive(copy, subnet);
      FakeKeaJson.reorder(subnet);
    }
    return copy;
  }

  private static void derive(ObjectNode global, ObjectNode subnet) {
    subnet.putIfAbsent("4o6-interface", NODES.textNode(""));
    subnet.putIfAbsent("4o6-interface-id", NODES.textNode(""));
    subnet.putIfAbsent("4o6-subnet", NODES.textNode(""));
    inherit(global, subnet, "calculate-tee-times", NODES.booleanNode(false));
    inherit(global, subnet, "store-extended-info", NODES.booleanNode(false));
    inherit(global, subnet, "t1-percent", NODES.numberNode(0.5));
    inherit(global, subnet, "t2-percent", NODES.numberNode(0.875));
    inherit(global, subnet, "valid-lifetime", NODES.numberNode(7200L));
    inherit(global, subnet, "min-valid-lifetime", subnet.get("valid-lifetime"));
    inherit(global, subnet, "max-valid-lifetime", subnet.get("valid-lifetime"));
    if (global.has("renew-timer")) {
      inherit(global, subnet, "renew-timer", global.get("renew-timer"));
    }
    if (global.has("rebind-timer")) {
      inherit(global, subnet, "rebind-timer", global.get("rebind-timer"));
    }
    subnet.putIfAbsent("option-data", NODES.arrayNode());
    subnet.putIfAbsent("reservations", NODES.arrayNode());
    if (!subnet.has("relay")) {
      ObjectNode relay = NODES.objectNode();
      relay.set("ip-addresses", NODES.arrayNode());
      subnet.set("relay", relay);
    }
    JsonNode pools = subnet.get("pools");
    if (pools == null) {
      subnet.set("pools", NODES.arrayNode());
    } else if (pools.isArray()) {
      for (JsonNode p : pools) {
        if (p.isObject()) {
          ObjectNode pool = (ObjectNode) p;
          pool.putIfAbsent("option-data", NODES.arrayNode());
          if (pool.path("pool").isTextual()) {
            pool.put("pool", poolText(parsePool(pool.get("pool").textValue())));
          }
          FakeKeaJson.reorder(pool);
        }
      }
    }
  }

  private static void inherit(ObjectNode global, ObjectNode subnet, String name, JsonNode dflt) {
    if (!subnet.has(name)) {
      JsonNode value = global.has(name) ? global.get(name) : dflt;
      if (value != null) {
        subnet.set(name, value.deepCopy());
      }
    }
  }
}
