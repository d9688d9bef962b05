package dev.failover.kea.it;

import dev.failover.testkit.contract.PairControls;
import dev.failover.testkit.contract.StateFixture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The state contract's controls over a real Kea pair: the link is cut by stopping server2's
 * kea-dhcp4 (by its PID; on 2.2 and 2.6 its agent keeps answering "unable to forward") and
 * restored by starting it again on the configuration it wrote. The clock is real: moving it lets
 * that much time pass. The fixture's relationships have a 5 s max-response-delay, 1 s heartbeats
 * and max-unacked-clients 0, so the primary goes partner-down by itself about 5 s after the cut.
 */
final class RealKeaStateControls implements PairControls {

  private final RealKeaPair pair;

  private RealKeaStateControls(RealKeaPair pair) {
    this.pair = pair;
  }

  /** A state fixture over {@code fixture}'s pair, its relationships with max-unacked-clients 0. */
  static StateFixture over(RealKeaFixture fixture) {
    return StateFixture.of(fixture.maxUnackedClients(0), new RealKeaStateControls(fixture.pair()));
  }

  @Override
  public void cutLink() {
    pair.stopDhcp4(2);
  }

  @Override
  public void restoreLink() {
    pair.startDhcp4(2);
  }

  @Override
  public void advance(Duration step) {
    // the pair's clock is the real one: this is time passing, not a wait for a state (the
    // contract polls the states between steps, within its own bound)
    try {
      TimeUnit.MILLISECONDS.sleep(Math.min(step.toMillis(), Duration.ofSeconds(10).toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public Optional<Duration> automaticPartnerDown() {
    // max-response-delay (5 s) after the last heartbeat answered, detected at the next 1 s heartbeat
    return Optional.of(Duration.ofSeconds(7));
  }

  @Override
  public Duration recovery() {
    // the restarted server waits, syncs its leases from the partner and becomes ready
    return Duration.ofSeconds(40);
  }

  @Override
  public boolean cutStopsSecondary() {
    return true;
  }
}
