package dev.failover.state;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One server's answer to a status request: its {@link FailoverStatus}, or why it gave none
 * ({@link #problem()}: unreachable, refused, unreadable). One silent server never hides its
 * partner: {@link dev.failover.Failover#statuses} gives one of these per server.
 *
 * <p>Rule: exactly one of {@link #status()} and {@link #problem()} is present.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableServerStatus.class)
@JsonDeserialize(as = ImmutableServerStatus.class)
public interface ServerStatus {

  /** {@return the relationship asked about} */
  RelationshipName relationship();

  /** {@return the server asked} */
  ServerId server();

  /** {@return what the server reported, when it answered} */
  Optional<FailoverStatus> status();

  /** {@return why the server gave no status (the error, in operator words), when it did not answer} */
  Optional<String> problem();

  /** {@return whether the server answered} */
  default boolean answered() {
    return status().isPresent();
  }

  /**
   * {@return the answer of a server that reported its status}
   *
   * @param status what it reported
   */
  static ServerStatus of(FailoverStatus status) {
    return ImmutableServerStatus.builder().relationship(status.relationship()).server(status.server()).status(status)
        .build();
  }

  /**
   * {@return the answer of a server that gave no status}
   *
   * @param relationship the relationship's name
   * @param server the server's inventory id
   * @param problem why it gave none, in operator words
   */
  static ServerStatus silent(RelationshipName relationship, ServerId server, String problem) {
    return ImmutableServerStatus.builder().relationship(relationship).server(server).problem(problem).build();
  }

  /** Checks that exactly one of status and problem is present. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(status().isPresent() != problem().isPresent(), "status/problem",
            status().isPresent() ? "both" : "neither", "a server either answered with its status or has a problem")
        .throwIfAny("status of " + server() + " in " + relationship());
  }
}
