package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A relationship is configured on the server, changed (settings, or the scopes it covers), or
 * removed from it.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableRelationshipChange.class)
@JsonDeserialize(as = ImmutableRelationshipChange.class)
public non-sealed interface RelationshipChange extends Change {

  /** {@return the relationship before; empty when it is created} */
  Optional<Relationship> before();

  /** {@return the relationship after; empty when it is deleted} */
  Optional<Relationship> after();

  /**
   * {@return the creation of the relationship}
   *
   * @param r the new relationship
   */
  static RelationshipChange create(Relationship r) {
    return ImmutableRelationshipChange.builder().after(r).build();
  }

  /**
   * {@return the deletion of the relationship}
   *
   * @param r the relationship as it is now
   */
  static RelationshipChange delete(Relationship r) {
    return ImmutableRelationshipChange.builder().before(r).build();
  }

  /**
   * {@return a change of the relationship's settings or scopes}
   *
   * @param before the relationship as it is now
   * @param after the relationship as it will be
   */
  static RelationshipChange modify(Relationship before, Relationship after) {
    return ImmutableRelationshipChange.builder().before(before).after(after).build();
  }

  /** {@return the relationship's name} */
  default RelationshipName name() {
    return before().or(this::after).orElseThrow().name();
  }

  @Override
  default Change inverse() {
    return ImmutableRelationshipChange.builder().before(after()).after(before()).build();
  }

  @Override
  default String describe() {
    if (before().isEmpty()) {
      Relationship r = after().orElseThrow();
      return "+relationship " + r.name() + " (" + r.mode().displayName() + ", " + r.primary() + " and "
          + r.secondary() + ", " + r.scopes().size() + " scope(s))";
    }
    if (after().isEmpty()) {
      return "-relationship " + name();
    }
    Relationship b = before().get();
    Relationship a = after().get();
    StringBuilder sb = new StringBuilder("~relationship ").append(name());
    java.util.List<String> parts = new java.util.ArrayList<>();
    a.scopes().stream().filter(s -> !b.scopes().contains(s)).forEach(s -> parts.add("+scope " + s));
    b.scopes().stream().filter(s -> !a.scopes().contains(s)).forEach(s -> parts.add("-scope " + s));
    if (!a.settings().equals(b.settings()) || a.mode() != b.mode()) {
      parts.add("settings");
    }
    return parts.isEmpty() ? sb.toString() : sb.append(": ").append(String.join(", ", parts)).toString();
  }

  /** Checks that a side is present and both sides name the same relationship. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect()
        .check(before().isPresent() || after().isPresent(), "before/after", "neither",
            "a relationship change needs the relationship before, after, or both");
    if (before().isPresent() && after().isPresent()) {
      v.check(before().get().name().equals(after().get().name()), "after.name", after().get().name(),
          "must stay " + before().get().name());
    }
    v.throwIfAny("relationship change");
  }
}
