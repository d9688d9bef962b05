package dev.failover.state;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.Violations;
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

  RelationshipName relationship();

  ServerId server();

  /** What the server reported, when it answered. */
  Optional<FailoverStatus> status();

  /** Why the server gave no status (the error, in operator words), when it did not answer. */
  Optional<String> problem();

  /** Whether the server answered. */
  default boolean answered() {
    return status().isPresent();
  }

  static ServerStatus of(FailoverStatus status) {
    return ImmutableServerStatus.builder().relationship(status.relationship()).server(status.server()).status(status)
        .build();
  }

  static ServerStatus silent(RelationshipName relationship, ServerId server, String problem) {
    return ImmutableServerStatus.builder().relationship(relationship).server(server).problem(problem).build();
  }

  @Value.Check
  default void check() {
    Violations.collect()
        .check(status().isPresent() != problem().isPresent(), "status/problem",
            status().isPresent() ? "both" : "neither", "a server either answered with its status or has a problem")
        .throwIfAny("status of " + server() + " in " + relationship());
  }
}
