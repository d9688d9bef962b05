package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Remove a relationship. When it still has scopes, the caller chooses the server they survive
 * on, and whether the other server's copies are deleted or disabled.
 *
 * <pre>{@code
 * RemoveRelationship.of("pair-1").keepScopesOn("dhcp-a", ScopeFate.DISABLE)
 * }</pre>
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableRemoveRelationship.class)
@JsonDeserialize(as = ImmutableRemoveRelationship.class)
public non-sealed interface RemoveRelationship extends Operation {

  /** {@return the relationship to remove} */
  RelationshipName name();

  /** {@return the server whose copies of the scopes stay in service} */
  Optional<ServerId> survivor();

  /** {@return what happens to the other server's copies} */
  @Value.Default
  default ScopeFate otherSide() {
    return ScopeFate.DISABLE;
  }

  /**
   * {@return the removal of the relationship; its scopes are deleted on both servers unless {@link #keepScopesOn} says otherwise}
   *
   * @param name the relationship's name
   */
  static ImmutableRemoveRelationship of(String name) {
    return ImmutableRemoveRelationship.builder().name(RelationshipName.of(name)).build();
  }

  /**
   * {@return this removal, keeping the scopes on {@code server} and treating the partner's copies as {@code fate} says}
   *
   * @param server the inventory id of the server whose copies stay in service
   * @param fate what happens to the partner's copies
   */
  default RemoveRelationship keepScopesOn(String server, ScopeFate fate) {
    return ImmutableRemoveRelationship.builder().from(this).survivor(ServerId.of(server)).otherSide(fate).build();
  }

  @Override
  default String describe() {
    return "remove relationship " + name()
        + survivor().map(s -> ", scopes kept on " + s + ", other copies " + (otherSide() == ScopeFate.DELETE
            ? "deleted" : "disabled")).orElse("");
  }

  @Override
  default String doing() {
    return "removing relationship " + name()
        + survivor().map(s -> ", scopes kept on " + s + ", other copies " + (otherSide() == ScopeFate.DELETE
            ? "deleted" : "disabled")).orElse("");
  }
}
