package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.server.ServerId;
import org.immutables.value.Value;

/** ISC: change what a server's {@code failover peer} declaration says (its name stays). */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableEditPeer.class)
@JsonDeserialize(as = ImmutableEditPeer.class)
public non-sealed interface EditPeer extends Operation {

  /** {@return the ISC server whose peer changes} */
  @Value.Parameter
  ServerId server();

  /** {@return the peer as it should be; its name says which peer changes} */
  @Value.Parameter
  IscPeer peer();

  /**
   * {@return the operation replacing the server's peer of the same name by {@code peer}}
   *
   * @param server the server's inventory id
   * @param peer the peer as it should be
   */
  static EditPeer of(String server, IscPeer peer) {
    return ImmutableEditPeer.of(ServerId.of(server), peer);
  }

  @Override
  default String describe() {
    return "edit failover peer \"" + peer().name() + "\" on " + server();
  }

  @Override
  default String doing() {
    return "editing failover peer \"" + peer().name() + "\" on " + server();
  }
}
