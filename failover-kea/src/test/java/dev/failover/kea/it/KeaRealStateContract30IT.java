package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import org.junit.jupiter.api.DisplayName;

/** The state contract on a real Kea 3.0 pair in hot-standby mode ({@link RealKeaStateContract}). */
@DisplayName("the Kea backend keeps the state contract on a real Kea 3.0 pair in hot-standby mode")
class KeaRealStateContract30IT extends RealKeaStateContract {

  KeaRealStateContract30IT() {
    super(RealKeaPair.Install.ROOT_3_0, FailoverMode.HOT_STANDBY);
  }
}
