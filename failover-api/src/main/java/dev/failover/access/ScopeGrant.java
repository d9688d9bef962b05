package dev.failover.access;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.Set;
import org.immutables.value.Value;

/** Scope-level bits granted to a principal on one scope of one server. */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableScopeGrant.class)
@JsonDeserialize(as = ImmutableScopeGrant.class)
public interface ScopeGrant {

  /** {@return the server that holds the scope} */
  @Value.Parameter
  ServerId server();

  /** {@return the scope, by subnet} */
  @Value.Parameter
  Subnet subnet();

  /** {@return the bits granted on that scope} */
  @Value.Parameter
  Set<ScopeAccessBit> bits();

  /**
   * {@return a grant of the bits on one scope of one server}
   *
   * @param server the server's inventory id
   * @param subnet the scope's subnet
   * @param bits the bits granted
   */
  static ScopeGrant of(String server, String subnet, ScopeAccessBit... bits) {
    return ImmutableScopeGrant.of(ServerId.of(server), Subnet.parse(subnet), Set.of(bits));
  }
}
