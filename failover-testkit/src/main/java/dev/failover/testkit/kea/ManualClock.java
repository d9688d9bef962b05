package dev.failover.testkit.kea;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that moves only when a test moves it; thread-safe. The fakes read time only
 * from the clock they were given, so advancing it is how a test lets heartbeats happen and
 * delays run out, without sleeping.
 */
public final class ManualClock extends Clock {

  /** Where a new clock starts unless told otherwise: the time of the recorded Kea session. */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-24T19:25:50Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** {@return a clock standing at {@link #DEFAULT_START}, in UTC} */
  public static ManualClock create() {
    return at(DEFAULT_START);
  }

  /**
   * {@return a clock standing at {@code start}, in UTC}
   *
   * @param start the instant
   */
  public static ManualClock at(Instant start) {
    return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")),
        ZoneOffset.UTC);
  }

  /**
   * Moves the clock forward.
   *
   * @param step how far
   * @return this clock
   * @throws IllegalArgumentException if {@code step} is negative
   */
  public ManualClock advance(Duration step) {
    Objects.requireNonNull(step, "step");
    if (step.isNegative()) {
      throw new IllegalArgumentException("step must not be negative, was " + step);
    }
    now.updateAndGet(t -> t.plus(step));
    return this;
  }

  /**
   * Moves the clock to {@code instant} (backwards too: the fakes then wait until it catches up).
   *
   * @param instant the new time
   * @return this clock
   */
  public ManualClock set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same clock (advancing one advances the other) seen in another zone. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new ManualClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
