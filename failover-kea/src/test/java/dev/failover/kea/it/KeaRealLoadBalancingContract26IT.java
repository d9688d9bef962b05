package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import org.junit.jupiter.api.DisplayName;

/**
 * The backend contract against a real Kea 2.6 pair (Debian trixie's packages in a root, behind
 * agents, HA on dedicated listeners) in load-balancing mode (pools split between the HA
 * classes), started per test, never skipped.
 */
@DisplayName("the Kea backend keeps the backend contract on a real Kea 2.6 pair in load-balancing mode")
class KeaRealLoadBalancingContract26IT extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    return new RealKeaFixture(FailoverMode.LOAD_BALANCING, RealKeaPair.Install.ROOT_2_6);
  }
}
