package dev.failover.windows;

import dev.failover.testkit.contract.FailoverStateContract;
import dev.failover.testkit.contract.PairControls;
import dev.failover.testkit.contract.StateFixture;
import java.time.Duration;
import java.util.Optional;

/**
 * The state contract against the testkit's Windows face: the fakes move their relationship states
 * on the network's clock; the fixture's relationship (hot standby, no state switchover interval)
 * waits in COMMUNICATION_INT for the operator's partner-down, and recovers through RECOVER_WAIT
 * for the MCLT (one hour by default).
 */
class WindowsFakeStateContractTest extends FailoverStateContract {

  @Override
  protected StateFixture fixture() throws Exception {
    WindowsWorld world = new WindowsWorld();
    return StateFixture.of(world, new PairControls() {
      @Override
      public void cutLink() {
        world.network.disconnect(world.a, world.b);
      }

      @Override
      public void restoreLink() {
        world.network.reconnect(world.a, world.b);
      }

      @Override
      public void advance(Duration step) {
        world.network.advance(step);
      }

      @Override
      public Optional<Duration> automaticPartnerDown() {
        return Optional.empty();
      }

      @Override
      public Duration recovery() {
        return Duration.ofHours(1);
      }
    });
  }
}
