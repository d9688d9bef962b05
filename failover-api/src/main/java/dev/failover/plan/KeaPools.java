package dev.failover.plan;

import dev.failover.scope.AddressRange;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kea load balancing serves each client from one of the two active servers by hashing it into
 * the class {@code HA_<first peer>} or {@code HA_<second peer>}; each pool must therefore be
 * split between the two classes, or a server would answer from addresses its partner also
 * hands out (vendor-facts §3.7). Hot standby needs whole pools again.
 */
final class KeaPools {

  private KeaPools() {}

  /** Each unclassed pool of two or more addresses split in halves, the lower half to {@code first}. */
  static Scope split(Scope scope, String first, String second) {
    List<Pool> out = new ArrayList<>();
    boolean changed = false;
    for (Pool p : scope.pools()) {
      if (p.clientClass().isPresent()) {
        out.add(p);
        continue;
      }
      long start = Integer.toUnsignedLong(p.range().start().bits());
      long end = Integer.toUnsignedLong(p.range().end().bits());
      long size = end - start + 1;
      if (size < 2) {
        out.add(ImmutablePool.copyOf(p).withClientClass(first));
      } else {
        long mid = start + size / 2 - 1;
        out.add(ImmutablePool.copyOf(p).withRange(range(start, mid)).withClientClass(first));
        out.add(ImmutablePool.copyOf(p).withRange(range(mid + 1, end)).withClientClass(second));
      }
      changed = true;
    }
    return changed ? ImmutableScope.copyOf(scope).withPools(out) : scope;
  }

  /** Pools of the two classes made whole again: adjacent halves joined, classes removed. */
  static Scope merge(Scope scope, String first, String second) {
    List<Pool> out = new ArrayList<>();
    boolean changed = false;
    Pool pending = null;
    boolean pendingIsFirstHalf = false;
    for (Pool p : scope.pools()) {
      boolean ours = p.clientClass().filter(c -> c.equals(first) || c.equals(second)).isPresent();
      if (!ours) {
        if (pending != null) {
          out.add(pending);
          pending = null;
        }
        out.add(p);
        continue;
      }
      changed = true;
      Pool whole = ImmutablePool.copyOf(p).withClientClass(Optional.empty());
      boolean secondHalf = p.clientClass().get().equals(second);
      if (pending != null && pendingIsFirstHalf && secondHalf
          && Integer.toUnsignedLong(pending.range().end().bits()) + 1 == Integer.toUnsignedLong(whole.range().start().bits())
          && pending.failoverPeer().equals(whole.failoverPeer())) {
        out.add(ImmutablePool.copyOf(pending).withRange(AddressRange.of(pending.range().start(), whole.range().end())));
        pending = null;
        pendingIsFirstHalf = false;
      } else {
        if (pending != null) {
          out.add(pending);
        }
        pending = whole;
        pendingIsFirstHalf = !secondHalf;
      }
    }
    if (pending != null) {
      out.add(pending);
    }
    return changed ? ImmutableScope.copyOf(scope).withPools(out) : scope;
  }

  private static AddressRange range(long start, long end) {
    return AddressRange.of(Ipv4Address.ofBits((int) start), Ipv4Address.ofBits((int) end));
  }
}
