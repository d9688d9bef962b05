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

  /** {@return the relationship the scope leaves} */
  RelationshipName relationship();

  /** {@return the scope, by subnet} */
  Subnet subnet();

  /** {@return the server whose copy stays in service} */
  ServerId survivor();

  /** {@return what happens to the other server's copy; deleted when not set} */
  @Value.Default
  default ScopeFate otherSide() {
    return ScopeFate.DISABLE;
  }

  /**
   * {@return the removal of the scope from the relationship}
   *
   * @param relationship the relationship's name
   * @param subnet the scope's subnet
   * @param survivor the inventory id of the server whose copy stays in service
   * @param otherSide what happens to the other copy
   */
  static RemoveScope of(String relationship, String subnet, String survivor, ScopeFate otherSide) {
    return ImmutableRemoveScope.builder().relationship(RelationshipName.of(relationship)).subnet(Subnet.parse(subnet))
        .survivor(ServerId.of(survivor)).otherSide(otherSide).build();
  }

  @Override
  default String describe() {
    return "remove scope " + subnet() + " from relationship " + relationship() + ", kept on " + survivor();
  }

  @Override
  default String doing() {
    return "removing scope " + subnet() + " from relationship " + relationship() + ", kept on " + survivor();
  }
}
