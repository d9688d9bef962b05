package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Subnet;
import org.immutables.value.Value;

/**
 * Put a scope under a relationship. The scope must exist on one of the two servers (if both have
 * it, the primary's copy is the one kept); the plan creates the copy on the partner.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableAddScope.class)
@JsonDeserialize(as = ImmutableAddScope.class)
public non-sealed interface AddScope extends Operation {

  /** {@return the relationship the scope joins} */
  @Value.Parameter
  RelationshipName relationship();

  /** {@return the scope to add, by subnet} */
  @Value.Parameter
  Subnet subnet();

  /**
   * {@return the operation adding the scope to the relationship}
   *
   * @param relationship the relationship's name
   * @param subnet the scope's subnet, for example {@code 10.1.0.0/24}
   */
  static AddScope of(String relationship, String subnet) {
    return ImmutableAddScope.of(RelationshipName.of(relationship), Subnet.parse(subnet));
  }

  @Override
  default String describe() {
    return "add scope " + subnet() + " to relationship " + relationship();
  }

  @Override
  default String doing() {
    return "adding scope " + subnet() + " to relationship " + relationship();
  }
}
