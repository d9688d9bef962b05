package dev.failover.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One change a plan makes on one server: an item of a scope, a whole scope, a relationship, or
 * an ISC peer declaration, each with what it is before and after. Every change has an
 * {@link #inverse()}, so a server's part of a plan can be undone, and {@link ServerState#apply}
 * says exactly what it means.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "change")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ImmutableItemChanged.class, name = "item"),
    @JsonSubTypes.Type(value = ImmutableScopeChange.class, name = "scope"),
    @JsonSubTypes.Type(value = ImmutableRelationshipChange.class, name = "relationship"),
    @JsonSubTypes.Type(value = ImmutablePeerChange.class, name = "peer")})
public sealed interface Change permits ItemChanged, ScopeChange, RelationshipChange, PeerChange {

  /** {@return the change that undoes this one} */
  Change inverse();

  /** {@return one line for a summary: {@code +reservation hw-address:… in 10.1.0.0/24}} */
  @JsonIgnore
  String describe();
}
