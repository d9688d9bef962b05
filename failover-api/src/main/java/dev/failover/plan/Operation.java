package dev.failover.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a caller asks for. A {@link Planner} turns an operation and the servers' current states
 * into a {@link Plan}; nothing is changed until the plan is applied.
 *
 * <ul>
 *   <li>{@link CreateRelationship}, {@link ModifyRelationship}, {@link RemoveRelationship}</li>
 *   <li>{@link AddScope}, {@link RemoveScope}</li>
 *   <li>ISC peers: {@link AddPeer}, {@link EditPeer}, {@link DeletePeer}, {@link SetPoolPeer}</li>
 *   <li>{@link Replicate} one scope, a relationship, or a server</li>
 * </ul>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "operation")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ImmutableCreateRelationship.class, name = "create-relationship"),
    @JsonSubTypes.Type(value = ImmutableModifyRelationship.class, name = "modify-relationship"),
    @JsonSubTypes.Type(value = ImmutableRemoveRelationship.class, name = "remove-relationship"),
    @JsonSubTypes.Type(value = ImmutableAddScope.class, name = "add-scope"),
    @JsonSubTypes.Type(value = ImmutableRemoveScope.class, name = "remove-scope"),
    @JsonSubTypes.Type(value = ImmutableAddPeer.class, name = "add-peer"),
    @JsonSubTypes.Type(value = ImmutableEditPeer.class, name = "edit-peer"),
    @JsonSubTypes.Type(value = ImmutableDeletePeer.class, name = "delete-peer"),
    @JsonSubTypes.Type(value = ImmutableSetPoolPeer.class, name = "set-pool-peer"),
    @JsonSubTypes.Type(value = ImmutableReplicate.class, name = "replicate")})
public sealed interface Operation permits CreateRelationship, ModifyRelationship, RemoveRelationship, AddScope,
    RemoveScope, AddPeer, EditPeer, DeletePeer, SetPoolPeer, Replicate {

  /** {@return the operation in words: {@code create relationship pair-1}} */
  @JsonIgnore
  String describe();

  /**
   * {@return the operation as what someone is doing, for an access decision: {@code creating
   * relationship pair-1}, {@code setting the failover peer of pool …}} Each operation words its
   * own; none is derived from {@link #describe()}.
   */
  @JsonIgnore
  String doing();
}
