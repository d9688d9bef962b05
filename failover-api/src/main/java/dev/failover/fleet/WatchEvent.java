package dev.failover.fleet;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.errors.Violations;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import dev.failover.state.FailoverState;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Something a {@link FleetWatch} saw change between two surveys: a server's failover state, a
 * server going silent or answering again, drift appearing or clearing. {@link #message()} says
 * it as one readable line.
 *
 * <p>Rules: a state change names a relationship, a server and both states; a reachability event
 * names a server (and a problem when the server went silent); a drift event names a relationship.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableWatchEvent.class)
@JsonDeserialize(as = ImmutableWatchEvent.class)
public interface WatchEvent {

  /** What changed. */
  enum Kind {
    /** A server's own failover state in a relationship changed. */
    STATE_CHANGED,
    /** A server gave no answer (unreachable, timed out, refused or failed: see {@link #problem()}). */
    UNREACHABLE,
    /** A server that gave no answer answers again. */
    REACHABLE,
    /** The partners of a relationship differ where they agreed (or on the watch's first survey). */
    DRIFT_APPEARED,
    /** The partners of a relationship agree again. */
    DRIFT_CLEARED
  }

  /** {@return what changed} */
  Kind kind();

  /** {@return when the survey that saw it started} */
  Instant time();

  /** {@return the relationship, for a state change or a drift event} */
  Optional<RelationshipName> relationship();

  /** {@return the server, for a state change or a reachability event} */
  Optional<ServerId> server();

  /** {@return the state before, for a state change} */
  Optional<FailoverState> from();

  /** {@return the state now, for a state change} */
  Optional<FailoverState> to();

  /** {@return how many items differ, for a drift event} */
  Optional<Integer> differences();

  /** {@return why the server gave no answer, for {@link Kind#UNREACHABLE}} */
  Optional<Problem> problem();

  /** {@return the event as one readable line} */
  String message();

  /** Checks that the event names what its kind needs. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect();
    switch (kind()) {
      case STATE_CHANGED -> v.check(relationship().isPresent() && server().isPresent() && from().isPresent()
          && to().isPresent(), "relationship/server/from/to", message(), "a state change names all four");
      case UNREACHABLE -> v.check(server().isPresent() && problem().isPresent(), "server/problem", message(),
          "a server gone silent is named with its problem");
      case REACHABLE -> v.check(server().isPresent(), "server", message(), "a server answering again is named");
      case DRIFT_APPEARED, DRIFT_CLEARED -> v.check(relationship().isPresent() && differences().isPresent(),
          "relationship/differences", message(), "a drift event names the relationship and the count");
      default -> throw new IllegalStateException("unhandled kind " + kind());
    }
    v.throwIfAny(kind() + " event");
  }
}
