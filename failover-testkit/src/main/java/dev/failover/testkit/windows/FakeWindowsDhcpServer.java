package dev.failover.testkit.windows;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An in-memory Windows DHCP server: scopes (one address range each, with state, exclusions,
 * reservations and option values per user and vendor class), user and vendor class definitions,
 * server-level options, and failover relationships with every field of vendor-facts.md §1 and a
 * failover state per relationship. Scripts run against it through {@link #run(String)} (or the
 * SSH face, {@link FakeWindowsSshServer}); tests seed and inspect it through the methods here.
 *
 * <p>Thread-safe: every method takes the {@link FakeWindowsNetwork}'s lock. Deterministic: time
 * is the network's clock.
 *
 * <p>Controls: {@link #setState}, {@link #makePartnerUnreachable()} / {@link #makePartnerReachable()},
 * {@link #failNextWrite()}, {@link #writes()}.
 */
public final class FakeWindowsDhcpServer {

  /** Windows' limit of failover relationships per server (vendor-facts.md §1, ERROR_DHCP_FO_MAX_RELATIONSHIPS). */
  public static final int MAX_RELATIONSHIPS = 31;
  /** Longest relationship name (ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG). */
  public static final int MAX_NAME_LENGTH = 126;
  /** Most scopes one call may add to a relationship (dhcpsapi.h DHCP_FAILOVER_MAX_NUM_ADD_SCOPES). */
  public static final int MAX_ADD_SCOPES = 400;

  static final Duration DEFAULT_LEASE = Duration.ofDays(8);
  static final List<String> BUILT_IN_USER_CLASSES =
      List.of("Default User Class", "Default Routing and Remote Access Class", "Default BOOTP Class");
  static final List<String> BUILT_IN_VENDOR_CLASSES = List.of("DHCP Standard Options",
      "Microsoft Windows 2000 Options", "Microsoft Options", "Microsoft Windows 98 Options");

  final FakeWindowsNetwork network;
  private final String name;
  private final Ipv4Address address;

  final Map<Ipv4Address, ScopeRecord> scopes = new TreeMap<>();
  final Map<String, Side> relationships = new LinkedHashMap<>();
  final Set<String> userClasses = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  final Set<String> vendorClasses = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  final Map<OptionKey, List<String>> serverOptions = new LinkedHashMap<>();
  final List<FakeWrite> writes = new ArrayList<>();
  boolean failNextWrite;

  FakeWindowsDhcpServer(FakeWindowsNetwork network, String name, Ipv4Address address) {
    this.network = network;
    this.name = Objects.requireNonNull(name, "name");
    this.address = address;
    userClasses.addAll(BUILT_IN_USER_CLASSES);
    vendorClasses.addAll(BUILT_IN_VENDOR_CLASSES);
  }

  /** {@return the server's host name} */
  public String name() {
    return name;
  }

  /** {@return the server's IPv4 address} */
  public Ipv4Address address() {
    return address;
  }

  /** {@return the network the server belongs to} */
  public FakeWindowsNetwork network() {
    return network;
  }

  // ------------------------------------------------------------------ running scripts

  /**
   * Runs a script as {@code powershell.exe} would: parse it all, then run it; see {@link WindowsScriptInterpreter}.
   *
   * @param script the script's text
   * @return what the script printed and did
   */
  public ScriptRun run(String script) {
    return new WindowsScriptInterpreter(this).run(script);
  }

  // ------------------------------------------------------------------ seeding and inspecting scopes

  /**
   * Puts a scope on the server, replacing one with the same subnet, without recording a write.
   * A Windows scope has exactly one address range, so the scope must have exactly one pool.
   *
   * @param scope a scope with exactly one pool
   */
  public void putScope(Scope scope) {
    if (scope.pools().size() != 1) {
      throw new IllegalArgumentException("a Windows scope has exactly one address range, " + scope.subnet()
          + " has " + scope.pools().size());
    }
    synchronized (network.lock) {
      ScopeRecord r = ScopeRecord.from(scope);
      scopes.put(r.scopeId, r);
    }
  }

  /**
   * {@return the scope as the server holds it, in the API's terms}
   *
   * @param subnet the scope's subnet
   */
  public Optional<Scope> scope(Subnet subnet) {
    synchronized (network.lock) {
      ScopeRecord r = scopes.get(subnet.network());
      return r == null || !r.subnet().equals(subnet) ? Optional.empty() : Optional.of(r.toScope());
    }
  }

  /** {@return every scope, in the API's terms} */
  public List<Scope> scopes() {
    synchronized (network.lock) {
      return scopes.values().stream().map(ScopeRecord::toScope).collect(Collectors.toList());
    }
  }

  /**
   * Defines a user class (the built-in ones exist already); replication does not copy class definitions.
   *
   * @param className the class's name
   */
  public void defineUserClass(String className) {
    synchronized (network.lock) {
      userClasses.add(className);
    }
  }

  /**
   * Defines a vendor class; replication does not copy class definitions.
   *
   * @param className the class's name
   */
  public void defineVendorClass(String className) {
    synchronized (network.lock) {
      vendorClasses.add(className);
    }
  }

  /**
   * Sets a server-level option, which Windows failover replication never copies.
   *
   * @param code the option code
   * @param values its values
   */
  public void setServerOption(int code, String... values) {
    synchronized (network.lock) {
      serverOptions.put(new OptionKey(code, "", ""), List.of(values));
    }
  }

  /** {@return the server-level options} */
  public List<OptionValue> serverOptions() {
    synchronized (network.lock) {
      return serverOptions.entrySet().stream().map(e -> e.getKey().toOption(e.getValue())).collect(Collectors.toList());
    }
  }

  // ------------------------------------------------------------------ failover inspection and controls

  /** {@return the relationships as this server reports them} */
  public List<FakeFailoverRelationship> relationships() {
    synchronized (network.lock) {
      tick();
      return relationships.values().stream().map(Side::snapshot).collect(Collectors.toList());
    }
  }

  /**
   * {@return the relationship with that name, as this server reports it}
   *
   * @param relationshipName the relationship's name
   */
  public Optional<FakeFailoverRelationship> relationship(String relationshipName) {
    synchronized (network.lock) {
      tick();
      return Optional.ofNullable(relationships.get(key(relationshipName))).map(Side::snapshot);
    }
  }

  /**
   * {@return this server's failover state in the relationship}
   *
   * @param relationshipName the relationship's name
   */
  public FakeWindowsFailoverState state(String relationshipName) {
    synchronized (network.lock) {
      tick();
      return side(relationshipName).state;
    }
  }

  /**
   * Puts this server's side of the relationship in a state, as if the failover protocol had moved it there.
   *
   * @param relationshipName the relationship's name
   * @param state the state
   */
  public void setState(String relationshipName, FakeWindowsFailoverState state) {
    synchronized (network.lock) {
      Side s = side(relationshipName);
      s.state = Objects.requireNonNull(state, "state");
      s.since = network.now();
    }
  }

  /**
   * {@return whether the relationship's shared secret is exactly {@code candidate} (compared in constant time)}
   *
   * @param relationshipName the relationship's name
   * @param candidate the secret to compare
   */
  public boolean sharedSecretMatches(String relationshipName, String candidate) {
    synchronized (network.lock) {
      Side s = side(relationshipName);
      if (s.secret == null) {
        return false;
      }
      byte[] a = new String(s.secret).getBytes(StandardCharsets.UTF_8);
      byte[] b = candidate.getBytes(StandardCharsets.UTF_8);
      try {
        return MessageDigest.isEqual(a, b);
      } finally {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  /** Cuts this server off from every failover partner. */
  public void makePartnerUnreachable() {
    synchronized (network.lock) {
      for (FakeWindowsDhcpServer p : partners()) {
        network.disconnect(this, p);
      }
    }
  }

  /** Reconnects this server to every failover partner. */
  public void makePartnerReachable() {
    synchronized (network.lock) {
      for (FakeWindowsDhcpServer p : partners()) {
        network.reconnect(this, p);
      }
    }
  }

  /** Makes the next cmdlet that changes this server fail with ERROR_DHCP_JET_ERROR (20013), changing nothing. */
  public void failNextWrite() {
    synchronized (network.lock) {
      failNextWrite = true;
    }
  }

  /** {@return every attempted change, oldest first} */
  public List<FakeWrite> writes() {
    synchronized (network.lock) {
      return List.copyOf(writes);
    }
  }

  @Override
  public String toString() {
    return "FakeWindowsDhcpServer[" + name + " " + address + "]";
  }

  // ------------------------------------------------------------------ internals

  Side side(String relationshipName) {
    Side s = relationships.get(key(relationshipName));
    if (s == null) {
      throw new IllegalArgumentException("no relationship " + relationshipName + " on " + name);
    }
    return s;
  }

  static String key(String relationshipName) {
    return relationshipName.toLowerCase(Locale.ROOT);
  }

  private Set<FakeWindowsDhcpServer> partners() {
    Set<FakeWindowsDhcpServer> out = new LinkedHashSet<>();
    relationships.values().forEach(s -> out.add(s.partner));
    return out;
  }

  /** Relationship sides whose timers ran out change state. */
  void tick() {
    Instant now = network.now();
    for (Side s : relationships.values()) {
      if (s.state == FakeWindowsFailoverState.COMMUNICATION_INT && s.autoStateTransition && s.stateSwitchInterval != null
          && !now.isBefore(s.since.plus(s.stateSwitchInterval))) {
        s.state = FakeWindowsFailoverState.PARTNER_DOWN;
        s.since = s.since.plus(s.stateSwitchInterval);
      }
      if (s.state == FakeWindowsFailoverState.RECOVER_WAIT && !now.isBefore(s.since.plus(s.mclt))) {
        s.state = FakeWindowsFailoverState.NORMAL;
        s.since = now;
        Side other = s.partner.relationships.get(key(s.name));
        if (other != null && other.state == FakeWindowsFailoverState.PARTNER_DOWN) {
          other.state = FakeWindowsFailoverState.NORMAL;
          other.since = now;
        }
      }
    }
  }

  /** The failover link to {@code partner} went down or came back. */
  void linkChanged(FakeWindowsDhcpServer partner, boolean up) {
    Instant now = network.now();
    for (Side s : relationships.values()) {
      if (s.partner != partner) {
        continue;
      }
      Side other = partner.relationships.get(key(s.name));
      if (!up) {
        if (s.state == FakeWindowsFailoverState.NORMAL) {
          s.state = FakeWindowsFailoverState.COMMUNICATION_INT;
          s.since = now;
        }
      } else if (s.state == FakeWindowsFailoverState.COMMUNICATION_INT) {
        boolean otherDown = other != null && other.state == FakeWindowsFailoverState.PARTNER_DOWN;
        s.state = otherDown ? FakeWindowsFailoverState.RECOVER_WAIT : FakeWindowsFailoverState.NORMAL;
        s.since = now;
      }
    }
  }

  // ------------------------------------------------------------------ model records

  /** An option's identity: code and classes ("" for none). */
  record OptionKey(int code, String userClass, String vendorClass) implements Comparable<OptionKey> {
    OptionKey {
      userClass = userClass == null ? "" : userClass;
      vendorClass = vendorClass == null ? "" : vendorClass;
    }

    OptionValue toOption(List<String> values) {
      var b = OptionValue.builder().code(code).value(String.join(", ", values));
      if (!userClass.isEmpty()) {
        b.userClass(userClass);
      }
      if (!vendorClass.isEmpty()) {
        b.vendorClass(vendorClass);
      }
      return b.build();
    }

    static OptionKey of(OptionValue o) {
      return new OptionKey(o.code(), o.userClass().orElse(""), o.vendorClass().orElse(""));
    }

    boolean matches(int code, String user, String vendor) {
      return this.code == code && userClass.equalsIgnoreCase(user == null ? "" : user)
          && vendorClass.equalsIgnoreCase(vendor == null ? "" : vendor);
    }

    @Override
    public int compareTo(OptionKey o) {
      int c = Integer.compare(code, o.code);
      if (c == 0) {
        c = userClass.compareToIgnoreCase(o.userClass);
      }
      return c != 0 ? c : vendorClass.compareToIgnoreCase(o.vendorClass);
    }
  }

  /**
   * The elements of an option value in the SDK's terms: the Windows backend joins a value's
   * elements with {@code ", "} when it reads and splits on {@code ", "} when it writes, so a
   * scope put here holds what the backend would have written for it.
   */
  static List<String> splitValues(String value) {
    return Arrays.asList(value.split(", ", -1));
  }

  /** A reservation as Windows holds it. */
  static final class ReservationRecord {
    Ipv4Address ip;
    String clientId;
    String name;
    String description = "";
    String type = "Both";
    final Map<OptionKey, List<String>> options = new TreeMap<>();

    ReservationRecord copy() {
      ReservationRecord r = new ReservationRecord();
      r.ip = ip;
      r.clientId = clientId;
      r.name = name;
      r.description = description;
      r.type = type;
      r.options.putAll(options);
      return r;
    }
  }

  /** A scope as Windows holds it. */
  static final class ScopeRecord {
    Ipv4Address scopeId;
    Ipv4Address mask;
    String name;
    String description = "";
    Ipv4Address start;
    Ipv4Address end;
    boolean active = true;
    Duration leaseDuration = DEFAULT_LEASE;
    String type = "Dhcp";
    final TreeMap<AddressRange, AddressRange> exclusions = new TreeMap<>();
    final Map<Ipv4Address, ReservationRecord> reservations = new TreeMap<>();
    final Map<OptionKey, List<String>> options = new TreeMap<>();

    Subnet subnet() {
      return Subnet.of(scopeId, mask);
    }

    ScopeRecord copy() {
      ScopeRecord r = new ScopeRecord();
      r.scopeId = scopeId;
      r.mask = mask;
      r.name = name;
      r.description = description;
      r.start = start;
      r.end = end;
      r.active = active;
      r.leaseDuration = leaseDuration;
      r.type = type;
      r.exclusions.putAll(exclusions);
      reservations.forEach((k, v) -> r.reservations.put(k, v.copy()));
      r.options.putAll(options);
      return r;
    }

    static ScopeRecord from(Scope scope) {
      ScopeRecord r = new ScopeRecord();
      r.scopeId = scope.subnet().network();
      r.mask = scope.subnet().mask();
      r.name = scope.name().isEmpty() ? scope.subnet().network().toString() : scope.name();
      r.description = scope.properties().description();
      r.start = scope.pools().get(0).range().start();
      r.end = scope.pools().get(0).range().end();
      r.active = scope.enabled();
      r.leaseDuration = scope.properties().leaseTime().orElse(DEFAULT_LEASE);
      scope.exclusions().forEach(e -> r.exclusions.put(e.range(), e.range()));
      for (Reservation res : scope.reservations()) {
        ReservationRecord rr = new ReservationRecord();
        rr.ip = res.address();
        rr.clientId = res.identifier().replace(':', '-');
        rr.name = res.name().orElse(null);
        rr.description = res.description().orElse("");
        res.options().forEach(o -> rr.options.put(OptionKey.of(o), splitValues(o.value())));
        r.reservations.put(rr.ip, rr);
      }
      scope.options().forEach(o -> r.options.put(OptionKey.of(o), splitValues(o.value())));
      return r;
    }

    Scope toScope() {
      var props = ScopeProperties.builder().name(name).description(description).leaseTime(leaseDuration)
          .enabled(active).build();
      var b = Scope.builder().subnet(subnet()).properties(props).addPool(Pool.of(AddressRange.of(start, end)));
      exclusions.keySet().forEach(e -> b.addExclusion(Exclusion.of(e)));
      for (ReservationRecord rr : reservations.values()) {
        var rb = Reservation.builder().identifier(rr.clientId).address(rr.ip);
        if (rr.name != null) {
          rb.name(rr.name);
        }
        if (!rr.description.isEmpty()) {
          rb.description(rr.description);
        }
        rr.options.forEach((k, v) -> rb.addOption(k.toOption(v)));
        b.addReservation(rb.build());
      }
      options.forEach((k, v) -> b.addOption(k.toOption(v)));
      return b.build();
    }
  }

  /** This server's side of a failover relationship. */
  static final class Side {
    String name;
    String partnerServer;
    FakeWindowsDhcpServer partner;
    String mode;
    String serverRole;
    Integer loadBalancePercent;
    Integer reservePercent;
    Duration mclt;
    boolean autoStateTransition;
    Duration stateSwitchInterval;
    char[] secret;
    final Set<Ipv4Address> scopeIds = new TreeSet<>();
    FakeWindowsFailoverState state = FakeWindowsFailoverState.NORMAL;
    Instant since;
    boolean primary;
    String primaryServerName;
    String secondaryServerName;
    Ipv4Address primaryServerIp;
    Ipv4Address secondaryServerIp;

    FakeFailoverRelationship snapshot() {
      return new FakeFailoverRelationship(name, partnerServer, mode, Optional.ofNullable(serverRole),
          loadBalancePercent == null ? OptionalInt.empty() : OptionalInt.of(loadBalancePercent),
          reservePercent == null ? OptionalInt.empty() : OptionalInt.of(reservePercent), mclt, autoStateTransition,
          Optional.ofNullable(stateSwitchInterval), secret != null, new ArrayList<>(scopeIds), state,
          primary ? "PrimaryServer" : "SecondaryServer", primaryServerName, secondaryServerName, primaryServerIp,
          secondaryServerIp);
    }
  }
}
