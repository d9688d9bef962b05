package dev.failover.kea;

import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import org.junit.jupiter.api.DisplayName;

/** The backend contract against the testkit's fake Kea 2.2 pair. */
@DisplayName("the Kea backend keeps the backend contract on the testkit's fake Kea pair")
class KeaFakeContractTest extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    return new KeaFakeFixture();
  }
}
