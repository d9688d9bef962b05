package dev.failover.windows;

import dev.failover.testkit.contract.FailoverServiceContract;
import dev.failover.testkit.contract.ServiceFixture;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;

/**
 * The service contract against the testkit's Windows face, answering through the model: hot
 * standby's active server, reservations, the disabled copy; Windows holds no pool limited to a
 * client class, so that step checks the scope still serves every client.
 */
@DisplayName("the Windows face keeps the service contract (hot standby, through the model)")
class WindowsFakeServiceContractTest extends FailoverServiceContract {

  @Override
  protected ServiceFixture fixture() throws Exception {
    return ServiceFixture.model(new WindowsFakeStateContractTest().fixture(), (range, vendorClass) -> Optional.empty());
  }
}
