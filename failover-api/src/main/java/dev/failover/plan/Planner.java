package dev.failover.plan;

import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.diff.ItemChange;
import dev.failover.diff.RelationshipScopes;
import dev.failover.diff.ScopeDiff;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableScopeProperties;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns an {@link Operation} and the current state of the servers it touches into a
 * {@link Plan}. Pure: it reads states through the function it is given (once per server) and
 * changes nothing. Every rule the operation breaks is reported at once in a
 * {@link ValidationException}.
 *
 * <p>Every operation on a relationship plans each of its servers: the primary, the secondary
 * and, for Kea, every backup peer (which gets the HA entry and the scopes as the others do). A
 * scope that leaves Kea load balancing (the relationship removed, the scope removed from it, the
 * mode or the peer names changed) has its pools made whole again: a pool still limited to an
 * {@code HA_<peer>} class would serve no client once the HA hook no longer assigns that class.
 *
 * <p>The rules, by operation:
 * <ul>
 *   <li>every server named must be in the inventory, with the vendor of the relationship;</li>
 *   <li>create, modify, add scope: what the relationship, as the plan leaves it, newly breaks of
 *       the rules across each of its servers' relationships is refused; those rules have one home,
 *       {@link Relationship#violationsOn} (name free, one relationship per scope, Windows' 31 and
 *       names without case, Kea's hub and spoke);</li>
 *   <li>create: each listed scope exists on at least one side; the
 *       partner that lacks a scope gets a copy (ISC: its pools refer to the new peer, whose
 *       declaration is written on both servers with mirrored addresses, mclt and split only on
 *       the primary);</li>
 *   <li>modify: name, servers (Kea backups included) and scopes stay; the settings change on every
 *       server;</li>
 *   <li>remove: with scopes, the caller names the server they survive on; the other side's
 *       copies are deleted or disabled; ISC pool references to the peer are removed;</li>
 *   <li>add scope: the scope exists on a partner and is in no relationship; the other partner
 *       gets the same contents (Windows: the partner must not have it already; ISC: the scope
 *       needs a pool);</li>
 *   <li>ISC peers: the first peer of a server governs every pool; deleting the last peer removes
 *       the references, deleting one of two rewires its pools to the other, deleting one of
 *       three or more needs the replacement named; moving a pool off a peer that no other pool
 *       uses deletes that peer, with a warning;</li>
 *   <li>replicate: the source's copy replaces the destination's entire scope contents, item by
 *       item (see {@link ScopeDiff}); what that overwrites is listed as warnings.</li>
 * </ul>
 */
public final class Planner {

  /** Windows allows at most this many failover relationships per server ({@link Relationship#WINDOWS_MAX_RELATIONSHIPS_PER_SERVER}). */
  public static final int WINDOWS_MAX_RELATIONSHIPS = Relationship.WINDOWS_MAX_RELATIONSHIPS_PER_SERVER;

  private final Inventory inventory;
  private final Function<ServerId, ServerState> reader;
  private final Map<ServerId, ServerState> read = new HashMap<>();

  private Planner(Inventory inventory, Function<ServerId, ServerState> reader) {
    this.inventory = inventory;
    this.reader = reader;
  }

  /**
   * Plans the operation; {@code states} gives a server's current state (called at most once per
   * server, only for servers the operation touches).
   *
   * @param operation what to do
   * @param inventory every server
   * @param states gives a server's current state
   * @return the plan; nothing is changed on any server
   */
  public static Plan plan(Operation operation, Inventory inventory, Function<ServerId, ServerState> states) {
    return new Planner(inventory, states).plan(operation);
  }

  /**
   * Plans against states already read.
   *
   * @param operation what to do
   * @param inventory every server
   * @param states the current state of every server the operation touches
   * @return the plan; nothing is changed on any server
   */
  public static Plan plan(Operation operation, Inventory inventory, List<ServerState> states) {
    Map<ServerId, ServerState> byId = new HashMap<>();
    states.forEach(s -> byId.put(s.server(), s));
    return plan(operation, inventory, id -> {
      ServerState s = byId.get(id);
      if (s == null) {
        throw new NotFoundException("state of server", id.value(), "among the states given to the planner");
      }
      return s;
    });
  }

  private Plan plan(Operation operation) {
    if (operation instanceof CreateRelationship op) {
      return create(op);
    } else if (operation instanceof ModifyRelationship op) {
      return modify(op);
    } else if (operation instanceof RemoveRelationship op) {
      return remove(op);
    } else if (operation instanceof AddScope op) {
      return addScope(op);
    } else if (operation instanceof RemoveScope op) {
      return removeScope(op);
    } else if (operation instanceof AddPeer op) {
      return addPeer(op);
    } else if (operation instanceof EditPeer op) {
      return editPeer(op);
    } else if (operation instanceof DeletePeer op) {
      return deletePeer(op);
    } else if (operation instanceof SetPoolPeer op) {
      return setPoolPeer(op);
    } else if (operation instanceof Replicate op) {
      return replicate(op);
    }
    throw new IllegalArgumentException("unknown operation " + operation.getClass().getName());
  }

  // ---- relationships ----------------------------------------------------------------------

  private Plan create(CreateRelationship op) {
    Relationship r = op.relationship();
    knownServers(r);
    ServerState primary = state(r.primary());
    ServerState secondary = state(r.secondary());
    List<ServerState> all = states(r);
    VendorRules rules = VendorRules.of(r);
    Violations v = Violations.collect();
    for (ServerState s : all) {
      rules.createRequires(r, s, v);
    }
    for (Subnet subnet : r.scopes()) {
      v.check(primary.scope(subnet).isPresent() || secondary.scope(subnet).isPresent(), "scopes", subnet,
          "must exist on " + r.primary() + " or " + r.secondary());
    }
    besideOthers(r, false, v);
    v.throwIfAny("relationship " + r.name());
    List<Warning> warnings = advisories(r);
    Map<ServerId, List<Change>> changes = changeLists(r);
    for (ServerId id : r.servers()) {
      rules.declareNew(r, id, changes.get(id));
    }
    for (Subnet subnet : r.scopes()) {
      Scope source = primary.scope(subnet).or(() -> secondary.scope(subnet)).orElseThrow();
      Scope wanted = prepared(r, source, warnings);
      for (ServerState s : all) {
        converge(s, wanted, changes.get(s.server()), warnings, r.name());
      }
    }
    // every server of the relationship, a Kea backup included, gets the relationship
    for (ServerId id : r.servers()) {
      changes.get(id).add(RelationshipChange.create(r));
    }
    return build(op, changes, warnings);
  }

  private Plan modify(ModifyRelationship op) {
    Relationship r = op.relationship();
    knownServers(r);
    ServerState primary = state(r.primary());
    ServerState secondary = state(r.secondary());
    Relationship current = existing(r.name(), primary, secondary);
    Violations v = Violations.collect()
        .check(current.primary().equals(r.primary()) && current.secondary().equals(r.secondary()), "primary/secondary",
            r.primary() + "/" + r.secondary(), "must stay " + current.primary() + "/" + current.secondary()
                + " (remove the relationship and create another to change servers)")
        .check(current.scopes().equals(r.scopes()), "scopes", r.scopes(),
            "must stay " + current.scopes() + " (add or remove scopes with their own operations)")
        .check(new TreeSet<>(current.servers()).equals(new TreeSet<>(r.servers())), "settings.peers", r.servers(),
            "must stay on the servers " + current.servers() + " (backup servers included: remove the relationship"
                + " and create another to change them)");
    v.throwIfAny("relationship " + r.name());
    besideOthers(r, true, v);
    v.throwIfAny("relationship " + r.name());
    List<Warning> warnings = advisories(r);
    Map<ServerId, List<Change>> changes = changeLists(r);
    VendorRules rules = VendorRules.of(r);
    for (ServerState s : states(r)) {
      List<Change> list = changes.get(s.server());
      rules.redeclare(r, s, list);
      if (rules.reshapesScopes()) {
        for (Subnet subnet : r.scopes()) {
          s.scope(subnet).ifPresent(scope -> {
            // pools split for the relationship as it is are made whole, then split as the new one needs
            List<Warning> noted = new ArrayList<>();
            Scope wanted = prepared(r, unsplit(current, scope), noted);
            if (!wanted.equals(scope)) {
              if (noted.isEmpty()) {
                loadBalancingClasses(current).ifPresent(c -> noted.add(mergedWarning(current, s.server(), 1, c,
                    "the relationship leaves load-balancing mode")));
              }
              warnings.addAll(noted);
            }
            converge(s, wanted, list, warnings, r.name());
          });
        }
      }
      Relationship before = s.relationship(r.name()).orElse(null);
      if (before == null) {
        list.add(RelationshipChange.create(r));
      } else if (!before.equals(r)) {
        list.add(RelationshipChange.modify(before, r));
      }
    }
    return build(op, changes, dedupe(warnings));
  }

  private Plan remove(RemoveRelationship op) {
    Relationship r = relationshipNamed(op.name());
    ServerState primary = state(r.primary());
    ServerState secondary = state(r.secondary());
    Violations v = Violations.collect();
    if (!r.scopes().isEmpty()) {
      v.check(op.survivor().isPresent(), "survivor", "none", () -> "must name the server the "
          + r.scopes().size() + " scope(s) survive on: " + r.primary() + " or " + r.secondary());
    }
    op.survivor().ifPresent(s -> v.check(r.involves(s), "survivor", s,
        "must be " + r.primary() + " or " + r.secondary()));
    v.throwIfAny("removal of relationship " + r.name());
    ServerId survivor = op.survivor().orElse(r.primary());
    List<Warning> warnings = new ArrayList<>();
    Map<ServerId, List<Change>> changes = changeLists(r);
    VendorRules rules = VendorRules.of(r);
    Optional<List<String>> split = loadBalancingClasses(r);
    ServerState kept = state(survivor);
    for (ServerState s : states(r)) {
      List<Change> list = changes.get(s.server());
      boolean keeps = s.server().equals(survivor);
      int merged = 0;
      for (Subnet subnet : r.scopes()) {
        Optional<Scope> scope = s.scope(subnet);
        if (scope.isEmpty()) {
          continue;
        }
        if (!keeps && op.otherSide() == ScopeFate.DELETE) {
          list.add(ScopeChange.delete(scope.get()));
          continue;
        }
        rules.release(r, scope.get(), list);
        if (split.isPresent() && merge(scope.get(), split.get(), list)) {
          merged++;
        }
        if (!keeps) {
          disable(scope.get(), list);
        }
      }
      if (merged > 0) {
        warnings.add(mergedWarning(r, s.server(), merged, split.orElseThrow(),
            "the HA hook that put clients into those classes is removed with the relationship"));
      }
      if (!r.scopes().isEmpty() && !keeps) {
        warnings.add(Warning.of(op.otherSide() == ScopeFate.DELETE ? WarningCode.SCOPES_DELETED : WarningCode.SCOPES_DISABLED,
            r.scopes().size() + " scope(s) of " + r.name() + " are " + (op.otherSide() == ScopeFate.DELETE
                ? "deleted" : "disabled") + " on " + s.server() + "; " + service(kept, r.scopes())));
      }
      rules.undeclare(r, s, list);
      s.relationship(r.name()).ifPresent(existing -> list.add(RelationshipChange.delete(existing)));
    }
    return build(op, changes, warnings);
  }

  // ---- scopes -----------------------------------------------------------------------------

  private Plan addScope(AddScope op) {
    Relationship r = relationshipNamed(op.relationship());
    ServerState primary = state(r.primary());
    ServerState secondary = state(r.secondary());
    Subnet subnet = op.subnet();
    // the scope may already be in the relationship on one side (ISC: a peer added on one server
    // makes that server's pools refer to it): the scope then migrates to the partner, which gets
    // the mirrored peer declaration and a copy of the scope in the same plan
    boolean onBoth = List.of(primary, secondary).stream().allMatch(s -> s.relationship(r.name())
        .map(x -> x.scopes().contains(subnet)).orElse(false));
    Violations v = Violations.collect()
        .check(!onBoth, "subnet", subnet, "is already in relationship " + r.name() + " on both servers")
        .check(primary.scope(subnet).isPresent() || secondary.scope(subnet).isPresent(), "subnet", subnet,
            "must exist on " + r.primary() + " or " + r.secondary());
    besideOthers(r.scopes().contains(subnet) ? r : r.plusScopes(List.of(subnet)), true, v);
    Optional<Scope> source = List.of(primary, secondary).stream().filter(s -> s.relationship(r.name())
        .map(x -> x.scopes().contains(subnet)).orElse(false)).findFirst().flatMap(s -> s.scope(subnet))
        .or(() -> primary.scope(subnet)).or(() -> secondary.scope(subnet));
    VendorRules rules = VendorRules.of(r);
    rules.addScopeRequires(r, primary, secondary, subnet, source, v);
    v.throwIfAny("adding scope " + subnet + " to " + r.name());
    List<Warning> warnings = new ArrayList<>();
    Scope wanted = prepared(r, source.orElseThrow(), warnings);
    Map<ServerId, List<Change>> changes = changeLists(r);
    Relationship after = r.scopes().contains(subnet) ? r : r.plusScopes(List.of(subnet));
    for (ServerState s : states(r)) {
      List<Change> list = changes.get(s.server());
      boolean declares = !rules.declare(r, s, r.partnerOf(s.server()), "scope " + subnet + " is served by both",
          list, warnings);
      converge(s, wanted, list, warnings, r.name());
      Optional<Relationship> before = s.relationship(r.name());
      if (before.isPresent() && !before.get().scopes().contains(subnet)) {
        list.add(RelationshipChange.modify(before.get(), before.get().plusScopes(List.of(subnet))));
      } else if (before.isEmpty() && !declares) {
        list.add(RelationshipChange.create(dev.failover.relationship.ImmutableRelationship.copyOf(r).withScopes(subnet)));
      }
    }
    if (changes.values().stream().allMatch(List::isEmpty) && !after.equals(r)) {
      changes.get(r.primary()).add(RelationshipChange.modify(r, after));
    }
    return build(op, changes, warnings);
  }

  private Plan removeScope(RemoveScope op) {
    Relationship r = relationshipNamed(op.relationship());
    ServerState primary = state(r.primary());
    ServerState secondary = state(r.secondary());
    Violations.collect()
        .check(r.scopes().contains(op.subnet()), "subnet", op.subnet(), "must be a scope of relationship " + r.name())
        .check(r.involves(op.survivor()), "survivor", op.survivor(), "must be " + r.primary() + " or " + r.secondary())
        .throwIfAny("removing scope " + op.subnet() + " from " + r.name());
    refuseHalfServed(r, op, loadBalancingClasses(r));
    List<Warning> warnings = new ArrayList<>();
    Map<ServerId, List<Change>> changes = changeLists(r);
    VendorRules rules = VendorRules.of(r);
    for (ServerState s : states(r)) {
      List<Change> list = changes.get(s.server());
      boolean keeps = s.server().equals(op.survivor());
      s.scope(op.subnet()).ifPresent(scope -> {
        if (!keeps && op.otherSide() == ScopeFate.DELETE) {
          list.add(ScopeChange.delete(scope));
          warnings.add(Warning.of(WarningCode.SCOPE_DELETED, "scope " + scope.subnet() + " is deleted on " + s.server()));
          return;
        }
        rules.release(r, scope, list);
        if (!keeps) {
          disable(scope, list);
          warnings.add(Warning.of(WarningCode.SCOPE_DISABLED, "scope " + scope.subnet() + " is disabled on " + s.server()));
        }
      });
      s.relationship(r.name()).ifPresent(before -> list.add(RelationshipChange.modify(before,
          before.minusScopes(List.of(op.subnet())))));
    }
    return build(op, changes, warnings);
  }

  /**
   * Refuses to take a scope out of a Kea load-balancing relationship: Kea's HA hook load-balances
   * every subnet of its servers while the relationship is in load-balancing mode, not only the
   * relationship's, so the scope would be answered for only the clients the hook assigns to the
   * survivor (seen with DHCP traffic on real Kea 2.2, 2.6 and 3.0). That holds for the
   * relationship's last scope too, since the relationship and its hook stay. Nothing is left
   * unserved: the operator switches the relationship to hot standby first, or removes the
   * relationship (which takes both servers out of load balancing and gives the survivor whole pools).
   */
  private static void refuseHalfServed(Relationship r, RemoveScope op, Optional<List<String>> split) {
    if (split.isEmpty()) {
      return;
    }
    ServerId other = r.partnerOf(op.survivor());
    String others = r.scopes().size() < 2 ? "as the relationship's last scope, the relationship staying"
        : "while " + (r.scopes().size() - 1) + " other scope(s) stay in it";
    String next = r.scopes().size() < 2
        ? " Remove the relationship instead (relationships remove " + r.name() + " --keep-scopes-on "
            + op.survivor() + "): both servers leave load balancing and " + op.survivor() + " serves the whole scope"
        : " First switch " + r.name() + " to hot standby (relationships modify " + r.name()
            + " --mode hot-standby), then remove the scope; or remove the relationship (relationships remove "
            + r.name() + ")";
    Violations.collect().check(false, "subnet", op.subnet(), "cannot leave load-balancing relationship " + r.name()
        + " " + others + ": Kea's HA hook load-balances every"
        + " subnet of " + r.primary() + " and " + r.secondary() + " while the relationship is in load-balancing"
        + " mode, so " + op.survivor() + " would answer only about half of the scope's clients and " + other
        + (op.otherSide() == ScopeFate.DELETE ? ", no longer holding the scope," : ", its copy disabled,")
        + " none of the others." + next).throwIfAny("removing scope " + op.subnet() + " from " + r.name());
  }

  /**
   * Adds what {@code r}, as the plan leaves it, newly breaks of the rules across the
   * relationships of each of its servers ({@link Relationship#violationsOn}, their one home):
   * what a server breaks already is not this plan's doing.
   *
   * @param replaces whether {@code r} takes the place of the server's relationship of that name
   *     (else it joins beside it, and a name taken there is refused)
   */
  private void besideOthers(Relationship r, boolean replaces, Violations v) {
    for (ServerState s : states(r)) {
      Server server = inventory.require(s.server());
      List<Relationship> before = s.relationships();
      List<Relationship> after = new ArrayList<>(before.stream()
          .filter(x -> !replaces || !x.name().equals(r.name())).toList());
      after.add(r);
      List<Violation> already = Relationship.violationsOn(server, before);
      Relationship.violationsOn(server, after).stream().filter(x -> !already.contains(x)).forEach(v::add);
    }
  }

  // ---- ISC peers --------------------------------------------------------------------------

  private Plan addPeer(AddPeer op) {
    ServerState s = iscState(op.server());
    Violations v = Violations.collect()
        .check(s.peer(op.peer().name()).isEmpty(), "peer.name", op.peer().name(), "must be free on " + s.server());
    checkPair(s, op.peer(), v);
    v.throwIfAny("adding failover peer on " + s.server());
    List<Change> list = new ArrayList<>();
    List<Warning> warnings = new ArrayList<>();
    list.add(PeerChange.create(op.peer()));
    if (s.peers().isEmpty()) {
      int pools = 0;
      for (Scope scope : s.scopes()) {
        for (Pool pool : scope.pools()) {
          if (!pool.failoverPeer().equals(Optional.of(op.peer().name()))) {
            list.add(ItemChanged.of(ItemChange.modify(scope.subnet(), pool,
                ImmutablePool.copyOf(pool).withFailoverPeer(op.peer().name()))));
            pools++;
          }
        }
      }
      if (pools > 0) {
        warnings.add(Warning.of(WarningCode.FIRST_PEER, "\"" + op.peer().name() + "\" is the first failover peer of "
            + s.server() + ": all " + pools + " pool(s) of the server now refer to it"));
      }
    }
    return build(op, Map.of(s.server(), list), warnings);
  }

  private Plan editPeer(EditPeer op) {
    ServerState s = iscState(op.server());
    IscPeer before = s.peer(op.peer().name()).orElseThrow(() -> new NotFoundException("failover peer",
        op.peer().name(), "on " + s.server() + " (peers: " + peerNames(s) + ")"));
    Violations v = Violations.collect();
    checkPair(s, op.peer(), v);
    v.throwIfAny("editing failover peer \"" + op.peer().name() + "\" on " + s.server());
    List<Change> list = new ArrayList<>();
    if (!before.equals(op.peer())) {
      list.add(PeerChange.modify(before, op.peer()));
    }
    return build(op, Map.of(s.server(), list), List.of());
  }

  /**
   * ISC pair rule, checked while planning so that nothing is written: a peer declaration one
   * server is given must mirror the partner's declaration of the same peer, when the partner (the
   * inventory's ISC server at its {@code peer address}) declares it. A partner that cannot be read
   * is not checked here.
   */
  private void checkPair(ServerState s, IscPeer peer, Violations v) {
    dev.failover.relationship.IscPeerDeclaration mine = peer.declaration();
    List<Server> partners = inventory.servers().stream().filter(x -> x.vendor() == Vendor.ISC
        && !x.id().equals(s.server()) && x.address().equalsIgnoreCase(mine.peerAddress())).toList();
    if (partners.size() != 1) {
      return;
    }
    ServerState other;
    try {
      other = state(partners.get(0).id());
    } catch (RuntimeException unreadable) {
      return;
    }
    other.peer(peer.name()).ifPresent(theirs -> {
      try {
        if (mine.role() == dev.failover.relationship.ServerRole.PRIMARY) {
          dev.failover.relationship.IscFailoverSettings.fromDeclarations(mine, theirs.declaration());
        } else {
          dev.failover.relationship.IscFailoverSettings.fromDeclarations(theirs.declaration(), mine);
        }
      } catch (ValidationException e) {
        v.check(false, "peer", "\"" + peer.name() + "\"", () -> "must mirror its declaration on " + other.server()
            + " (" + String.join("; ", e.violations().stream().map(Violation::message).toList())
            + "): change both with ModifyRelationship, or edit the peer on " + other.server() + " to match");
      }
    });
  }

  private Plan deletePeer(DeletePeer op) {
    ServerState s = iscState(op.server());
    IscPeer peer = s.peer(op.name()).orElseThrow(() -> new NotFoundException("failover peer", op.name(),
        "on " + s.server() + " (peers: " + peerNames(s) + ")"));
    List<String> others = s.peers().stream().map(IscPeer::name).filter(n -> !n.equals(op.name())).toList();
    Violations v = Violations.collect();
    Optional<String> target;
    if (others.isEmpty()) {
      v.check(op.replacement().isEmpty(), "replacement", op.replacement().orElse(""),
          "must be empty: no other peer remains on " + s.server());
      target = Optional.empty();
    } else if (others.size() == 1) {
      v.check(op.replacement().map(others.get(0)::equals).orElse(true), "replacement", op.replacement().orElse(""),
          "must be \"" + others.get(0) + "\", the only other peer on " + s.server());
      target = Optional.of(others.get(0));
    } else {
      v.check(op.replacement().isPresent(), "replacement", "none", () -> "must name the peer that takes over the "
          + "pools of \"" + op.name() + "\"; candidates: " + quoted(others));
      op.replacement().ifPresent(rep -> v.check(others.contains(rep), "replacement", rep,
          () -> "must be one of the remaining peers: " + quoted(others)));
      target = op.replacement();
    }
    v.throwIfAny("deleting failover peer \"" + op.name() + "\" on " + s.server());
    List<Change> list = new ArrayList<>();
    int moved = 0;
    for (Scope scope : s.scopes()) {
      for (Pool pool : scope.pools()) {
        if (pool.failoverPeer().equals(Optional.of(op.name()))) {
          Pool after = ImmutablePool.copyOf(pool).withFailoverPeer(target);
          list.add(ItemChanged.of(ItemChange.modify(scope.subnet(), pool, after)));
          moved++;
        }
      }
    }
    list.add(PeerChange.delete(peer));
    List<Warning> warnings = new ArrayList<>();
    if (moved > 0) {
      warnings.add(Warning.of(target.isPresent() ? WarningCode.POOLS_REWIRED : WarningCode.POOL_REFERENCES_REMOVED, moved
          + " pool(s) of " + s.server() + " referring to \"" + op.name() + "\" " + target.map(t -> "now refer to \""
              + t + "\"").orElse("no longer refer to a failover peer")));
    }
    return build(op, Map.of(s.server(), list), warnings);
  }

  private Plan setPoolPeer(SetPoolPeer op) {
    ServerState s = iscState(op.server());
    Scope scope = s.scope(op.subnet()).orElseThrow(() -> new NotFoundException("scope", op.subnet().toString(),
        "on " + s.server()));
    Pool pool = scope.pools().stream().filter(p -> p.range().equals(op.pool())).findFirst()
        .orElseThrow(() -> new NotFoundException("pool", op.pool().toString(), "in scope " + op.subnet() + " on "
            + s.server()));
    op.peer().ifPresent(p -> Violations.collect()
        .check(s.peer(p).isPresent(), "peer", p, () -> "must be a failover peer of " + s.server() + " (peers: "
            + peerNames(s) + ")")
        .throwIfAny("setting the failover peer of pool " + op.pool()));
    List<Change> list = new ArrayList<>();
    List<Warning> warnings = new ArrayList<>();
    if (!pool.failoverPeer().equals(op.peer())) {
      list.add(ItemChanged.of(ItemChange.modify(scope.subnet(), pool, ImmutablePool.copyOf(pool)
          .withFailoverPeer(op.peer()))));
      pool.failoverPeer().ifPresent(old -> {
        boolean stillUsed = s.scopes().stream().flatMap(sc -> sc.pools().stream())
            .anyMatch(p -> p != pool && p.failoverPeer().equals(Optional.of(old)));
        if (!stillUsed) {
          s.peer(old).ifPresent(peer -> {
            list.add(PeerChange.delete(peer));
            warnings.add(Warning.of(WarningCode.PEER_DELETED, "failover peer \"" + old + "\" is deleted on " + s.server()
                + ": pool " + op.pool() + " was the last pool referring to it"));
          });
        }
      });
    }
    return build(op, Map.of(s.server(), list), warnings);
  }

  // ---- replication ------------------------------------------------------------------------

  private Plan replicate(Replicate op) {
    inventory.require(op.source());
    ServerState source = state(op.source());
    Violations v = Violations.collect();
    Map<Relationship, List<Subnet>> subnets = new LinkedHashMap<>();
    switch (op.reach()) {
      case SCOPE -> {
        Subnet subnet = op.subnet().orElseThrow();
        // ISC: one subnet may hold pools of several relationships; each partner gets its copy
        List<Relationship> rs = source.relationships().stream().filter(x -> x.scopes().contains(subnet)).toList();
        v.check(!rs.isEmpty(), "subnet", subnet, "must be a failover scope of " + source.server());
        rs.forEach(x -> subnets.put(x, List.of(subnet)));
      }
      case RELATIONSHIP -> {
        RelationshipName name = op.relationship().orElseThrow();
        Optional<Relationship> r = source.relationship(name);
        v.check(r.isPresent(), "relationship", name, "must be a relationship of " + source.server());
        r.ifPresent(x -> subnets.put(x, x.scopes()));
      }
      case SERVER -> source.relationships().forEach(x -> subnets.put(x, x.scopes()));
    }
    for (Map.Entry<Relationship, List<Subnet>> e : subnets.entrySet()) {
      for (Subnet subnet : e.getValue()) {
        v.check(source.scope(subnet).isPresent(), "scopes", subnet, "must exist on the source " + source.server()
            + " (relationship " + e.getKey().name() + " lists it)");
      }
      for (ServerId other : destinations(e.getKey(), source.server())) {
        inventory.find(other).ifPresentOrElse(x -> { }, () -> v.check(false, "partner", other,
            "must be in the inventory (relationship " + e.getKey().name() + ")"));
      }
    }
    v.throwIfAny(op.describe());
    Map<ServerId, List<Change>> changes = new LinkedHashMap<>();
    List<Warning> warnings = new ArrayList<>();
    Map<ServerId, int[]> overwritten = new LinkedHashMap<>();
    Map<ServerId, TreeSet<Subnet>> overwrittenScopes = new LinkedHashMap<>();
    for (Relationship r : subnets.keySet()) {
      for (ServerId destination : destinations(r, source.server())) {
        ServerState dest = state(destination);
        List<Change> list = changes.computeIfAbsent(dest.server(), k -> new ArrayList<>());
        // the pools copied may refer to a declaration (ISC: the peer): the destination declares it, mirroring the source
        VendorRules rules = VendorRules.of(r);
        rules.declare(r, dest, source.server(), "the copied pools can refer to it", list, warnings);
        for (Subnet subnet : subnets.get(r)) {
          Optional<Scope> current = dest.scope(subnet);
          // only this relationship's pools travel; the destination keeps its pools of other peers
          Scope wanted = RelationshipScopes.replicated(source.scope(subnet).orElseThrow(), current, r);
          java.util.Set<String> shared = new java.util.TreeSet<>(RelationshipScopes.otherPeers(
              source.scope(subnet).orElseThrow(), r));
          current.ifPresent(c -> shared.addAll(RelationshipScopes.otherPeers(c, r)));
          if (!shared.isEmpty()) {
            warnings.add(Warning.of(WarningCode.SHARED_SUBNET, "scope " + subnet + " also holds pools of " + shared.stream()
                .map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(", ")) + ": replicating "
                + r.name() + " copies only its own pools; the subnet-wide items (properties, options, exclusions,"
                + " reservations, pools without a peer) are shared by those relationships too and are copied to "
                + dest.server()));
          }
          if (current.isEmpty()) {
            list.add(ScopeChange.create(wanted));
            warnings.add(Warning.of(WarningCode.SCOPE_CREATED, "scope " + subnet + " is missing on " + dest.server()
                + " and is created there"));
            continue;
          }
          for (ItemChange c : ScopeDiff.between(current.get(), wanted)) {
            list.add(ItemChanged.of(c));
            if (c.type() != ItemChange.Type.ADD) {
              int[] n = overwritten.computeIfAbsent(dest.server(), k -> new int[2]);
              n[c.type() == ItemChange.Type.REMOVE ? 0 : 1]++;
              overwrittenScopes.computeIfAbsent(dest.server(), k -> new TreeSet<>()).add(subnet);
            }
          }
        }
        warnings.addAll(rules.replicationWarnings(r, dest.server()));
      }
    }
    overwritten.forEach((server, n) -> warnings.add(Warning.of(WarningCode.OVERWRITES, "replication overwrites on " + server
        + ": " + n[0] + " item(s) removed and " + n[1] + " item(s) changed, in scope(s) "
        + String.join(", ", overwrittenScopes.get(server).stream().map(Subnet::toString).toList()))));
    Plan plan = build(op, changes, dedupe(warnings));
    // each destination's part says which replication it carries out (backends with their own command use it)
    return Plan.builder().from(plan)
        .servers(plan.servers().stream().map(p -> ImmutableServerPlan.copyOf(p).withReplication(op)).toList())
        .build();
  }

  // ---- helpers ----------------------------------------------------------------------------

  /**
   * Where a replication from {@code source} copies the relationship's scopes: every other server
   * of the relationship, its partner first, then any Kea backup server.
   */
  private static List<ServerId> destinations(Relationship r, ServerId source) {
    List<ServerId> out = new ArrayList<>();
    out.add(r.partnerOf(source));
    r.servers().stream().filter(id -> !id.equals(source) && !out.contains(id)).forEach(out::add);
    return out;
  }

  private ServerState state(ServerId id) {
    return read.computeIfAbsent(id, k -> {
      inventory.require(k);
      ServerState s = Objects.requireNonNull(reader.apply(k), "state of " + k);
      Server server = inventory.require(k);
      if (s.vendor() != server.vendor()) {
        throw new ValidationException("state of server " + k, List.of(new Violation("vendor", s.vendor().name(),
            "must be " + server.vendor().name() + " as the inventory says")));
      }
      return s;
    });
  }

  private ServerState iscState(ServerId id) {
    Server server = inventory.require(id);
    if (server.vendor() != Vendor.ISC) {
      throw new ValidationException("failover peers", List.of(new Violation("server", id.value(),
          "must be an ISC dhcpd server: failover peer declarations exist only there (it is "
              + server.vendor().displayName() + ")")));
    }
    return state(id);
  }

  private void knownServers(Relationship r) {
    List<Violation> found = r.violationsAgainst(inventory);
    if (!found.isEmpty()) {
      throw new ValidationException("relationship " + r.name(), found);
    }
  }

  private Relationship existing(RelationshipName name, ServerState a, ServerState b) {
    return a.relationship(name).or(() -> b.relationship(name)).orElseThrow(() -> new NotFoundException(
        "relationship", name.value(), "on " + a.server() + " or " + b.server()));
  }

  /**
   * Finds a relationship by name on the servers of the inventory (servers already read first;
   * servers whose state is not available are passed over).
   */
  private Relationship relationshipNamed(RelationshipName name) {
    for (ServerState s : read.values()) {
      Optional<Relationship> r = s.relationship(name);
      if (r.isPresent()) {
        knownServers(r.get());
        return r.get();
      }
    }
    for (Server server : inventory.servers()) {
      ServerState state;
      try {
        state = state(server.id());
      } catch (NotFoundException e) {
        continue; // a server whose state is not available (not given, or no backend for its vendor)
      }
      Optional<Relationship> r = state.relationship(name);
      if (r.isPresent()) {
        knownServers(r.get());
        return r.get();
      }
    }
    throw new NotFoundException("relationship", name.value(), "on any server of the inventory");
  }

  /** A change list for every server of the relationship: primary, secondary, then any Kea backup. */
  private static Map<ServerId, List<Change>> changeLists(Relationship r) {
    Map<ServerId, List<Change>> out = new LinkedHashMap<>();
    r.servers().forEach(id -> out.put(id, new ArrayList<>()));
    return out;
  }

  /** The states of every server of the relationship, in {@link Relationship#servers()} order. */
  private List<ServerState> states(Relationship r) {
    return r.servers().stream().map(this::state).toList();
  }

  /** Makes the server's copy of the scope equal to {@code wanted}: created, or item by item. */
  private static void converge(ServerState s, Scope wanted, List<Change> list, List<Warning> warnings,
      RelationshipName name) {
    Optional<Scope> current = s.scope(wanted.subnet());
    if (current.isEmpty()) {
      list.add(ScopeChange.create(wanted));
      return;
    }
    List<ItemChange> diff = ScopeDiff.between(current.get(), wanted);
    boolean onlyPeers = diff.stream().allMatch(c -> c.kind() == dev.failover.scope.ItemKind.POOL
        && c.type() == ItemChange.Type.MODIFY
        && ((Pool) c.before().orElseThrow()).range().equals(((Pool) c.after().orElseThrow()).range())
        && withoutPeer((Pool) c.before().get()).equals(withoutPeer((Pool) c.after().get())));
    if (!diff.isEmpty() && !onlyPeers) {
      warnings.add(Warning.of(WarningCode.OVERWRITES, "the copy of scope " + wanted.subnet() + " on " + s.server()
          + " differs and is made equal to the partner's for " + name + " (" + diff.size() + " item(s))"));
    }
    diff.forEach(c -> list.add(ItemChanged.of(c)));
  }

  private static Pool withoutPeer(Pool p) {
    return ImmutablePool.copyOf(p).withFailoverPeer(Optional.empty());
  }

  /** The scope as the relationship needs it on every server ({@link VendorRules#prepared}). */
  private static Scope prepared(Relationship r, Scope scope, List<Warning> warnings) {
    return VendorRules.of(r).prepared(r, scope, warnings);
  }

  /**
   * The two {@code HA_<peer>} classes a Kea load-balancing relationship splits pools between
   * (its primary's, its secondary's); empty for any other relationship.
   */
  private static Optional<List<String>> loadBalancingClasses(Relationship r) {
    return VendorRules.of(r).splitClasses(r);
  }

  /** The scope with the pools {@code before} split for load balancing whole again (as is for another relationship). */
  private static Scope unsplit(Relationship before, Scope scope) {
    return loadBalancingClasses(before).map(c -> KeaPools.merge(scope, c.get(0), c.get(1))).orElse(scope);
  }

  /**
   * Adds the changes that make the scope's pools split between {@code classes} whole again;
   * whether there were any. A scope that leaves Kea load balancing needs this: a pool still
   * limited to an {@code HA_} class serves nobody once the HA hook no longer assigns that class.
   */
  private static boolean merge(Scope scope, List<String> classes, List<Change> list) {
    Scope whole = KeaPools.merge(scope, classes.get(0), classes.get(1));
    if (whole.equals(scope)) {
      return false;
    }
    ScopeDiff.between(scope, whole).forEach(c -> list.add(ItemChanged.of(c)));
    return true;
  }

  private static Warning mergedWarning(Relationship r, ServerId server, int scopes, List<String> classes,
      String why) {
    return Warning.of(WarningCode.POOLS_MERGED, "the pools of " + scopes + " scope(s) of " + r.name() + " on " + server
        + " are whole again, without the classes " + classes.get(0) + " and " + classes.get(1) + " (" + why
        + "; a pool limited to such a class would serve no client)");
  }

  /**
   * Whether the scopes stay in service on the surviving server: each one it holds enabled does;
   * one it lacks or holds disabled is named.
   */
  private static String service(ServerState survivor, List<Subnet> subnets) {
    List<String> missing = new ArrayList<>();
    List<String> disabled = new ArrayList<>();
    for (Subnet subnet : subnets) {
      Optional<Scope> scope = survivor.scope(subnet);
      if (scope.isEmpty()) {
        missing.add(subnet.toString());
      } else if (!scope.get().enabled()) {
        disabled.add(subnet.toString());
      }
    }
    if (missing.isEmpty() && disabled.isEmpty()) {
      return "they stay in service on " + survivor.server();
    }
    StringBuilder out = new StringBuilder("NOT every scope stays in service on " + survivor.server() + ":");
    if (!missing.isEmpty()) {
      out.append(" it has no copy of ").append(String.join(", ", missing)).append(';');
    }
    if (!disabled.isEmpty()) {
      out.append(" its copy of ").append(String.join(", ", disabled)).append(" is disabled;");
    }
    out.append(" those scopes are served nowhere after the removal");
    return out.toString();
  }

  private static void disable(Scope scope, List<Change> list) {
    if (scope.enabled()) {
      list.add(ItemChanged.of(ItemChange.modify(scope.subnet(), scope.properties(),
          ImmutableScopeProperties.copyOf(scope.properties()).withEnabled(false))));
    }
  }

  private static List<Warning> advisories(Relationship r) {
    List<Warning> out = new ArrayList<>();
    r.advisories().forEach(a -> out.add(Warning.of(WarningCode.ADVICE, a)));
    if (r.mode() == FailoverMode.PASSIVE_BACKUP) {
      out.add(Warning.of(WarningCode.ADVICE, "passive-backup has no automatic failover: a backup server serves clients only after an operator switches it over"));
    }
    return out;
  }

  private static List<Warning> dedupe(List<Warning> warnings) {
    return List.copyOf(new java.util.LinkedHashSet<>(warnings));
  }

  private static String peerNames(ServerState s) {
    return quoted(s.peers().stream().map(IscPeer::name).toList());
  }

  private static String quoted(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
  }

  private Plan build(Operation op, Map<ServerId, List<Change>> changes, List<Warning> warnings) {
    ImmutablePlan.Builder b = Plan.builder().operation(op).warnings(warnings);
    changes.forEach((id, list) -> {
      if (!list.isEmpty()) {
        ServerState s = state(id);
        b.addServer(ImmutableServerPlan.builder().server(id).vendor(s.vendor()).fingerprint(s.fingerprint())
            .changes(list).build());
      }
    });
    return b.build();
  }
}
