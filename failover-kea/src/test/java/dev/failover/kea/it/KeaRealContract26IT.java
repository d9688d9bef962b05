package dev.failover.kea.it;

import dev.failover.relationship.FailoverMode;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import org.junit.jupiter.api.DisplayName;

/**
 * The backend contract against a real Kea 2.6 pair (Debian trixie's packages in a root, behind
 * agents, HA on dedicated listeners), in hot-standby mode, started per test, never skipped.
 */
@DisplayName("the Kea backend keeps the backend contract on a real Kea 2.6 pair")
class KeaRealContract26IT extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    return new RealKeaFixture(FailoverMode.HOT_STANDBY, RealKeaPair.Install.ROOT_2_6);
  }
}
