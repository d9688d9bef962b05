package dev.failover.windows;

import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.scope.Exclusion;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.windows.ps.AddFailover;
import dev.failover.windows.ps.AddReservation;
import dev.failover.windows.ps.AddScopeCmdlet;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.ImmutableSetFailover;
import dev.failover.windows.ps.ImmutableSetScope;
import dev.failover.windows.ps.OptionTarget;
import dev.failover.windows.ps.PsCommand;
import dev.failover.windows.ps.ScopeState;
import dev.failover.windows.ps.CmdletServerRole;
import dev.failover.windows.ps.SetFailover;
import dev.failover.windows.ps.SetScope;
import dev.failover.windows.ps.WindowsFailoverInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Works out what one server must run so that it holds what its part of a plan says: the
 * cmdlets of its one script, and the changes to the pending store. It compares what the server
 * holds now with what it must hold, so it does only what is still missing, whichever part of
 * the plan runs first.
 *
 * <p>Windows' failover cmdlets act on both partners, so each relationship change is done by one
 * of the two servers, decided by each from its own part and state (both parts are checked before
 * either is applied):
 * <ul>
 *   <li><b>create</b>: the primary runs {@code Add-DhcpServerv4Failover} with its scopes, which
 *       creates the relationship on the partner and copies the scopes there; the secondary's
 *       part (a copy of each scope and the relationship) is what that cmdlet does, so it runs
 *       nothing. A relationship without scopes is written to the pending store on each server
 *       instead, and created on Windows by the primary with its first scope.</li>
 *   <li><b>add scope</b>: the server that holds the scope runs {@code Add-DhcpServerv4FailoverScope};
 *       the partner receives the copy.</li>
 *   <li><b>modify</b>: {@code Set-DhcpServerv4Failover} changes both sides; the primary runs it,
 *       except a change to hot standby, which the server that becomes the active one runs
 *       (Windows makes the server it runs on active).</li>
 *   <li><b>remove</b> a relationship or a scope from it: the removal cmdlets keep the scopes on the
 *       server they run on and delete the partner's copies, so the copies in service must be on
 *       the server the cmdlet runs on. Whichever server finds the relationship (or the scope in
 *       it) still there runs the removal: a server whose part keeps its copies as they are and
 *       enabled (the survivor) runs it on itself, keeping them and their leases; any other (its
 *       part deletes or disables its copies, or they are all disabled already) runs it <em>on
 *       its partner</em> ({@code -ComputerName}), keeping the partner's copies and losing its
 *       own. A server whose copies were deleted so then creates again each copy its part keeps
 *       (disabled, for the "disable" choice) from the state its part was planned from. The
 *       survivor's copies are never deleted. The same rule undoes a create or an added scope
 *       when the facade rolls a plan back: the server that keeps its scopes removes the
 *       relationship on itself.</li>
 *   <li>item changes are made on the server whose part they are, cmdlet by cmdlet: the undo of
 *       a replication part (a replication itself runs Windows' own cmdlet, {@link Replication}).</li>
 * </ul>
 */
final class WindowsPartRenderer {

  /** What one server runs. */
  record Actions(List<PsCommand> commands, List<Relationship> pendingPut, List<RelationshipName> pendingRemove,
      Set<Subnet> subnets, List<Violation> problems) {

    boolean changesNothing() {
      return commands.isEmpty() && pendingPut.isEmpty() && pendingRemove.isEmpty();
    }
  }

  private final ServerId self;
  private final Snapshot current;
  private final ServerState expected;
  private final Function<ServerId, Optional<Server>> known;
  private final Map<Subnet, Scope> sim = new TreeMap<>();
  private final Set<Subnet> receive = new TreeSet<>();
  private final List<PsCommand> relationshipCommands = new ArrayList<>();
  private final List<PsCommand> scopeCommands = new ArrayList<>();
  private final List<Relationship> pendingPut = new ArrayList<>();
  private final List<RelationshipName> pendingRemove = new ArrayList<>();
  private final Set<Subnet> subnets = new TreeSet<>();
  private final Violations problems = Violations.collect();

  private WindowsPartRenderer(ServerId self, Snapshot current, ServerState expected,
      Function<ServerId, Optional<Server>> known) {
    this.self = self;
    this.current = current;
    this.expected = expected;
    this.known = known;
    current.state().scopes().forEach(s -> sim.put(s.subnet(), s));
  }

  /** The actions that take the server from {@code current} to {@code expected}. */
  static Actions plan(ServerId self, Snapshot current, ServerState expected,
      Function<ServerId, Optional<Server>> known) {
    return new WindowsPartRenderer(self, current, expected, known).run();
  }

  private Actions run() {
    Set<RelationshipName> names = new TreeSet<>();
    current.state().relationships().forEach(r -> names.add(r.name()));
    expected.relationships().forEach(r -> names.add(r.name()));
    for (RelationshipName n : names) {
      relationship(n);
    }
    pendingRemove.addAll(current.stale());
    Set<Subnet> all = new TreeSet<>(sim.keySet());
    expected.scopes().forEach(s -> all.add(s.subnet()));
    for (Subnet x : all) {
      scope(x);
    }
    List<PsCommand> commands = new ArrayList<>(relationshipCommands);
    commands.addAll(scopeCommands);
    return new Actions(commands, pendingPut, pendingRemove, subnets, problems.list());
  }

  // ------------------------------------------------------------------------ relationships

  private void relationship(RelationshipName n) {
    Optional<Relationship> onWindows = current.onWindows(n);
    Optional<Relationship> pending = current.pendingOnly(n);
    Optional<Relationship> want = expected.relationship(n);
    if (want.isEmpty()) {
      pending.ifPresent(p -> pendingRemove.add(n));
      onWindows.ifPresent(this::remove);
      return;
    }
    Relationship e = want.get();
    if (onWindows.isEmpty()) {
      if (e.scopes().isEmpty()) {
        if (!pending.equals(want)) {
          pendingPut.add(e);
        }
        return;
      }
      create(e);
      pending.ifPresent(p -> pendingRemove.add(n));
      return;
    }
    modify(onWindows.get(), e);
  }

  private void create(Relationship e) {
    if (!self.equals(e.primary())) {
      // the primary's Add-DhcpServerv4Failover creates it here, with copies of its scopes
      e.scopes().stream().filter(x -> !sim.containsKey(x)).forEach(receive::add);
      return;
    }
    List<Subnet> local = e.scopes().stream().filter(sim::containsKey).toList();
    List<Subnet> elsewhere = e.scopes().stream().filter(x -> !sim.containsKey(x)).toList();
    problems.check(elsewhere.isEmpty(), "scopes", elsewhere, "must be on the primary " + self + " when relationship "
        + e.name() + " is created on Windows: Add-DhcpServerv4Failover copies the scopes of the server it runs on "
        + "to the partner (create it with the primary's scopes, then add the others with AddScope)");
    Optional<Server> partner = known.apply(e.secondary());
    problems.check(partner.isPresent(), "secondary", e.secondary(), "must be known to this backend (read it through "
        + "the backend first): Add-DhcpServerv4Failover needs the partner's address");
    if (local.isEmpty() || partner.isEmpty() || !elsewhere.isEmpty()) {
      return;
    }
    WindowsFailoverSettings s = (WindowsFailoverSettings) e.settings();
    var add = AddFailover.builder().name(e.name().value()).partnerServer(partner.get().address())
        .scopeIds(local.stream().map(Subnet::network).toList()).maxClientLeadTime(s.maxClientLeadTime())
        .stateSwitchInterval(s.stateSwitchInterval()).sharedSecret(s.sharedSecret());
    if (e.mode() == FailoverMode.HOT_STANDBY) {
      add.mode(dev.failover.windows.ps.CmdletFailoverMode.HOT_STANDBY).reservePercent(s.effectiveReservePercent())
          .serverRole(s.effectivePartnerRole() == WindowsServerRole.STANDBY ? CmdletServerRole.ACTIVE : CmdletServerRole.STANDBY);
    } else {
      add.mode(dev.failover.windows.ps.CmdletFailoverMode.LOAD_BALANCE).loadBalancePercent(s.effectiveLoadBalancePercent());
    }
    relationshipCommands.add(DhcpCommands.addFailover(add.build()));
    subnets.addAll(local);
  }

  private void modify(Relationship c, Relationship e) {
    if (!sameButScopes(c, e)) {
      ServerId actor = e.mode() == FailoverMode.HOT_STANDBY && c.mode() != FailoverMode.HOT_STANDBY
          && ((WindowsFailoverSettings) e.settings()).effectivePartnerRole() == WindowsServerRole.ACTIVE
          ? e.secondary() : e.primary();
      if (self.equals(actor)) {
        setFailover(c, e, self.equals(e.primary())).ifPresent(relationshipCommands::add);
      }
    }
    List<Subnet> leaving = c.scopes().stream().filter(x -> !e.scopes().contains(x)).toList();
    List<Subnet> keepHere = leaving.stream().filter(this::keptInService).toList();
    List<Subnet> keepThere = leaving.stream().filter(x -> !keptInService(x)).toList();
    if (!keepHere.isEmpty()) {
      relationshipCommands.add(DhcpCommands.removeFailoverScope(e.name().value(), ids(keepHere)));
      subnets.addAll(keepHere);
    }
    if (!keepThere.isEmpty()) {
      relationshipCommands.add(DhcpCommands.removeFailoverScope(e.name().value(), ids(keepThere))
          .onComputer(partnerName(c.name())));
      keepThere.forEach(sim::remove);
      subnets.addAll(keepThere);
    }
    List<Subnet> joining = e.scopes().stream().filter(x -> !c.scopes().contains(x)).toList();
    List<Subnet> mine = joining.stream().filter(sim::containsKey).toList();
    if (!mine.isEmpty()) {
      relationshipCommands.add(DhcpCommands.addFailoverScope(e.name().value(), ids(mine)));
      subnets.addAll(mine);
    }
    joining.stream().filter(x -> !sim.containsKey(x)).forEach(receive::add);
  }

  private void remove(Relationship c) {
    if (c.scopes().isEmpty()) {
      if (self.equals(c.primary())) {
        relationshipCommands.add(DhcpCommands.removeFailover(c.name().value()));
      }
      return;
    }
    boolean keepsAll = c.scopes().stream().allMatch(x -> Objects.equals(expected.scope(x).orElse(null), sim.get(x)));
    boolean anyEnabled = c.scopes().stream().map(sim::get).anyMatch(s -> s != null && s.enabled());
    subnets.addAll(c.scopes());
    if (keepsAll && anyEnabled) {
      // the survivor: removing it here keeps these copies (and their leases) and deletes the partner's
      relationshipCommands.add(DhcpCommands.removeFailover(c.name().value()));
      return;
    }
    // removing it on the partner keeps the partner's copies; this server's are created again below
    relationshipCommands.add(DhcpCommands.removeFailover(c.name().value()).onComputer(partnerName(c.name())));
    c.scopes().forEach(sim::remove);
  }

  /** A scope leaving failover that this server keeps in service as it is: the removal runs here. */
  private boolean keptInService(Subnet x) {
    Scope now = sim.get(x);
    return now != null && now.enabled() && Objects.equals(expected.scope(x).orElse(null), now);
  }

  private String partnerName(RelationshipName n) {
    return current.info(n).map(WindowsFailoverInfo::partnerServer).orElseThrow();
  }

  private static boolean sameButScopes(Relationship c, Relationship e) {
    return ImmutableRelationship.copyOf(c).withScopes(e.scopes()).equals(e);
  }

  /** {@code Set-DhcpServerv4Failover} with what differs, from the side it runs on. */
  static Optional<PsCommand> setFailover(Relationship c, Relationship e, boolean onPrimary) {
    WindowsFailoverSettings was = (WindowsFailoverSettings) c.settings();
    WindowsFailoverSettings now = (WindowsFailoverSettings) e.settings();
    ImmutableSetFailover.Builder b = SetFailover.builder().name(e.name().value());
    boolean changes = false;
    boolean modeChange = c.mode() != e.mode();
    if (modeChange) {
      b.mode(e.mode() == FailoverMode.HOT_STANDBY ? dev.failover.windows.ps.CmdletFailoverMode.HOT_STANDBY
          : dev.failover.windows.ps.CmdletFailoverMode.LOAD_BALANCE);
      changes = true;
    }
    if (e.mode() == FailoverMode.LOAD_BALANCING) {
      if (modeChange || was.effectiveLoadBalancePercent() != now.effectiveLoadBalancePercent()) {
        b.loadBalancePercent(onPrimary ? now.effectiveLoadBalancePercent() : 100 - now.effectiveLoadBalancePercent());
        changes = true;
      }
    } else if (modeChange || was.effectiveReservePercent() != now.effectiveReservePercent()) {
      b.reservePercent(now.effectiveReservePercent());
      changes = true;
    }
    if (!was.maxClientLeadTime().equals(now.maxClientLeadTime())) {
      b.maxClientLeadTime(now.maxClientLeadTime());
      changes = true;
    }
    if (!was.stateSwitchInterval().equals(now.stateSwitchInterval())) {
      if (now.stateSwitchInterval().isPresent()) {
        b.stateSwitchInterval(now.stateSwitchInterval());
      } else {
        b.autoStateTransition(false);
      }
      changes = true;
    }
    if (now.sharedSecret().isPresent()) {
      b.sharedSecret(now.sharedSecret());
      changes = true;
    } else if (was.messageAuthentication() && !now.messageAuthentication()) {
      b.disableAuthentication(true);
      changes = true;
    }
    return changes ? Optional.of(DhcpCommands.setFailover(b.build())) : Optional.empty();
  }

  // ------------------------------------------------------------------------------- scopes

  private void scope(Subnet x) {
    Scope now = sim.get(x);
    Scope want = expected.scope(x).orElse(null);
    if (Objects.equals(now, want)) {
      return;
    }
    if (now == null && receive.contains(x)) {
      return; // the partner's failover cmdlet copies it here
    }
    subnets.add(x);
    if (want == null) {
      scopeCommands.add(DhcpCommands.removeScope(x.network()));
      return;
    }
    List<Violation> unrepresentable = WindowsScopes.violations(want);
    if (!unrepresentable.isEmpty()) {
      problems.addAll("", unrepresentable);
      return;
    }
    if (now == null) {
      scopeCommands.addAll(create(want));
    } else {
      scopeCommands.addAll(change(now, want));
    }
  }

  /** Every command that creates the scope with all its contents. */
  static List<PsCommand> create(Scope t) {
    Ipv4Address id = t.subnet().network();
    List<PsCommand> out = new ArrayList<>();
    out.add(DhcpCommands.addScope(AddScopeCmdlet.from(t)));
    t.exclusions().forEach(e -> out.add(DhcpCommands.addExclusion(id, e.range())));
    for (Reservation r : t.reservations()) {
      out.addAll(addReservation(id, r));
    }
    t.options().forEach(o -> out.add(setOption(OptionTarget.scope(id), o)));
    return out;
  }

  /**
   * The commands that turn one copy of a scope into another: first what goes (option values,
   * reservations, exclusions), then the scope's own settings and range, then what comes, so an
   * address or client id that moves from one reservation to another is free when it is taken.
   */
  static List<PsCommand> change(Scope s, Scope t) {
    Ipv4Address id = t.subnet().network();
    List<PsCommand> out = new ArrayList<>();
    Map<String, OptionValue> oldOptions = byKey(s.options());
    Map<String, OptionValue> newOptions = byKey(t.options());
    oldOptions.forEach((k, o) -> {
      if (!newOptions.containsKey(k)) {
        out.add(removeOption(OptionTarget.scope(id), o));
      }
    });
    Map<String, Reservation> oldRes = new LinkedHashMap<>();
    s.reservations().forEach(r -> oldRes.put(r.key(), r));
    Map<String, Reservation> newRes = new LinkedHashMap<>();
    t.reservations().forEach(r -> newRes.put(r.key(), r));
    List<Reservation> toAdd = new ArrayList<>();
    List<Reservation[]> optionsOnly = new ArrayList<>();
    oldRes.forEach((k, r) -> {
      Reservation n = newRes.get(k);
      if (n == null) {
        out.add(DhcpCommands.removeReservation(id, r.identifier()));
      } else if (!n.equals(r)) {
        if (sameButOptions(r, n)) {
          optionsOnly.add(new Reservation[] {r, n});
        } else {
          out.add(DhcpCommands.removeReservation(id, r.identifier()));
          toAdd.add(n);
        }
      }
    });
    newRes.forEach((k, n) -> {
      if (!oldRes.containsKey(k)) {
        toAdd.add(n);
      }
    });
    for (Exclusion e : s.exclusions()) {
      if (!t.exclusions().contains(e)) {
        out.add(DhcpCommands.removeExclusion(id, e.range()));
      }
    }
    setScope(s, t).ifPresent(out::add);
    for (Exclusion e : t.exclusions()) {
      if (!s.exclusions().contains(e)) {
        out.add(DhcpCommands.addExclusion(id, e.range()));
      }
    }
    for (Reservation[] pair : optionsOnly) {
      OptionTarget target = OptionTarget.reservation(pair[1].address());
      Map<String, OptionValue> was = byKey(pair[0].options());
      Map<String, OptionValue> now = byKey(pair[1].options());
      was.forEach((k, o) -> {
        if (!now.containsKey(k)) {
          out.add(removeOption(target, o));
        }
      });
      now.forEach((k, o) -> {
        if (!o.equals(was.get(k))) {
          out.add(setOption(target, o));
        }
      });
    }
    for (Reservation r : toAdd) {
      out.addAll(addReservation(id, r));
    }
    newOptions.forEach((k, o) -> {
      if (!o.equals(oldOptions.get(k))) {
        out.add(setOption(OptionTarget.scope(id), o));
      }
    });
    return out;
  }

  private static Optional<PsCommand> setScope(Scope s, Scope t) {
    ImmutableSetScope.Builder b = SetScope.builder().scopeId(t.subnet().network());
    boolean changes = false;
    if (!s.name().equals(t.name())) {
      b.name(t.name());
      changes = true;
    }
    if (!s.properties().description().equals(t.properties().description())) {
      b.description(t.properties().description());
      changes = true;
    }
    if (!s.properties().leaseTime().equals(t.properties().leaseTime()) && t.properties().leaseTime().isPresent()) {
      b.leaseDuration(t.properties().leaseTime());
      changes = true;
    }
    if (s.enabled() != t.enabled()) {
      b.state(t.enabled() ? ScopeState.ACTIVE : ScopeState.INACTIVE);
      changes = true;
    }
    if (!s.pools().get(0).range().equals(t.pools().get(0).range())) {
      b.range(t.pools().get(0).range());
      changes = true;
    }
    return changes ? Optional.of(DhcpCommands.setScope(b.build())) : Optional.empty();
  }

  private static boolean sameButOptions(Reservation a, Reservation b) {
    return dev.failover.scope.ImmutableReservation.copyOf(a).withOptions(b.options()).equals(b);
  }

  private static List<PsCommand> addReservation(Ipv4Address scopeId, Reservation r) {
    List<PsCommand> out = new ArrayList<>();
    out.add(DhcpCommands.addReservation(AddReservation.from(scopeId, r)));
    r.options().forEach(o -> out.add(setOption(OptionTarget.reservation(r.address()), o)));
    return out;
  }

  private static PsCommand setOption(OptionTarget target, OptionValue o) {
    return DhcpCommands.setOptionValue(target, o.code(), values(o.value()), o.userClass(), o.vendorClass());
  }

  private static PsCommand removeOption(OptionTarget target, OptionValue o) {
    return DhcpCommands.removeOptionValue(target, o.code(), o.userClass(), o.vendorClass());
  }

  /** An option's elements: the value as read is the elements joined by {@code ", "}. */
  static List<String> values(String value) {
    return Arrays.asList(value.split(", ", -1));
  }

  private static Map<String, OptionValue> byKey(List<OptionValue> options) {
    Map<String, OptionValue> out = new LinkedHashMap<>();
    options.forEach(o -> out.put(o.key(), o));
    return out;
  }

  private static List<Ipv4Address> ids(List<Subnet> list) {
    return list.stream().map(Subnet::network).toList();
  }
}
