package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.relationship.Relationship;
import org.immutables.value.Value;

/**
 * Create a relationship between two servers of the inventory. Its scopes (often none at first:
 * they can be added later) must exist on at least one of the two servers; the plan copies each
 * to the partner that lacks it.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableCreateRelationship.class)
@JsonDeserialize(as = ImmutableCreateRelationship.class)
public non-sealed interface CreateRelationship extends Operation {

  /** {@return the relationship to create, with its settings and scopes} */
  @Value.Parameter
  Relationship relationship();

  /**
   * {@return the operation creating the relationship on both of its servers}
   *
   * @param relationship the relationship to create
   */
  static CreateRelationship of(Relationship relationship) {
    return ImmutableCreateRelationship.of(relationship);
  }

  @Override
  default String describe() {
    return "create relationship " + relationship().name();
  }

  @Override
  default String doing() {
    return "creating relationship " + relationship().name();
  }
}
