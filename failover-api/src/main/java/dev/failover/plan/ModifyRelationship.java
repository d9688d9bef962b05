package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.relationship.Relationship;
import org.immutables.value.Value;

/**
 * Change a relationship's mode or settings. The name, the two servers and the scopes stay (use
 * {@link AddScope} and {@link RemoveScope} for scopes).
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableModifyRelationship.class)
@JsonDeserialize(as = ImmutableModifyRelationship.class)
public non-sealed interface ModifyRelationship extends Operation {

  /** {@return the relationship as it should be} */
  @Value.Parameter
  Relationship relationship();

  /**
   * {@return the operation changing the relationship's settings to these on both servers}
   *
   * @param relationship the relationship as it should be
   */
  static ModifyRelationship of(Relationship relationship) {
    return ImmutableModifyRelationship.of(relationship);
  }

  @Override
  default String describe() {
    return "modify relationship " + relationship().name();
  }

  @Override
  default String doing() {
    return "modifying relationship " + relationship().name();
  }
}
