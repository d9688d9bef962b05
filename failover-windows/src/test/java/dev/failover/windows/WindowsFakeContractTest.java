package dev.failover.windows;

import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import org.junit.jupiter.api.DisplayName;

/** The backend contract against the testkit's Windows fakes, in process. */
@DisplayName("Windows backend contract, fakes in process")
class WindowsFakeContractTest extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() throws Exception {
    return new WindowsWorld();
  }
}
