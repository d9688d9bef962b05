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

  @Value.Parameter
  ServerId server();

  @Value.Parameter
  IscPeer peer();

  static EditPeer of(String server, IscPeer peer) {
    return ImmutableEditPeer.of(ServerId.of(server), peer);
  }

  @Override
  default String describe() {
    return "edit failover peer \"" + peer().name() + "\" on " + server();
  }
}
