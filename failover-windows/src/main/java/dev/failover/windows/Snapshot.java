package dev.failover.windows;

import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Subnet;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.ps.WindowsFailoverInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one read of a Windows server gave: the {@link ServerState} (Windows' scopes and
 * relationships, plus the relationships kept pending in the SDK's store), and beside it what
 * the state does not carry: each Windows relationship as {@code Get-DhcpServerv4Failover}
 * printed it (its failover state, the partner's name as Windows knows it), and which
 * relationships are only pending.
 *
 * @param windows the relationships Windows holds, by name, as printed
 * @param pending the names of relationships that exist only in the pending store
 * @param stale records of the pending store whose relationship Windows now holds (the store is
 *     cleaned of them when the server is next changed)
 * @param listingGuards the three listing reads with the text each printed
 * @param scopeGuards per scope, its reads with the text each printed
 */
record Snapshot(ServerState state, Map<RelationshipName, WindowsFailoverInfo> windows, Set<RelationshipName> pending,
    Set<RelationshipName> stale, List<ScriptComposer.Guard> listingGuards,
    Map<Subnet, List<ScriptComposer.Guard>> scopeGuards) {

  Snapshot {
    windows = Map.copyOf(windows);
    pending = Set.copyOf(pending);
    stale = Set.copyOf(stale);
    listingGuards = List.copyOf(listingGuards);
    scopeGuards = Map.copyOf(scopeGuards);
  }

  /**
   * The reads of this snapshot that cover the scopes, each with the text it printed: the three
   * listings (every scope's settings and range, every relationship with its scopes, every
   * exclusion), then each scope's reservations, option values and reservations' option values.
   * A script that runs them as {@link ScriptComposer#guarded guards} goes on only while the
   * server still prints exactly what this snapshot read.
   */
  List<ScriptComposer.Guard> guards(Collection<Subnet> scopes) {
    List<ScriptComposer.Guard> out = new ArrayList<>(listingGuards);
    for (Subnet x : new TreeSet<>(scopes)) {
      out.addAll(scopeGuards.getOrDefault(x, List.of()));
    }
    return out;
  }

  String fingerprint() {
    return state.fingerprint();
  }

  /** The relationship as Windows holds it (empty when it is only pending, or absent). */
  Optional<Relationship> onWindows(RelationshipName name) {
    return windows.containsKey(name) ? state.relationship(name) : Optional.empty();
  }

  /** The relationship as the pending store holds it. */
  Optional<Relationship> pendingOnly(RelationshipName name) {
    return pending.contains(name) ? state.relationship(name) : Optional.empty();
  }

  Optional<WindowsFailoverInfo> info(RelationshipName name) {
    return Optional.ofNullable(windows.get(name));
  }
}
