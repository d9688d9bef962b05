package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import dev.failover.testkit.contract.FailoverServiceContract;
import dev.failover.testkit.contract.ServiceFixture;
import org.junit.jupiter.api.DisplayName;

/** The service contract with real packets on a real Kea 3.0 pair in load balancing (one pair for every step). */
@DisplayName("the service contract on a real Kea 3.0 pair, load balancing")
class KeaServiceContract30IT extends FailoverServiceContract {

  @Override
  protected ServiceFixture fixture() {
    return new RealKeaServiceFixture(FailoverMode.LOAD_BALANCING, RealKeaPair.Install.ROOT_3_0);
  }
}
