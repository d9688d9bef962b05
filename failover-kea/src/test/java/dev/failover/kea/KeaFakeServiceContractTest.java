package dev.failover.kea;

import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverServiceContract;
import dev.failover.testkit.contract.ForwardingContractFixture;
import dev.failover.testkit.contract.ServiceFixture;
import dev.failover.testkit.contract.StateFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The service contract against the testkit's fake Kea pair, answering through the model: the
 * fakes' configurations (pools split between the HA classes, reservations, a pool limited to
 * {@code VENDOR_CLASS_…}, disabled copies) and their HA states decide who serves, in hot standby
 * and in load balancing.
 */
class KeaFakeServiceContractTest {

  /** The state contract's fake pair, its relationships in {@code mode}. */
  static ServiceFixture fixture(FailoverMode mode) {
    KeaFakeFixture kea = new KeaFakeFixture();
    ContractFixture inMode = new ForwardingContractFixture(kea) {
      @Override
      public Relationship relationship(String name, List<Subnet> scopes) {
        return kea.relationship(name, mode, scopes);
      }
    };
    return ServiceFixture.model(StateFixture.of(inMode, KeaFakeStateContractTest.controls(kea)), ServiceFixture::keaClassPool);
  }

  @Nested
  @DisplayName("fake Kea, hot standby")
  class HotStandby extends FailoverServiceContract {
    @Override
    protected ServiceFixture fixture() {
      return KeaFakeServiceContractTest.fixture(FailoverMode.HOT_STANDBY);
    }
  }

  @Nested
  @DisplayName("fake Kea, load balancing")
  class LoadBalancing extends FailoverServiceContract {
    @Override
    protected ServiceFixture fixture() {
      return KeaFakeServiceContractTest.fixture(FailoverMode.LOAD_BALANCING);
    }
  }
}
