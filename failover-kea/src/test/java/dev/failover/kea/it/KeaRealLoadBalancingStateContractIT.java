package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import org.junit.jupiter.api.DisplayName;

/** The state contract on a real Kea 2.2 pair in load-balancing mode ({@link RealKeaStateContract}). */
@DisplayName("the Kea backend keeps the state contract on a real Kea 2.2 pair in load-balancing mode")
class KeaRealLoadBalancingStateContractIT extends RealKeaStateContract {

  KeaRealLoadBalancingStateContractIT() {
    super(RealKeaPair.Install.HOST_2_2, FailoverMode.LOAD_BALANCING);
  }
}
