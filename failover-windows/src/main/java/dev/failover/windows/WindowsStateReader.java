package dev.failover.windows;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.failover.errors.BackendException;
import dev.failover.errors.ValidationException;
import dev.failover.json.FailoverJson;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Fingerprints;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.OptionTarget;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.PsCommand;
import dev.failover.windows.ps.ScopeState;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.ps.ScriptReport;
import dev.failover.windows.ps.CmdletServerRole;
import dev.failover.windows.ps.StepOutput;
import dev.failover.windows.ps.WindowsExclusionInfo;
import dev.failover.windows.ps.WindowsFailoverInfo;
import dev.failover.windows.ps.WindowsOptionValueInfo;
import dev.failover.windows.ps.WindowsReservationInfo;
import dev.failover.windows.ps.WindowsScopeInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns the answer of the snapshot script into a {@link Snapshot}: Windows' objects in the
 * API's terms, plus the pending relationships of the SDK's store.
 *
 * <p>Relationships. Both servers must read the same {@link Relationship}, because the facade
 * verifies a plan by reading both back. The primary is the server Windows calls
 * {@code PrimaryServer} (the one the relationship was created on: {@code ServerType} there),
 * the secondary its partner; the partner's name as Windows prints it is matched to the
 * inventory server whose address is that name, else whose id is, else whose address is the
 * partner's IP Windows reports, else whose address or id has that first DNS label. The per-side
 * values are turned into the primary's view: {@code loadBalancePercent} is the primary's share
 * (100 minus the local value on the secondary), and in hot standby {@code partnerRole} is the
 * secondary's {@code CmdletServerRole}. Windows always reports every value, so the settings always
 * carry them explicitly. The shared secret is never returned: {@code messageAuthentication}
 * says whether one is set. A state switchover interval is reported only while automatic
 * transition is on.
 *
 * <p>Scopes: one pool (the scope's range), the lease duration, {@code InActive} as disabled;
 * reservations keyed by their client id (a hardware address up to 20 bytes, a client id
 * beyond), with the name Windows reports; option values with several elements joined by
 * {@code ", "}. Option values set for a policy are not read (policies are not modelled).
 *
 * <p>The fingerprint is the SHA-256 of the canonical JSON of the server id, the scopes and the
 * relationships (pending ones included), so it changes whenever anything a plan is made from
 * changes, and never depends on a secret.
 */
final class WindowsStateReader {

  private static final int MAX_HW_ADDRESS_BYTES = 20;

  private final WindowsShells shells;

  WindowsStateReader(WindowsShells shells) {
    this.shells = shells;
  }

  /** Reads the server into its state, remembering every server of the inventory (partners are named from them). */
  ServerState read(Server server, Inventory inventory) {
    shells.know(server, inventory);
    return snapshot(server).state();
  }

  /** Runs the snapshot script on the server and reads it (pending relationships included); the snapshot is remembered. */
  Snapshot snapshot(Server server) {
    shells.know(server);
    List<Relationship> pending = shells.pending(server);
    ScriptReport report;
    try (PowerShellScript script = ScriptComposer.snapshot()) {
      report = shells.run(server, script);
    }
    Snapshot s = read(server, shells.knownServers(), report, pending);
    shells.remember(server.id(), s);
    return s;
  }

  /**
   * Reads {@code source} through {@code via}: the snapshot script run on {@code via} with
   * {@code -ComputerName computerName} (what a replication's destination sees of its source).
   */
  Snapshot snapshotThrough(Server via, Server source, String computerName) {
    try (PowerShellScript script = ScriptComposer.snapshot(computerName)) {
      return read(source, shells.knownServers(), shells.run(via, script), List.of(), Optional.of(computerName));
    }
  }

  /**
   * Reads the report of {@link ScriptComposer#snapshot()} run on {@code self}.
   *
   * @param known the servers the backend knows, to name a relationship's partner
   * @param pending the relationships the pending store holds for {@code self}
   */
  static Snapshot read(Server self, Collection<Server> known, ScriptReport report, List<Relationship> pending) {
    return read(self, known, report, pending, Optional.empty());
  }

  /**
   * Reads the report of the snapshot script; {@code computerName} is the {@code -ComputerName}
   * the script read {@code self} through ({@link ScriptComposer#snapshot(String)}), if any. The
   * snapshot keeps, beside the state, each read as a {@link ScriptComposer.Guard}: the same
   * command (through the same computer name) and the exact text it printed.
   */
  static Snapshot read(Server self, Collection<Server> known, ScriptReport report, List<Relationship> pending,
      Optional<String> computerName) {
    String where = self.id().value();
    report.failure().ifPresent(f -> {
      throw ScriptReport.toException(where, f);
    });
    int completed = report.completedSteps();
    if (completed < ScriptComposer.SNAPSHOT_LISTINGS) {
      throw incomplete(where, completed);
    }
    try {
      List<WindowsScopeInfo> scopeInfos = report.output(0).as(WindowsScopeInfo::fromJson);
      List<WindowsFailoverInfo> failovers = report.output(1).as(WindowsFailoverInfo::fromJson);
      List<WindowsExclusionInfo> exclusions = report.output(2).as(WindowsExclusionInfo::fromJson);
      Function<PsCommand, PsCommand> through = c -> computerName.map(c::onComputer).orElse(c);
      List<ScriptComposer.Guard> listingGuards = List.of(
          guard(through.apply(DhcpCommands.getScopes()), report.output(0)),
          guard(through.apply(DhcpCommands.getFailovers()), report.output(1)),
          guard(through.apply(DhcpCommands.getAllExclusions()), report.output(2)));
      Map<Subnet, List<ScriptComposer.Guard>> scopeGuards = new LinkedHashMap<>();
      int next = ScriptComposer.SNAPSHOT_LISTINGS;
      Map<Ipv4Address, Subnet> subnets = new HashMap<>();
      List<Scope> scopes = new ArrayList<>();
      for (WindowsScopeInfo info : scopeInfos) {
        if (next + 2 > completed) {
          throw incomplete(where, completed);
        }
        List<ScriptComposer.Guard> guards = new ArrayList<>();
        guards.add(guard(through.apply(DhcpCommands.getReservations(info.scopeId())), report.output(next)));
        List<WindowsReservationInfo> reservations = report.output(next++).as(WindowsReservationInfo::fromJson);
        guards.add(guard(through.apply(DhcpCommands.getOptionValues(OptionTarget.scope(info.scopeId()))),
            report.output(next)));
        List<WindowsOptionValueInfo> options = report.output(next++).as(WindowsOptionValueInfo::fromJson);
        List<List<WindowsOptionValueInfo>> reservationOptions = new ArrayList<>();
        for (int i = 0; i < reservations.size(); i++) {
          if (next >= completed) {
            throw incomplete(where, completed);
          }
          guards.add(guard(through.apply(DhcpCommands.getOptionValues(
              OptionTarget.reservation(reservations.get(i).ipAddress()))), report.output(next)));
          reservationOptions.add(report.output(next++).as(WindowsOptionValueInfo::fromJson));
        }
        Scope scope = scope(info, exclusions, reservations, options, reservationOptions);
        scopes.add(scope);
        subnets.put(info.scopeId(), scope.subnet());
        scopeGuards.put(scope.subnet(), List.copyOf(guards));
      }
      if (next != completed) {
        throw incomplete(where, completed);
      }
      Map<RelationshipName, WindowsFailoverInfo> windows = new LinkedHashMap<>();
      List<Relationship> relationships = new ArrayList<>();
      Set<String> windowsNames = new TreeSet<>();
      for (WindowsFailoverInfo info : failovers) {
        Relationship r = relationship(self, known, info, subnets);
        windows.put(r.name(), info);
        relationships.add(r);
        windowsNames.add(info.name().toLowerCase(Locale.ROOT));
      }
      Set<RelationshipName> pendingNames = new TreeSet<>();
      Set<RelationshipName> stale = new TreeSet<>();
      for (Relationship p : pending) {
        // Windows is the authority: a pending record of a relationship Windows now holds is stale
        if (windowsNames.contains(p.name().value().toLowerCase(Locale.ROOT)) || !p.involves(self.id())) {
          stale.add(p.name());
        } else {
          relationships.add(p);
          pendingNames.add(p.name());
        }
      }
      ServerState state = ServerState.builder().server(self.id()).vendor(Vendor.WINDOWS)
          .fingerprint(fingerprint(self.id(), scopes, relationships)).scopes(scopes).relationships(relationships)
          .build();
      return new Snapshot(state, windows, pendingNames, stale, listingGuards, scopeGuards);
    } catch (IllegalArgumentException e) {
      throw new BackendException(BackendException.Kind.TRANSPORT, where,
          "the server's answer could not be read: " + e.getMessage(), "snapshot", false, e);
    } catch (ValidationException e) {
      throw new BackendException(BackendException.Kind.REJECTED, where,
          "the server holds something the SDK cannot represent: " + e.getMessage(), "unrepresentable", false, e);
    }
  }

  private static ScriptComposer.Guard guard(PsCommand read, StepOutput printed) {
    return new ScriptComposer.Guard(read, printed.json() == null ? "" : printed.json());
  }

  private static BackendException incomplete(String where, int completed) {
    return new BackendException(BackendException.Kind.TRANSPORT, where,
        "the snapshot script's answer does not have the expected shape (" + completed + " results)", "snapshot",
        false, null);
  }

  // ------------------------------------------------------------------------------- scopes

  private static Scope scope(WindowsScopeInfo info, List<WindowsExclusionInfo> exclusions,
      List<WindowsReservationInfo> reservations, List<WindowsOptionValueInfo> options,
      List<List<WindowsOptionValueInfo>> reservationOptions) {
    ScopeProperties props = ScopeProperties.builder().name(info.name()).description(info.description())
        .leaseTime(info.leaseDuration()).enabled(info.state() == ScopeState.ACTIVE).build();
    var b = Scope.builder().subnet(info.subnet()).properties(props).addPool(Pool.of(info.range()));
    for (WindowsExclusionInfo e : exclusions) {
      if (e.scopeId().equals(info.scopeId())) {
        b.addExclusion(Exclusion.of(AddressRange.of(e.startRange(), e.endRange())));
      }
    }
    for (int i = 0; i < reservations.size(); i++) {
      WindowsReservationInfo r = reservations.get(i);
      b.addReservation(reservation(r, reservationOptions.get(i)));
    }
    options.stream().filter(o -> o.policyName().isEmpty()).map(WindowsOptionValueInfo::toOptionValue)
        .forEach(b::addOption);
    return b.build();
  }

  private static Reservation reservation(WindowsReservationInfo r, List<WindowsOptionValueInfo> options) {
    var b = Reservation.builder().identifier(r.clientId()).address(r.ipAddress())
        .identifierType(identifierType(r.clientId())).name(r.name()).description(r.description());
    options.stream().filter(o -> o.policyName().isEmpty()).map(WindowsOptionValueInfo::toOptionValue)
        .forEach(b::addOption);
    return b.build();
  }

  /** How a Windows client id is read: a hardware address up to 20 bytes, a client identifier beyond. */
  static Reservation.IdentifierType identifierType(String clientId) {
    int bytes = clientId.split("[:-]", -1).length;
    if (clientId.indexOf(':') < 0 && clientId.indexOf('-') < 0) {
      bytes = clientId.length() / 2;
    }
    return bytes <= MAX_HW_ADDRESS_BYTES ? Reservation.IdentifierType.HW_ADDRESS : Reservation.IdentifierType.CLIENT_ID;
  }

  // ------------------------------------------------------------------------ relationships

  static Relationship relationship(Server self, Collection<Server> known, WindowsFailoverInfo info,
      Map<Ipv4Address, Subnet> subnets) {
    boolean selfPrimary = selfIsPrimary(self, info);
    ServerId partner = partner(self, known, info, selfPrimary);
    FailoverMode mode = info.mode() == dev.failover.windows.ps.CmdletFailoverMode.HOT_STANDBY ? FailoverMode.HOT_STANDBY
        : FailoverMode.LOAD_BALANCING;
    var settings = WindowsFailoverSettings.builder().maxClientLeadTime(info.maxClientLeadTime())
        .messageAuthentication(info.enableAuth());
    if (info.autoStateTransition()) {
      info.stateSwitchInterval().ifPresent(settings::stateSwitchInterval);
    }
    if (mode == FailoverMode.LOAD_BALANCING) {
      int local = info.loadBalancePercent().orElse(WindowsFailoverSettings.DEFAULT_LOAD_BALANCE_PERCENT);
      settings.loadBalancePercent(selfPrimary ? local : 100 - local);
    } else {
      settings.reservePercent(info.reservePercent().orElse(WindowsFailoverSettings.DEFAULT_RESERVE_PERCENT));
      CmdletServerRole local = info.serverRole().orElse(selfPrimary ? CmdletServerRole.ACTIVE : CmdletServerRole.STANDBY);
      CmdletServerRole secondary = selfPrimary ? local.other() : local;
      settings.partnerRole(secondary == CmdletServerRole.ACTIVE ? WindowsServerRole.ACTIVE : WindowsServerRole.STANDBY);
    }
    List<Subnet> scopes = new ArrayList<>();
    for (Ipv4Address id : info.scopeIds()) {
      Subnet subnet = subnets.get(id);
      if (subnet == null) {
        throw new BackendException(BackendException.Kind.REJECTED, self.id().value(), "relationship \""
            + info.name() + "\" lists scope " + id + ", which the server does not have", "unrepresentable", false,
            null);
      }
      scopes.add(subnet);
    }
    return Relationship.builder().name(info.name()).mode(mode).primary(selfPrimary ? self.id() : partner)
        .secondary(selfPrimary ? partner : self.id()).settings(settings.build()).scopes(scopes).build();
  }

  /** Whether Windows calls this server the relationship's primary (the server it was created on). */
  private static boolean selfIsPrimary(Server self, WindowsFailoverInfo info) {
    if (info.serverType().isPresent()) {
      return info.serverType().get().replace(" ", "").equalsIgnoreCase("PrimaryServer");
    }
    Optional<String> primaryName = info.primaryServerName().or(() -> info.primaryServerIp().map(Ipv4Address::toString));
    return primaryName.map(n -> sameHost(n, self.address())).orElse(false);
  }

  /** The inventory server Windows names as the partner (see the class comment for the order of matches). */
  static ServerId partner(Server self, Collection<Server> known, WindowsFailoverInfo info, boolean selfPrimary) {
    String name = stripDot(info.partnerServer());
    List<Server> candidates = known.stream()
        .filter(s -> !s.id().equals(self.id()) && s.vendor() == Vendor.WINDOWS).toList();
    for (Server s : candidates) {
      if (stripDot(s.address()).equalsIgnoreCase(name)) {
        return s.id();
      }
    }
    for (Server s : candidates) {
      if (s.id().value().equalsIgnoreCase(name)) {
        return s.id();
      }
    }
    Optional<Ipv4Address> ip = selfPrimary ? info.secondaryServerIp() : info.primaryServerIp();
    if (ip.isPresent()) {
      for (Server s : candidates) {
        if (s.address().equals(ip.get().toString())) {
          return s.id();
        }
      }
    }
    List<Server> byLabel = candidates.stream()
        .filter(s -> sameHost(name, s.address()) || firstLabel(name).equalsIgnoreCase(s.id().value())).toList();
    if (byLabel.size() == 1) {
      return byLabel.get(0).id();
    }
    return unknownPartner(name.isEmpty() ? ip.map(Ipv4Address::toString).orElse("unknown-partner") : name);
  }

  /** A server id for a partner the inventory does not know, made from its name. */
  private static ServerId unknownPartner(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : name.toCharArray()) {
      b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
          || c == '_' ? c : '-');
      if (b.length() == 64) {
        break;
      }
    }
    if (b.length() == 0 || !Character.isLetterOrDigit(b.charAt(0))) {
      b.insert(0, 'x');
    }
    return ServerId.of(b.length() > 64 ? b.substring(0, 64) : b.toString());
  }

  private static boolean sameHost(String a, String b) {
    String x = stripDot(a);
    String y = stripDot(b);
    if (x.equalsIgnoreCase(y)) {
      return true;
    }
    boolean xIp = Ipv4Address.isValid(x);
    boolean yIp = Ipv4Address.isValid(y);
    return !xIp && !yIp && firstLabel(x).equalsIgnoreCase(firstLabel(y));
  }

  private static String firstLabel(String host) {
    int dot = host.indexOf('.');
    return dot < 0 ? host : host.substring(0, dot);
  }

  private static String stripDot(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  // --------------------------------------------------------------------------- fingerprint

  /** SHA-256 (hex) of the canonical JSON of the server's scopes and relationships. */
  static String fingerprint(ServerId server, List<Scope> scopes, List<Relationship> relationships) {
    List<Scope> sortedScopes = new ArrayList<>(scopes);
    sortedScopes.sort((x, y) -> x.subnet().compareTo(y.subnet()));
    List<Relationship> sortedRelationships = new ArrayList<>(relationships);
    sortedRelationships.sort((x, y) -> x.name().compareTo(y.name()));
    Map<String, Object> canonical = new LinkedHashMap<>();
    canonical.put("server", server.value());
    canonical.put("vendor", Vendor.WINDOWS.name());
    canonical.put("scopes", sortedScopes);
    canonical.put("relationships", sortedRelationships);
    try {
      byte[] json = FailoverJson.mapper().writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
      return Fingerprints.sha256(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the state as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The fingerprint of a state computed here (the state's own fingerprint field is ignored). */
  static String fingerprint(ServerState state) {
    return fingerprint(state.server(), state.scopes(), state.relationships());
  }
}
