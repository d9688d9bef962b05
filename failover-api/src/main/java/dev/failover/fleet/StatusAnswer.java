package dev.failover.fleet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.errors.Violations;
import dev.failover.server.ServerId;
import dev.failover.state.FailoverStatus;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One server's failover status within one relationship, as a fleet survey got it: the status it
 * reported, or the {@link Problem} that kept it from reporting one.
 *
 * <p>Rule: exactly one of {@link #status()} and {@link #problem()} is present.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableStatusAnswer.class)
@JsonDeserialize(as = ImmutableStatusAnswer.class)
public interface StatusAnswer {

  /** {@return the server asked} */
  ServerId server();

  /** {@return what the server reported, when it answered} */
  Optional<FailoverStatus> status();

  /** {@return why the server reported nothing, when it did not} */
  Optional<Problem> problem();

  /** {@return whether the server reported its status} */
  @JsonIgnore
  default boolean answered() {
    return status().isPresent();
  }

  /**
   * {@return the answer of a server that reported its status}
   *
   * @param status what it reported
   */
  static StatusAnswer of(FailoverStatus status) {
    return ImmutableStatusAnswer.builder().server(status.server()).status(status).build();
  }

  /**
   * {@return the answer of a server that reported nothing}
   *
   * @param server the server
   * @param problem why
   */
  static StatusAnswer silent(ServerId server, Problem problem) {
    return ImmutableStatusAnswer.builder().server(server).problem(problem).build();
  }

  /** Checks that exactly one of status and problem is present. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(status().isPresent() != problem().isPresent(), "status/problem",
            status().isPresent() ? "both" : "neither", "a server either reported its status or has a problem")
        .throwIfAny("status answer of " + server());
  }
}
