package dev.failover.scope;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Something inside a scope that has an identity of its own: a pool or exclusion (by range), a
 * reservation (by client identifier), an option value (by space, code and classes), or the
 * scope's properties (one per scope). Replication and drift compare scopes item by item.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "item")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ImmutableScopeProperties.class, name = "properties"),
    @JsonSubTypes.Type(value = ImmutableOptionValue.class, name = "option"),
    @JsonSubTypes.Type(value = ImmutablePool.class, name = "pool"),
    @JsonSubTypes.Type(value = ImmutableExclusion.class, name = "exclusion"),
    @JsonSubTypes.Type(value = ImmutableReservation.class, name = "reservation")})
public interface ScopeItem {

  /** {@return what kind of item this is} */
  @JsonIgnore
  ItemKind kind();

  /** {@return the identity of the item within its scope and kind, as text: {@code 10.1.0.100-10.1.0.200}} */
  @JsonIgnore
  String key();
}
