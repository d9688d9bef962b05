package dev.failover.isc;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.diff.ItemChange;
import dev.failover.diff.ScopeDiff;
import dev.failover.spi.Texts;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscPeerStatement;
import dev.failover.isc.conf.IscPoolReference;
import dev.failover.plan.Change;
import dev.failover.plan.IscPeer;
import dev.failover.plan.PeerChange;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one server's part of a plan into dhcpd.conf edits: the configuration afterwards holds
 * exactly what {@link ServerState#apply} says the changes mean, and every byte the changes do not
 * concern stays as it was.
 *
 * <ol>
 *   <li>peers the changes add or change are declared (a dormant one is declared again where it
 *       stands, so pools can refer to it);</li>
 *   <li>the touched subnets are added, removed or made to hold their new contents, in one pass;</li>
 *   <li>each pool of a touched subnet refers to the peer its scope says (or to none), in one pass;</li>
 *   <li>peers the changes delete are removed; a peer that no pool refers to any more is made
 *       dormant (dhcpd refuses a peer without referring pools);</li>
 *   <li>the result is read back and compared with what the changes mean: what dhcpd.conf cannot
 *       hold is a {@link ValidationException} before anything is written.</li>
 * </ol>
 * A relationship is not a statement of its own in dhcpd.conf: its settings are the peer
 * declarations, its scopes the subnets whose pools refer to the peer. Relationship changes are
 * therefore checked against the peers and pools the part leaves, not written.
 */
final class IscPartRenderer {

  private IscPartRenderer() {}

  /** The peers of a configuration as the API holds them: declared ones and dormant ones. */
  static Map<String, IscPeerStatement> statements(IscConfig config, String server) {
    Map<String, IscPeerStatement> out = new LinkedHashMap<>();
    config.peers().forEach(p -> out.put(p.name(), p));
    Violations v = Violations.collect();
    for (IscPeerStatement p : config.dormantPeers()) {
      v.check(out.putIfAbsent(p.name(), p) == null, "failover peer", Texts.quoted(p.name()),
          "must be either declared or dormant, not both (or dormant twice)");
    }
    v.throwIfAny("failover peers of " + server);
    return out;
  }

  /**
   * The peers the API can hold; a declaration it cannot (a name that is no relationship name, a
   * number above what dhcpd reads, …) is left out and said in {@code problems}.
   */
  static List<IscPeer> peers(IscConfig config, Map<String, IscPeerStatement> statements, String ownAddress,
      List<String> problems) {
    List<IscPeer> out = new ArrayList<>();
    for (IscPeerStatement s : statements.values()) {
      try {
        out.add(IscPeerMapping.toPeer(s, ownAddress));
      } catch (ValidationException e) {
        problems.add(config.location(s.name()).map(l -> l + ": ").orElse("") + e.getMessage()
            + " (the peer is left out until its declaration is repaired)");
      }
    }
    return out;
  }

  /** The configuration after the part's changes. */
  static IscConfig edit(IscConfig config, Server server, ServerPlan part) {
    String own = server.address();
    String where = server.id().value();
    Map<String, IscPeerStatement> statements = statements(config, where);
    Set<String> dormant = new LinkedHashSet<>();
    config.dormantPeers().forEach(p -> dormant.add(p.name()));
    List<IscPeer> readable = peers(config, statements, own, new ArrayList<>());
    refuseUnreadable(config, where, part, statements.keySet(), readable);
    ServerState before = ServerState.builder().server(server.id()).vendor(Vendor.ISC).fingerprint(part.fingerprint())
        .scopes(config.scopes()).peers(readable).build();
    List<Change> local = new ArrayList<>();
    for (Change c : part.changes()) {
      if (!(c instanceof RelationshipChange)) {
        local.add(c);
      }
    }
    ServerState after = before.apply(local);
    checkRelationships(server, part, after);

    Set<Subnet> subnets = part.subnets();
    Set<String> touched = new LinkedHashSet<>();
    local.stream().filter(PeerChange.class::isInstance).forEach(c -> touched.add(((PeerChange) c).name()));
    Set<String> referredAfter = new TreeSet<>();
    Set<String> referredBefore = new TreeSet<>();
    for (Subnet subnet : subnets) {
      after.scope(subnet).ifPresent(s -> s.pools().forEach(p -> p.failoverPeer().ifPresent(referredAfter::add)));
      before.scope(subnet).ifPresent(s -> s.pools().forEach(p -> p.failoverPeer().ifPresent(referredBefore::add)));
    }

    // 1. peers to declare or change
    IscConfig c = config;
    Set<String> declare = new LinkedHashSet<>(touched);
    declare.addAll(referredAfter);
    for (String name : declare) {
      Optional<IscPeer> want = after.peer(name);
      if (want.isEmpty()) {
        continue;
      }
      boolean changed = !before.peer(name).equals(want);
      if (dormant.contains(name) && (changed || referredAfter.contains(name))) {
        c = c.withPeerAwake(name);
        dormant.remove(name);
      }
      if (changed) {
        c = c.withPeer(IscPeerMapping.toStatement(name, want.get().declaration(),
            Optional.ofNullable(statements.get(name)), own));
      }
    }

    // 2. subnets, in one pass
    List<Scope> put = new ArrayList<>();
    List<Subnet> removed = new ArrayList<>();
    for (Subnet subnet : subnets) {
      Optional<Scope> b = before.scope(subnet);
      Optional<Scope> a = after.scope(subnet);
      if (a.isEmpty()) {
        if (b.isPresent()) {
          removed.add(subnet);
        }
      } else if (!a.equals(b) && !(b.isPresent() && onlyPoolPeersDiffer(b.get(), a.get()))) {
        put.add(a.get());
      }
    }
    c = c.withScopes(put, removed);

    // 3. pool references, in one pass
    Map<AddressRange, Optional<String>> poolPeers = new LinkedHashMap<>();
    Map<AddressRange, IscPoolReference> pools = new LinkedHashMap<>();
    for (IscPoolReference p : c.pools()) {
      pools.putIfAbsent(p.span(), p);
    }
    Violations v = Violations.collect();
    for (Subnet subnet : subnets) {
      Optional<Scope> a = after.scope(subnet);
      if (a.isEmpty()) {
        continue;
      }
      for (Pool pool : a.get().pools()) {
        IscPoolReference ref = pools.get(pool.range());
        if (ref == null || ref.effectivePeer().equals(pool.failoverPeer())) {
          continue;
        }
        if (pool.failoverPeer().isEmpty() && ref.inheritedPeer().isPresent()) {
          v.check(false, "pools", pool.range() + " in " + subnet, "cannot be detached from failover peer "
              + Texts.quoted(ref.inheritedPeer().get()) + ": the pool inherits it from its shared-network");
          continue;
        }
        poolPeers.put(pool.range(), pool.failoverPeer());
      }
    }
    v.throwIfAny("ISC plan for " + where);
    c = c.withPoolPeers(poolPeers);

    // 4. peers deleted; peers left without pools made dormant
    for (String name : touched) {
      if (after.peer(name).isEmpty()) {
        c = dormant.contains(name) ? c.withoutDormantPeer(name) : c.withoutPeer(name);
        dormant.remove(name);
      }
    }
    Set<String> idle = new LinkedHashSet<>(touched);
    idle.addAll(referredBefore);
    Set<String> referred = new TreeSet<>();
    for (IscPoolReference p : c.pools()) {
      p.failoverPeer().ifPresent(referred::add);
    }
    for (String name : idle) {
      if (after.peer(name).isPresent() && !dormant.contains(name) && !referred.contains(name)
          && c.peer(name).isPresent()) {
        c = c.withPeerDormant(name);
      }
    }

    verify(c, server, subnets, declare, touched, after);
    return c;
  }

  /**
   * A part may not touch what could not be read: a subnet left out of the scopes or a peer left
   * out of the peers is repaired by hand (the SDK would otherwise overwrite what it cannot see).
   */
  private static void refuseUnreadable(IscConfig config, String where, ServerPlan part, Set<String> declared,
      List<IscPeer> readable) {
    Violations v = Violations.collect();
    Set<Subnet> unreadable = config.unreadableSubnets();
    for (Subnet subnet : part.subnets()) {
      v.check(!unreadable.contains(subnet), "scopes", subnet.toString(), () -> "cannot be read on " + where + " ("
          + config.unreadable().stream().filter(e -> e.getMessage().contains(subnet.toString())).findFirst()
              .map(Throwable::getMessage).orElse("see the server's problems") + "): correct dhcpd.conf by hand first");
    }
    Set<String> unreadablePeers = new TreeSet<>(config.unreadablePeers());
    declared.stream().filter(n -> readable.stream().noneMatch(p -> p.name().equals(n))).forEach(unreadablePeers::add);
    for (Change c : part.changes()) {
      if (c instanceof PeerChange pc) {
        v.check(!unreadablePeers.contains(pc.name()), "peers", Texts.quoted(pc.name()), "cannot be read on " + where
            + ": correct its declaration in dhcpd.conf by hand first");
      }
    }
    v.throwIfAny("ISC plan for " + where);
  }

  private static boolean onlyPoolPeersDiffer(Scope before, Scope after) {
    if (before.pools().size() != after.pools().size()) {
      return false;
    }
    for (int i = 0; i < before.pools().size(); i++) {
      Pool b = before.pools().get(i);
      Pool a = after.pools().get(i);
      if (!dev.failover.scope.ImmutablePool.copyOf(b).withFailoverPeer(Optional.empty())
          .equals(dev.failover.scope.ImmutablePool.copyOf(a).withFailoverPeer(Optional.empty()))) {
        return false;
      }
    }
    return dev.failover.scope.ImmutableScope.copyOf(before).withPools(after.pools()).equals(after);
  }

  /**
   * A relationship in dhcpd.conf is the server's peer declaration and the subnets whose pools
   * refer to it: the part must leave both as the relationship it sets says.
   */
  private static void checkRelationships(Server server, ServerPlan part, ServerState after) {
    Violations v = Violations.collect();
    for (Change c : part.changes()) {
      if (!(c instanceof RelationshipChange rc)) {
        continue;
      }
      String name = rc.name().value();
      Optional<IscPeer> peer = after.peer(name);
      if (rc.after().isEmpty()) {
        v.check(peer.isEmpty(), "relationships", Texts.quoted(name), "is removed, so the part must also delete"
            + " failover peer " + Texts.quoted(name) + " (a dhcpd relationship is its peer declaration)");
        continue;
      }
      Relationship r = rc.after().get();
      if (r.vendor() != Vendor.ISC) {
        v.check(false, "relationships", Texts.quoted(name), "must have ISC settings on an ISC server");
        continue;
      }
      if (!r.involves(server.id())) {
        v.check(false, "relationships", Texts.quoted(name), "must involve " + server.id());
        continue;
      }
      if (peer.isEmpty()) {
        v.check(false, "relationships", Texts.quoted(name), "needs failover peer " + Texts.quoted(name)
            + " on " + server.id() + " (a dhcpd relationship is its peer declaration): the part must declare it");
        continue;
      }
      v.check(peer.get().declaration().equals(r.iscDeclarationFor(server.id())), "relationships",
          Texts.quoted(name), "must be what failover peer " + Texts.quoted(name) + " declares on " + server.id()
              + ": the part must change the peer declaration with the settings");
      Set<Subnet> covered = IscStateReader.coveredSubnets(after.scopes(), name);
      v.check(covered.equals(new TreeSet<>(r.scopes())), "relationships", Texts.quoted(name) + " scopes "
          + r.scopes(), "must be the subnets whose pools refer to failover peer " + Texts.quoted(name) + " on "
          + server.id() + " after the part, which are " + covered);
    }
    v.throwIfAny("ISC plan for " + server.id());
  }

  /** What dhcpd.conf holds after the edits must be what the changes mean; else nothing is written. */
  private static void verify(IscConfig c, Server server, Set<Subnet> subnets, Set<String> declared,
      Set<String> touched, ServerState after) {
    List<Violation> found = new ArrayList<>();
    for (Subnet subnet : subnets) {
      Optional<Scope> want = after.scope(subnet);
      Optional<Scope> got = c.scope(subnet);
      if (want.equals(got)) {
        continue;
      }
      if (want.isEmpty() || got.isEmpty()) {
        found.add(new Violation("scopes", subnet.toString(), want.isEmpty() ? "must be removed from dhcpd.conf"
            : "must be declared in dhcpd.conf"));
        continue;
      }
      for (ItemChange d : ScopeDiff.between(got.get(), want.get())) {
        String rule = switch (d.type()) {
          case ADD -> "is planned, but dhcpd.conf cannot hold it as written";
          case REMOVE -> "is not planned, but dhcpd.conf reads it back";
          default -> "is planned as " + d.after().orElseThrow() + " but dhcpd.conf reads back " + d.before().orElseThrow();
        };
        found.add(new Violation("scopes", subnet + " " + d.kind().word() + " " + d.key(), rule));
      }
    }
    Map<String, IscPeerStatement> now = statements(c, server.id().value());
    Set<String> names = new LinkedHashSet<>(declared);
    names.addAll(touched);
    for (String name : names) {
      Optional<IscPeer> want = after.peer(name);
      Optional<IscPeer> got = Optional.ofNullable(now.get(name)).map(s -> IscPeerMapping.toPeer(s, server.address()));
      if (!want.equals(got)) {
        found.add(new Violation("peers", Texts.quoted(name), want.isEmpty() ? "must be removed from dhcpd.conf"
            : "cannot be written to dhcpd.conf as planned (reads back as " + got.map(p -> p.declaration().toString())
                .orElse("nothing") + ")"));
      }
    }
    if (!found.isEmpty()) {
      throw new ValidationException("ISC plan for " + server.id() + " (dhcpd.conf cannot hold it)", found);
    }
  }
}
