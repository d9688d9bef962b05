package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import org.immutables.value.Value;

/** Take a scope out of a relationship: it stays in service on {@link #survivor()}; the other copy is deleted or disabled. */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableRemoveScope.class)
@JsonDeserialize(as = ImmutableRemoveScope.class)
public non-sealed interface RemoveScope extends Operation {

  RelationshipName relationship();

  Subnet subnet();

  ServerId survivor();

  @Value.Default
  default ScopeFate otherSide() {
    return ScopeFate.DISABLE;
  }

  static RemoveScope of(String relationship, String subnet, String survivor, ScopeFate otherSide) {
    return ImmutableRemoveScope.builder().relationship(RelationshipName.of(relationship)).subnet(Subnet.parse(subnet))
        .survivor(ServerId.of(survivor)).otherSide(otherSide).build();
  }

  @Override
  default String describe() {
    return "remove scope " + subnet() + " from relationship " + relationship() + ", kept on " + survivor();
  }
}
