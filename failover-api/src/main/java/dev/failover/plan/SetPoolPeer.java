package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * ISC: point one pool at another failover peer (or at none). When that leaves the old peer
 * without pools, the old peer is deleted, and the plan says so in a warning.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableSetPoolPeer.class)
@JsonDeserialize(as = ImmutableSetPoolPeer.class)
public non-sealed interface SetPoolPeer extends Operation {

  /** {@return the ISC server whose pool changes} */
  ServerId server();

  /** {@return the scope that holds the pool} */
  Subnet subnet();

  /** {@return the pool, by its range} */
  AddressRange pool();

  /** {@return the peer the pool will refer to; empty for none} */
  Optional<String> peer();

  /**
   * {@return the operation}
   *
   * @param server the server's inventory id
   * @param subnet the scope's subnet
   * @param poolRange the pool's range, for example {@code 10.1.0.100-10.1.0.200}
   * @param peer the peer's name, or null for none
   */
  static SetPoolPeer of(String server, String subnet, String poolRange, String peer) {
    return ImmutableSetPoolPeer.builder().server(ServerId.of(server)).subnet(Subnet.parse(subnet))
        .pool(AddressRange.parse(poolRange)).peer(Optional.ofNullable(peer)).build();
  }

  @Override
  default String describe() {
    return "set the failover peer of pool " + pool() + " in " + subnet() + " on " + server() + " to "
        + peer().map(p -> "\"" + p + "\"").orElse("none");
  }

  @Override
  default String doing() {
    return "setting the failover peer of pool " + pool() + " in " + subnet() + " on " + server() + " to "
        + peer().map(p -> "\"" + p + "\"").orElse("none");
  }
}
