package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import dev.failover.testkit.contract.FailoverServiceContract;
import dev.failover.testkit.contract.ServiceFixture;
import org.junit.jupiter.api.DisplayName;

/**
 * The service contract with real packets on a real Kea 2.6.3 pair in hot standby (one pair for
 * every step): the primary serves every client
 * after each operation; with it stopped, the standby in partner-down serves them, with the
 * replicated reservations and class pool.
 */
@DisplayName("the service contract on a real Kea 2.6 pair, hot standby")
class KeaHotStandbyServiceContract26IT extends FailoverServiceContract {

  @Override
  protected ServiceFixture fixture() {
    return new RealKeaServiceFixture(FailoverMode.HOT_STANDBY, RealKeaPair.Install.ROOT_2_6);
  }
}
