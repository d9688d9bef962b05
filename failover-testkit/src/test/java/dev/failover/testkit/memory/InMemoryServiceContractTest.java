package dev.failover.testkit.memory;

import dev.failover.server.Vendor;
import dev.failover.testkit.contract.FailoverServiceContract;
import dev.failover.testkit.contract.ServiceFixture;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The in-memory pair keeps the service contract, answering through the model, for each vendor's relationship. */
class InMemoryServiceContractTest {

  @Nested
  @DisplayName("ISC load balancing (split 128), a class pool by allow members of")
  class Isc extends FailoverServiceContract {
    @Override
    protected ServiceFixture fixture() {
      return ServiceFixture.model(InMemoryStateContractTest.fixture(Vendor.ISC), ServiceFixture::iscClassPool);
    }
  }

  @Nested
  @DisplayName("Kea hot standby, a class pool by client-class VENDOR_CLASS_")
  class Kea extends FailoverServiceContract {
    @Override
    protected ServiceFixture fixture() {
      return ServiceFixture.model(InMemoryStateContractTest.fixture(Vendor.KEA), ServiceFixture::keaClassPool);
    }
  }

  @Nested
  @DisplayName("Windows hot standby, no class pools")
  class Windows extends FailoverServiceContract {
    @Override
    protected ServiceFixture fixture() {
      return ServiceFixture.model(InMemoryStateContractTest.fixture(Vendor.WINDOWS), (range, vc) -> Optional.empty());
    }
  }
}
