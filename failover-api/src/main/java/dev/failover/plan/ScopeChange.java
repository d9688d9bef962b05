package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A whole scope is created on the server (with all its contents) or deleted from it. Changes
 * to an existing scope's contents are {@link ItemChanged}.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableScopeChange.class)
@JsonDeserialize(as = ImmutableScopeChange.class)
public non-sealed interface ScopeChange extends Change {

  /** {@return the scope before; empty when it is created} */
  Optional<Scope> before();

  /** {@return the scope after; empty when it is deleted} */
  Optional<Scope> after();

  /**
   * {@return the creation of the scope, with all its contents}
   *
   * @param scope the new scope
   */
  static ScopeChange create(Scope scope) {
    return ImmutableScopeChange.builder().after(scope).build();
  }

  /**
   * {@return the deletion of the scope}
   *
   * @param scope the scope as it is now
   */
  static ScopeChange delete(Scope scope) {
    return ImmutableScopeChange.builder().before(scope).build();
  }

  /** {@return the scope's subnet} */
  default Subnet subnet() {
    return before().or(this::after).orElseThrow().subnet();
  }

  @Override
  default Change inverse() {
    return ImmutableScopeChange.builder().before(after()).after(before()).build();
  }

  @Override
  default String describe() {
    Scope s = before().or(this::after).orElseThrow();
    return (after().isPresent() ? "+scope " : "-scope ") + s.subnet()
        + (s.name().isEmpty() ? "" : " \"" + s.name() + "\"") + " (" + (s.itemCount() - 1) + " items)";
  }

  /** Checks that a side is present and both sides have the same subnet. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(before().isPresent() != after().isPresent(), "before/after", before().isPresent() ? "both" : "neither",
            "a scope change creates (after only) or deletes (before only) a scope")
        .throwIfAny("scope change");
  }
}
