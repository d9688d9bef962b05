package dev.failover.testkit.memory;

import dev.failover.server.Vendor;
import dev.failover.testkit.contract.FailoverStateContract;
import dev.failover.testkit.contract.StateFixture;
import org.junit.jupiter.api.Nested;

/** The in-memory pair keeps the state contract for each vendor's state machine. */
class InMemoryStateContractTest {

  static StateFixture fixture(Vendor vendor) {
    InMemoryPair pair = InMemoryPair.of(vendor);
    return StateFixture.of(pair.contractFixture(), pair);
  }

  @Nested
  class Isc extends FailoverStateContract {
    @Override
    protected StateFixture fixture() {
      return InMemoryStateContractTest.fixture(Vendor.ISC);
    }
  }

  @Nested
  class Kea extends FailoverStateContract {
    @Override
    protected StateFixture fixture() {
      return InMemoryStateContractTest.fixture(Vendor.KEA);
    }
  }

  @Nested
  class Windows extends FailoverStateContract {
    @Override
    protected StateFixture fixture() {
      return InMemoryStateContractTest.fixture(Vendor.WINDOWS);
    }
  }
}
