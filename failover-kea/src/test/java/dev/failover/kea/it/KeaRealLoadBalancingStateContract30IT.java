package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import org.junit.jupiter.api.DisplayName;

/** The state contract on a real Kea 3.0 pair in load-balancing mode ({@link RealKeaStateContract}). */
@DisplayName("the Kea backend keeps the state contract on a real Kea 3.0 pair in load-balancing mode")
class KeaRealLoadBalancingStateContract30IT extends RealKeaStateContract {

  KeaRealLoadBalancingStateContract30IT() {
    super(RealKeaPair.Install.ROOT_3_0, FailoverMode.LOAD_BALANCING);
  }
}
