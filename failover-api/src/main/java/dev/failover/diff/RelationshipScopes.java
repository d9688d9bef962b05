package dev.failover.diff;

import dev.failover.relationship.Relationship;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What of a scope belongs to one relationship. On ISC dhcpd one subnet can hold pools of several
 * relationships (each pool names its failover peer): a relationship's drift and replication
 * concern its own pools and what the whole subnet shares (options, properties, exclusions,
 * reservations, pools without a peer), never the pools that refer to another peer. On Kea and
 * Windows a scope belongs to one relationship as a whole.
 *
 * <pre>{@code
 * Scope mine = RelationshipScopes.view(scopeOnA, fo1);              // without fo2's pools
 * Scope wanted = RelationshipScopes.replicated(fromA, onB, fo1);      // A's, keeping B's pools of other peers
 * }</pre>
 */
public final class RelationshipScopes {

  private RelationshipScopes() {}

  /**
   * {@return the scope as the relationship sees it: without the pools that refer to another ISC peer}
   *
   * @param scope a server's copy of the scope
   * @param relationship the relationship
   */
  public static Scope view(Scope scope, Relationship relationship) {
    if (relationship.vendor() != Vendor.ISC) {
      return scope;
    }
    String own = relationship.name().value();
    List<Pool> pools = scope.pools().stream().filter(p -> !foreign(p, own)).toList();
    return pools.size() == scope.pools().size() ? scope : ImmutableScope.copyOf(scope).withPools(pools);
  }

  /**
   * {@return what replicating {@code source} onto {@code destination} for the relationship must leave on
   * the destination: the source's view ({@link #view}) with the destination's own pools of other
   * peers kept, except those that overlap a pool the source gives (the plan then shows them removed)}
   *
   * @param source the source's copy
   * @param destination the destination's copy, when it has one
   * @param relationship the relationship
   */
  public static Scope replicated(Scope source, Optional<Scope> destination, Relationship relationship) {
    Scope mine = view(source, relationship);
    if (relationship.vendor() != Vendor.ISC || destination.isEmpty()) {
      return mine;
    }
    String own = relationship.name().value();
    List<Pool> pools = new ArrayList<>(mine.pools());
    destination.get().pools().stream().filter(p -> foreign(p, own))
        .filter(p -> mine.pools().stream().noneMatch(m -> m.range().overlaps(p.range()))).forEach(pools::add);
    return pools.size() == mine.pools().size() ? mine : ImmutableScope.copyOf(mine).withPools(pools);
  }

  /**
   * {@return the other ISC peers whose pools the scope also holds, by name}
   *
   * @param scope a server's copy of the scope
   * @param relationship the relationship
   */
  public static Set<String> otherPeers(Scope scope, Relationship relationship) {
    Set<String> out = new TreeSet<>();
    if (relationship.vendor() == Vendor.ISC) {
      String own = relationship.name().value();
      scope.pools().stream().filter(p -> foreign(p, own)).forEach(p -> out.add(p.failoverPeer().orElseThrow()));
    }
    return out;
  }

  private static boolean foreign(Pool p, String own) {
    return p.failoverPeer().isPresent() && !p.failoverPeer().get().equals(own);
  }
}
