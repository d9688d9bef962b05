package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import org.junit.jupiter.api.DisplayName;

/**
 * The backend contract against a real Kea 3.0 pair (Debian sid's packages in a root, on
 * kea-dhcp4's own HTTP control sockets, HA on
 * dedicated listeners) in load-balancing mode (pools split between the HA classes), started per test, never skipped.
 */
@DisplayName("the Kea backend keeps the backend contract on a real Kea 3.0 pair in load-balancing mode")
class KeaRealLoadBalancingContract30IT extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    return new RealKeaFixture(FailoverMode.LOAD_BALANCING, RealKeaPair.Install.ROOT_3_0);
  }
}
