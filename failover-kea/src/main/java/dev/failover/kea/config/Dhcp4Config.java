package dev.failover.kea.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.kea.internal.KeaJson;
import dev.failover.kea.internal.ParsedConfigs;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An immutable view over a Kea DHCPv4 server's configuration (the {@code Dhcp4} map that
 * {@code config-get} returns and {@code config-test} / {@code config-set} take). Every change
 * returns a new configuration; everything this view does not touch is kept exactly, unknown
 * fields included.
 *
 * <p>It maps {@code subnet4} entries (top level and inside {@code shared-networks}) onto
 * {@link Scope scopes} (see {@link Subnet4} for the mapping and for what Kea cannot express),
 * keeps the HA hook libraries ({@code libdhcp_lease_cmds.so} before {@code libdhcp_ha.so}) and
 * reads and writes the raw {@code high-availability} parameter list, and computes the
 * configuration's {@link #fingerprint() fingerprint}.
 *
 * <pre>{@code
 * Dhcp4Config running = client.configGet();
 * Dhcp4Config next = running.withScope(scope);
 * client.configTest(next);
 * client.configSet(next);
 * }</pre>
 *
 * <p>{@link #toString()} never prints the configuration: it may hold HA basic-auth passwords.
 */
public final class Dhcp4Config {

  /** File name of Kea's lease commands hook library. */
  public static final String LEASE_CMDS_LIBRARY = "libdhcp_lease_cmds.so";
  /** File name of Kea's high-availability hook library. */
  public static final String HA_LIBRARY = "libdhcp_ha.so";

  static {
    // the Kea client's config-get hands over the tree it has just parsed, not copied
    ParsedConfigs.register(json -> new Dhcp4Config(checkedDhcp4(json)));
  }

  private final ObjectNode dhcp4;
  /** Computed once: the map is never changed after construction. */
  private volatile String fingerprint;

  private Dhcp4Config(ObjectNode dhcp4) {
    this.dhcp4 = dhcp4;
  }

  /**
   * {@return the configuration in {@code json}: either {@code {"Dhcp4": {...}}} (the {@code arguments} of a
   * {@code config-get} answer, whose {@code hash} member from Kea ≥ 2.4 is ignored) or a whole
   * configuration file of that shape}
   *
   * @param json the JSON, {@code {"Dhcp4": {...}}}
   * @throws ValidationException if it has no {@code Dhcp4} object or has other members
   *
   */
  public static Dhcp4Config of(JsonNode json) {
    return new Dhcp4Config(checkedDhcp4(json).deepCopy());
  }

  /** The {@code Dhcp4} map of {@code json}, not copied, once {@link #of(JsonNode)}'s rules hold. */
  private static ObjectNode checkedDhcp4(JsonNode json) {
    Violations v = Violations.collect();
    if (json == null || !json.isObject()) {
      v.check(false, "configuration", json == null ? "null" : Subnet4.shortText(json),
          "must be a JSON object with a Dhcp4 member");
      v.throwIfAny("Kea configuration");
    }
    JsonNode map = json.path("Dhcp4");
    Subnet4.lazyCheck(v, map.isObject(), "Dhcp4", map, "must be a JSON object");
    for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
      String name = names.next();
      v.check(name.equals("Dhcp4") || name.equals("hash"), "configuration", Texts.quoted(name),
          "must hold only Dhcp4 (and Kea's hash); this is not a DHCPv4 server's configuration");
    }
    v.throwIfAny("Kea configuration");
    return (ObjectNode) map;
  }

  /**
   * {@return the configuration whose {@code Dhcp4} map is {@code dhcp4} (copied)}
   *
   * @param dhcp4 the {@code Dhcp4} map
   */
  public static Dhcp4Config ofDhcp4(JsonNode dhcp4) {
    if (dhcp4 == null || !dhcp4.isObject()) {
      Violations.collect().check(false, "Dhcp4", dhcp4 == null ? "null" : Subnet4.shortText(dhcp4),
          "must be a JSON object").throwIfAny("Kea configuration");
    }
    return new Dhcp4Config(((ObjectNode) dhcp4).deepCopy());
  }

  /**
   * Parses {@code {"Dhcp4": {...}}} text.
   *
   * @param json the text
   * @return the configuration
   */
  public static Dhcp4Config parse(String json) {
    try {
      // the tree was just parsed and nobody else holds it: no copy (a 2,000-subnet answer is 10 MB of JSON)
      return new Dhcp4Config(checkedDhcp4(KeaJson.parse(json)));
    } catch (JsonProcessingException e) {
      throw new ValidationException("Kea configuration", List.of(new dev.failover.errors.Violation("configuration",
          "(" + json.length() + " characters)", "must be JSON: " + e.getOriginalMessage())));
    }
  }

  /** {@return a copy of the {@code Dhcp4} map} */
  public ObjectNode dhcp4() {
    return dhcp4.deepCopy();
  }

  /** {@return {@code {"Dhcp4": {...}}}, the arguments of {@code config-test} and {@code config-set}} */
  public ObjectNode toArguments() {
    ObjectNode arguments = KeaJson.object();
    arguments.set("Dhcp4", dhcp4.deepCopy());
    return arguments;
  }

  /** {@return {@code {"Dhcp4": {...}}} as compact JSON, members in their order} */
  public String toJson() {
    return KeaJson.write(toArguments());
  }

  /**
   * {@return the canonical JSON of the {@code Dhcp4} map: members sorted by name, no insignificant
   * whitespace, and without a {@code hash} member}
   */
  public String canonicalJson() {
    return new String(canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private byte[] canonicalBytes() {
    return KeaJson.canonicalBytes(withoutHash());
  }

  private ObjectNode withoutHash() {
    ObjectNode map = dhcp4;
    if (map.has("hash")) {
      map = map.deepCopy();
      map.remove("hash");
    }
    return map;
  }

  /**
   * {@return SHA-256 of {@link #canonicalJson()}, in lower-case hexadecimal: the same for two reads of an
   * unchanged server, whatever the member order or layout of the answers}
   */
  public String fingerprint() {
    String known = fingerprint;
    if (known != null) {
      return known;
    }
    // streamed into the digest: the canonical text of a 2,000-subnet configuration is never held whole
    known = KeaJson.canonicalSha256(withoutHash());
    fingerprint = known;
    return known;
  }

  // ---------------------------------------------------------------------------------------------
  // subnets and scopes

  /** {@return every {@code subnet4} entry: the top-level list first, then those of each shared network} */
  public List<Subnet4> subnets() {
    List<Subnet4> out = new ArrayList<>();
    for (Subnet4 view : views(dhcp4)) {
      out.add(Subnet4.of(view.json));
    }
    return out;
  }

  /** Read-only views of every entry of {@code map} (not copies), every bad entry reported. */
  private static List<Subnet4> views(ObjectNode map) {
    List<Subnet4> out = new ArrayList<>();
    Violations v = Violations.collect();
    eachSubnetList(map, (where, list) -> {
      for (int i = 0; i < list.size(); i++) {
        JsonNode entry = list.get(i);
        v.absorb(where + "[" + i + "]", () -> out.add(Subnet4.view(entry)));
      }
    });
    v.throwIfAny("Kea configuration");
    return out;
  }

  /** A pool limited to a client class ({@code client-class}, or one of Kea 3's {@code client-classes}). */
  public record LimitedPool(Subnet subnet, String pool, String clientClass) {}

  /**
   * {@return every pool of the subnets {@code within} accepts that is limited to a class {@code matching}
   * accepts; read in place, nothing copied}
   *
   * @param within which subnets to look in
   * @param matching which client classes count
   */
  public List<LimitedPool> poolsLimitedTo(java.util.function.Predicate<Subnet> within,
      java.util.function.Predicate<String> matching) {
    List<LimitedPool> out = new ArrayList<>();
    for (Subnet4 view : views(dhcp4)) {
      if (!within.test(view.subnet())) {
        continue;
      }
      for (JsonNode pool : view.json.path("pools")) {
        List<String> classes = new ArrayList<>();
        if (pool.path("client-class").isTextual()) {
          classes.add(pool.path("client-class").asText());
        }
        pool.path("client-classes").forEach(c -> classes.add(c.asText("")));
        for (String c : classes) {
          if (matching.test(c)) {
            out.add(new LimitedPool(view.subnet(), pool.path("pool").asText(""), c));
          }
        }
      }
    }
    return out;
  }

  /** {@return the prefix of every subnet, without mapping any} */
  public java.util.Set<Subnet> prefixes() {
    java.util.Set<Subnet> out = new java.util.TreeSet<>();
    views(dhcp4).forEach(view -> out.add(view.subnet()));
    return out;
  }

  /**
   * {@return the entry of {@code subnet}, wherever it is}
   *
   * @param subnet the subnet
   */
  public Optional<Subnet4> subnet(Subnet subnet) {
    return views(dhcp4).stream().filter(s -> s.subnet().equals(subnet)).findFirst().map(s -> Subnet4.of(s.json));
  }

  /**
   * {@return the entry with subnet id {@code id}}
   *
   * @param id the Kea subnet id
   */
  public Optional<Subnet4> subnetById(long id) {
    return views(dhcp4).stream().filter(s -> s.id().isPresent() && s.id().getAsLong() == id).findFirst()
        .map(s -> Subnet4.of(s.json));
  }

  /**
   * {@return every subnet as a scope, option names resolved through the standard names and this
   * configuration's {@code option-def}}
   *
   * @throws ValidationException listing every entry that does not map, with its place
   *
   */
  public List<Scope> scopes() {
    OptionNames names = OptionNames.of(dhcp4);
    List<Scope> out = new ArrayList<>();
    Violations v = Violations.collect();
    eachSubnetList((where, list) -> {
      for (int i = 0; i < list.size(); i++) {
        JsonNode entry = list.get(i);
        v.absorb(where + "[" + i + "]", () -> out.add(Subnet4.view(entry).toScope(names)));
      }
    });
    v.throwIfAny("Kea configuration");
    return out;
  }

  /**
   * {@return the scopes of these subnets that the configuration has (the others are passed over), without
   * mapping any other subnet}
   *
   * @param subnets the subnets wanted
   * @throws ValidationException listing every one of them that does not map
   *
   */
  public List<Scope> scopes(Collection<Subnet> subnets) {
    java.util.Set<Subnet> wanted = new java.util.HashSet<>(subnets);
    OptionNames names = OptionNames.of(dhcp4);
    List<Scope> out = new ArrayList<>();
    Violations v = Violations.collect();
    for (Subnet4 view : views(dhcp4)) {
      if (wanted.remove(view.subnet())) {
        v.absorb("subnet4 " + view.subnet(), () -> out.add(view.toScope(names)));
      }
    }
    v.throwIfAny("Kea configuration");
    return out;
  }

  /**
   * {@return the scope of {@code subnet}}
   *
   * @param subnet the subnet
   */
  public Optional<Scope> scope(Subnet subnet) {
    return views(dhcp4).stream().filter(s -> s.subnet().equals(subnet)).findFirst()
        .map(s -> s.toScope(OptionNames.of(dhcp4)));
  }

  /** {@return one more than the highest subnet id in use (1 when there is none)} */
  public long nextSubnetId() {
    return views(dhcp4).stream().mapToLong(s -> s.id().orElse(0)).max().orElse(0) + 1;
  }

  /**
   * {@return this configuration with {@code scope}: written over the entry of the same prefix where
   * there is one (in place, in a shared network if it is there; unknown fields kept), otherwise
   * appended to the top-level {@code subnet4} list}
   *
   * @param scope the scope to write
   * @throws ValidationException if Kea cannot express the scope (see {@link Subnet4}), or its id
   * is used by another subnet
   *
   */
  public Dhcp4Config withScope(Scope scope) {
    return withScopes(List.of(scope));
  }

  /**
   * {@return this configuration with every scope of {@code scopes} written as {@link #withScope(Scope)}
   * does, in one pass (a replication of thousands of scopes costs one copy of the configuration)}
   *
   * @param scopes the scopes to write
   * @throws ValidationException listing every scope Kea cannot express and every id clash
   *
   */
  public Dhcp4Config withScopes(Collection<Scope> scopes) {
    OptionNames names = OptionNames.of(dhcp4);
    ObjectNode copy = dhcp4.deepCopy();
    Index index = new Index(copy);
    Violations v = Violations.collect();
    if (scopes.stream().anyMatch(s -> !s.enabled())) {
      v.check(!definesClass(Subnet4.DISABLED_CLASS), "client-classes", Texts.quoted(Subnet4.DISABLED_CLASS),
          "must not be defined: a disabled subnet is limited to that class so that no client is in it");
    }
    for (Scope scope : scopes) {
      Place place = index.bySubnet.get(scope.subnet());
      v.absorb("scope " + scope.subnet(), () -> index.put(Subnet4.write(scope,
          place == null ? null : Subnet4.view(place.list.get(place.at)), names)));
    }
    v.throwIfAny("scopes for Kea");
    return new Dhcp4Config(copy);
  }

  /**
   * {@return this configuration with the raw entry: replacing the entry of the same prefix, or appended
   * to the top-level list}
   *
   * @param entry the raw {@code subnet4} entry
   * @throws ValidationException if another subnet already has the entry's id
   *
   */
  public Dhcp4Config withSubnet4(Subnet4 entry) {
    ObjectNode copy = dhcp4.deepCopy();
    new Index(copy).put(entry);
    return new Dhcp4Config(copy);
  }

  /**
   * {@return whether the global {@code client-classes} list defines a class of that name}
   *
   * @param name the class's name
   */
  public boolean definesClass(String name) {
    JsonNode classes = dhcp4.path("client-classes");
    if (!classes.isArray()) {
      return false;
    }
    for (JsonNode c : classes) {
      if (name.equals(c.path("name").asText(null))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@return the {@code user-context.ha-server-name} of every subnet that has one (the HA relationship a
   * subnet belongs to, vendor-facts §3.4), by prefix}
   */
  public Map<Subnet, String> haServerNames() {
    Map<Subnet, String> out = new java.util.TreeMap<>();
    for (Subnet4 view : views(dhcp4)) {
      view.haServerName().ifPresent(n -> out.putIfAbsent(view.subnet(), n));
    }
    return out;
  }

  /**
   * {@return this configuration with the subnets' {@code user-context.ha-server-name} set to the values of
   * {@code names}, and removed from every other subnet whose value is one of {@code clear}; the
   * rest of each {@code user-context} is kept, an emptied one is dropped} One pass over the
   * configuration, whatever the number of subnets.
   *
   * @param names the HA server name to set, by subnet
   * @param clear the values to remove from every other subnet
   */
  public Dhcp4Config withHaServerNames(Map<Subnet, String> names, Collection<String> clear) {
    Violations v = Violations.collect();
    names.forEach((subnet, name) -> v.check(name != null && !name.isEmpty() && Texts.printable(name),
        "ha-server-name", name == null ? "null" : Texts.quoted(name), "must be non-empty text without control characters"));
    v.throwIfAny("Kea subnet HA names");
    java.util.Set<String> stale = new java.util.HashSet<>(clear);
    ObjectNode copy = dhcp4.deepCopy();
    eachSubnetList(copy, (where, list) -> {
      for (JsonNode entry : list) {
        if (!entry.isObject()) {
          continue;
        }
        Subnet subnet = Subnet4.view(entry).subnet();
        ObjectNode subnetEntry = (ObjectNode) entry;
        JsonNode context = subnetEntry.get("user-context");
        String wanted = names.get(subnet);
        if (wanted != null) {
          ObjectNode ctx = context != null && context.isObject() ? (ObjectNode) context
              : subnetEntry.putObject("user-context");
          if (!wanted.equals(ctx.path(Subnet4.HA_SERVER_NAME).asText(null))) {
            ctx.put(Subnet4.HA_SERVER_NAME, wanted);
          }
        } else if (context != null && context.isObject() && context.path(Subnet4.HA_SERVER_NAME).isTextual()
            && stale.contains(context.path(Subnet4.HA_SERVER_NAME).asText())) {
          ((ObjectNode) context).remove(Subnet4.HA_SERVER_NAME);
          if (context.isEmpty()) {
            subnetEntry.remove("user-context");
          }
        }
      }
    });
    return new Dhcp4Config(copy);
  }

  /** Where an entry sits: its list and position. */
  private static final class Place {
    final ArrayNode list;
    final int at;

    Place(ArrayNode list, int at) {
      this.list = list;
      this.at = at;
    }
  }

  /** The subnet entries of a configuration being edited, by prefix and by id. */
  private static final class Index {
    final ObjectNode map;
    final Map<Subnet, Place> bySubnet = new HashMap<>();
    final Map<Long, Subnet> byId = new HashMap<>();

    Index(ObjectNode map) {
      this.map = map;
      eachSubnetList(map, (where, list) -> {
        for (int i = 0; i < list.size(); i++) {
          Subnet4 view = Subnet4.view(list.get(i));
          bySubnet.putIfAbsent(view.subnet(), new Place(list, i));
          view.id().ifPresent(id -> byId.putIfAbsent(id, view.subnet()));
        }
      });
    }

    void put(Subnet4 entry) {
      Subnet other = entry.id().isPresent() ? byId.get(entry.id().getAsLong()) : null;
      Violations.collect()
          .check(other == null || other.equals(entry.subnet()), "id", entry.id().orElse(-1),
              () -> "is already the id of subnet " + other + " (Kea subnet ids are unique)")
          .throwIfAny("scope " + entry.subnet() + " for Kea");
      Place place = bySubnet.get(entry.subnet());
      if (place != null) {
        Subnet4 old = Subnet4.view(place.list.get(place.at));
        old.id().ifPresent(id -> byId.remove(id));
        place.list.set(place.at, entry.json());
      } else {
        JsonNode top = map.get("subnet4");
        ArrayNode list = top != null && top.isArray() ? (ArrayNode) top : map.putArray("subnet4");
        list.add(entry.json());
        bySubnet.put(entry.subnet(), new Place(list, list.size() - 1));
      }
      entry.id().ifPresent(id -> byId.put(id, entry.subnet()));
    }
  }

  /**
   * {@return this configuration without the subnet's entry}
   *
   * @param subnet the subnet to remove
   * @throws NotFoundException if no entry has that prefix
   *
   */
  public Dhcp4Config withoutScope(Subnet subnet) {
    ObjectNode copy = dhcp4.deepCopy();
    boolean[] removed = {false};
    eachSubnetList(copy, (where, list) -> {
      for (int i = list.size() - 1; i >= 0; i--) {
        if (sameSubnet(list.get(i), subnet)) {
          list.remove(i);
          removed[0] = true;
        }
      }
    });
    if (!removed[0]) {
      throw new NotFoundException("scope", subnet.toString(), "in the Kea configuration");
    }
    return new Dhcp4Config(copy);
  }

  /**
   * {@return this configuration without the entries of these subnets, in one pass; subnets it does not
   * have are passed over}
   *
   * @param subnets the subnets to remove
   */
  public Dhcp4Config withoutScopes(Collection<Subnet> subnets) {
    java.util.Set<Subnet> gone = new java.util.HashSet<>(subnets);
    ObjectNode copy = dhcp4.deepCopy();
    if (gone.isEmpty()) {
      return new Dhcp4Config(copy);
    }
    eachSubnetList(copy, (where, list) -> {
      for (int i = list.size() - 1; i >= 0; i--) {
        JsonNode prefix = list.get(i).path("subnet");
        if (prefix.isTextual()) {
          try {
            if (gone.contains(Subnet.parse(prefix.asText()))) {
              list.remove(i);
            }
          } catch (ValidationException notASubnet) {
            // an entry that is no subnet is none of these
          }
        }
      }
    });
    return new Dhcp4Config(copy);
  }

  private static boolean sameSubnet(JsonNode entry, Subnet subnet) {
    JsonNode prefix = entry.path("subnet");
    if (!prefix.isTextual()) {
      return false;
    }
    try {
      return Subnet.parse(prefix.asText()).equals(subnet);
    } catch (ValidationException e) {
      return false;
    }
  }

  private interface ListVisitor {
    void visit(String where, ArrayNode list);
  }

  private void eachSubnetList(ListVisitor visitor) {
    eachSubnetList(dhcp4, visitor);
  }

  private static void eachSubnetList(ObjectNode map, ListVisitor visitor) {
    JsonNode top = map.get("subnet4");
    if (top != null && top.isArray()) {
      visitor.visit("subnet4", (ArrayNode) top);
    }
    JsonNode networks = map.get("shared-networks");
    if (networks != null && networks.isArray()) {
      for (int i = 0; i < networks.size(); i++) {
        JsonNode list = networks.get(i).get("subnet4");
        if (list != null && list.isArray()) {
          visitor.visit("shared-networks[" + i + "].subnet4", (ArrayNode) list);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // hook libraries and HA parameters

  /** {@return the {@code library} path of every {@code hooks-libraries} entry, in order} */
  public List<String> hooksLibraries() {
    List<String> out = new ArrayList<>();
    JsonNode list = dhcp4.path("hooks-libraries");
    if (list.isArray()) {
      for (JsonNode entry : list) {
        out.add(entry.path("library").asText(""));
      }
    }
    return out;
  }

  /**
   * {@return this configuration with Kea's HA hook libraries: {@code libdhcp_lease_cmds.so} added when
   * missing, then {@code libdhcp_ha.so} added when missing, the former always before the latter} A library added takes the directory of the libraries already configured (the first one that
   * names a directory), else {@code defaultDirectory}; an empty default directory writes the bare
   * file name, which Kea ≥ 3.0 resolves in its own hooks directory. Present entries are kept.
   *
   * @param defaultDirectory for example {@code /usr/lib/x86_64-linux-gnu/kea/hooks} (Debian's Kea 2.2)
   *
   */
  public Dhcp4Config withHaHooks(String defaultDirectory) {
    ObjectNode copy = dhcp4.deepCopy();
    ensureHaHooks(copy, defaultDirectory);
    return new Dhcp4Config(copy);
  }

  private static ArrayNode ensureHaHooks(ObjectNode map, String defaultDirectory) {
    Violations.collect()
        .check(defaultDirectory != null && Texts.printable(defaultDirectory) && !defaultDirectory.contains("\""),
            "defaultDirectory", defaultDirectory == null ? "null" : Texts.quoted(defaultDirectory),
            "must be a path without control characters or quotes")
        .throwIfAny("Kea hooks");
    JsonNode old = map.get("hooks-libraries");
    ArrayNode list = old != null && old.isArray() ? (ArrayNode) old : map.putArray("hooks-libraries");
    String directory = defaultDirectory.endsWith("/") && defaultDirectory.length() > 1
        ? defaultDirectory.substring(0, defaultDirectory.length() - 1) : defaultDirectory;
    for (JsonNode entry : list) {
      String path = entry.path("library").asText("");
      int slash = path.lastIndexOf('/');
      if (slash > 0) {
        directory = path.substring(0, slash);
        break;
      }
    }
    String prefix = directory.isEmpty() ? "" : directory + "/";
    int ha = indexOf(list, HA_LIBRARY);
    int lease = indexOf(list, LEASE_CMDS_LIBRARY);
    if (lease < 0) {
      ObjectNode entry = KeaJson.object().put("library", prefix + LEASE_CMDS_LIBRARY);
      if (ha < 0) {
        list.add(entry);
      } else {
        list.insert(ha, entry);
        ha++;
      }
    } else if (ha >= 0 && lease > ha) {
      JsonNode moved = list.remove(lease);
      list.insert(ha, moved);
      ha++;
    }
    if (ha < 0) {
      list.add(KeaJson.object().put("library", prefix + HA_LIBRARY));
    }
    return list;
  }

  private static int indexOf(ArrayNode list, String library) {
    for (int i = 0; i < list.size(); i++) {
      String path = list.get(i).path("library").asText("");
      if (path.equals(library) || path.endsWith("/" + library)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@return the entries of the HA hook's {@code high-availability} list, each a copy, in order (empty when the
   * HA hook is not configured with one)}
   */
  public List<JsonNode> highAvailability() {
    JsonNode list = dhcp4.path("hooks-libraries");
    if (!list.isArray()) {
      return List.of();
    }
    int ha = indexOf((ArrayNode) list, HA_LIBRARY);
    if (ha < 0) {
      return List.of();
    }
    JsonNode relationships = list.get(ha).path("parameters").path("high-availability");
    List<JsonNode> out = new ArrayList<>();
    if (relationships.isArray()) {
      relationships.forEach(e -> out.add(e.deepCopy()));
    }
    return List.copyOf(out);
  }

  /** {@return the {@code this-server-name} of every HA relationship, in order} */
  public List<String> thisServerNames() {
    List<String> out = new ArrayList<>();
    highAvailability().forEach(r -> {
      if (r.path("this-server-name").isTextual()) {
        out.add(r.path("this-server-name").asText());
      }
    });
    return out;
  }

  /**
   * {@return this configuration with {@code relationships} as the HA hook's {@code high-availability}
   * list (the hook libraries added first as {@link #withHaHooks(String)} does; the hook's other
   * parameters kept)} The list's contents are written as given: the HA settings are validated
   * by the relationship model before they reach this point, and by Kea's {@code config-test}.
   *
   * @param relationships the {@code high-availability} entries
   * @param defaultDirectory the hook libraries' directory when none configured names one, as for {@link #withHaHooks(String)}
   * @throws ValidationException if {@code relationships} is not a non-empty list of objects
   *
   */
  public Dhcp4Config withHighAvailability(List<? extends JsonNode> relationships, String defaultDirectory) {
    Violations v = Violations.collect();
    v.check(relationships != null && !relationships.isEmpty(), "high-availability",
        relationships == null ? "null" : "[]", "must list at least one relationship");
    if (relationships != null) {
      for (int i = 0; i < relationships.size(); i++) {
        Subnet4.lazyCheck(v, relationships.get(i).isObject(), "high-availability[" + i + "]", relationships.get(i),
            "must be a JSON object");
      }
    }
    v.throwIfAny("Kea HA parameters");
    ObjectNode copy = dhcp4.deepCopy();
    ArrayNode list = ensureHaHooks(copy, defaultDirectory);
    ObjectNode entry = (ObjectNode) list.get(indexOf(list, HA_LIBRARY));
    JsonNode parameters = entry.get("parameters");
    ObjectNode params = parameters != null && parameters.isObject() ? (ObjectNode) parameters : entry.putObject("parameters");
    ArrayNode entries = params.putArray("high-availability");
    relationships.forEach(e -> entries.add(e.deepCopy()));
    return new Dhcp4Config(copy);
  }

  /** {@return this configuration without the HA hook library entry ({@code libdhcp_lease_cmds.so} stays)} */
  public Dhcp4Config withoutHighAvailability() {
    ObjectNode copy = dhcp4.deepCopy();
    edit(copy, "hooks-libraries", list -> {
      int ha = indexOf(list, HA_LIBRARY);
      if (ha >= 0) {
        list.remove(ha);
      }
    });
    return new Dhcp4Config(copy);
  }

  private static void edit(ObjectNode map, String name, Consumer<ArrayNode> change) {
    JsonNode list = map.get(name);
    if (list != null && list.isArray()) {
      change.accept((ArrayNode) list);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dhcp4Config && ((Dhcp4Config) o).dhcp4.equals(dhcp4);
  }

  @Override
  public int hashCode() {
    return dhcp4.hashCode();
  }

  /** The number of subnets and the fingerprint; never the configuration itself. */
  @Override
  public String toString() {
    JsonNode top = dhcp4.path("subnet4");
    return "Dhcp4Config[subnet4=" + (top.isArray() ? top.size() : 0) + ", fingerprint=" + fingerprint() + "]";
  }
}
