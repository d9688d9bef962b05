package dev.failover.plan;

import dev.failover.errors.Violations;
import dev.failover.diff.ItemChange;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.VendorSettings;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Each vendor's planning rules, in one place, reached through the relationship's sealed
 * {@link VendorSettings} ({@link #of(Relationship)}): what creating a relationship or adding a
 * scope requires, how a scope is prepared for a relationship (ISC: its pools refer to the peer;
 * Kea: load-balancing pools split between the two {@code HA_<peer>} classes), what a server must
 * declare besides the relationship (ISC: the failover peer), and what a replication warns of. The
 * {@link Planner} holds what is common to every vendor; the rules that hold across the
 * relationships of a server are {@link Relationship#violationsOn}. A new vendor or rule has
 * its one place here.
 */
sealed interface VendorRules permits VendorRules.Isc, VendorRules.Kea, VendorRules.Windows {

  /**
   * {@return the rules of the relationship's vendor}
   *
   * @param r the relationship
   */
  static VendorRules of(Relationship r) {
    VendorSettings settings = r.settings();
    if (settings instanceof IscFailoverSettings) {
      return Isc.RULES;
    } else if (settings instanceof KeaHaSettings) {
      return Kea.RULES;
    } else if (settings instanceof WindowsFailoverSettings) {
      return Windows.RULES;
    }
    throw new IllegalArgumentException("no planning rules for " + settings.vendor());
  }

  /** What creating {@code r} requires of server {@code s}, beyond a name free there. */
  default void createRequires(Relationship r, ServerState s, Violations v) {}

  /** What adding {@code subnet} (copied from {@code source}) to {@code r} requires. */
  default void addScopeRequires(Relationship r, ServerState primary, ServerState secondary, Subnet subnet,
      Optional<Scope> source, Violations v) {}

  /** {@return the scope as {@code r} needs it on every server; what that changes is added to {@code warnings}} */
  default Scope prepared(Relationship r, Scope scope, List<Warning> warnings) {
    return scope;
  }

  /**
   * Adds what server {@code s} must declare for {@code r} besides the relationship, when it does
   * not yet; {@return whether it declared anything}
   *
   * @param mirrored the server whose declaration is mirrored, for the warning
   * @param why what the declaration is for, for the warning
   */
  default boolean declare(Relationship r, ServerState s, ServerId mirrored, String why, List<Change> list,
      List<Warning> warnings) {
    return false;
  }

  /** Adds what {@code s} must declare for a new {@code r}, unconditionally (the name is free there). */
  default void declareNew(Relationship r, ServerId s, List<Change> list) {}

  /** Adds what keeps {@code s}'s own declaration in step with {@code r}'s new settings. */
  default void redeclare(Relationship r, ServerState s, List<Change> list) {}

  /** Whether a change of settings reshapes the relationship's scopes ({@link #prepared} again). */
  default boolean reshapesScopes() {
    return false;
  }

  /** Adds what takes {@code scope} out of {@code r} on its server (its pools stop referring to it). */
  default void release(Relationship r, Scope scope, List<Change> list) {}

  /** Adds what removes {@code r}'s own declarations from {@code s}, beyond its scopes. */
  default void undeclare(Relationship r, ServerState s, List<Change> list) {}

  /** {@return the two classes a load-balancing {@code r} splits pools between (its primary's, its secondary's)} */
  default Optional<List<String>> splitClasses(Relationship r) {
    return Optional.empty();
  }

  /** {@return what a replication of {@code r}'s scopes onto {@code destination} should warn of} */
  default List<Warning> replicationWarnings(Relationship r, ServerId destination) {
    return List.of();
  }

  /** ISC dhcpd: the failover peer is a declaration of its own, and a scope is in the relationship by its pools. */
  final class Isc implements VendorRules {
    static final Isc RULES = new Isc();

    private Isc() {}

    @Override
    public void createRequires(Relationship r, ServerState s, Violations v) {
      v.check(s.peer(r.name().value()).isEmpty(), "name", r.name(),
          "must not be the name of an existing failover peer on " + s.server());
    }

    @Override
    public void addScopeRequires(Relationship r, ServerState primary, ServerState secondary, Subnet subnet,
        Optional<Scope> source, Violations v) {
      source.ifPresent(s -> v.check(!s.pools().isEmpty(), "subnet", subnet,
          "must have at least one pool before it joins an ISC failover relationship"));
    }

    @Override
    public Scope prepared(Relationship r, Scope scope, List<Warning> warnings) {
      return ImmutableScope.copyOf(scope).withPools(scope.pools().stream()
          .map(p -> (Pool) ImmutablePool.copyOf(p).withFailoverPeer(r.name().value())).toList());
    }

    @Override
    public boolean declare(Relationship r, ServerState s, ServerId mirrored, String why, List<Change> list,
        List<Warning> warnings) {
      if (s.peer(r.name().value()).isPresent()) {
        return false;
      }
      list.add(PeerChange.create(IscPeer.of(r.name().value(), r.iscDeclarationFor(s.server()))));
      warnings.add(Warning.of(WarningCode.PEER_DECLARED, "failover peer \"" + r.name() + "\" is declared on " + s.server()
          + ", mirroring its declaration on " + mirrored + ", so that " + why));
      return true;
    }

    @Override
    public void declareNew(Relationship r, ServerId s, List<Change> list) {
      list.add(PeerChange.create(IscPeer.of(r.name().value(), r.iscDeclarationFor(s))));
    }

    @Override
    public void redeclare(Relationship r, ServerState s, List<Change> list) {
      IscPeer after = IscPeer.of(r.name().value(), r.iscDeclarationFor(s.server()));
      s.peer(r.name().value()).ifPresentOrElse(before -> {
        if (!before.equals(after)) {
          list.add(PeerChange.modify(before, after));
        }
      }, () -> list.add(PeerChange.create(after)));
    }

    @Override
    public void release(Relationship r, Scope scope, List<Change> list) {
      String peer = r.name().value();
      for (Pool pool : scope.pools()) {
        if (pool.failoverPeer().equals(Optional.of(peer))) {
          list.add(ItemChanged.of(ItemChange.modify(scope.subnet(), pool,
              ImmutablePool.copyOf(pool).withFailoverPeer(Optional.empty()))));
        }
      }
    }

    @Override
    public void undeclare(Relationship r, ServerState s, List<Change> list) {
      Set<Subnet> own = new HashSet<>(r.scopes());
      for (Scope scope : s.scopes()) {
        if (!own.contains(scope.subnet())) {
          release(r, scope, list);
        }
      }
      s.peer(r.name().value()).ifPresent(p -> list.add(PeerChange.delete(p)));
    }
  }

  /** Kea HA: a load-balancing relationship splits each pool between the {@code HA_<peer>} classes. */
  final class Kea implements VendorRules {
    static final Kea RULES = new Kea();

    private Kea() {}

    /**
     * Load-balancing pools are split between the {@code HA_<peer>} classes of the two active
     * servers (vendor-facts §3.7), and hot-standby pools are whole again.
     */
    @Override
    public Scope prepared(Relationship r, Scope scope, List<Warning> warnings) {
      List<String> c = classes(r);
      String first = c.get(0);
      String second = c.get(1);
      Scope out = r.mode() == FailoverMode.LOAD_BALANCING ? KeaPools.split(scope, first, second)
          : KeaPools.merge(scope, first, second);
      if (!out.equals(scope)) {
        warnings.add(Warning.of(r.mode() == FailoverMode.LOAD_BALANCING ? WarningCode.POOLS_SPLIT : WarningCode.POOLS_MERGED,
            "the pools of scope " + scope.subnet() + (r.mode() == FailoverMode.LOAD_BALANCING
                ? " are split between the client classes " + first + " and " + second + " for load balancing"
                : " are whole again, without the " + first + "/" + second + " classes, for hot standby")));
      }
      return out;
    }

    @Override
    public boolean reshapesScopes() {
      return true;
    }

    @Override
    public Optional<List<String>> splitClasses(Relationship r) {
      return r.mode() == FailoverMode.LOAD_BALANCING ? Optional.of(classes(r)) : Optional.empty();
    }

    private static List<String> classes(Relationship r) {
      KeaHaSettings kea = (KeaHaSettings) r.settings();
      return List.of("HA_" + kea.peerFor(r.primary()).map(KeaPeer::name).orElse(r.primary().value()),
          "HA_" + kea.peerFor(r.secondary()).map(KeaPeer::name).orElse(r.secondary().value()));
    }
  }

  /**
   * Windows DHCP: a failover scope is added only where the partner lacks it (the limit of
   * relationships per server and names without case are {@link Relationship#violationsOn}).
   */
  final class Windows implements VendorRules {
    static final Windows RULES = new Windows();

    private Windows() {}

    @Override
    public void addScopeRequires(Relationship r, ServerState primary, ServerState secondary, Subnet subnet,
        Optional<Scope> source, Violations v) {
      v.check(primary.scope(subnet).isEmpty() || secondary.scope(subnet).isEmpty(), "subnet", subnet,
          "must be absent on the partner server (Windows adds a failover scope only where the partner lacks it)");
    }

    @Override
    public List<Warning> replicationWarnings(Relationship r, ServerId destination) {
      return List.of(Warning.of(WarningCode.WINDOWS_NOT_REPLICATED, "Windows replication"
          + " (Invoke-DhcpServerv4FailoverReplication)"
          + " copies scope configuration only: it does not copy server-level option values, user and vendor class"
          + " definitions, option definitions or server-level policies; check them on " + destination
          + " (an option value of a class " + destination + " lacks makes the replication fail there)"),
          Warning.of(WarningCode.WINDOWS_REPLICATES_UNSEEN, "Windows replication also copies to " + destination
              + " what this plan does not show: the scopes' policies and any scope setting the SDK does not read"
              + " (for example the DHCP/BOOTP type), overwriting " + destination + "'s"));
    }
  }
}
