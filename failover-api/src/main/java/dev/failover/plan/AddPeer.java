package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.server.ServerId;
import org.immutables.value.Value;

/** ISC: add a {@code failover peer} declaration to one server. The server's first peer governs every pool. */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableAddPeer.class)
@JsonDeserialize(as = ImmutableAddPeer.class)
public non-sealed interface AddPeer extends Operation {

  /** {@return the ISC server that gets the peer} */
  @Value.Parameter
  ServerId server();

  /** {@return the {@code failover peer} declaration to add} */
  @Value.Parameter
  IscPeer peer();

  /**
   * {@return the operation adding {@code peer} to the server with inventory id {@code server}}
   *
   * @param server the server's inventory id
   * @param peer the peer declaration to add
   */
  static AddPeer of(String server, IscPeer peer) {
    return ImmutableAddPeer.of(ServerId.of(server), peer);
  }

  @Override
  default String describe() {
    return "add failover peer \"" + peer().name() + "\" on " + server();
  }

  @Override
  default String doing() {
    return "adding failover peer \"" + peer().name() + "\" on " + server();
  }
}
