package dev.failover.testkit.contract;

import java.time.Duration;
import java.util.Optional;

/**
 * The controls a test has over a pair of servers, whatever their vendor: cut and restore the
 * link between the partners, and move their clock (on a real pair: let real time pass; see
 * {@link #cutStopsSecondary()}). The fakes move their failover states the way
 * the vendor does (see {@link dev.failover.testkit.state.FailoverLink} for the rules the
 * in-memory and ISC fakes follow; the Kea and Windows faces run their own state machines).
 */
public interface PairControls {

  /** The partners stop reaching each other, in both directions; both keep serving. */
  void cutLink();

  /** The partners reach each other again. */
  void restoreLink();

  /**
   * Moves the pair's clock forward, letting every time-driven transition happen.
   *
   * @param step how far
   */
  void advance(Duration step);

  /**
   * {@return how long after a cut the servers move to partner-down by themselves with the fixture's
   * relationship, or empty when the vendor (as configured) waits for an operator}
   */
  Optional<Duration> automaticPartnerDown();

  /** {@return at most how long after the link is restored both servers are normal again} */
  Duration recovery();

  /**
   * Whether cutting the link stops the secondary instead of only the link between the partners
   * (a real pair, where a test cuts by stopping the secondary's process by its PID and restoring
   * starts it again): while cut, the secondary gives no state and only the primary's counts.
   * False by default: both partners keep serving and answering.
   *
   * @return whether cutting the link stops the secondary
   */
  default boolean cutStopsSecondary() {
    return false;
  }
}
