package dev.failover.windows;

import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.windows.ps.WindowsFailoverInfo;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 */
record Snapshot(ServerState state, Map<RelationshipName, WindowsFailoverInfo> windows, Set<RelationshipName> pending,
    Set<RelationshipName> stale) {

  Snapshot {
    windows = Map.copyOf(windows);
    pending = Set.copyOf(pending);
    stale = Set.copyOf(stale);
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
