package dev.failover.fleet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.errors.Violations;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One server's answer to a fleet survey: the relationships it holds and how many scopes, or the
 * {@link Problem} that kept it from answering; and how long the asking took.
 *
 * <p>Rule: a server that has a problem lists no relationships and no scopes.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableServerAnswer.class)
@JsonDeserialize(as = ImmutableServerAnswer.class)
public interface ServerAnswer {

  /** {@return the server's inventory id} */
  ServerId server();

  /** {@return the server's vendor} */
  Vendor vendor();

  /** {@return the relationships the server holds, when it answered} */
  List<RelationshipName> relationships();

  /** {@return how many scopes the server holds, when it answered} */
  @Value.Default
  default int scopes() {
    return 0;
  }

  /** {@return how long the server took to answer (reading it and asking its failover status), or until it was given up} */
  Duration elapsed();

  /** {@return why the server gave no answer, when it gave none} */
  Optional<Problem> problem();

  /** {@return whether the server answered} */
  @JsonIgnore
  default boolean answered() {
    return problem().isEmpty();
  }

  /** Checks that a server with a problem lists nothing it read. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(problem().isEmpty() || relationships().isEmpty() && scopes() == 0, "relationships",
            relationships(), "a server that gave no answer lists none")
        .check(scopes() >= 0, "scopes", scopes(), "must not be negative")
        .check(!elapsed().isNegative(), "elapsed", elapsed(), "must not be negative")
        .throwIfAny("answer of " + server());
  }
}
