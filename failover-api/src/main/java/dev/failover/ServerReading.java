package dev.failover;

import dev.failover.errors.Violations;
import dev.failover.plan.ServerState;
import dev.failover.server.ServerId;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One server's part of a read of the whole inventory ({@link Failover#readAll()}): its state, or
 * why it could not be read. An unreachable or unreadable server never hides the others.
 *
 * <p>Rule: exactly one of {@link #state()} and {@link #problem()} is present.
 */
@Value.Immutable
@FailoverStyle
public interface ServerReading {

  /** {@return the server's inventory id} */
  ServerId server();

  /** {@return the server's state, when it could be read} */
  Optional<ServerState> state();

  /** {@return why the server could not be read (the error, in operator words)} */
  Optional<String> problem();

  /**
   * {@return a reading that succeeded}
   *
   * @param state the state read
   */
  static ServerReading of(ServerState state) {
    return ImmutableServerReading.builder().server(state.server()).state(state).build();
  }

  /**
   * {@return a reading that failed}
   *
   * @param server the server's inventory id
   * @param problem why it could not be read, in operator words
   */
  static ServerReading unreadable(ServerId server, String problem) {
    return ImmutableServerReading.builder().server(server).problem(problem).build();
  }

  /** Checks that exactly one of state and problem is present. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(state().isPresent() != problem().isPresent(), "state/problem", state().isPresent() ? "both" : "neither",
            "a server is either read or has a problem")
        .throwIfAny("reading of " + server());
  }
}
