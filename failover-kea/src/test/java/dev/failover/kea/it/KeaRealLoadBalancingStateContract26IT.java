package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import org.junit.jupiter.api.DisplayName;

/** The state contract on a real Kea 2.6 pair in load-balancing mode ({@link RealKeaStateContract}). */
@DisplayName("the Kea backend keeps the state contract on a real Kea 2.6 pair in load-balancing mode")
class KeaRealLoadBalancingStateContract26IT extends RealKeaStateContract {

  KeaRealLoadBalancingStateContract26IT() {
    super(RealKeaPair.Install.ROOT_2_6, FailoverMode.LOAD_BALANCING);
  }
}
