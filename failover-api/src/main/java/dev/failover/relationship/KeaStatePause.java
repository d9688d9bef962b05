package dev.failover.relationship;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.state.KeaHaState;
import org.immutables.value.Value;

/**
 * One entry of the HA hook's {@code state-machine.states} list (vendor-facts §3.2): whether the
 * state machine pauses when it enters a state. A paused server resumes with {@code ha-continue}.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableKeaStatePause.class)
@JsonDeserialize(as = ImmutableKeaStatePause.class)
public interface KeaStatePause {

  /** When to pause: Kea's {@code pause} values. */
  enum Pause {
    /** {@code always}: every time the state is entered. */
    ALWAYS,
    /** {@code never}: Kea's default. */
    NEVER,
    /** {@code once}: the first time only. */
    ONCE;

    /** {@return Kea's word: {@code always}, {@code never}, {@code once}} */
    public String keaName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@return {@code state}: a state the server itself can be in} */
  @Value.Parameter
  KeaHaState state();

  /** {@return {@code pause}} */
  @Value.Parameter
  Pause pause();

  /**
   * {@return a pause rule for the state}
   *
   * @param state the HA state
   * @param pause when the server pauses in it
   */
  static KeaStatePause of(KeaHaState state, Pause pause) {
    return ImmutableKeaStatePause.of(state, pause);
  }

  /** Checks that the state is one the server itself can be in. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(state().ownState(), "state", state(), "must be a state the server itself can be in")
        .throwIfAny("Kea HA state machine entry");
  }
}
