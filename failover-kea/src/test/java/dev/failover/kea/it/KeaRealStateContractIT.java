package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import org.junit.jupiter.api.DisplayName;

/** The state contract on a real Kea 2.2 pair in hot-standby mode ({@link RealKeaStateContract}). */
@DisplayName("the Kea backend keeps the state contract on a real Kea 2.2 pair in hot-standby mode")
class KeaRealStateContractIT extends RealKeaStateContract {

  KeaRealStateContractIT() {
    super(RealKeaPair.Install.HOST_2_2, FailoverMode.HOT_STANDBY);
  }
}
