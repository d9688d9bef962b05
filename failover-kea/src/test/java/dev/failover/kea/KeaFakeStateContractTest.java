package dev.failover.kea;

import dev.failover.testkit.contract.FailoverStateContract;
import dev.failover.testkit.contract.PairControls;
import dev.failover.testkit.contract.StateFixture;
import java.time.Duration;
import java.util.Optional;

/**
 * The state contract against the testkit's fake Kea pair: the fakes run Kea's HA state machine
 * on the pair's clock; the fixture's relationship has a 5 s max-response-delay and
 * max-unacked-clients 0, so a cut link ends in partner-down by itself.
 */
class KeaFakeStateContractTest extends FailoverStateContract {

  @Override
  protected StateFixture fixture() {
    KeaFakeFixture kea = new KeaFakeFixture();
    return StateFixture.of(kea, controls(kea));
  }

  /** The controls over the fake pair of {@code kea}: its partners' reachability and its clock. */
  static PairControls controls(KeaFakeFixture kea) {
    return new PairControls() {
      @Override
      public void cutLink() {
        kea.pair().primary().makePartnerUnreachable();
        kea.pair().secondary().makePartnerUnreachable();
      }

      @Override
      public void restoreLink() {
        kea.pair().primary().makePartnerReachable();
        kea.pair().secondary().makePartnerReachable();
      }

      @Override
      public void advance(Duration step) {
        kea.pair().advance(step);
      }

      @Override
      public Optional<Duration> automaticPartnerDown() {
        return Optional.of(Duration.ofSeconds(5));
      }

      @Override
      public Duration recovery() {
        return Duration.ofSeconds(30);
      }
    };
  }
}
