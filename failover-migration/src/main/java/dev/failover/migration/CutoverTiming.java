package dev.failover.migration;

import dev.failover.errors.Violations;
import java.time.Clock;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * How long the cutover waits for a check to hold, how often it asks, and the clock and pause it
 * uses (a test gives a simulated clock and a pause that moves it).
 */
@Value.Immutable
public interface CutoverTiming {

  /** What waits between two polls of a check. */
  @FunctionalInterface
  interface Pause {
    /**
     * Waits.
     *
     * @param duration how long
     * @throws InterruptedException when the thread is interrupted
     */
    void pause(Duration duration) throws InterruptedException;
  }

  /** {@return how long a check may take to hold before the step counts as failed; 60 s} */
  @Value.Default
  default Duration timeout() {
    return Duration.ofSeconds(60);
  }

  /** {@return the time between two polls of a check; 250 ms} */
  @Value.Default
  default Duration poll() {
    return Duration.ofMillis(250);
  }

  /** {@return the clock the deadline is read on; the system's} */
  @Value.Default
  @Value.Auxiliary
  default Clock clock() {
    return Clock.systemUTC();
  }

  /** {@return what waits between polls; the thread sleeps} */
  @Value.Default
  @Value.Auxiliary
  default Pause pause() {
    return d -> Thread.sleep(d.toMillis());
  }

  /**
   * {@return the defaults with another timeout}
   *
   * @param timeout how long a check may take to hold
   */
  static CutoverTiming of(Duration timeout) {
    return ImmutableCutoverTiming.builder().timeout(timeout).build();
  }

  /** Checks the durations. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(!timeout().isNegative() && timeout().compareTo(Duration.ofHours(1)) <= 0, "timeout", timeout(),
            "must be 0 to 1 hour")
        .check(poll().toMillis() >= 1 && poll().compareTo(Duration.ofMinutes(1)) <= 0, "poll", poll(),
            "must be 1 ms to 1 minute")
        .throwIfAny("cutover timing");
  }
}
