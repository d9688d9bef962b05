package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import dev.failover.testkit.contract.FailoverStateContract;
import dev.failover.testkit.contract.StateFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The state contract against a real Kea 2.6 pair in load-balancing mode, one pair for the whole class
 * (each test's fixture puts it back as it started): the link is cut by stopping server2's
 * kea-dhcp4 by its PID and restored by starting it again ({@link RealKeaStateControls}), so while
 * cut only the primary's state is asserted. Never skipped.
 */
@DisplayName("the Kea backend keeps the state contract on a real Kea 2.6 pair in load-balancing mode")
class KeaRealLoadBalancingStateContract26IT extends FailoverStateContract {

  private static RealKeaPair pair;

  @Override
  protected StateFixture fixture() {
    if (pair == null) {
      pair = RealKeaPair.builder().install(RealKeaPair.Install.ROOT_2_6).start();
    }
    return RealKeaStateControls.over(new RealKeaFixture(pair, FailoverMode.LOAD_BALANCING));
  }

  @AfterAll
  static void stopPair() {
    if (pair != null) {
      pair.close();
      pair = null;
    }
  }
}
