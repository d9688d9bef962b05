package dev.failover.access;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.server.ServerId;
import java.util.Set;
import org.immutables.value.Value;

/** Server-level bits granted to a principal on one server. */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableServerGrant.class)
@JsonDeserialize(as = ImmutableServerGrant.class)
public interface ServerGrant {

  /** {@return the server the bits are granted on} */
  @Value.Parameter
  ServerId server();

  /** {@return the bits granted} */
  @Value.Parameter
  Set<ServerAccessBit> bits();

  /**
   * {@return a grant of the bits on one server}
   *
   * @param server the server's inventory id
   * @param bits the bits granted
   */
  static ServerGrant of(String server, ServerAccessBit... bits) {
    return ImmutableServerGrant.of(ServerId.of(server), Set.of(bits));
  }
}
