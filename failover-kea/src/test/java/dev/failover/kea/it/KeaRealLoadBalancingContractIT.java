package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import org.junit.jupiter.api.DisplayName;

/**
 * The backend contract against a real Kea 2.2 pair on loopback whose relationships are in
 * load-balancing mode (pools split between the HA classes), started per test, never skipped.
 */
@DisplayName("the Kea backend keeps the backend contract on a real Kea 2.2 pair in load-balancing mode")
class KeaRealLoadBalancingContractIT extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    return new RealKeaFixture(FailoverMode.LOAD_BALANCING);
  }
}
