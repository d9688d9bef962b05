package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import org.junit.jupiter.api.DisplayName;

/** The state contract on a real Kea 2.6 pair in hot-standby mode ({@link RealKeaStateContract}). */
@DisplayName("the Kea backend keeps the state contract on a real Kea 2.6 pair in hot-standby mode")
class KeaRealStateContract26IT extends RealKeaStateContract {

  KeaRealStateContract26IT() {
    super(RealKeaPair.Install.ROOT_2_6, FailoverMode.HOT_STANDBY);
  }
}
