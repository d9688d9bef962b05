package dev.failover.kea.it;

import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import org.junit.jupiter.api.DisplayName;

/** The backend contract against a real Kea 2.2 pair on loopback (started per test, never skipped). */
@DisplayName("the Kea backend keeps the backend contract on a real Kea 2.2 pair")
class KeaRealContractIT extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    return new RealKeaFixture();
  }
}
