package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.server.ServerId;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * ISC: delete a {@code failover peer} declaration from one server. Its pools are rewired: with no
 * other peer, their references are removed; with one other, they refer to it; with two or more,
 * the caller names the {@link #replacement()}.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableDeletePeer.class)
@JsonDeserialize(as = ImmutableDeletePeer.class)
public non-sealed interface DeletePeer extends Operation {

  /** {@return the ISC server that holds the peer} */
  ServerId server();

  /** {@return the name of the {@code failover peer} to delete} */
  String name();

  /** {@return the peer the deleted peer's pools move to, when two or more others remain} */
  Optional<String> replacement();

  /**
   * {@return the operation deleting the peer named {@code name} on the server}
   *
   * @param server the server's inventory id
   * @param name the peer's name
   */
  static ImmutableDeletePeer of(String server, String name) {
    return ImmutableDeletePeer.builder().server(ServerId.of(server)).name(name).build();
  }

  @Override
  default String describe() {
    return "delete failover peer \"" + name() + "\" on " + server()
        + replacement().map(r -> ", pools moved to \"" + r + "\"").orElse("");
  }

  @Override
  default String doing() {
    return "deleting failover peer \"" + name() + "\" on " + server()
        + replacement().map(r -> ", pools moved to \"" + r + "\"").orElse("");
  }
}
