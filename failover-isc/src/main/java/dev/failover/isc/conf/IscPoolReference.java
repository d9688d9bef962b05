package dev.failover.isc.conf;

import dev.failover.FailoverStyle;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Subnet;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An address pool of a dhcpd configuration as the failover machinery sees it: its ranges, the
 * subnet it serves, and the failover peer it refers to. A {@code range} written directly in a
 * subnet, outside any {@code pool}, is a pool of its own here ({@link #implicit()}).
 */
@Value.Immutable
@FailoverStyle
public interface IscPoolReference {

  /** {@return the file the pool is declared in} */
  String file();

  /** {@return the 1-based line of the pool (or implicit range) statement} */
  int line();

  /** {@return the subnet whose addresses the pool hands out, when one contains its first range} */
  Optional<Subnet> subnet();

  /** {@return the pool's ranges, in address order} */
  List<AddressRange> ranges();

  /** {@return from the lowest to the highest address of the ranges: the pool's identity for edits} */
  default AddressRange span() {
    AddressRange first = ranges().get(0);
    dev.failover.scope.Ipv4Address end = first.end();
    for (AddressRange r : ranges()) {
      if (r.end().compareTo(end) > 0) {
        end = r.end();
      }
    }
    return AddressRange.of(first.start(), end);
  }

  /** {@return the peer named by the pool's own {@code failover peer "name";} statement} */
  Optional<String> failoverPeer();

  /** {@return the peer named by the enclosing shared-network's {@code failover peer "name";}, if any} */
  Optional<String> inheritedPeer();

  /** {@return whether this is a {@code range} outside any {@code pool} block} */
  boolean implicit();

  /** Checks that the pool has a range and a valid line when it is built. */
  @Value.Check
  default void check() {
    dev.failover.errors.Violations.collect().check(!ranges().isEmpty(), "ranges", "[]", "must hold at least one range")
        .check(line() >= 0, "line", line(), "must not be negative")
        .throwIfAny("pool reference");
  }

  /** {@return the peer that governs the pool: its own, else the shared-network's} */
  default Optional<String> effectivePeer() {
    return failoverPeer().or(this::inheritedPeer);
  }
}
