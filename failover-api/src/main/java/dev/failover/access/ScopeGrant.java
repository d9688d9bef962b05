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

  @Value.Parameter
  ServerId server();

  @Value.Parameter
  Subnet subnet();

  @Value.Parameter
  Set<ScopeAccessBit> bits();

  static ScopeGrant of(String server, String subnet, ScopeAccessBit... bits) {
    return ImmutableScopeGrant.of(ServerId.of(server), Subnet.parse(subnet), Set.of(bits));
  }
}
