package dev.failover.kea.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.kea.internal.KeaJson;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Reservation.IdentifierType;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Kea {@code subnet4} entry, and the mapping between it and a {@link Scope}. The entry is
 * held as Kea's JSON; fields the scope model has no word for ({@code relay}, {@code t1-percent},
 * {@code 4o6-*}, pool-level {@code option-data}, …) are kept exactly when a scope is written
 * over an existing entry with {@link #merge(Scope, Subnet4)}.
 *
 * <h2>Mapping</h2>
 * <table>
 *   <caption>Scope ↔ subnet4</caption>
 *   <tr><th>Scope</th><th>subnet4</th></tr>
 *   <tr><td>subnet</td><td>{@code subnet}</td></tr>
 *   <tr><td>properties.id</td><td>{@code id} (required when writing: HA partners must use the same id)</td></tr>
 *   <tr><td>properties.leaseTime</td><td>{@code valid-lifetime} (whole seconds)</td></tr>
 *   <tr><td>properties.enabled</td><td>{@code false}: {@code client-class} {@value #DISABLED_CLASS} and the
 *       {@code user-context.}{@value #DISABLED_MARK} mark (see below)</td></tr>
 *   <tr><td>properties.name / description</td><td>{@code user-context.name} / {@code user-context.comment}
 *       (Kea's own {@code comment} lands in {@code user-context.comment})</td></tr>
 *   <tr><td>pools (range, clientClass)</td><td>{@code pools[].pool} ({@code a-b} or a prefix {@code a/n}),
 *       {@code pools[].client-class} (Kea 3.0: {@code pools[].client-classes} with one class, written
 *       back so)</td></tr>
 *   <tr><td>options (code, space, value, name, userClass)</td><td>{@code option-data[]} ({@code code}, {@code space},
 *       {@code data}, {@code name}, {@code client-classes} with one class)</td></tr>
 *   <tr><td>reservations</td><td>{@code reservations[]}: one of {@code hw-address}, {@code client-id},
 *       {@code circuit-id}, {@code duid}, {@code flex-id} (hexadecimal, or Kea's quoted text {@code 'abc'}, read as
 *       its bytes); {@code ip-address}; {@code hostname}; {@code user-context.name} / {@code comment};
 *       {@code option-data}</td></tr>
 * </table>
 *
 * <h2>What Kea has no word for</h2>
 * <ul>
 *   <li><b>Exclusions.</b> Kea has none: an address is leased only from a pool, so an exclusion is a
 *       gap between pools. A scope read from Kea never has exclusions. A scope <em>with</em> exclusions is
 *       refused when written, because writing it as-is would silently lease the excluded addresses or
 *       silently lose them; the caller first makes the gaps explicit with
 *       {@link #poolsSplitAroundExclusions(Scope)}, which cuts every pool around every exclusion and drops
 *       the exclusions.</li>
 *   <li><b>A disabled scope.</b> Kea has no disabled subnet. A scope with {@code enabled = false} is written
 *       as the subnet with all its contents, limited to the client class {@value #DISABLED_CLASS}, which no
 *       client is ever in (it is defined nowhere and is none of Kea's built-in classes), so the subnet serves
 *       nobody; {@code user-context.}{@value #DISABLED_MARK} marks it and keeps the subnet's own
 *       {@code client-class} (or Kea 3's {@code client-classes}), which enabling the scope again restores
 *       exactly. An entry reads as disabled only while it has both the mark and that class. Real Kea 2.2
 *       accepts such a subnet in {@code config-test} and {@code config-set} (integration tests).</li>
 *   <li><b>ISC failover peers on pools and vendor-class options</b> are refused when written.</li>
 *   <li><b>Reservations without {@code ip-address}</b> (host name or classes only) are no
 *       {@link Reservation}; they are not part of the scope read, and are kept unchanged when a scope is
 *       written over the entry that has them.</li>
 * </ul>
 */
public final class Subnet4 {

  private static final Map<String, IdentifierType> IDENTIFIERS = new LinkedHashMap<>();

  static {
    IDENTIFIERS.put("hw-address", IdentifierType.HW_ADDRESS);
    IDENTIFIERS.put("client-id", IdentifierType.CLIENT_ID);
    IDENTIFIERS.put("circuit-id", IdentifierType.CIRCUIT_ID);
    IDENTIFIERS.put("duid", IdentifierType.DUID);
    IDENTIFIERS.put("flex-id", IdentifierType.FLEX_ID);
  }

  private static final String ONE_IDENTIFIER = "must be exactly one of " + IDENTIFIERS.keySet();

  private static final long MAX_LIFETIME = 4294967295L;

  /**
   * The client class a disabled subnet is limited to. No client is ever in it: it is defined
   * nowhere, and it is none of Kea's built-in classes ({@code ALL}, {@code KNOWN},
   * {@code UNKNOWN}, {@code BOOTP}, {@code DROP}, {@code HA_*}, {@code VENDOR_CLASS_*},
   * {@code AFTER_*}, {@code SPAWN_*}).
   */
  public static final String DISABLED_CLASS = "FAILOVER_SDK_DISABLED";

  /**
   * The {@code user-context} member that marks a subnet disabled by the SDK; it holds the
   * subnet's own {@code client-class} / {@code client-classes} from before, to restore them.
   */
  public static final String DISABLED_MARK = "failover-sdk-disabled";

  /** The {@code user-context} member that names the HA relationship of a subnet (Kea ≥ 2.6 hub and spoke). */
  public static final String HA_SERVER_NAME = "ha-server-name";

  final ObjectNode json;
  private final Subnet subnet;

  private Subnet4(ObjectNode json, Subnet subnet) {
    this.json = json;
    this.subnet = subnet;
  }

  /**
   * {@return the entry held by a copy of {@code entry}}
   *
   * @param entry a {@code subnet4} entry
   * @throws ValidationException if it is no object or has no valid {@code subnet} or {@code id}
   *
   */
  public static Subnet4 of(JsonNode entry) {
    return view(entry == null ? null : entry.deepCopy());
  }

  /** The entry held by {@code entry} itself, not a copy: for read-only use inside this package. */
  static Subnet4 view(JsonNode entry) {
    Violations v = Violations.collect();
    if (entry == null || !entry.isObject()) {
      v.check(false, "subnet4", entry == null ? "null" : shortText(entry), "must be a JSON object");
      v.throwIfAny("Kea subnet4 entry");
    }
    JsonNode prefix = entry.path("subnet");
    lazyCheck(v, prefix.isTextual(), "subnet", prefix, "must be a string such as \"192.0.2.0/24\"");
    JsonNode id = entry.get("id");
    lazyCheck(v, id == null || (id.canConvertToLong() && id.isIntegralNumber() && id.asLong() >= 1
        && id.asLong() <= 4294967294L), "id", id, "must be an integer from 1 to 4294967294");
    v.throwIfAny("Kea subnet4 entry");
    Subnet[] parsed = new Subnet[1];
    v.absorb("subnet", () -> parsed[0] = Subnet.parse(prefix.asText()));
    v.throwIfAny("Kea subnet4 entry");
    return new Subnet4((ObjectNode) entry, parsed[0]);
  }

  /** {@return the {@code subnet} prefix} */
  public Subnet subnet() {
    return subnet;
  }

  /** {@return the subnet {@code id}, when the entry has one (Kea assigns one when it is left out)} */
  public OptionalLong id() {
    JsonNode id = json.get("id");
    return id == null ? OptionalLong.empty() : OptionalLong.of(id.asLong());
  }

  /** {@return a copy of the entry's JSON} */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /**
   * {@return whether the entry is disabled the way {@link #DISABLED_CLASS} describes: it has the
   * {@value #DISABLED_MARK} mark in its {@code user-context} and is limited to that class}
   */
  public boolean disabled() {
    return json.path("user-context").path(DISABLED_MARK).isObject() && limitedToDisabledClass(json);
  }

  private static boolean limitedToDisabledClass(JsonNode entry) {
    JsonNode single = entry.path("client-class");
    if (single.isTextual() && single.asText().equals(DISABLED_CLASS)) {
      return true;
    }
    JsonNode list = entry.path("client-classes");
    return list.isArray() && list.size() == 1 && DISABLED_CLASS.equals(list.get(0).asText(null));
  }

  /** {@return the {@code user-context.ha-server-name} of the entry, when it names one (Kea ≥ 2.6 hub and spoke)} */
  public Optional<String> haServerName() {
    JsonNode name = json.path("user-context").path(HA_SERVER_NAME);
    return name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
  }

  /** {@return the entry as a scope, with the standard option names only (see {@link Dhcp4Config#scopes()})} */
  public Scope toScope() {
    return toScope(OptionNames.STANDARD);
  }

  Scope toScope(OptionNames names) {
    Violations v = Violations.collect();
    ScopeProperties[] properties = new ScopeProperties[1];
    v.absorb("", () -> properties[0] = readProperties());
    List<Pool> pools = readPools(v);
    List<OptionValue> options = readOptions(json.path("option-data"), "option-data", names, v);
    List<Reservation> reservations = new ArrayList<>();
    JsonNode list = json.path("reservations");
    if (!list.isMissingNode() && !list.isNull()) {
      lazyCheck(v, list.isArray(), "reservations", list, "must be a list");
      for (int i = 0; list.isArray() && i < list.size(); i++) {
        // what Violations.absorb does, without writing the field's name for every reservation that reads well
        try {
          readReservation(list.get(i), names).ifPresent(reservations::add);
        } catch (ValidationException e) {
          v.addAll("reservations[" + i + "]", e.violations());
        }
      }
    }
    v.throwIfAny("Kea subnet4 " + subnet);
    ImmutableScope.Builder scope = Scope.builder().subnet(subnet).properties(properties[0]).pools(pools)
        .options(options).reservations(reservations);
    Violations built = Violations.collect();
    Scope[] result = new Scope[1];
    built.absorb("", () -> result[0] = scope.build());
    built.throwIfAny("Kea subnet4 " + subnet);
    return result[0];
  }

  private ScopeProperties readProperties() {
    Violations v = Violations.collect();
    var p = ScopeProperties.builder();
    id().ifPresent(p::id);
    p.enabled(!disabled());
    JsonNode lifetime = json.get("valid-lifetime");
    if (lifetime != null) {
      boolean ok = lifetime.isIntegralNumber() && lifetime.asLong() >= 1 && lifetime.asLong() <= MAX_LIFETIME;
      lazyCheck(v, ok, "valid-lifetime", lifetime, "must be a whole number of seconds from 1 to 4294967295");
      if (ok) {
        p.leaseTime(Duration.ofSeconds(lifetime.asLong()));
      }
    }
    JsonNode context = json.path("user-context");
    readContextText(context, "name", "user-context.name", v).ifPresent(p::name);
    readContextText(context, "comment", "user-context.comment", v).ifPresent(p::description);
    v.throwIfAny("Kea subnet4 " + subnet);
    ScopeProperties[] built = new ScopeProperties[1];
    v.absorb("", () -> built[0] = p.build());
    v.throwIfAny("Kea subnet4 " + subnet);
    return built[0];
  }

  private List<Pool> readPools(Violations v) {
    List<Pool> pools = new ArrayList<>();
    JsonNode list = json.path("pools");
    if (list.isMissingNode() || list.isNull()) {
      return pools;
    }
    lazyCheck(v, list.isArray(), "pools", list, "must be a list");
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String field = "pools[" + i + "]";
      Optional<AddressRange> range = poolRange(entry);
      lazyCheck(v, range.isPresent(), field + ".pool", entry.path("pool"),
          "must be a range a.b.c.d-e.f.g.h or a prefix a.b.c.d/n");
      JsonNode clientClass = entry.path("client-class");
      lazyCheck(v, clientClass.isMissingNode() || clientClass.isTextual(), field + ".client-class", clientClass,
          "must be a string");
      Optional<String> poolClass = clientClass.isTextual() && !clientClass.asText().isEmpty()
          ? Optional.of(clientClass.asText()) : Optional.empty();
      // Kea 3.0 renders a pool's class as a list ("client-classes": ["HA_x"]; [] for none)
      JsonNode classes = entry.path("client-classes");
      if (!classes.isMissingNode()) {
        boolean one = classes.isArray() && classes.size() <= 1 && (classes.isEmpty() || classes.get(0).isTextual());
        lazyCheck(v, one && (classes.isEmpty() || poolClass.isEmpty()), field + ".client-classes", classes,
            "must name at most one class (and only without client-class) to map onto a pool of a scope");
        if (one && !classes.isEmpty() && !classes.get(0).asText().isEmpty()) {
          poolClass = Optional.of(classes.get(0).asText());
        }
      }
      if (range.isPresent()) {
        var pool = ImmutablePool.builder().range(range.get());
        poolClass.ifPresent(pool::clientClass);
        v.absorb(field, () -> pools.add(pool.build()));
      }
    }
    return pools;
  }

  /** The range of a pool entry ({@code "a-b"}, {@code "a - b"} or {@code "a/n"}), when it parses. */
  static Optional<AddressRange> poolRange(JsonNode entry) {
    JsonNode text = entry.path("pool");
    if (!text.isTextual()) {
      return Optional.empty();
    }
    String s = text.asText().trim();
    try {
      if (s.indexOf('/') > 0 && s.indexOf('-') < 0) {
        Subnet prefix = Subnet.parse(s);
        return Optional.of(AddressRange.of(prefix.network(), prefix.broadcast()));
      }
      return Optional.of(AddressRange.parse(s));
    } catch (ValidationException e) {
      return Optional.empty();
    }
  }

  private static List<OptionValue> readOptions(JsonNode list, String where, OptionNames names, Violations v) {
    List<OptionValue> options = new ArrayList<>();
    if (list.isMissingNode() || list.isNull()) {
      return options;
    }
    lazyCheck(v, list.isArray(), where, list, "must be a list");
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      String field = where + "[" + i + "]";
      JsonNode entry = list.get(i);
      if (!entry.isObject()) {
        lazyCheck(v, false, field, entry, "must be an object");
        continue;
      }
      String space = entry.path("space").isTextual() ? entry.path("space").asText() : "dhcp4";
      JsonNode code = entry.path("code");
      JsonNode name = entry.path("name");
      Optional<Integer> resolved = code.isIntegralNumber() ? Optional.of(code.asInt())
          : name.isTextual() ? names.code(space, name.asText()) : Optional.empty();
      lazyCheck(v, resolved.isPresent(), field, entry,
          "must have a code, or the name of a standard option or of an option-def");
      JsonNode data = entry.path("data");
      lazyCheck(v, data.isMissingNode() || data.isTextual(), field + ".data", data, "must be a string");
      Optional<String> userClass = Optional.empty();
      JsonNode classes = entry.path("client-classes");
      if (!classes.isMissingNode()) {
        boolean one = classes.isArray() && classes.size() <= 1 && (classes.isEmpty() || classes.get(0).isTextual());
        lazyCheck(v, one, field + ".client-classes", classes, "must name at most one class to map onto a scope");
        if (one && !classes.isEmpty()) {
          userClass = Optional.of(classes.get(0).asText());
        }
      }
      if (resolved.isEmpty()) {
        continue;
      }
      var option = OptionValue.builder().code(resolved.get()).space(space).value(data.asText(""))
          .userClass(userClass);
      if (name.isTextual()) {
        option.name(name.asText());
      } else {
        names.name(space, resolved.get()).ifPresent(option::name);
      }
      v.absorb(field, () -> options.add(option.build()));
    }
    return options;
  }

  private static Optional<Reservation> readReservation(JsonNode entry, OptionNames names) {
    Violations v = Violations.collect();
    lazyCheck(v, entry.isObject(), "reservation", entry, "must be an object");
    v.throwIfAny("Kea reservation");
    List<String> present = new ArrayList<>();
    IDENTIFIERS.keySet().forEach(k -> {
      if (entry.has(k)) {
        present.add(k);
      }
    });
    JsonNode address = entry.path("ip-address");
    if (address.isMissingNode()) {
      return Optional.empty();
    }
    v.check(present.size() == 1, "identifier", present, ONE_IDENTIFIER);
    Ipv4Address ip = null;
    if (address.isTextual()) {
      try {
        ip = Ipv4Address.parse(address.asText());
      } catch (ValidationException notAnAddress) {
        // reported just below, in the reservation's words
      }
    }
    lazyCheck(v, ip != null, "ip-address", address, "must be an IPv4 address");
    v.throwIfAny("Kea reservation");
    String kind = present.get(0);
    JsonNode id = entry.get(kind);
    lazyCheck(v, id.isTextual(), kind, id, "must be a string");
    v.throwIfAny("Kea reservation");
    JsonNode context = entry.path("user-context");
    Optional<String> name = readContextText(context, "name", "user-context.name", v);
    Optional<String> comment = readContextText(context, "comment", "user-context.comment", v);
    JsonNode hostname = entry.path("hostname");
    lazyCheck(v, hostname.isMissingNode() || hostname.isTextual(), "hostname", hostname, "must be a string");
    List<OptionValue> options = readOptions(entry.path("option-data"), "option-data", names, v);
    v.throwIfAny("Kea reservation");
    var r = Reservation.builder().identifierType(IDENTIFIERS.get(kind)).identifier(identifierHex(id.asText()))
        .address(ip).name(name).description(comment).options(options);
    if (hostname.isTextual() && !hostname.asText().isEmpty()) {
      r.hostname(hostname.asText());
    }
    return Optional.of(r.build());
  }

  /** Kea identifiers are hex bytes, or text in single quotes standing for its UTF-8 bytes. */
  static String identifierHex(String text) {
    if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
      byte[] bytes = text.substring(1, text.length() - 1).getBytes(StandardCharsets.UTF_8);
      StringBuilder hex = new StringBuilder(bytes.length * 3);
      for (byte b : bytes) {
        if (hex.length() > 0) {
          hex.append(':');
        }
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    }
    return text.replace(' ', ':');
  }

  private static Optional<String> readContextText(JsonNode context, String key, String field, Violations v) {
    JsonNode value = context.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    lazyCheck(v, value.isTextual(), field, value, "must be a string");
    return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------
  // writing

  /**
   * {@return a new {@code subnet4} entry for the scope}
   *
   * @param scope the scope
   * @throws ValidationException listing everything Kea cannot express (see the class comment), or a
   * missing id
   *
   */
  public static Subnet4 from(Scope scope) {
    return write(scope, null, OptionNames.STANDARD);
  }

  /**
   * {@return the scope written over an existing entry: the scope's contents replace the entry's pools,
   * options and reservations, and every field the scope model does not know is kept as it was
   * (as are pool and option entries whose identity is unchanged)} The id is the scope's, or the
   * base's when the scope has none.
   *
   * @param scope the scope
   * @param base the existing entry
   */
  public static Subnet4 merge(Scope scope, Subnet4 base) {
    return write(scope, base, OptionNames.STANDARD);
  }

  static Subnet4 write(Scope scope, Subnet4 base, OptionNames names) {
    Violations v = Violations.collect();
    v.check(scope.exclusions().isEmpty(), "exclusions", scope.exclusions().size() + " exclusion(s)",
        "cannot be written to Kea, which has none: split the pools around them first "
            + "(Subnet4.poolsSplitAroundExclusions)");
    for (Pool p : scope.pools()) {
      v.check(p.failoverPeer().isEmpty(), "pools", p.range() + " failoverPeer " + p.failoverPeer().map(Texts::quoted)
          .orElse(""), "cannot be written to Kea (an ISC dhcpd setting)");
      v.check(p.iscStatements().isEmpty(), "pools", p.range() + " iscStatements " + p.iscStatements(),
          "cannot be written to Kea (ISC dhcpd pool statements such as permits; Kea limits a pool with client-class)");
      v.check(!p.dynamicBootp(), "pools", p.range() + " dynamicBootp", "cannot be written to Kea (an ISC dhcpd"
          + " range dynamic-bootp; Kea 2.2 does not hand out pool addresses to BOOTP clients that way)");
    }
    v.check(scope.properties().iscStatements().isEmpty(), "properties.iscStatements",
        scope.properties().iscStatements(), "cannot be written to Kea (ISC dhcpd subnet statements such as"
            + " max-lease-time or filename)");
    checkOptions(scope.options(), "options", v);
    for (Reservation r : scope.reservations()) {
      checkOptions(r.options(), "reservations[" + r.key() + "].options", v);
      v.check(r.iscStatements().isEmpty(), "reservations[" + r.key() + "].iscStatements", r.iscStatements(),
          "cannot be written to Kea (ISC dhcpd host statements such as filename or next-server)");
    }
    OptionalLong id = scope.properties().id().isPresent() ? scope.properties().id()
        : base == null ? OptionalLong.empty() : base.id();
    v.check(id.isPresent(), "properties.id", "(none)",
        "must be set: Kea HA partners must give a subnet the same id (Dhcp4Config.nextSubnetId() suggests one)");
    Optional<Duration> lease = scope.properties().leaseTime();
    v.check(lease.map(d -> d.getNano() == 0 && d.getSeconds() >= 1 && d.getSeconds() <= MAX_LIFETIME).orElse(true),
        "properties.leaseTime", lease.orElse(null), "must be a whole number of seconds from 1 to 4294967295");
    v.throwIfAny("scope " + scope.subnet() + " for Kea");

    ObjectNode entry = base == null ? KeaJson.object() : base.json.deepCopy();
    putNumber(entry, "id", id.getAsLong());
    entry.put("subnet", scope.subnet().toString());
    writeLifetime(entry, lease);
    writePools(entry, scope.pools());
    writeOptions(entry, scope.options(), names);
    writeReservations(entry, scope.reservations(), names);
    writeContext(entry, scope.properties().name(), scope.properties().description());
    writeEnabled(entry, scope.enabled());
    return new Subnet4(entry, scope.subnet());
  }

  /**
   * Disables the entry (limits it to {@link #DISABLED_CLASS}, keeping its own classes in the
   * {@value #DISABLED_MARK} mark) or enables it (restores them and drops the mark). An entry
   * whose mark is there but whose class was changed by hand since counts as enabled: enabling it
   * only drops the stale mark and keeps the class as it is.
   */
  private static void writeEnabled(ObjectNode entry, boolean enabled) {
    JsonNode context = entry.get("user-context");
    boolean marked = context != null && context.path(DISABLED_MARK).isObject();
    boolean limited = limitedToDisabledClass(entry);
    if (!enabled) {
      if (marked && limited) {
        return;
      }
      ObjectNode saved = KeaJson.object();
      JsonNode classes = entry.get("client-classes");
      if (classes != null) {
        saved.set("client-classes", classes.deepCopy());
        entry.set("client-classes", KeaJson.array().add(DISABLED_CLASS));
      } else {
        JsonNode single = entry.get("client-class");
        if (single != null) {
          saved.set("client-class", single.deepCopy());
        }
        entry.put("client-class", DISABLED_CLASS);
      }
      ObjectNode ctx = context != null && context.isObject() ? (ObjectNode) context : entry.putObject("user-context");
      ctx.set(DISABLED_MARK, saved);
      return;
    }
    if (!marked) {
      return;
    }
    ObjectNode ctx = (ObjectNode) context;
    JsonNode saved = ctx.get(DISABLED_MARK);
    if (limited) {
      for (String field : List.of("client-class", "client-classes")) {
        JsonNode before = saved.get(field);
        if (before != null) {
          entry.set(field, before.deepCopy());
        } else {
          entry.remove(field);
        }
      }
    }
    ctx.remove(DISABLED_MARK);
    if (ctx.isEmpty()) {
      entry.remove("user-context");
    }
  }

  /** Sets a number, keeping the node when it already holds that value (an int stays an int). */
  private static void putNumber(ObjectNode holder, String field, long value) {
    JsonNode old = holder.get(field);
    if (old != null && old.isIntegralNumber() && old.canConvertToLong() && old.asLong() == value) {
      return;
    }
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      holder.put(field, (int) value);
    } else {
      holder.put(field, value);
    }
  }

  private static void checkOptions(List<OptionValue> options, String field, Violations v) {
    for (OptionValue o : options) {
      v.check(o.vendorClass().isEmpty(), field, o.key(),
          "cannot be written to Kea: option-data has no vendor class (use a vendor option space)");
    }
  }

  private static void writeLifetime(ObjectNode entry, Optional<Duration> lease) {
    if (lease.isEmpty()) {
      entry.remove("valid-lifetime");
      return;
    }
    long seconds = lease.get().getSeconds();
    JsonNode old = entry.get("valid-lifetime");
    if (old != null && old.isIntegralNumber() && old.asLong() == seconds) {
      return;
    }
    putNumber(entry, "valid-lifetime", seconds);
    // bounds Kea derived from the old lifetime would now reject the new one
    JsonNode min = entry.get("min-valid-lifetime");
    if (min != null && (!min.isIntegralNumber() || min.asLong() > seconds)) {
      entry.remove("min-valid-lifetime");
    }
    JsonNode max = entry.get("max-valid-lifetime");
    if (max != null && (!max.isIntegralNumber() || max.asLong() < seconds)) {
      entry.remove("max-valid-lifetime");
    }
  }

  private static void writePools(ObjectNode entry, List<Pool> pools) {
    JsonNode old = entry.path("pools");
    if (pools.isEmpty() && old.isMissingNode()) {
      return;
    }
    Map<AddressRange, JsonNode> byRange = new HashMap<>();
    if (old.isArray()) {
      for (JsonNode p : old) {
        poolRange(p).ifPresent(r -> byRange.putIfAbsent(r, p));
      }
    }
    ArrayNode out = KeaJson.array();
    for (Pool pool : pools) {
      JsonNode same = byRange.get(pool.range());
      ObjectNode p = same != null && same.isObject() ? (ObjectNode) same.deepCopy() : KeaJson.object();
      if (same == null) {
        p.put("pool", pool.range().start() + "-" + pool.range().end());
      }
      if (pool.clientClass().isEmpty()) {
        p.remove("client-class");
        p.remove("client-classes");
      } else if (p.has("client-classes")) {
        // the server renders classes as a list (Kea 3.0): keep its spelling
        p.set("client-classes", KeaJson.array().add(pool.clientClass().get()));
        p.remove("client-class");
      } else {
        p.put("client-class", pool.clientClass().get());
      }
      out.add(p);
    }
    entry.set("pools", out);
  }

  private static void writeOptions(ObjectNode holder, List<OptionValue> options, OptionNames names) {
    JsonNode old = holder.path("option-data");
    if (options.isEmpty() && old.isMissingNode()) {
      return;
    }
    holder.set("option-data", optionData(old, options, names));
  }

  private static ArrayNode optionData(JsonNode old, List<OptionValue> options, OptionNames names) {
    Map<String, JsonNode> byKey = new HashMap<>();
    if (old.isArray()) {
      for (JsonNode o : old) {
        optionKey(o, names).ifPresent(k -> byKey.putIfAbsent(k, o));
      }
    }
    ArrayNode out = KeaJson.array();
    for (OptionValue option : options) {
      String key = option.space() + "/" + option.code() + "/" + option.userClass().orElse("");
      JsonNode same = byKey.get(key);
      ObjectNode o = same != null && same.isObject() ? (ObjectNode) same.deepCopy() : KeaJson.object();
      option.name().ifPresent(n -> o.put("name", n));
      o.put("code", option.code());
      o.put("space", option.space());
      o.put("data", option.value());
      if (option.userClass().isPresent()) {
        o.set("client-classes", KeaJson.array().add(option.userClass().get()));
      } else {
        o.remove("client-classes");
      }
      out.add(o);
    }
    return out;
  }

  private static Optional<String> optionKey(JsonNode o, OptionNames names) {
    String space = o.path("space").isTextual() ? o.path("space").asText() : "dhcp4";
    Optional<Integer> code = o.path("code").isIntegralNumber() ? Optional.of(o.path("code").asInt())
        : o.path("name").isTextual() ? names.code(space, o.path("name").asText()) : Optional.empty();
    JsonNode classes = o.path("client-classes");
    String userClass = classes.isArray() && classes.size() == 1 ? classes.get(0).asText() : "";
    return code.map(c -> space + "/" + c + "/" + userClass);
  }

  private static void writeReservations(ObjectNode entry, List<Reservation> reservations, OptionNames names) {
    JsonNode old = entry.path("reservations");
    if (reservations.isEmpty() && (old.isMissingNode() || !old.isArray())) {
      return;
    }
    Map<String, JsonNode> byKey = new HashMap<>();
    List<JsonNode> addressless = new ArrayList<>();
    if (old.isArray()) {
      for (JsonNode r : old) {
        reservationKey(r).ifPresent(k -> byKey.putIfAbsent(k, r));
        if (!r.has("ip-address")) {
          addressless.add(r);
        }
      }
    }
    ArrayNode out = KeaJson.array();
    java.util.Set<JsonNode> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Reservation r : reservations) {
      JsonNode same = byKey.get(r.key());
      ObjectNode o;
      String field = identifierField(r.identifierType());
      if (same != null && same.isObject()) {
        o = (ObjectNode) same.deepCopy();
        used.add(same);
      } else {
        o = KeaJson.object();
        o.put(field, r.identifier());
      }
      o.put("ip-address", r.address().toString());
      if (r.hostname().isPresent()) {
        o.put("hostname", r.hostname().get());
      } else {
        o.remove("hostname");
      }
      if (!r.options().isEmpty() || o.has("option-data")) {
        o.set("option-data", optionData(o.path("option-data"), r.options(), names));
      }
      writeContext(o, r.name().orElse(""), r.description().orElse(""));
      out.add(o);
    }
    for (JsonNode kept : addressless) {
      if (!used.contains(kept)) {
        out.add(kept.deepCopy());
      }
    }
    entry.set("reservations", out);
  }

  private static Optional<String> reservationKey(JsonNode r) {
    for (Map.Entry<String, IdentifierType> e : IDENTIFIERS.entrySet()) {
      JsonNode id = r.path(e.getKey());
      if (id.isTextual()) {
        try {
          Reservation probe = Reservation.builder().identifierType(e.getValue()).identifier(identifierHex(id.asText()))
              .address(Ipv4Address.ofBits(0)).build();
          return Optional.of(probe.key());
        } catch (ValidationException invalid) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static String identifierField(IdentifierType type) {
    for (Map.Entry<String, IdentifierType> e : IDENTIFIERS.entrySet()) {
      if (e.getValue() == type) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException(String.valueOf(type));
  }

  private static void writeContext(ObjectNode holder, String name, String comment) {
    JsonNode old = holder.get("user-context");
    boolean had = old != null;
    if (!had && name.isEmpty() && comment.isEmpty()) {
      return;
    }
    ObjectNode context = old != null && old.isObject() ? (ObjectNode) old.deepCopy() : KeaJson.object();
    if (name.isEmpty()) {
      context.remove("name");
    } else {
      context.put("name", name);
    }
    if (comment.isEmpty()) {
      context.remove("comment");
    } else {
      context.put("comment", comment);
    }
    if (context.isEmpty() && !(old != null && old.isObject() && old.isEmpty())) {
      holder.remove("user-context");
    } else {
      holder.set("user-context", context);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * {@return the scope with its exclusions turned into gaps: every pool is cut around every exclusion it
   * overlaps (each piece keeps the pool's client class and peer), pools wholly inside an exclusion
   * disappear, and the exclusions are dropped} The result leases exactly the addresses the
   * original scope leases, and Kea can hold it.
   *
   * @param scope the scope
   */
  public static Scope poolsSplitAroundExclusions(Scope scope) {
    if (scope.exclusions().isEmpty()) {
      return scope;
    }
    List<Pool> pools = new ArrayList<>();
    for (Pool pool : scope.pools()) {
      List<AddressRange> pieces = new ArrayList<>(List.of(pool.range()));
      for (Exclusion exclusion : scope.exclusions()) {
        List<AddressRange> next = new ArrayList<>();
        for (AddressRange piece : pieces) {
          next.addAll(minus(piece, exclusion.range()));
        }
        pieces = next;
      }
      for (AddressRange piece : pieces) {
        pools.add(ImmutablePool.builder().from(pool).range(piece).build());
      }
    }
    return Scope.builder().from(scope).pools(pools).exclusions(List.of()).build();
  }

  private static List<AddressRange> minus(AddressRange range, AddressRange cut) {
    if (!range.overlaps(cut)) {
      return List.of(range);
    }
    List<AddressRange> out = new ArrayList<>(2);
    if (range.start().compareTo(cut.start()) < 0) {
      out.add(AddressRange.of(range.start(), cut.start().plus(-1)));
    }
    if (cut.end().compareTo(range.end()) < 0) {
      out.add(AddressRange.of(cut.end().plus(1), range.end()));
    }
    return out;
  }

  /**
   * {@link Violations#check} whose value text is made only when the check fails: a subnet's
   * entries are checked on every read, and printing each of them would cost more than reading it.
   */
  static void lazyCheck(Violations v, boolean ok, String field, JsonNode value, String rule) {
    if (!ok) {
      v.check(false, field, shortText(value), rule);
    }
  }

  static String shortText(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "(missing)";
    }
    String text = node.isTextual() ? Texts.quoted(node.asText()) : KeaJson.write(node);
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subnet4 && ((Subnet4) o).json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  /** The prefix and id only: an entry's full JSON can be large. */
  @Override
  public String toString() {
    return "subnet4 " + subnet + id().stream().mapToObj(i -> " id " + i).findFirst().orElse("");
  }
}
